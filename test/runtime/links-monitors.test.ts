/**
 * Exit signals, links and monitors in detail: what each signal does to a
 * trapping and a non-trapping process, the exact DOWN / EXIT each side gets
 * and in which order, what demonitor's flush removes (only that monitor's
 * DOWN, wherever it is queued), and the stream's link / unlink / monitor /
 * demonitor / exit events with all their fields.
 */
import { describe, expect, it } from 'vitest';
import {
  BadArgError,
  DownMessage,
  ExitMessage,
  NoProcError,
  ProcessExit,
  Ref,
  TIMEOUT,
  isDown,
  isExit,
  type Pid,
  type Runtime,
  type Self,
  type SysEvent,
} from '../../runtime/index.ts';
import { fresh, inProcess } from './helpers.ts';

/** A process that waits until told 'stop' (trapping exits if asked). */
function idle(rt: Runtime, trap = false): Pid {
  return rt.spawn(async (self) => {
    self.trapExit(trap);
    await self.receive((m) => m === 'stop');
  });
}

/** Every event of `rt` from now on, without seq and time. */
function record(rt: Runtime, kinds?: readonly SysEvent['kind'][]): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  rt.subscribe((e) => {
    if (kinds !== undefined && !kinds.includes(e.kind)) return;
    const { seq: _seq, time: _time, ...rest } = e;
    out.push(rest);
  });
  return out;
}

describe('exit signals (exit/2)', () => {
  it('kill ends even a trapping process with killed; other reasons reach a trapping process as an EXIT from the sender', async () => {
    const { rt } = fresh();
    const trapping = idle(rt, true);
    const plain = idle(rt);
    await rt.settled();
    const sender = await inProcess(rt, async (self) => {
      self.exitSignal(trapping, 'shutdown');
      self.exitSignal(trapping, 'normal');
      return self.pid;
    });
    // a trapping process takes both, 'normal' too, as EXIT messages from the sender
    expect(rt.processInfo(trapping)?.messages).toEqual([new ExitMessage(sender, 'shutdown'), new ExitMessage(sender, 'normal')]);
    const reasons: unknown[] = [];
    rt.subscribe((e) => {
      if (e.kind === 'exit') reasons.push([e.pid, e.reason]);
    });
    rt.exit(trapping, 'kill');
    rt.exit(plain, 'kill');
    expect(reasons).toEqual([
      [trapping, 'killed'],
      [plain, 'killed'],
    ]);
  });

  it('normal from another process is ignored by a non-trapping one; any other reason ends it with that reason', async () => {
    const { rt } = fresh();
    const p = idle(rt);
    const q = idle(rt);
    await rt.settled();
    const exits = record(rt, ['exit']);
    rt.exit(p, 'normal');
    expect(rt.isAlive(p)).toBe(true);
    rt.exit(p, ['shutdown', 'why']);
    rt.exit(q, 'kill');
    expect(exits).toEqual([
      { kind: 'exit', pid: p, name: null, behaviour: 'plain', reason: ['shutdown', 'why'] },
      { kind: 'exit', pid: q, name: null, behaviour: 'plain', reason: 'killed' },
    ]);
  });

  it('exit(self(), normal) ends the caller, which sees ProcessExit with normal; a trapping caller gets its own EXIT instead', async () => {
    const { rt } = fresh();
    const reasons: unknown[] = [];
    rt.subscribe((e) => {
      if (e.kind === 'exit') reasons.push(e.reason);
    });
    let thrown: unknown;
    let after = false;
    const p = rt.spawn((self) => {
      try {
        self.exitSignal(self.pid, 'normal');
        after = true;
      } catch (e) {
        thrown = e;
        throw e;
      }
    });
    await rt.settled();
    expect(thrown).toBeInstanceOf(ProcessExit);
    expect((thrown as ProcessExit).reason).toBe('normal');
    expect(after).toBe(false);
    expect(rt.isAlive(p)).toBe(false);
    const got = await inProcess(rt, async (self) => {
      self.trapExit(true);
      self.exitSignal(self.pid, 'normal');
      return self.receive(null, 0);
    });
    expect(got).toBeInstanceOf(ExitMessage);
    expect((got as ExitMessage).reason).toBe('normal');
    await rt.settled();
    expect(reasons).toEqual(['normal', 'normal']);
  });

  it('exit/2 with a bad pid is badarg; a signal to a dead pid does nothing', async () => {
    const { rt } = fresh();
    expect(() => rt.exit('nobody' as unknown as Pid, 'kill')).toThrow(BadArgError);
    expect(() => rt.exit('nobody' as unknown as Pid, 'kill')).toThrow('exit: expected a pid, got atom');
    const dead = rt.spawn(() => undefined);
    await rt.settled();
    expect(rt.exit(dead, 'boom')).toBe(true);
    expect(rt.processInfo(dead)).toBeUndefined();
  });

  it('a signal to a dead process that trapped exits sends it no EXIT (no send event), as one to a live one does', async () => {
    const { rt } = fresh();
    const trapping = (): Pid =>
      rt.spawn(async (self) => {
        self.trapExit(true);
        await self.receive((m) => m === 'never');
      });
    const dead = trapping();
    const live = trapping();
    await rt.settled();
    rt.exit(dead, 'kill');
    const sends: unknown[] = [];
    const off = rt.subscribe((e) => {
      if (e.kind === 'send') sends.push([e.to, e.message, e.delivered]);
    });
    rt.exit(dead, 'bye');
    rt.exit(live, 'bye');
    off();
    expect(sends).toEqual([[live, new ExitMessage(rt.external.pid, 'bye'), true]]);
    rt.exit(live, 'kill');
  });
});

