/**
 * The kernel's parts, each through its own API (rt.live, rt.registry, rt.timers, rt.signals, rt.delivery):
 * what each one owns, independent of the layers above.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { BadArgError, Carried, DownMessage, ExitMessage, NoProcError, ProcessExit, Runtime, TIMEOUT, TimeoutMessage, type Pid, type SysEvent } from '../../../runtime/index.ts';
import { LiveList } from '../../../runtime/kernel/live-list.ts';

function fresh(): Runtime {
  return new Runtime({ logger: () => undefined });
}

/** A process that keeps what it receives, in `got`. */
function keeper(rt: Runtime, got: unknown[]): Pid {
  return rt.spawn((self) => self.loop((m) => void got.push(m)));
}

describe('LiveList', () => {
  it('keeps live processes oldest first; removing is O(1) from anywhere, twice is nothing', () => {
    const rt = fresh();
    const [a, b, c] = [1, 2, 3].map(() => rt.spawn((s) => s.loop(() => undefined)));
    const list = new LiveList();
    for (const p of [a, b, c]) list.add(p.proc);
    expect(list.pids()).toEqual([a, b, c]);
    list.remove(b.proc);
    list.remove(b.proc);
    expect(list.pids()).toEqual([a, c]);
    expect(list.size).toBe(2);
    list.remove(a.proc);
    list.remove(c.proc);
    expect(list.pids()).toEqual([]);
    expect(list.size).toBe(0);
    list.add(b.proc);
    expect(list.pids()).toEqual([b]);
    for (const p of rt.processes()) rt.exit(p, 'kill');
  });
});

describe('Carried (the envelopes of instrumented messages, reused)', () => {
  it('a released envelope holds neither message nor context; it is handed out again with every field set; at most 1024 are kept', () => {
    const ctx = { trace: 'a' };
    const first = Carried.of('m1', ctx, 5);
    expect([first.msg, first.ctx, first.at]).toEqual(['m1', ctx, 5]);
    Carried.release(first);
    expect([first.msg, first.ctx]).toEqual([undefined, undefined]);
    // the next envelope is the released one, nothing of its last message left in it
    const again = Carried.of('m2', undefined);
    expect(again).toBe(first);
    expect([again.msg, again.ctx, again.at]).toEqual(['m2', undefined, 0]);
    // a burst: only 1024 envelopes are kept for reuse
    const burst = Array.from({ length: 2000 }, (_, i) => Carried.of(i, ctx));
    for (const c of burst) Carried.release(c);
    const reused = new Set(burst);
    const taken = Array.from({ length: 2000 }, () => Carried.of('x', undefined));
    expect(taken.filter((c) => reused.has(c)).length).toBe(1024);
  });

  it('under an instrumentation, each handling is told its own message\'s context and send time, also when envelopes are reused', async () => {
    const rt = fresh();
    const told: unknown[] = [];
    let n = 0;
    rt.instrumentation = {
      capture: () => undefined,
      // every other message carries a context and a time; the others none
      wrap: (msg) => (n++ % 2 === 0 ? Carried.of(msg, `ctx-${String(msg)}`, 100 + Number(msg)) : msg),
      handle: (_p, msg, carried, run, arg, at) => {
        told.push([msg, carried, at ?? 0]);
        return run(arg);
      },
      received: () => undefined,
      waiting: () => undefined,
      exiting: () => undefined,
      replied: () => undefined,
    };
    const got: unknown[] = [];
    const p = keeper(rt, got);
    await rt.settled();
    for (let i = 0; i < 6; i++) {
      rt.send(p, i);
      await rt.settled();
    }
    expect(got).toEqual([0, 1, 2, 3, 4, 5]);
    // (the keeper's start is told too: its PROCESS_START pseudo message)
    expect(told.filter((t) => typeof (t as unknown[])[0] === 'number')).toEqual([
      [0, 'ctx-0', 100],
      [1, undefined, 0],
      [2, 'ctx-2', 102],
      [3, undefined, 0],
      [4, 'ctx-4', 104],
      [5, undefined, 0],
    ]);
    rt.instrumentation = null;
    rt.exit(p, 'kill');
    await rt.settled();
  });
});

