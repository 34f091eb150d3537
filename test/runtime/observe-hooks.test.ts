/**
 * What the runtime gives the diagnostics endpoint, each costing nothing until
 * asked for: per-message events built only for a process someone wants them
 * of (a listener of one pid, or of rare kinds, makes other processes' messages
 * build no event — counted here as `emit` calls, not timed), message counters
 * per process while someone counts, the scheduler's slice and yield counts,
 * labels (`self.setLabel`) and a mailbox ring given back (`Queue.compact`).
 */
import { describe, expect, it } from 'vitest';
import { GenServer, Runtime, sys, setTraceSink, type Pid, type SysEvent } from '../../runtime/index.ts';
import { Queue } from '../../runtime/kernel/queue.ts';
import { formatTimeline } from '../../vitest-plugin/timeline.ts';

/** A runtime whose `emit` calls (one per event built) are recorded. */
function spied(): { rt: Runtime; built: SysEvent[] } {
  const rt = new Runtime({ logger: () => undefined });
  const built: SysEvent[] = [];
  const emit = rt.emit.bind(rt);
  rt.emit = (e: SysEvent) => {
    built.push(e);
    emit(e);
  };
  return { rt, built };
}

async function pingPong(rt: Runtime, n: number): Promise<[Pid, Pid]> {
  let b: Pid | null = null;
  const a = rt.spawn((self) => self.loop((k) => ((k as number) < n ? self.send(b as Pid, (k as number) + 1) : undefined)));
  b = rt.spawn((self) => self.loop((k) => ((k as number) < n ? self.send(a, (k as number) + 1) : undefined)));
  await rt.settled();
  rt.send(a, 1);
  await rt.settled();
  return [a, b];
}

const perMessage = (e: SysEvent): boolean => e.kind === 'send' || e.kind === 'in' || e.kind === 'out' || e.kind === 'noreply';

describe('per-message events are built only for processes someone wants them of', () => {
  it('a listener of one pid: other processes exchange messages without an event being built', async () => {
    const { rt, built } = spied();
    const watched = rt.spawn((self) => self.loop(() => undefined));
    const got: SysEvent[] = [];
    const stop = rt.subscribe((e) => got.push(e), { pid: watched });
    const [a, b] = await pingPong(rt, 40);
    expect(built.filter(perMessage)).toEqual([]);
    // the watched process's own events are built and delivered
    rt.send(watched, 'hello');
    await rt.settled();
    expect(got.map((e) => e.kind)).toEqual(['in']);
    expect(built.filter((e) => e.pid === watched).map((e) => e.kind)).toEqual(['in']);
    stop();
    expect(watched.proc.watched).toBe(false);
    for (const p of [a, b, watched]) rt.exit(p, 'kill');
  });

  it('a listener of rare kinds (exit) makes no message build an event, and still gets its exits', async () => {
    const { rt, built } = spied();
    const exits: SysEvent[] = [];
    const stop = rt.subscribe((e) => exits.push(e), { kinds: ['exit'] });
    const [a, b] = await pingPong(rt, 40);
    expect(built.filter(perMessage)).toEqual([]);
    rt.exit(a, 'kill');
    rt.exit(b, 'kill');
    expect(exits.map((e) => [e.kind, e.pid])).toEqual([
      ['exit', a],
      ['exit', b],
    ]);
    stop();
  });

  it('a listener of a per-message kind of every process gets them all, as before', async () => {
    const { rt } = spied();
    const sends: SysEvent[] = [];
    const stop = rt.subscribe((e) => sends.push(e), { kinds: ['send'] });
    const [a, b] = await pingPong(rt, 10);
    // the test's own send, then 9 between the two
    expect(sends).toHaveLength(10);
    stop();
    rt.exit(a, 'kill');
    rt.exit(b, 'kill');
  });

  it("GenServer calls: a listener of one server leaves another server's calls without events", async () => {
    const { rt, built } = spied();
    const mod = { init: () => ['ok', 0] as const, handleCall: (_r: unknown, _f: unknown, s: number) => ['reply', s + 1, s + 1] as const };
    const start = (): Promise<Pid> => rt.runAs(rt.external, () => GenServer.start(mod, undefined)).then((r) => GenServer.okPid(r));
    const [watched, other] = [await start(), await start()];
    const got: SysEvent[] = [];
    const stop = rt.subscribe((e) => got.push(e), { pid: watched });
    built.length = 0;
    await GenServer.call(other, 'x');
    await GenServer.call(other, 'x');
    expect(built.filter(perMessage)).toEqual([]);
    expect(await GenServer.call(watched, 'x')).toBe(1);
    expect(got.map((e) => e.kind)).toEqual(['in', 'out']);
    stop();
    await GenServer.stop(watched);
    await GenServer.stop(other);
  });
});