describe('links', () => {
  it('a crash takes a non-trapping partner down with the same reason, and a trapping one gets the EXIT (from the dead pid)', async () => {
    const { rt } = fresh();
    const exits = record(rt, ['exit']);
    const got = await inProcess(rt, async (self) => {
      self.trapExit(true);
      const partner = self.spawn(async (s) => {
        await s.receive((m) => m === 'never');
      });
      const crasher = self.spawnLink(async (c) => {
        c.link(partner);
        await c.receive((m) => m === 'crash');
        c.exit(['bad', 1]);
      });
      await inProcess(rt, async () => undefined);
      self.send(crasher, 'crash');
      const msg = (await self.receive(isExit)) as ExitMessage;
      return { partner, crasher, msg };
    });
    expect(got.msg.from).toBe(got.crasher);
    expect(got.msg.reason).toEqual(['bad', 1]);
    expect(exits.filter((e) => e.pid === got.crasher || e.pid === got.partner).map((e) => [e.pid, e.reason])).toEqual([
      [got.crasher, ['bad', 1]],
      [got.partner, ['bad', 1]],
    ]);
  });

  it('a normal exit does not end a non-trapping partner; the partner loses the link', async () => {
    const { rt } = fresh();
    const partner = idle(rt);
    await rt.settled();
    const p = rt.spawn((self) => {
      self.link(partner);
    });
    await rt.settled();
    expect(rt.isAlive(p)).toBe(false);
    expect(rt.processInfo(partner)?.links).toEqual([]);
    rt.send(partner, 'stop');
    await rt.settled();
  });

  it('a trapping partner gets its EXIT before the DOWNs of the same death', async () => {
    const { rt } = fresh();
    const got = await inProcess(rt, async (self) => {
      self.trapExit(true);
      const child = self.spawnLink(async (c) => {
        await c.receive((m) => m === 'die');
        c.exit('bye');
      });
      const ref = self.monitor(child);
      self.send(child, 'die');
      const first = await self.receive();
      const second = await self.receive();
      return { child, ref, first, second };
    });
    expect(got.first).toEqual(new ExitMessage(got.child, 'bye'));
    expect(got.second).toEqual(new DownMessage(got.ref, got.child, 'bye'));
  });

  it('link and unlink each emit one event, only when they change something; both ends are updated', async () => {
    const { rt } = fresh();
    const other = idle(rt);
    await rt.settled();
    const events = record(rt, ['link', 'unlink']);
    const self = await inProcess(rt, async (s: Self) => {
      expect(s.link(other)).toBe(true);
      expect(s.link(other)).toBe(true); // already linked: nothing new
      expect(s.link(s.pid)).toBe(true); // itself: nothing
      const both = [rt.processInfo(s.pid)?.links, rt.processInfo(other)?.links];
      expect(both).toEqual([[other], [s.pid]]);
      expect(s.unlink(other)).toBe(true);
      expect(s.unlink(other)).toBe(true); // not linked any more: nothing
      expect([rt.processInfo(s.pid)?.links, rt.processInfo(other)?.links]).toEqual([[], []]);
      return s.pid;
    });
    expect(events).toEqual([
      { kind: 'link', pid: self, name: null, behaviour: 'plain', other },
      { kind: 'unlink', pid: self, name: null, behaviour: 'plain', other },
    ]);
    rt.send(other, 'stop');
    await rt.settled();
  });

  it('linking a dead pid: NoProcError naming it, or an EXIT noproc from it when trapping; a bad pid is badarg', async () => {
    const { rt } = fresh();
    const dead = rt.spawn(() => undefined);
    await rt.settled();
    const got = await inProcess(rt, async (self) => {
      let thrown: unknown;
      try {
        self.link(dead);
      } catch (e) {
        thrown = e;
      }
      let bad: unknown;
      try {
        self.link('x' as unknown as Pid);
      } catch (e) {
        bad = e;
      }
      self.trapExit(true);
      expect(self.link(dead)).toBe(true);
      return { thrown, bad, msg: await self.receive(null, 0), links: rt.processInfo(self.pid)?.links };
    });
    expect(got.thrown).toBeInstanceOf(NoProcError);
    expect((got.thrown as Error).message).toBe(`link: ${String(dead)} is not alive`);
    expect(got.bad).toBeInstanceOf(BadArgError);
    expect(got.msg).toEqual(new ExitMessage(dead, 'noproc'));
    expect(got.links).toEqual([]);
  });
});