describe('Registry', () => {
  it('binds, resolves and frees names; refuses what OTP refuses', async () => {
    const rt = fresh();
    const told: string[] = [];
    rt.subscribe((e: SysEvent) => {
      if (e.kind === 'register' || e.kind === 'unregister') told.push(`${e.kind} ${e.registered}`);
    });
    const p = rt.spawn((s) => s.loop(() => undefined));
    expect(rt.registry.register('svc', p)).toBe(true);
    expect(rt.registry.whereis('svc')).toBe(p);
    expect(rt.registry.resolve('svc')).toBe(p.proc);
    expect(rt.registry.registered()).toEqual(['svc']);
    expect(() => rt.registry.register('svc', rt.spawn(() => undefined))).toThrow(/already registered to/);
    expect(() => rt.registry.register('other', p)).toThrow(/already registered as 'svc'/);
    expect(() => rt.registry.register('', p)).toThrow(BadArgError);
    expect(rt.registry.unregister('svc')).toBe(true);
    expect(() => rt.registry.unregister('svc')).toThrow(/no process registered as 'svc'/);
    rt.registry.register('svc', p);
    rt.exit(p, 'kill');
    expect(rt.registry.whereis('svc')).toBeUndefined();
    expect(rt.registry.resolve(p)).toBeUndefined();
    expect(told).toEqual(['register svc', 'unregister svc', 'register svc']);
    await rt.settled();
  });
});

describe('Timers', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('send_after delivers at its time; cancel and read tell the time left; a timer to a pid dies with it', async () => {
    vi.useFakeTimers();
    const rt = fresh();
    const got: unknown[] = [];
    const p = keeper(rt, got);
    const t1 = rt.timers.sendAfter(100, p, 'one');
    const t2 = rt.timers.startTimer(200, p, 'two');
    expect(rt.timers.readTimer(t1)).toBe(100);
    vi.advanceTimersByTime(40);
    expect(rt.timers.readTimer(t1)).toBe(60);
    vi.advanceTimersByTime(60);
    await rt.settled();
    expect(got).toEqual(['one']);
    expect(rt.timers.readTimer(t1)).toBe(false);
    expect(rt.timers.cancelTimer(t2)).toBe(100);
    expect(rt.timers.cancelTimer(t2)).toBe(false);
    const t3 = rt.timers.startTimer(50, p, 'three');
    rt.exit(p, 'kill');
    expect(rt.timers.readTimer(t3)).toBe(false);
    expect(rt.clock.pending).toBe(0);
  });

  it('a timer to a name resolves the name when it fires; start_timer wraps its message', async () => {
    vi.useFakeTimers();
    const rt = fresh();
    const got: unknown[] = [];
    const ref = rt.timers.startTimer(10, 'later', 'hi');
    const p = keeper(rt, got);
    rt.register('later', p);
    vi.advanceTimersByTime(10);
    await rt.settled();
    expect(got).toEqual([new TimeoutMessage(ref, 'hi')]);
    rt.exit(p, 'kill');
  });
});

