/**
 * Timers of 2^31 ms and more fire at their time, not after 1 ms (Node's limit);
 * Infinity arms nothing and never fires; the limits are OTP 25's (issue 9, item 3).
 * Fake timers throughout: Vitest's, like Node's, fire a longer delay after 1 ms.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { firstValueFrom } from 'rxjs';
import { BadArgError, GenServer, Supervisor, TIMEOUT, TimeoutMessage, events, ofKind, procLib, spawnLink, tuple, type Pid, type Self } from '../../runtime/index.ts';
import { settled } from '../../vitest-plugin/index.ts';
import { exitReason, useDefaultRuntime } from './helpers.ts';

const current = useDefaultRuntime();

const DAY = 86_400_000;
/** Past Node's timer limit (2^31 − 1 ms), within OTP's receive limit (2^32 − 1 ms). */
const MONTH = 30 * DAY;

afterEach(() => {
  vi.useRealTimers();
});

/** Lets the runtime settle (so what it arms is armed), moves the fake clock by `ms`, and lets it handle what that delivered. */
async function advance(ms: number): Promise<void> {
  await current.rt.settled();
  vi.advanceTimersByTime(ms);
  await current.rt.settled();
}

/** A process that records the fake time of every message it gets. */
function recorder(): { pid: Pid; got: [unknown, number][] } {
  const got: [unknown, number][] = [];
  const pid = current.rt.spawn((self) => self.loop((m) => void got.push([m, Date.now()])));
  return { pid, got };
}

// fake timers replace the process-wide clock: these tests must not run concurrently with each other
describe('timers beyond Node’s 2^31 ms', { concurrent: false }, () => {
  it('send_after of 30 days fires after exactly 30 days; readTimer and cancelTimer tell the time left', async () => {
    vi.useFakeTimers();
    const rt = current.rt;
    const { pid, got } = recorder();
    const t0 = Date.now();
    const ref = rt.sendAfter(MONTH, pid, 'wake');
    const other = rt.sendAfter(MONTH, pid, 'cancelled');
    await advance(10 * DAY);
    expect(got).toEqual([]);
    expect(rt.readTimer(ref)).toBe(20 * DAY);
    expect(rt.cancelTimer(other)).toBe(20 * DAY);
    await advance(20 * DAY - 1);
    expect(got).toEqual([]);
    expect(rt.readTimer(ref)).toBe(1);
    await advance(1);
    expect(got).toEqual([['wake', t0 + MONTH]]);
    expect(rt.readTimer(ref)).toBe(false);
    expect(rt.hasPendingTimers()).toBe(false);
    rt.exit(pid, 'kill');
  });

  it('start_timer beyond 2^32 ms (OTP 25 takes it) fires at its time', async () => {
    vi.useFakeTimers();
    const rt = current.rt;
    const { pid, got } = recorder();
    const t0 = Date.now();
    const ms = 2 ** 32 + 5;
    const ref = rt.startTimer(ms, pid, 'late');
    await advance(ms - 1);
    expect(got).toEqual([]);
    expect(rt.readTimer(ref)).toBe(1);
    await advance(1);
    expect(got).toEqual([[new TimeoutMessage(ref, 'late'), t0 + ms]]);
    rt.exit(pid, 'kill');
  });

  it('send_after refuses what OTP refuses: Infinity, and a time past the end of the timer range', () => {
    const { pid } = recorder();
    const rt = current.rt;
    expect(() => rt.sendAfter(Infinity, pid, 'x')).toThrow(BadArgError);
    expect(() => rt.startTimer(Infinity, pid, 'x')).toThrow(BadArgError);
    expect(() => rt.sendAfter(2 ** 63, pid, 'x')).toThrow(BadArgError);
    const ok = rt.sendAfter(2 ** 40, pid, 'x');
    expect(rt.cancelTimer(ok)).toBeGreaterThan(2 ** 40 - 1000);
    rt.exit(pid, 'kill');
  });

  it('receive after 30 days times out after exactly 30 days', async () => {
    vi.useFakeTimers();
    const t0 = Date.now();
    let result: [unknown, number] | null = null;
    current.rt.spawn(async (self) => {
      const r = await self.receive((m) => m === 'never', MONTH);
      result = [r, Date.now()];
    });
    await advance(MONTH - 1);
    expect(result).toBe(null);
    await advance(1);
    expect(result).toEqual([TIMEOUT, t0 + MONTH]);
  });

  it('receive after Infinity arms no timer and never times out; a bad after crashes the process as OTP (timeout_value)', async () => {
    vi.useFakeTimers();
    const rt = current.rt;
    const waiting = rt.spawn(async (self) => {
      await self.receive((m) => m === 'go', Infinity);
    });
    await rt.settled();
    expect(rt.hasPendingTimers()).toBe(false);
    await advance(100 * 365 * DAY);
    expect(rt.isAlive(waiting)).toBe(true);
    const gone = exitReason(rt, waiting);
    rt.send(waiting, 'go');
    expect(await gone).toBe('normal');
    for (const bad of [2 ** 32, -1, Number.NaN]) {
      const p = rt.spawn(async (self) => {
        await self.receive(null, bad);
      });
      expect(await exitReason(rt, p)).toBeInstanceOf(BadArgError);
    }
  });
});