describe('monitors', () => {
  it('DOWN carries the reason the target died with, and each watcher its own ref', async () => {
    const { rt } = fresh();
    const target = idle(rt);
    await rt.settled();
    const a = inProcess(rt, async (self) => {
      const ref = self.monitor(target);
      return { ref, down: await self.receive(isDown) };
    });
    const b = inProcess(rt, async (self) => {
      const ref = self.monitor(target);
      return { ref, down: await self.receive(isDown) };
    });
    await rt.settled();
    rt.exit(target, { custom: 'reason' });
    const [ga, gb] = await Promise.all([a, b]);
    expect(ga.down).toEqual(new DownMessage(ga.ref, target, { custom: 'reason' }));
    expect(gb.down).toEqual(new DownMessage(gb.ref, target, { custom: 'reason' }));
    expect(ga.ref).not.toBe(gb.ref);
  });

  it('monitor and demonitor emit events naming the ref and the target (pid, or [name, node] by name)', async () => {
    const { rt } = fresh();
    const target = rt.spawn(
      async (self) => {
        await self.receive((m) => m === 'stop');
      },
      { name: 'watched' },
    );
    await rt.settled();
    const events = record(rt, ['monitor', 'demonitor']);
    const got = await inProcess(rt, async (self) => {
      const byPid = self.monitor(target);
      const byName = self.monitor('watched');
      const removed = self.demonitor(byName, { info: true });
      const again = self.demonitor(byName, { info: true });
      const plain = self.demonitor(byPid);
      return { pid: self.pid, byPid, byName, removed, again, plain, info: rt.processInfo(target)?.monitoredBy };
    });
    expect([got.removed, got.again, got.plain]).toEqual([true, false, true]);
    expect(got.info).toEqual([]);
    const base = { pid: got.pid, name: null, behaviour: 'plain' };
    expect(events).toEqual([
      { ...base, kind: 'monitor', ref: got.byPid, target },
      { ...base, kind: 'monitor', ref: got.byName, target: ['watched', 'nonode@nohost'] },
      { ...base, kind: 'demonitor', ref: got.byName, target: ['watched', 'nonode@nohost'] },
      { ...base, kind: 'demonitor', ref: got.byPid, target },
    ]);
    rt.send(target, 'stop');
    await rt.settled();
  });

  it('a process monitoring itself gets a ref and no monitor; an unknown or dead target a DOWN noproc at once', async () => {
    const { rt } = fresh();
    const events = record(rt, ['monitor']);
    const got = await inProcess(rt, async (self) => {
      const ref = self.monitor(self.pid);
      return { ref, info: rt.processInfo(self.pid), msg: await self.receive(null, 0) };
    });
    expect(got.ref).toBeInstanceOf(Ref);
    expect(got.info?.monitors).toEqual([]);
    expect(got.info?.monitoredBy).toEqual([]);
    expect(got.msg).toBe(TIMEOUT);
    expect(events).toEqual([]);
    expect(() => rt.monitor(rt.external, 42 as unknown as Pid)).toThrow(BadArgError);
  });

  it('demonitor with flush removes that monitor\'s DOWN only, wherever it is queued, and keeps the order of the rest', async () => {
    const { rt } = fresh();
    const got = await inProcess(rt, async (self) => {
      const [t1, r1] = self.spawnMonitor(async (t) => {
        await t.receive();
      });
      const [t2, r2] = self.spawnMonitor(async (t) => {
        await t.receive();
      });
      self.send(self.pid, 'first');
      rt.exit(t1, 'one');
      self.send(self.pid, 'middle');
      rt.exit(t2, 'two');
      self.send(self.pid, 'last');
      const before = rt.processInfo(self.pid)?.messages;
      const info = self.demonitor(r2, { flush: true, info: true });
      const after = rt.processInfo(self.pid)?.messages;
      // flushing a ref whose DOWN is not queued removes nothing
      self.demonitor(new Ref(), { flush: true });
      const untouched = rt.processInfo(self.pid)?.messages;
      return { before, after, untouched, info, down1: new DownMessage(r1, t1, 'one'), down2: new DownMessage(r2, t2, 'two') };
    });
    expect(got.before).toEqual(['first', got.down1, 'middle', got.down2, 'last']);
    expect(got.after).toEqual(['first', got.down1, 'middle', 'last']);
    expect(got.untouched).toEqual(got.after);
    expect(got.info).toBe(false); // the monitor was already gone (its DOWN had come)
  });

  it('demonitor with flush while a selective receive has scanned past the DOWN still finds the later messages', async () => {
    const { rt } = fresh();
    const got = await inProcess(rt, async (self) => {
      const [t, ref] = self.spawnMonitor(async (c) => {
        await c.receive();
      });
      rt.exit(t, 'gone');
      self.send(self.pid, 'a');
      // scans the DOWN and 'a' without taking them, then takes 'b' when it comes
      const later = self.receive((m) => m === 'b');
      self.send(self.pid, 'b');
      const b = await later;
      self.demonitor(ref, { flush: true });
      return { b, rest: rt.processInfo(self.pid)?.messages };
    });
    expect(got).toEqual({ b: 'b', rest: ['a'] });
  });

  it('demonitor from a process that never monitored anything: true, or false with info', async () => {
    const { rt } = fresh();
    const got = await inProcess(rt, async (self) => [self.demonitor(new Ref()), self.demonitor(new Ref(), { info: true, flush: true })]);
    expect(got).toEqual([true, false]);
  });

  it('the runtime\'s external pid takes no link and no monitor', async () => {
    const { rt } = fresh();
    const got = await inProcess(rt, async (self) => {
      self.link(rt.external.pid);
      const ref = self.monitor(rt.external.pid);
      return { ref, info: rt.processInfo(self.pid) };
    });
    expect(got.ref).toBeInstanceOf(Ref);
    expect(got.info?.links).toEqual([]);
    expect(got.info?.monitors).toEqual([]);
    // and it cannot be killed: calls from outside any process still work
    rt.exit(rt.external.pid, 'kill');
    expect(rt.isAlive(rt.external.pid)).toBe(true);
  });

  it('a DOWN noproc for a dead pid is sent from that pid; for an unknown name from the runtime\'s external pid', async () => {
    const { rt } = fresh();
    const dead = rt.spawn(() => undefined);
    await rt.settled();
    const sends: [unknown, unknown][] = [];
    rt.subscribe((e) => {
      if (e.kind === 'send' && e.message instanceof DownMessage) sends.push([e.pid, e.message.object]);
    });
    const watcher = await inProcess(rt, async (self) => {
      self.monitor(dead);
      self.monitor('nobody');
      return self.pid;
    });
    expect(watcher).toBeDefined();
    expect(sends).toEqual([
      [dead, dead],
      [rt.external.pid, ['nobody', 'nonode@nohost']],
    ]);
  });

  it('a bad ref to demonitor is badarg', async () => {
    const { rt } = fresh();
    const got = await inProcess(rt, async (self) => {
      try {
        self.demonitor('ref' as unknown as Ref);
        return null;
      } catch (e) {
        return e;
      }
    });
    expect(got).toBeInstanceOf(BadArgError);
  });
});