describe('Signals', () => {
  it('kill ends a trapping process; other reasons reach it as EXIT; normal ends only itself', async () => {
    const rt = fresh();
    const got: unknown[] = [];
    const trapper = rt.spawn((s) => s.loop((m) => void got.push(m)), { trapExit: true });
    const plain = rt.spawn((s) => s.loop(() => undefined));
    rt.signals.exit(trapper, 'bye', plain.proc);
    rt.signals.exit(plain, 'normal', null);
    await rt.settled();
    expect(got).toEqual([new ExitMessage(plain, 'bye')]);
    expect(rt.isAlive(plain)).toBe(true);
    rt.signals.exit(trapper, 'kill', null);
    expect(trapper.proc.exitReason).toBe('killed');
    rt.exit(plain, 'kill');
  });

  it('links are symmetric and carry a death to the other side; monitors give one DOWN', async () => {
    const rt = fresh();
    const downs: unknown[] = [];
    const a = rt.spawn((s) => s.loop(() => undefined));
    const b = rt.spawn((s) => s.loop(() => undefined));
    const w = keeper(rt, downs);
    rt.signals.link(a.proc, b);
    expect(a.proc.links?.has(b.proc)).toBe(true);
    expect(b.proc.links?.has(a.proc)).toBe(true);
    const ref = rt.signals.monitor(w.proc, b);
    rt.signals.exit(a, 'boom', null);
    await rt.settled();
    expect(b.proc.exitReason).toBe('boom');
    expect(downs).toEqual([new DownMessage(ref, b, 'boom')]);
    expect(() => rt.signals.link(w.proc, b)).toThrow(NoProcError);
    rt.exit(w, 'kill');
  });

  it('demonitor with flush drops that DOWN only; info tells whether it was active', async () => {
    const rt = fresh();
    const target = rt.spawn((s) => s.loop(() => undefined));
    const watcher = rt.spawn(async (s) => void (await s.receive((m) => m === 'never')));
    const r1 = rt.signals.monitor(watcher.proc, target);
    rt.send(watcher, 'keep me');
    rt.exit(target, 'kill');
    expect(watcher.proc.messages()).toEqual(['keep me', new DownMessage(r1, target, 'killed')]);
    expect(rt.signals.demonitor(watcher.proc, r1, { flush: true, info: true })).toBe(false);
    expect(watcher.proc.messages()).toEqual(['keep me']);
    rt.exit(watcher, 'kill');
  });

  it('terminate fails pending calls, wakes exit waiters, frees the name and timers, and releases the record', async () => {
    const rt = fresh();
    const p = rt.spawn((s) => s.loop(() => undefined), { name: 'dying' });
    rt.sendAfter(10_000, p, 'never');
    const ended: unknown[] = [];
    p.proc.exitWaiters = [(r) => ended.push(r)];
    rt.signals.terminate(p.proc, 'shutdown');
    expect(ended).toEqual(['shutdown']);
    expect(rt.whereis('dying')).toBeUndefined();
    expect(rt.clock.pending).toBe(0);
    expect(p.proc.mailbox.capacity).toBe(0);
    expect(() => rt.checkActing(p.proc)).toThrow(ProcessExit);
  });
});

describe('Delivery', () => {
  it('send to an unknown name throws; to a dead pid drops; selective receive skips what does not match', async () => {
    const rt = fresh();
    expect(() => rt.delivery.send('nobody', 'x', null)).toThrow(/no process registered as 'nobody'/);
    const dead = rt.spawn(() => undefined);
    await rt.settled();
    expect(() => rt.delivery.send(dead, 'x', null)).not.toThrow();
    const got = await new Promise<unknown[]>((resolve) => {
      const p = rt.spawn(async (s) => {
        const b = await s.receive((m) => m === 'b');
        const a = await s.receive();
        const none = await s.receive(null, 0);
        resolve([b, a, none]);
      });
      rt.delivery.send(p, 'a', null);
      rt.delivery.send(p, 'b', null);
    });
    expect(got).toEqual(['b', 'a', TIMEOUT]);
  });

  it('a loop handler takes messages in order, at most the slice budget per turn', async () => {
    const rt = new Runtime({ logger: () => undefined, sliceBudget: 3 });
    const order: string[] = [];
    const a = rt.spawn((s) => s.loop((m) => void order.push(`a${String(m)}`)));
    const b = rt.spawn((s) => s.loop((m) => void order.push(`b${String(m)}`)));
    await rt.settled();
    for (let i = 1; i <= 5; i++) {
      rt.send(a, i);
      rt.send(b, i);
    }
    await rt.settled();
    expect(order).toEqual(['a1', 'a2', 'a3', 'b1', 'b2', 'b3', 'a4', 'a5', 'b4', 'b5']);
    rt.exit(a, 'kill');
    rt.exit(b, 'kill');
  });
});
