/**
 * The stream's indexed listeners: `eventsOf(pid)` and `ofKind(...)` on
 * `events()` declare their interest to the runtime, which calls a listener
 * only with the events it wants — an event costs nothing to subscribers of
 * other pids or kinds (counted here as listener calls, not timed: the
 * benchmark has the timings). Listeners are called in the order they
 * subscribed, and a pid's index entry goes with its last subscriber.
 */
import { describe, expect, it } from 'vitest';
import { Runtime, events, eventsOf, ofKind, type EventListener, type Interest, type Pid, type SysEvent } from '../runtime/index.ts';

/** A runtime whose listener calls are counted (every listener `events()`/`eventsOf()` add goes through `subscribe`). */
function counted(): { rt: Runtime; calls: () => number } {
  const rt = new Runtime({ logger: () => undefined });
  let calls = 0;
  const subscribe = rt.subscribe.bind(rt);
  rt.subscribe = (listener: EventListener, interest?: Interest) =>
    subscribe((e) => {
      calls++;
      listener(e);
    }, interest);
  return { rt, calls: () => calls };
}

function idle(rt: Runtime): Pid {
  return rt.spawn((self) => self.loop(() => undefined));
}

/** Two processes bouncing a counter `n` times. */
async function pingPong(rt: Runtime, n: number): Promise<void> {
  let b: Pid | null = null;
  const a = rt.spawn((self) => self.loop((k) => ((k as number) < n ? self.send(b as Pid, (k as number) + 1) : undefined)));
  b = rt.spawn((self) => self.loop((k) => ((k as number) < n ? self.send(a, (k as number) + 1) : undefined)));
  rt.send(a, 1);
  await rt.settled();
  rt.exit(a, 'kill');
  rt.exit(b, 'kill');
}

describe('eventsOf(pid) is indexed', () => {
  it('does not call the subscribers of other processes: 200 watched processes cost a ping-pong nothing', async () => {
    const { rt, calls } = counted();
    const watched = Array.from({ length: 200 }, () => idle(rt));
    await rt.settled();
    const got = new Map<Pid, SysEvent[]>(watched.map((p) => [p, []]));
    const subs = watched.map((p) => eventsOf(p, rt).subscribe((e) => got.get(p)?.push(e)));
    await pingPong(rt, 50);
    expect(calls()).toBe(0);
    // and each still gets its own process's events, only those
    rt.send(watched[7], 'hello');
    await rt.settled();
    expect(calls()).toBe(1);
    expect(got.get(watched[7])?.map((e) => e.kind)).toEqual(['in']);
    expect([...got.values()].reduce((n, es) => n + es.length, 0)).toBe(1);
    for (const s of subs) s.unsubscribe();
    for (const p of watched) rt.exit(p, 'kill');
  });

  it("frees a pid's entry with its last subscriber: by unsubscribe, and when eventsOf completes at the exit", async () => {
    const { rt } = counted();
    const ps = Array.from({ length: 50 }, () => idle(rt));
    await rt.settled();
    const subs = ps.map((p) => eventsOf(p, rt).subscribe(() => undefined));
    const second = eventsOf(ps[0], rt).subscribe(() => undefined);
    expect(rt.interest.pidCount).toBe(50);
    subs[0].unsubscribe();
    expect(rt.interest.pidCount).toBe(50); // ps[0] still has `second`
    second.unsubscribe();
    expect(rt.interest.pidCount).toBe(49);
    for (const p of ps) rt.exit(p, 'kill');
    await rt.settled();
    expect(rt.interest.pidCount).toBe(0);
    expect(rt.interest.size).toBe(0);
    expect(rt.listening).toBe(false);
  });
});

describe('ofKind() on events() is indexed', () => {
  it('calls its subscriber for those kinds only; after another operator it filters', async () => {
    const { rt, calls } = counted();
    const exits: SysEvent[] = [];
    const sub = events(rt)
      .pipe(ofKind('exit'))
      .subscribe((e) => exits.push(e));
    await pingPong(rt, 20);
    expect(exits.map((e) => e.kind)).toEqual(['exit', 'exit']);
    expect(calls()).toBe(2);
    expect(rt.interest.wants(rt.external.pid, 'in')).toBe(false);
    expect(rt.interest.wants(rt.external.pid, 'exit')).toBe(true);
    sub.unsubscribe();
    // narrowing twice keeps what both keep
    const both: string[] = [];
    const twice = events(rt)
      .pipe(ofKind('spawn', 'exit'), ofKind('exit', 'in'))
      .subscribe((e) => both.push(e.kind));
    await pingPong(rt, 3);
    expect(both).toEqual(['exit', 'exit']);
    expect(calls()).toBe(4);
    twice.unsubscribe();
  });
});

describe('the registry', () => {
  it('calls the listeners that want an event in the order they subscribed, whatever their interest', async () => {
    const { rt } = counted();
    const p = idle(rt);
    const other = idle(rt);
    await rt.settled();
    const order: string[] = [];
    const offs = [
      rt.subscribe((e) => e.kind === 'in' && order.push('all 1')),
      rt.subscribe(() => order.push('pid'), { pid: p }),
      rt.subscribe(() => order.push('other pid'), { pid: other }),
      rt.subscribe(() => order.push('kind in'), { kinds: ['in'] }),
      rt.subscribe(() => order.push('kind exit'), { kinds: ['exit'] }),
      rt.subscribe((e) => e.kind === 'in' && order.push('all 2')),
      rt.subscribe(() => order.push('pid, in'), { pid: p, kinds: ['in'] }),
      rt.subscribe(() => order.push('pid, send'), { pid: p, kinds: ['send'] }),
    ];
    rt.send(p, 'x'); // a send from outside (pid: the external process), then p's 'in'
    await rt.settled();
    expect(order).toEqual(['all 1', 'pid', 'kind in', 'all 2', 'pid, in']);
    for (const off of offs) off();
    expect(rt.listening).toBe(false);
    rt.exit(p, 'kill');
    rt.exit(other, 'kill');
  });

  it('removes one registration per remove function, even of the same listener twice', async () => {
    const { rt } = counted();
    const p = idle(rt);
    let n = 0;
    const listener = (): void => {
      n++;
    };
    const first = rt.subscribe(listener, { pid: p });
    rt.subscribe(listener, { pid: p });
    const third = rt.subscribe(listener);
    first();
    first(); // again: nothing
    third();
    rt.send(p, 1);
    await rt.settled();
    expect(n).toBe(1);
    expect(rt.listening).toBe(true);
    rt.exit(p, 'kill');
  });
});
