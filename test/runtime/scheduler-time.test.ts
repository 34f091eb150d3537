/**
 * The scheduler yields by time as well as by count (issue 9, item 4): with a
 * backlog of slow messages, timers and call deadlines still fire long before
 * the backlog is drained. Deterministic: the scheduler's clock is injected
 * (each message "takes" 1 ms of it), the runtime's timers are Vitest's fake
 * ones, and each turn of the event loop moves them by 1 ms. No real time.
 */
import { setImmediate as realSetImmediate } from 'node:timers';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { GenServer, Runtime, type Pid } from '../../runtime/index.ts';

const BACKLOG = 20_000;

afterEach(() => {
  vi.useRealTimers();
});

interface Outcome {
  /** Backlog messages handled when the 10 ms timer's message reached its process. */
  timerAt: number;
  /** Backlog messages handled when the call with a 10 ms timeout failed. */
  callFailedAt: number;
}

/**
 * A worker gets BACKLOG messages, each taking 1 ms of the scheduler's clock;
 * then a 10 ms sendAfter to a probe and a 10 ms call to the worker (which never
 * answers). Every turn of the event loop advances the fake clock by 1 ms.
 */
async function saturate(worker: (rt: Runtime, handled: () => void) => Pid, opts: { yieldMs?: number } = {}): Promise<Outcome> {
  vi.useFakeTimers();
  let clock = 0;
  const rt = new Runtime({ yieldClock: () => clock, ...opts });
  let handled = 0;
  const w = worker(rt, () => {
    clock += 1;
    handled++;
  });
  const out: Outcome = { timerAt: -1, callFailedAt: -1 };
  const probe = rt.spawn((self) => self.loop(() => void (out.timerAt = handled)));
  for (let i = 0; i < BACKLOG; i++) rt.send(w, i);
  rt.sendAfter(10, probe, 'tick');
  GenServer.call(w, 'hello', 10).catch(() => (out.callFailedAt = handled));
  await new Promise<void>((resolve, reject) => {
    let turns = 0;
    const turn = (): void => {
      vi.advanceTimersByTime(1);
      if (out.timerAt >= 0 && out.callFailedAt >= 0) resolve();
      else if (++turns > 2 * BACKLOG) reject(new Error(`no timer after ${turns} turns: ${JSON.stringify(out)}`));
      else realSetImmediate(turn);
    };
    realSetImmediate(turn);
  });
  await rt.settled();
  for (const pid of rt.processes()) rt.exit(pid, 'kill');
  return out;
}

const loopWorker = (rt: Runtime, handled: () => void): Pid => rt.spawn((self) => self.loop(handled));

const asyncWorker = (rt: Runtime, handled: () => void): Pid =>
  rt.spawn(async (self) => {
    for (;;) {
      await self.receive();
      handled();
    }
  });

describe('the scheduler yields by time', { concurrent: false }, () => {
  it('a loop handler with a backlog of slow messages: the timer and the call deadline fire long before it is drained', async () => {
    const out = await saturate(loopWorker);
    expect(out.timerAt).toBeGreaterThanOrEqual(0);
    expect(out.timerAt).toBeLessThan(1000);
    expect(out.callFailedAt).toBeGreaterThanOrEqual(0);
    expect(out.callFailedAt).toBeLessThan(1000);
  });

  it('an async body taking its backlog through the synchronous receive path: the same', async () => {
    const out = await saturate(asyncWorker);
    expect(out.timerAt).toBeGreaterThanOrEqual(0);
    expect(out.timerAt).toBeLessThan(1000);
    expect(out.callFailedAt).toBeGreaterThanOrEqual(0);
    expect(out.callFailedAt).toBeLessThan(1000);
  });

  it('with yieldMs: Infinity it yields by count only: the whole backlog of 20,000 runs first (the old behaviour)', async () => {
    const out = await saturate(loopWorker, { yieldMs: Infinity });
    expect(out.timerAt).toBeGreaterThanOrEqual(BACKLOG);
    expect(out.callFailedAt).toBeGreaterThanOrEqual(BACKLOG);
  });

  it('the order processes run in depends on the counts, not on the clock: yielding every few messages changes nothing', async () => {
    const order = async (opts: { yieldMs?: number }): Promise<string[]> => {
      let clock = 0;
      const rt = new Runtime({ yieldClock: () => clock, ...opts });
      const seen: string[] = [];
      const names = ['a', 'b', 'c'];
      const pids = names.map((name) =>
        rt.spawn((self) =>
          self.loop((m) => {
            clock += 1;
            seen.push(`${name}${String(m)}`);
            // every tenth message also sends one to the next process
            if (typeof m === 'number' && m % 10 === 0) self.send(pids[(names.indexOf(name) + 1) % 3], `from ${name} ${m}`);
          }),
        ),
      );
      for (let i = 0; i < 450; i++) for (const pid of pids) rt.send(pid, i);
      await rt.settled();
      for (const pid of pids) rt.exit(pid, 'kill');
      return seen;
    };
    const byClock = await order({});
    const byCount = await order({ yieldMs: Infinity });
    expect(byClock.length).toBe(3 * 450 + 3 * 45);
    expect(byClock).toEqual(byCount);
  });
});