describe("each process's own gate (Process.hooked) follows the listeners", () => {
  it('a process spawned while every process is listened to builds its events; once the listener goes, its messages build none', async () => {
    const { rt, built } = spied();
    const sends: SysEvent[] = [];
    const stop = rt.subscribe((e) => sends.push(e), { kinds: ['send'] });
    // spawned after the listener came: their gates open at spawn
    const [a, b] = await pingPong(rt, 6);
    expect(sends.filter((e) => e.pid === a || e.pid === b)).toHaveLength(5);
    stop();
    built.length = 0;
    rt.send(a, 1);
    await rt.settled();
    expect(built.filter(perMessage)).toEqual([]);
    rt.exit(a, 'kill');
    rt.exit(b, 'kill');
  });

  it('a watched process keeps its events when a listener of every process comes and goes', async () => {
    const { rt, built } = spied();
    const watched = rt.spawn((self) => self.loop(() => undefined));
    const mine: SysEvent[] = [];
    const stopMine = rt.subscribe((e) => mine.push(e), { pid: watched });
    const stopAll = rt.subscribe(() => undefined, { kinds: ['in'] });
    stopAll();
    const [a, b] = await pingPong(rt, 6);
    expect(built.filter(perMessage).filter((e) => e.pid !== watched)).toEqual([]);
    rt.send(watched, 'still');
    await rt.settled();
    expect(mine.map((e) => e.kind)).toEqual(['in']);
    stopMine();
    for (const p of [a, b, watched]) rt.exit(p, 'kill');
  });

  it('a process spawned before a listener of every process came builds its events, and a pid that died before it came too', async () => {
    const { rt } = spied();
    const echo = rt.spawn((self) => self.loop((m) => self.send((m as [Pid])[0], 'pong')));
    const dead = rt.spawn((self) => self.loop(() => undefined));
    rt.exit(dead, 'kill');
    await rt.settled();
    const sends: SysEvent[] = [];
    const stop = rt.subscribe((e) => sends.push(e), { kinds: ['send'] });
    const asker = rt.spawn(
      (self) => {
        self.send(echo, [self.pid]);
        // a link to a pid that is gone: an EXIT noproc from that pid (OTP), sent after the listener came
        self.link(dead);
        self.loop(() => undefined);
      },
      { trapExit: true },
    );
    await rt.settled();
    expect(sends.map((e) => [e.pid, e.kind === 'send' ? e.to : null])).toEqual([
      [asker, echo],
      [dead, asker],
      [echo, asker],
    ]);
    stop();
    for (const p of [echo, asker]) rt.exit(p, 'kill');
  });
});

describe('message counters (Runtime.countMessages)', () => {
  it('count deliveries and sends per process only while held, from 0 when counting begins', async () => {
    const rt = new Runtime({ logger: () => undefined });
    const [a, b] = await pingPong(rt, 10);
    expect([a.proc.received, a.proc.sent]).toEqual([0, 0]);
    rt.countMessages(true);
    rt.countMessages(true);
    expect(rt.countingMessages).toBe(true);
    rt.send(a, 1);
    await rt.settled();
    // a: the test's 1 and b's 2 4 6 8 10; it sent 2 … 10 minus … : 5 in, 5 out; b: 5 in, 4 out (it stops at 10)
    expect([a.proc.received, a.proc.sent, b.proc.received, b.proc.sent]).toEqual([5, 5, 5, 4]);
    expect(rt.external.sent).toBe(1);
    rt.countMessages(false);
    expect(rt.countingMessages).toBe(true);
    rt.countMessages(false);
    expect(rt.countingMessages).toBe(false);
    rt.send(a, 1);
    await rt.settled();
    expect(a.proc.received).toBe(5);
    // counting again starts from 0
    rt.countMessages(true);
    expect(a.proc.received).toBe(0);
    rt.countMessages(false);
    rt.exit(a, 'kill');
    rt.exit(b, 'kill');
  });
});

