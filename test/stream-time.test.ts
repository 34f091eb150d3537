/**
 * Timestamps on request (issue 12): an event reads the clock only when some
 * listener asked for time — a stream subscriber with `{ time: true }`, a
 * process's sys trace or log, the flight recorder — and `seq` orders events
 * always. Filters at the source: `ofKind(...)` on `eventsOf(pid)` declares
 * its kinds, so the process builds only the events someone wants.
 */
import { describe, expect, it } from 'vitest';
import { GenServer, Runtime, events, eventsOf, ofKind, sys, type Pid, type SysEvent } from '../runtime/index.ts';

function newRuntime(): Runtime {
  return new Runtime({ logger: () => undefined });
}

/** Two processes bouncing a counter `n` times; both killed at the end. */
async function pingPong(rt: Runtime, n: number, watch?: (a: Pid) => void): Promise<void> {
  let b: Pid | null = null;
  const a = rt.spawn((self) => self.loop((k) => ((k as number) < n ? self.send(b as Pid, (k as number) + 1) : undefined)));
  b = rt.spawn((self) => self.loop((k) => ((k as number) < n ? self.send(a, (k as number) + 1) : undefined)));
  watch?.(a);
  rt.send(a, 1);
  await rt.settled();
  rt.exit(a, 'kill');
  rt.exit(b, 'kill');
  await rt.settled();
}

describe('timestamps on request', () => {
  it('leaves time NaN when no subscriber asked for it, seq still ordering the events', async () => {
    const rt = newRuntime();
    const got: SysEvent[] = [];
    const sub = events(rt).subscribe((e) => got.push(e));
    await pingPong(rt, 10);
    sub.unsubscribe();
    expect(got.length).toBeGreaterThan(20);
    expect(got.every((e) => Number.isNaN(e.time))).toBe(true);
    const seqs = got.map((e) => e.seq);
    expect(seqs).toEqual([...seqs].sort((x, y) => x - y));
  });

  it('stamps every event while one subscriber asked for time, and stops when it leaves', async () => {
    const rt = newRuntime();
    const plain: SysEvent[] = [];
    const plainSub = events(rt).subscribe((e) => plain.push(e));
    const timedSub = events(rt, { time: true }).subscribe(() => undefined);
    await pingPong(rt, 5);
    expect(plain.length).toBeGreaterThan(10);
    expect(plain.every((e) => Number.isFinite(e.time))).toBe(true);
    const times = plain.map((e) => e.time);
    expect(times).toEqual([...times].sort((x, y) => x - y));
    timedSub.unsubscribe();
    plain.length = 0;
    await pingPong(rt, 5);
    plainSub.unsubscribe();
    expect(plain.length).toBeGreaterThan(10);
    expect(plain.every((e) => Number.isNaN(e.time))).toBe(true);
  });

  it("stamps a process's debug events while its sys trace or log is on, not for an installed function", async () => {
    const rt = newRuntime();
    const server = GenServer.okPid(
      await GenServer.start({ init: () => ['ok', 0], handleCall: (_r: unknown, _f, s: number) => ['reply', s, s + 1] }, undefined, { runtime: rt }),
    );
    const seen: SysEvent[] = [];
    await sys.install(server, (st: null, e) => {
      seen.push(e);
      return st;
    }, null);
    await GenServer.call(server, 'x');
    expect(seen.map((e) => e.kind)).toEqual(['in', 'out']);
    expect(seen.every((e) => Number.isNaN(e.time))).toBe(true);
    await sys.log(server, true);
    seen.length = 0;
    await GenServer.call(server, 'y');
    expect(seen.map((e) => e.kind)).toEqual(['in', 'out']);
    expect(seen.every((e) => Number.isFinite(e.time))).toBe(true);
    await GenServer.stop(server);
  });

  it('stamps what the flight recorder keeps', async () => {
    const rt = newRuntime();
    rt.enableFlightRecorder(4);
    const p = rt.spawn((self) => self.loop(() => undefined));
    rt.send(p, 'hello');
    await rt.settled();
    const recent = rt.flightRecorder?.recent(p) ?? [];
    rt.exit(p, 'kill');
    rt.enableFlightRecorder(0);
    expect(recent.length).toBeGreaterThan(0);
    expect(recent.every((e) => Number.isFinite(e.time))).toBe(true);
  });
});

describe('filters at the source', () => {
  it('eventsOf(pid) narrowed with ofKind builds none of the per-message events of that process', async () => {
    const rt = newRuntime();
    let emitted = 0;
    const emit = rt.emit.bind(rt);
    rt.emit = (e) => {
      emitted++;
      emit(e);
    };
    const exits: string[] = [];
    let done = false;
    await pingPong(rt, 50, (a) => {
      eventsOf(a, rt)
        .pipe(ofKind('exit'))
        .subscribe({ next: (e) => exits.push(e.kind), complete: () => (done = true) });
    });
    expect(exits).toEqual(['exit']);
    expect(done).toBe(true);
    // its exit only (then nobody listens): no send or in event of the watched process was built
    expect(emitted).toBe(1);
  });

  it("events() narrowed with ofKind('exit') builds no per-message event of any process", async () => {
    const rt = newRuntime();
    const built: string[] = [];
    const emit = rt.emit.bind(rt);
    rt.emit = (e) => {
      built.push(e.kind);
      emit(e);
    };
    const exits: string[] = [];
    const sub = events(rt)
      .pipe(ofKind('exit'))
      .subscribe((e) => exits.push(e.kind));
    await pingPong(rt, 50);
    sub.unsubscribe();
    expect(exits).toEqual(['exit', 'exit']);
    // 50 messages made no send or in event: only what the kinds' listener may want (spawns, exits) was built
    expect(built.filter((k) => k === 'send' || k === 'in')).toEqual([]);
    expect(built.filter((k) => k === 'exit')).toEqual(['exit', 'exit']);
  });

  it("sys.install on one process builds that process's debug events only, and stamps none of them", async () => {
    const rt = newRuntime();
    let emitted = 0;
    const emit = rt.emit.bind(rt);
    rt.emit = (e) => {
      emitted++;
      emit(e);
    };
    const server = GenServer.okPid(
      await GenServer.start({ init: () => ['ok', 0], handleCall: (_r: unknown, _f, s: number) => ['reply', s, s + 1] }, undefined, { runtime: rt }),
    );
    const seen: SysEvent[] = [];
    await sys.install(server, (st: null, e) => {
      seen.push(e);
      return st;
    }, null);
    await pingPong(rt, 50);
    await GenServer.call(server, 'x');
    expect(seen.map((e) => [e.kind, String(e.pid)])).toEqual([
      ['in', String(server)],
      ['out', String(server)],
    ]);
    expect(Number.isNaN(seen[0].time)).toBe(true);
    // nobody listens to the stream: the ping-pong and the call published nothing
    expect(emitted).toBe(0);
    await GenServer.stop(server);
  });

  it('eventsOf(pid) narrowed to a per-message kind gets those only, and completes at the exit', async () => {
    const rt = newRuntime();
    const ins: string[] = [];
    let done = false;
    await pingPong(rt, 6, (a) => {
      eventsOf(a, rt)
        .pipe(ofKind('in'))
        .subscribe({ next: (e) => ins.push(e.kind), complete: () => (done = true) });
    });
    expect(ins).toEqual(['in', 'in', 'in']);
    expect(done).toBe(true);
  });
});