describe('GenServer, call, start, stop and shutdown timeouts beyond 2^31 ms', { concurrent: false }, () => {
  type Proto = { call: { request: 'hang'; reply: never }; cast: number };
  /** A server that records when its timeouts fire; a cast sets the next timeout, a call never gets an answer. */
  function sleeper(fired: number[]): GenServer.GenServerBehaviour<null, number, Proto> {
    return {
      init: (ms) => ['ok', null, ms],
      handleCall: (_req, _from, s) => ['noreply', s],
      handleCast: (ms, s) => ['noreply', s, ms],
      handleInfo: (m, s) => {
        if (m === 'timeout') fired.push(Date.now());
        return ['noreply', s];
      },
    };
  }

  it('a 30-day GenServer timeout fires once, after exactly 30 days; Infinity arms none; over 2^32 − 1 ms crashes the server', async () => {
    vi.useFakeTimers();
    const rt = current.rt;
    const fired: number[] = [];
    const t0 = Date.now();
    const s = GenServer.okPid(await GenServer.start(sleeper(fired), MONTH));
    await advance(MONTH - 1);
    expect(fired).toEqual([]);
    await advance(1);
    expect(fired).toEqual([t0 + MONTH]);
    await advance(3 * MONTH);
    expect(fired).toEqual([t0 + MONTH]);
    GenServer.cast(s, Infinity);
    await rt.settled();
    expect(rt.hasPendingTimers()).toBe(false);
    const gone = exitReason(rt, s);
    GenServer.cast(s, 2 ** 32);
    expect(await gone).toBeInstanceOf(BadArgError);
    // from init too: the start succeeds (OTP acks first), then the loop refuses the timeout
    const exit = firstValueFrom(events(rt).pipe(ofKind('exit')));
    const bad = GenServer.okPid(await GenServer.start(sleeper(fired), -1));
    expect(await exit).toMatchObject({ pid: bad, reason: expect.any(BadArgError) });
  });

  it('a call with a 30-day timeout fails after exactly 30 days, advancing a handful of host timers', async () => {
    vi.useFakeTimers();
    const s = GenServer.okPid(await GenServer.start(sleeper([]), Infinity));
    const t0 = Date.now();
    let failedAt = 0;
    const call = GenServer.call(s, 'hang', MONTH).catch((e: unknown) => {
      failedAt = Date.now();
      return e;
    });
    // Node (and Vitest's fake clock) would fire a longer timer after 1 ms: the deadline must not re-arm every ms
    await current.rt.settled();
    const arm = vi.spyOn(globalThis, 'setTimeout');
    await advance(1000);
    expect(arm).not.toHaveBeenCalled();
    arm.mockRestore();
    await advance(MONTH - 1001);
    expect(failedAt).toBe(0);
    // the rest through the Vitest plugin: a chained deadline is a pending timer, the next one is never 1 ms away
    await settled({ advanceTimers: true, maxTimers: 5 });
    expect(await call).toMatchObject({ reason: 'timeout' });
    expect(failedAt).toBe(t0 + MONTH);
    await GenServer.stop(s);
  });

  it('a bad call timeout fails the call with BadArgError and sends nothing; Infinity arms no deadline', async () => {
    vi.useFakeTimers();
    const rt = current.rt;
    const s = GenServer.okPid(await GenServer.start(sleeper([]), Infinity));
    for (const bad of [2 ** 32, -1, Number.NaN]) await expect(GenServer.call(s, 'hang', bad)).rejects.toBeInstanceOf(BadArgError);
    expect(rt.processInfo(s)?.messageQueueLen).toBe(0);
    const call = GenServer.call(s, 'hang', Infinity).catch((e: unknown) => e);
    await rt.settled();
    expect(rt.hasPendingTimers()).toBe(false);
    rt.exit(s, 'kill');
    expect(await call).toMatchObject({ reason: 'killed' });
  });

  it('GenServer.stop with a 30-day timeout waits for a terminate that takes 20 days', async () => {
    vi.useFakeTimers();
    const slow: GenServer.GenServerBehaviour<null> = {
      init: () => ['ok', null],
      terminate: () => new Promise<void>((resolve) => setTimeout(resolve, 20 * DAY)),
    };
    const s = GenServer.okPid(await GenServer.start(slow, null));
    const stopped = GenServer.stop(s, 'normal', MONTH).catch((e: unknown) => e);
    await advance(20 * DAY);
    expect(await stopped).toBe('ok');
    await expect(GenServer.stop(s, 'normal', 2 ** 32)).rejects.toBeInstanceOf(BadArgError);
  });

  it('a synchronous start with a 30-day timeout waits for an init that takes 20 days', async () => {
    vi.useFakeTimers();
    const started = procLib.start(async (self: Self) => {
      await new Promise<void>((resolve) => setTimeout(resolve, 20 * DAY));
      procLib.initAck(self, 'ready');
      await self.receive((m) => m === 'stop');
    }, { timeout: MONTH });
    await advance(20 * DAY);
    expect(await started).toBe('ready');
    await expect(procLib.start(() => undefined, { timeout: 2 ** 32 })).rejects.toBeInstanceOf(BadArgError);
    for (const pid of current.rt.processes()) current.rt.send(pid, 'stop');
  });

  it('a child with a 30-day shutdown that takes 20 days to stop is not killed', async () => {
    vi.useFakeTimers();
    const rt = current.rt;
    const patient: Supervisor.ChildSpec = {
      id: 'patient',
      shutdown: MONTH,
      start: () =>
        tuple(
          'ok',
          spawnLink(
            async (self) => {
              await self.receive((m) => Array.isArray(m) || typeof m === 'object');
              await new Promise<void>((resolve) => setTimeout(resolve, 20 * DAY));
              self.exit('shutdown');
            },
            { trapExit: true },
          ),
        ),
    };
    const sup = GenServer.okPid(await Supervisor.start({ init: () => ['ok', {}, [patient]] }, undefined));
    const [child] = await Supervisor.whichChildren(sup);
    const reason = exitReason(rt, child.pid as Pid);
    const done = Supervisor.terminateChild(sup, 'patient');
    await advance(20 * DAY);
    expect(await done).toBe('ok');
    expect(await reason).toBe('shutdown');
    expect(current.logs.filter((l) => l.label === 'supervisor:shutdown_error')).toEqual([]);
    rt.exit(sup, 'kill');
  });
});
