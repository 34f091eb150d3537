/**
 * The per-runtime event record under the waits: a capped ring (the oldest
 * dropped and counted), consume-once on both paths (an event recorded before
 * the wait, and one that comes after it), one event per wait, cancellation,
 * and the queries the failure timelines use.
 */
import { describe, expect, it } from 'vitest';
import { Runtime, type Pid, type SysEvent } from '../../runtime/index.ts';
import { EventRecord } from '../../vitest-plugin/event-record.ts';

/** A runtime of its own (not the test's), its record, and a process that ends on 'stop'. */
function setup(capacity?: number): { rt: Runtime; record: EventRecord; idle: () => Pid } {
  const rt = new Runtime({ logger: () => undefined });
  const record = new EventRecord(rt, capacity);
  const idle = (): Pid =>
    rt.spawn(async (self) => {
      await self.receive((m) => m === 'stop');
    });
  return { rt, record, idle };
}

const exitOf =
  (pid: Pid) =>
  (e: SysEvent): boolean =>
    e.kind === 'exit' && e.pid === pid;

describe('EventRecord', () => {
  it('keeps every event in order until full, then drops the oldest and counts it', async () => {
    const { rt, record, idle } = setup(3);
    const all: SysEvent[] = [];
    rt.subscribe((e) => all.push(e));
    const a = idle();
    const b = idle();
    await rt.settled();
    expect(record.recent(10)).toEqual(all);
    expect(all.map((e) => [e.kind, e.pid])).toEqual([
      ['spawn', a],
      ['spawn', b],
    ]);
    expect(record.dropped).toBe(0);
    rt.send(a, 'stop');
    rt.send(b, 'stop');
    await rt.settled();
    expect(all.length).toBeGreaterThan(3);
    expect(record.recent(10)).toEqual(all.slice(-3));
    expect(record.first).toBe(all.at(-3));
    expect(record.dropped).toBe(all.length - 3);
    record.close();
  });

  it('recent(n, filter) gives the last n kept by filter, oldest first; find gives the oldest; first the oldest of all', async () => {
    const { rt, record, idle } = setup();
    expect(record.first).toBeUndefined();
    expect(record.recent(5)).toEqual([]);
    const ps = [idle(), idle(), idle(), idle()];
    await rt.settled();
    const spawns = record.recent(100).filter((e) => e.kind === 'spawn');
    expect(spawns.map((e) => e.pid)).toEqual(ps);
    expect(record.first?.pid).toBe(ps[0]);
    rt.send(ps[0], 'noise'); // a send event after the spawns
    expect(record.recent(1).map((e) => e.kind)).toEqual(['send']);
    expect(record.recent(2, (e) => e.kind === 'spawn').map((e) => e.pid)).toEqual([ps[2], ps[3]]);
    expect(record.recent(0)).toEqual([]);
    expect(record.find((e) => e.kind === 'spawn' && e.pid !== ps[0])?.pid).toBe(ps[1]);
    expect(record.find(() => false)).toBeUndefined();
    expect(record.find((e) => e.kind === 'timer-fired')).toBeUndefined();
    for (const p of ps) rt.send(p, 'stop');
    await rt.settled();
    record.close();
  });

  it('take: the first recorded event accepted and not yet consumed; each only once', async () => {
    const { rt, record, idle } = setup();
    const a = idle();
    const b = idle();
    await rt.settled();
    rt.send(b, 'stop');
    rt.send(a, 'stop');
    await rt.settled();
    const isExit = (e: SysEvent): boolean => e.kind === 'exit';
    const first = record.take(isExit);
    const second = record.take(isExit);
    expect([first?.pid, second?.pid]).toEqual([b, a]);
    expect(record.take(isExit)).toBeUndefined();
    // consumed events are still in the timeline
    expect(record.recent(100).filter(isExit)).toHaveLength(2);
    record.close();
  });

  it('a future event resolves exactly one wait: the first armed that accepts it; the next one waits for the next event', async () => {
    const { rt, record, idle } = setup();
    const a = idle();
    const b = idle();
    await rt.settled();
    const got: [string, SysEvent][] = [];
    const anyExit = (e: SysEvent): boolean => e.kind === 'exit';
    record.wait({ accept: exitOf(b), resolve: (e) => got.push(['only b', e]) });
    record.wait({ accept: anyExit, resolve: (e) => got.push(['first any', e]) });
    record.wait({ accept: anyExit, resolve: (e) => got.push(['second any', e]) });
    rt.send(a, 'stop');
    await rt.settled();
    expect(got.map(([w, e]) => [w, e.pid])).toEqual([['first any', a]]);
    // resolved by a wait: not handed to a later take either
    expect(record.take(anyExit)).toBeUndefined();
    rt.send(b, 'stop');
    await rt.settled();
    expect(got.map(([w, e]) => [w, e.pid])).toEqual([
      ['first any', a],
      ['only b', b],
    ]);
    record.close();
  });

  it('a cancelled wait is never resolved; close stops recording and drops the waits', async () => {
    const { rt, record, idle } = setup();
    const a = idle();
    const b = idle();
    await rt.settled();
    const got: Pid[] = [];
    const cancel = record.wait({ accept: exitOf(a), resolve: (e) => got.push(e.pid) });
    cancel();
    rt.send(a, 'stop');
    await rt.settled();
    expect(got).toEqual([]);
    // the event the cancelled wait would have taken is still there to take
    expect(record.take(exitOf(a))?.pid).toBe(a);
    record.wait({ accept: exitOf(b), resolve: (e) => got.push(e.pid) });
    const before = record.recent(1000).length;
    record.close();
    rt.send(b, 'stop');
    await rt.settled();
    expect(got).toEqual([]);
    expect(record.recent(1000)).toHaveLength(before);
  });
});