describe('a death, in full', () => {
  it("cancels the timer of the receive it was waiting in: no runtime timer is left pending", async () => {
    const { rt } = fresh();
    const p = rt.spawn(async (self) => {
      await self.receive((m) => m === 'never', 60_000);
    });
    await rt.settled();
    expect(rt.hasPendingTimers()).toBe(true);
    rt.exit(p, 'kill');
    expect(rt.hasPendingTimers()).toBe(false);
  });

  it('frees the name, fails pending monitors of its own, and leaves nothing behind on either side', async () => {
    const { rt } = fresh();
    const target = idle(rt);
    const watcher = idle(rt, true);
    await rt.settled();
    const dying = rt.spawn(
      async (self) => {
        self.link(watcher);
        self.monitor(target);
        await self.receive((m) => m === 'die');
        self.exit('done');
      },
      { name: 'dying' },
    );
    await rt.settled();
    expect(rt.processInfo(target)?.monitoredBy).toEqual([dying]);
    rt.send(dying, 'die');
    await rt.settled();
    expect(rt.whereis('dying')).toBeUndefined();
    expect(rt.processInfo(target)?.monitoredBy).toEqual([]);
    expect(rt.processInfo(watcher)?.links).toEqual([]);
    expect(rt.processInfo(watcher)?.messages).toEqual([new ExitMessage(dying, 'done')]);
    rt.send(target, 'stop');
    rt.send(watcher, 'stop');
    await rt.settled();
  });

  it('chains of links die in order, each with the reason that reached it', async () => {
    const { rt } = fresh();
    const exits = record(rt, ['exit']);
    const c = idle(rt);
    await rt.settled();
    const b = rt.spawn(async (self) => {
      self.link(c);
      await self.receive((m) => m === 'never');
    });
    await rt.settled();
    const a = rt.spawn(async (self) => {
      self.link(b);
      await self.receive();
      throw new Error('a failed');
    });
    await rt.settled();
    rt.send(a, 'go');
    await rt.settled();
    const reasons = exits.map((e) => [e.pid, e.reason instanceof Error ? e.reason.message : e.reason]);
    expect(reasons).toEqual([
      [a, 'a failed'],
      [b, 'a failed'],
      [c, 'a failed'],
    ]);
    expect(isExit(new ExitMessage(a, 'x'))).toBe(true);
  });
});