describe('message counters, unbalanced', () => {
  it('a stop without a start is ignored: the next start counts', async () => {
    const rt = new Runtime({ logger: () => undefined });
    rt.countMessages(false);
    expect(rt.countingMessages).toBe(false);
    rt.countMessages(true);
    expect(rt.countingMessages).toBe(true);
    const [a, b] = await pingPong(rt, 4);
    expect(a.proc.received).toBeGreaterThan(0);
    rt.countMessages(false);
    expect(rt.countingMessages).toBe(false);
    rt.exit(a, 'kill');
    rt.exit(b, 'kill');
  });
});

describe('scheduler counters', () => {
  it('counts slices, and yields when a turn runs out of credit', async () => {
    const rt = new Runtime({ logger: () => undefined, yieldBudget: 100, sliceBudget: 10 });
    const sched = rt.scheduler;
    const before = { slices: sched.slices ?? 0, yields: sched.yields ?? 0 };
    const [a, b] = await pingPong(rt, 1000);
    expect((sched.slices ?? 0) - before.slices).toBeGreaterThanOrEqual(999);
    // 1000 messages with a credit of 100 per macrotask: at least 9 yields
    expect((sched.yields ?? 0) - before.yields).toBeGreaterThanOrEqual(9);
    rt.exit(a, 'kill');
    rt.exit(b, 'kill');
  });
});

describe('labels (self.setLabel, OTP 27 proc_lib:set_label)', () => {
  it('shows in processInfo, sys.trace lines and test timelines, as bounded text', async () => {
    const rt = new Runtime({ logger: () => undefined });
    const events: SysEvent[] = [];
    const stop = rt.subscribe((e) => events.push(e));
    const server = GenServer.okPid(
      await rt.runAs(rt.external, () =>
        GenServer.start(
          {
            init: (_a: unknown, self) => {
              self.setLabel(['worker', 7]);
              return ['ok', 0];
            },
            handleCast: (_m: unknown, s: number) => ['noreply', s + 1],
          },
          undefined,
        ),
      ),
    );
    expect(rt.processInfo(server)?.label).toEqual(['worker', 7]);
    expect(server.proc.labelText).toBe('[worker,7]');
    const lines: string[] = [];
    const old = setTraceSink((l) => lines.push(l));
    try {
      await sys.trace(server, true);
      GenServer.cast(server, 'go');
      await rt.settled();
    } finally {
      setTraceSink(old);
    }
    expect(lines).toContain(`*DBG* ${String(server)} [worker,7] got cast go`);
    expect(formatTimeline(events.filter((e) => e.pid === server && e.kind === 'noreply'), 0)).toContain(`${String(server)} [worker,7]  noreply`);
    // a long label is cut; undefined removes it
    server.proc.setLabel('x'.repeat(500));
    expect(server.proc.labelText?.length).toBeLessThanOrEqual(70);
    server.proc.setLabel(undefined);
    expect(rt.processInfo(server)?.label).toBeUndefined();
    expect(server.proc.labelText).toBeNull();
    stop();
    await GenServer.stop(server);
  });
});

describe('Queue.compact', () => {
  it('drops an empty ring and shrinks a sparse one to fit', () => {
    const q = new Queue<number>(0);
    for (let i = 0; i < 100; i++) q.push(i);
    for (let i = 0; i < 60; i++) q.shift();
    // 40 left in 128 slots: more than a quarter, so shift kept the ring
    expect(q.capacity).toBe(128);
    expect(q.compact()).toBe(64);
    expect(q.capacity).toBe(64);
    expect(q.toArray()).toEqual(Array.from({ length: 40 }, (_, i) => 60 + i));
    while (q.length > 0) q.shift();
    q.compact();
    expect(q.capacity).toBe(0);
    q.push(1);
    expect(q.toArray()).toEqual([1]);
  });
});
