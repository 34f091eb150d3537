/**
 * The waits' details: how a target is described in failure text (pid, pid
 * with its name, a name and its pid, a name nobody holds), what the timeout
 * message says and when it fires, the shorthand kinds, settled's limits, and
 * a wait's own real-time deadline under fake timers.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { setImmediate as realSetImmediate } from 'node:timers';
import { DownMessage as downCtor, ExitMessage as exitCtor, GenServer, Runtime, makeRef, register, send, sendAfter, spawn, sys, type Pid, type SysEvent } from '../../runtime/index.ts';
import { runIsolated, settled, testRuntime, waitForEvent, waitForState, WaitTimeoutError } from '../../vitest-plugin/index.ts';
import { describeTarget, explain, isKind } from '../../vitest-plugin/wait.ts';

afterEach(() => {
  vi.useRealTimers();
});

function idle(): Pid {
  return spawn(async (self) => {
    await self.receive((m) => m === 'stop');
  });
}

describe('describeTarget', () => {
  it('names a pid, a pid with its registered name, a name with its pid, and a name nobody holds', async () => {
    const rt = testRuntime();
    const p = idle();
    expect(describeTarget(p, rt)).toBe(String(p));
    register('holder', p);
    expect(describeTarget(p, rt)).toBe(`${String(p)} (holder)`);
    expect(describeTarget('holder', rt)).toBe(`'holder' ${String(p)}`);
    expect(describeTarget('nobody', rt)).toBe("'nobody' (not registered now)");
    send(p, 'stop');
    await settled();
    expect(describeTarget(p, rt)).toBe(String(p));
  });
});

describe('explain', () => {
  it('puts the expectation first, then the recent events of the target and the processes alive', async () => {
    const p = idle();
    await settled();
    const text = explain('what was expected', p, testRuntime());
    const lines = text.split('\n');
    expect(lines[0]).toBe('what was expected');
    expect(lines[1]).toBe('');
    expect(lines[2]).toBe(`Recent events of ${String(p)} (last 20):`);
    expect(lines[lines.indexOf('Processes alive:') - 1]).toBe('');
    expect(text).not.toContain('Race scheduler seed');
    send(p, 'stop');
  });

  it('on a runtime that has recorded nothing yet, still explains', () => {
    const empty = new Runtime({ logger: () => undefined });
    const text = explain('expected something', 'nobody', empty);
    expect(text.split('\n').slice(0, 3)).toEqual(['expected something', '', "Recent events of 'nobody' (not registered now) (last 20):"]);
    expect(text).toContain('Processes alive:');
  });

  it('when the timeline cannot be printed, the expectation alone is the text, with why', () => {
    const broken = {
      subscribe() {
        throw new RangeError('no');
      },
    } as unknown as Runtime;
    expect(explain('what', 'x', broken)).toBe('what\n\n(the timeline could not be printed: RangeError)');
  });

  it('under the race scheduler the failure names the seed to replay', async () => {
    const text = await runIsolated(
      async () => {
        const p = idle();
        const err = await waitForEvent(p, 'exit', { timeout: 20 }).catch((e: unknown) => (e as Error).message);
        return String(err);
      },
      { seed: 7 },
    );
    expect(text).toContain('\n\nRace scheduler seed: 7 (replay with OTPSCOPE_SEED=7)');
  });
});

describe('the shorthand kinds', () => {
  it("'DOWN' and 'EXIT' are in-events of those messages; 'handled' is out or noreply; 'reply' out; 'restart' child-restarted", () => {
    const base = { seq: 1, time: 0, pid: null as unknown as Pid, name: null, behaviour: 'plain' };
    const ev = (e: Record<string, unknown>): SysEvent => ({ ...base, ...e }) as unknown as SysEvent;
    const rt = new Runtime({ logger: () => undefined });
    const pid = rt.spawn(() => undefined);
    const down = ev({ kind: 'in', messageKind: 'info', message: { ref: null } });
    expect(isKind(down, 'DOWN')).toBe(false);
    expect(isKind(ev({ kind: 'out', reply: 1, to: pid, hasState: false }), 'handled')).toBe(true);
    expect(isKind(ev({ kind: 'noreply', state: 1 }), 'handled')).toBe(true);
    expect(isKind(ev({ kind: 'noreply', state: 1 }), 'reply')).toBe(false);
    expect(isKind(ev({ kind: 'out', reply: 1, to: pid, hasState: false }), 'reply')).toBe(true);
    expect(isKind(ev({ kind: 'in', messageKind: 'info', message: 1 }), 'handled')).toBe(false);
    expect(isKind(ev({ kind: 'child-restarted', childId: 'a', child: pid }), 'restart')).toBe(true);
    expect(isKind(ev({ kind: 'child-started', childId: 'a', child: pid }), 'restart')).toBe(false);
    expect(isKind(ev({ kind: 'spawn', parent: null }), 'spawn')).toBe(true);
    expect(isKind(ev({ kind: 'spawn', parent: null }), 'exit')).toBe(false);
    // a DOWN or EXIT that is only sent (or fired by a timer), not taken in, is not one
    const [D, X] = [downCtor, exitCtor];
    expect(isKind(ev({ kind: 'send', to: pid, message: new D(makeRef(), pid, 'normal'), delivered: true }), 'DOWN')).toBe(false);
    expect(isKind(ev({ kind: 'in', messageKind: 'info', message: new D(makeRef(), pid, 'normal') }), 'DOWN')).toBe(true);
    expect(isKind(ev({ kind: 'send', to: pid, message: new X(pid, 'normal'), delivered: true }), 'EXIT')).toBe(false);
    expect(isKind(ev({ kind: 'in', messageKind: 'info', message: new X(pid, 'normal') }), 'EXIT')).toBe(true);
  });

  it("waits for a DOWN and an EXIT taken in, not for other messages", async () => {
    const watcher = spawn(async (self) => {
      self.trapExit(true);
      await self.receive((m) => m === 'go');
      const t = self.spawnLink(() => undefined);
      self.monitor(t);
      self.send(self.pid, 'other');
      for (let i = 0; i < 3; i++) await self.receive(); // 'other', then the EXIT and the DOWN, taken in
      await self.receive((m) => m === 'stop');
    });
    await settled();
    const down = waitForEvent(watcher, 'DOWN');
    const exited = waitForEvent(watcher, 'EXIT');
    send(watcher, 'go');
    const [d, x] = await Promise.all([down, exited]);
    expect(d.message.reason).toBe('normal');
    expect(x.message.reason).toBe('normal');
    send(watcher, 'stop');
  });
});

describe('name targets and records of other runtimes', () => {
  it('a name target waits for events of the process under that name only', async () => {
    const named = idle();
    register('named', named);
    const other = idle();
    await settled();
    const exited = waitForEvent('named', 'exit');
    let done = false;
    void exited.then(() => (done = true));
    send(other, 'stop');
    await settled();
    expect(done).toBe(false);
    send(named, 'stop');
    expect((await exited).pid).toBe(named);
  });

  it('the record of another runtime, once made, keeps its events for later waits', async () => {
    const other = new Runtime({ logger: () => undefined });
    const q = other.spawn(async (self) => {
      await self.receive();
    });
    const first = waitForEvent(q, 'exit');
    other.send(q, 'x');
    await first;
    // an event that happens before anyone waits for it, on the same record
    const r = other.spawn(() => undefined);
    await settled({ runtime: other });
    expect((await waitForEvent(r, 'exit', { timeout: 200 })).pid).toBe(r);
  });
});

describe('timeouts', () => {
  it("fails after the timeout given, with the expectation and '<match>' when a predicate was given", async () => {
    const p = idle();
    const started = performance.now();
    const err = await waitForEvent(p, 'exit', () => true, { timeout: 40 }).catch((e: unknown) => e);
    expect(performance.now() - started).toBeGreaterThanOrEqual(35);
    expect(err).toBeInstanceOf(WaitTimeoutError);
    expect((err as Error).message.split('\n')[0]).toBe(`waitForEvent(${String(p)}, 'exit', <match>): nothing within 40 ms.`);
    expect((err as Error).name).toBe('WaitTimeoutError');
    send(p, 'stop');
  });

  it('a wait that resolved before its deadline does not fail later', async () => {
    const p = idle();
    await settled();
    const ok = waitForEvent(p, 'exit', { timeout: 30 });
    send(p, 'stop');
    await ok;
    // past the deadline: nothing rejects (an unhandled rejection would fail the run)
    await new Promise<void>((r) => setImmediate(r));
    await expect(ok).resolves.toMatchObject({ kind: 'exit' });
  });
});

describe('settled', () => {
  it('with advanceTimers and fake timers: stops after maxTimers timers with an error naming them', async () => {
    vi.useFakeTimers();
    const ticker = spawn(async (self) => {
      for (;;) {
        sendAfter(10, self.pid, 'tick');
        await self.receive((m) => m === 'tick');
      }
    });
    const ticks: unknown[] = [];
    testRuntime().subscribe((e) => {
      if (e.kind === 'timer-fired') ticks.push(e.message);
    });
    await expect(settled({ advanceTimers: true, maxTimers: 3 })).rejects.toThrow('settled: runtime timers still pending after advancing 3 of them (a periodic timer?)');
    expect(ticks).toEqual(['tick', 'tick', 'tick']);
    ticker.proc.runtime.exit(ticker, 'kill');
  });

  it('with advanceTimers: runs every pending timer in order, then resolves', async () => {
    vi.useFakeTimers();
    const got: unknown[] = [];
    const p = spawn(async (self) => {
      got.push(await self.receive(null, 1_000));
      got.push(await self.receive(null, 2_000));
    });
    await settled({ advanceTimers: true });
    expect(got.length).toBe(2);
    expect(p.proc.runtime.isAlive(p)).toBe(false);
  });

  it('a wait with advanceTimers drives the clock only until its event', async () => {
    vi.useFakeTimers();
    const p = spawn(async (self) => {
      await self.receive((m) => m === 'first');
      await self.receive((m) => m === 'second');
    });
    sendAfter(1_000, p, 'first');
    sendAfter(60_000, p, 'second');
    const start = Date.now();
    await waitForEvent(p, 'in', (e) => e.message === 'first', { advanceTimers: true });
    expect(Date.now() - start).toBe(1_000);
    // the wait is over: nothing drives the clock any more, though a timer is still pending
    for (let i = 0; i < 5; i++) await new Promise<void>((r) => realSetImmediate(r));
    await settled();
    expect(Date.now() - start).toBe(1_000);
    await waitForEvent(p, 'exit', { advanceTimers: true });
    expect(Date.now() - start).toBe(60_000);
  });

  it('waitForState whose state already holds stops at once, also with advanceTimers (the clock stays)', async () => {
    vi.useFakeTimers();
    const server = GenServer.okPid(await GenServer.start<number, number>({ init: (n) => ['ok', n] } as GenServer.GenServerBehaviour<number, number>, 3));
    const p = idle();
    sendAfter(10_000, p, 'later');
    const start = Date.now();
    expect(await waitForState<number>(server, (n) => n === 3, { advanceTimers: true })).toBe(3);
    for (let i = 0; i < 5; i++) await new Promise<void>((r) => realSetImmediate(r));
    await settled();
    expect(Date.now() - start).toBe(0);
    await GenServer.stop(server);
    send(p, 'stop');
  });

  it('a wait with advanceTimers under real timers just waits (the clock is not driven)', async () => {
    const p = idle();
    await settled();
    const exited = waitForEvent(p, 'exit', { advanceTimers: true });
    await settled();
    await new Promise<void>((r) => realSetImmediate(r));
    send(p, 'stop');
    expect((await exited).pid).toBe(p);
  });

  it('waits for the runtime it is given', async () => {
    const other = new Runtime({ logger: () => undefined });
    let handled = 0;
    const sink = other.spawn((self) => self.loop(() => void handled++));
    for (let i = 0; i < 50; i++) other.send(sink, i);
    await settled({ runtime: other });
    expect(handled).toBe(50);
    other.exit(sink, 'kill');
  });
});

describe('waitForState failures', () => {
  it('names the target and the predicate when it times out', async () => {
    const server = GenServer.okPid(await GenServer.start<number, number>({ init: (n) => ['ok', n] } as GenServer.GenServerBehaviour<number, number>, 0));
    const err = await waitForState(server, () => false, { timeout: 30 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WaitTimeoutError);
    expect((err as Error).message.split('\n')[0]).toBe(`waitForState(${String(server)}, <predicate>): nothing within 30 ms.`);
    expect(await sys.getState(server)).toBe(0);
    await GenServer.stop(server);
  });
});

describe('a GenServer reply wait', () => {
  it("'reply' resolves with the out event of the answered call", async () => {
    const server = GenServer.okPid(
      await GenServer.start<number, number>({ init: (n) => ['ok', n], handleCall: (_r, _f, n) => ['reply', n * 2, n] } as GenServer.GenServerBehaviour<number, number>, 21),
    );
    const reply = waitForEvent(server, 'reply');
    expect(await GenServer.call(server, 'double')).toBe(42);
    expect((await reply).reply).toBe(42);
    await GenServer.stop(server);
  });
});
