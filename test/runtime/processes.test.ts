import { describe, expect, it } from 'vitest';
import {
  DownMessage,
  ExitMessage,
  NoProcError,
  TIMEOUT,
  exit,
  isDown,
  isExit,
  type Pid,
} from '../../runtime/index.ts';
import { deferred, exitReason, fresh, inProcess, watch } from './helpers.ts';

describe('spawn, spawnLink, spawnMonitor', () => {
  it('spawn runs the body once; the process ends normally when it returns', async () => {
    const { rt } = fresh();
    let runs = 0;
    const pid = rt.spawn(() => {
      runs++;
    });
    const reason = exitReason(rt, pid);
    expect(await reason).toBe('normal');
    expect(runs).toBe(1);
    expect(rt.isAlive(pid)).toBe(false);
  });

  it('spawnLink links both ways; spawnMonitor delivers one DOWN with the reason', async () => {
    const { rt } = fresh();
    const got = await inProcess(rt, async (self) => {
      const linked = self.spawnLink(async (child) => {
        await child.receive();
      });
      const links = [rt.processInfo(self.pid)?.links, rt.processInfo(linked)?.links];
      const [mon, ref] = self.spawnMonitor((child) => child.exit('bye'));
      const down = (await self.receive(isDown)) as DownMessage;
      self.send(linked, 'stop');
      return { linked, links, mon, ref, down };
    });
    expect(got.links[0]).toEqual([got.linked]);
    expect(got.links[1]).toHaveLength(1);
    expect(got.down.ref).toBe(got.ref);
    expect(got.down.object).toBe(got.mon);
    expect(got.down.reason).toBe('bye');
  });
});

describe('send and receive', () => {
  it('sends to a pid and to a registered name', async () => {
    const { rt } = fresh();
    const seen = deferred<unknown[]>();
    const pid = rt.spawn(
      async (self) => {
        seen.resolve([await self.receive(), await self.receive()]);
      },
      { name: 'inbox' },
    );
    rt.send(pid, 'by pid');
    rt.send('inbox', 'by name');
    expect(await seen.promise).toEqual(['by pid', 'by name']);
  });

  it('selective receive takes the first match and leaves the others in order', async () => {
    const { rt } = fresh();
    const got = await inProcess(rt, async (self) => {
      for (const m of ['a', 1, 'b', 2, 'c']) self.send(self.pid, m);
      const firstNumber = await self.receive((m) => typeof m === 'number');
      const secondNumber = await self.receive((m) => typeof m === 'number');
      const rest = [await self.receive(), await self.receive(), await self.receive()];
      return { firstNumber, secondNumber, rest };
    });
    expect(got).toEqual({ firstNumber: 1, secondNumber: 2, rest: ['a', 'b', 'c'] });
  });

  it('a matcher sees messages that arrive later, after those it rejected', async () => {
    const { rt } = fresh();
    const result = deferred<unknown[]>();
    const pid = rt.spawn(async (self) => {
      const hit = await self.receive((m) => m === 'wanted');
      result.resolve([hit, await self.receive(), await self.receive()]);
    });
    rt.send(pid, 'x');
    await rt.settled();
    rt.send(pid, 'y');
    rt.send(pid, 'wanted');
    expect(await result.promise).toEqual(['wanted', 'x', 'y']);
  });

  it('receive … after returns TIMEOUT when nothing matches, and the message when one does', async () => {
    const { rt } = fresh();
    const got = await inProcess(rt, async (self) => {
      self.send(self.pid, 'other');
      const timedOut = await self.receive((m) => m === 'never', 5);
      const immediate = await self.receive((m) => m === 'never', 0);
      self.send(self.pid, 'hit');
      const hit = await self.receive((m) => m === 'hit', 1000);
      const left = await self.receive(null, 0);
      return { timedOut, immediate, hit, left };
    });
    expect(got.timedOut).toBe(TIMEOUT);
    expect(got.immediate).toBe(TIMEOUT);
    expect(got.hit).toBe('hit');
    expect(got.left).toBe('other');
  });

  it('keeps per-pair order: each sender’s messages arrive in send order', async () => {
    const { rt } = fresh();
    const got = deferred<unknown[]>();
    const receiver = rt.spawn(async (self) => {
      const all: unknown[] = [];
      for (let i = 0; i < 60; i++) all.push(await self.receive());
      got.resolve(all);
    });
    for (const name of ['a', 'b', 'c']) {
      rt.spawn(async (self) => {
        for (let i = 0; i < 20; i++) {
          self.send(receiver, [name, i]);
          if (i % 3 === 0) await Promise.resolve();
        }
      });
    }
    const all = (await got.promise) as [string, number][];
    for (const name of ['a', 'b', 'c']) {
      expect(all.filter(([n]) => n === name).map(([, i]) => i)).toEqual([...Array(20).keys()]);
    }
  });

  it('a message sent before dying arrives before the DOWN of that death', async () => {
    const { rt } = fresh();
    const got = await inProcess(rt, async (self) => {
      const [, ref] = self.spawnMonitor((child) => {
        child.send(self.pid, 'first');
        child.send(self.pid, 'second');
        child.exit('crash');
      });
      const seen = [await self.receive(), await self.receive(), await self.receive()];
      return { seen, ref };
    });
    expect(got.seen.slice(0, 2)).toEqual(['first', 'second']);
    expect(got.seen[2]).toBeInstanceOf(DownMessage);
    expect(got.seen[2]).toMatchObject({ ref: got.ref, reason: 'crash' });
  });

  it('an async handler takes one message at a time: the next waits until it settles', async () => {
    const { rt } = fresh();
    const log: string[] = [];
    const done = deferred();
    const pid = rt.spawn((self) =>
      self.loop(async (msg) => {
        log.push(`start ${String(msg)}`);
        await new Promise((r) => setImmediate(r));
        log.push(`end ${String(msg)}`);
        if (msg === 3) done.resolve();
      }),
    );
    rt.send(pid, 1);
    rt.send(pid, 2);
    rt.send(pid, 3);
    await done.promise;
    expect(log).toEqual(['start 1', 'end 1', 'start 2', 'end 2', 'start 3', 'end 3']);
    rt.exit(pid as Pid, 'kill'); // what this test started
  });
});

describe('exit signals (exit/2)', () => {
  function sleeper(rt: ReturnType<typeof fresh>['rt'], trap = false): Pid {
    return rt.spawn(
      async (self) => {
        await self.receive((m) => m === 'never');
      },
      { trapExit: trap },
    );
  }

  it('normal is ignored by a process that does not trap exits', async () => {
    const { rt } = fresh();
    const pid = sleeper(rt);
    exit(pid, 'normal');
    await rt.settled();
    expect(rt.isAlive(pid)).toBe(true);
    rt.exit(pid as Pid, 'kill'); // what this test started
  });

  it('normal arrives as an EXIT message at a trapping process', async () => {
    const { rt } = fresh();
    const got = await inProcess(rt, async (self) => {
      self.trapExit(true);
      const sender = self.spawn((s) => s.exitSignal(self.pid, 'normal'));
      return { msg: await self.receive(isExit), sender };
    });
    expect(got.msg).toBeInstanceOf(ExitMessage);
    expect(got.msg).toMatchObject({ from: got.sender, reason: 'normal' });
  });

  it('kill ends even a trapping process, with reason killed', async () => {
    const { rt } = fresh();
    const pid = sleeper(rt, true);
    const reason = exitReason(rt, pid);
    exit(pid, 'kill');
    expect(await reason).toBe('killed');
  });

  it('shutdown and {shutdown, T} end a process with that reason', async () => {
    const { rt } = fresh();
    const a = sleeper(rt);
    const b = sleeper(rt);
    const ra = exitReason(rt, a);
    const rb = exitReason(rt, b);
    exit(a, 'shutdown');
    exit(b, ['shutdown', 'maintenance']);
    expect(await ra).toBe('shutdown');
    expect(await rb).toEqual(['shutdown', 'maintenance']);
  });

  it('exit(self(), normal) ends the process itself', async () => {
    const { rt } = fresh();
    let after = false;
    const pid = rt.spawn((self) => {
      self.exitSignal(self.pid, 'normal');
      after = true;
    });
    expect(await exitReason(rt, pid)).toBe('normal');
    expect(after).toBe(false);
  });

  it('a thrown Error, a rejected promise and self.exit(r) become the exit reason as they are', async () => {
    const { rt } = fresh();
    const boom = new Error('boom');
    const later = new Error('later');
    const sync = rt.spawn(() => {
      throw boom;
    });
    const async = rt.spawn(async (self) => {
      await self.receive(null, 1);
      throw later;
    });
    const viaExit = rt.spawn((self) => self.exit(['my', 'reason']));
    const reasons = await Promise.all([exitReason(rt, sync), exitReason(rt, async), exitReason(rt, viaExit)]);
    expect(reasons[0]).toBe(boom);
    expect(reasons[1]).toBe(later);
    expect(reasons[2]).toEqual(['my', 'reason']);
  });
});

describe('links', () => {
  it('an abnormal exit takes linked processes down with the same reason; normal does not', async () => {
    const { rt } = fresh();
    const got = await inProcess(rt, async (self) => {
      self.trapExit(true);
      const middle = self.spawnLink(async (m) => {
        m.spawnLink((leaf) => leaf.exit('leaf failed'));
        await m.receive((x) => x === 'never');
      });
      const exitMsg = (await self.receive(isExit)) as ExitMessage;
      const normalChild = self.spawnLink(() => undefined);
      const normalExit = (await self.receive(isExit)) as ExitMessage;
      return { middle, exitMsg, normalChild, normalExit };
    });
    expect(got.exitMsg).toMatchObject({ from: got.middle, reason: 'leaf failed' });
    expect(got.normalExit).toMatchObject({ from: got.normalChild, reason: 'normal' });
  });

  it('unlink removes the link on both sides', async () => {
    const { rt } = fresh();
    const survived = await inProcess(rt, async (self) => {
      const child = self.spawnLink(async (c) => {
        await c.receive();
        c.exit('crash');
      });
      self.unlink(child);
      const links = rt.processInfo(child)?.links;
      self.send(child, 'go');
      const { down } = await watch(rt, child);
      await down;
      return { links, alive: rt.isAlive(self.pid) };
    });
    expect(survived).toEqual({ links: [], alive: true });
  });

  it('a killed process propagates killed; a process exiting with kill propagates a trappable kill', async () => {
    const { rt } = fresh();
    const got = await inProcess(rt, async (self) => {
      self.trapExit(true);
      const victim = self.spawnLink(async (c) => {
        await c.receive();
      });
      exit(victim, 'kill');
      const first = (await self.receive(isExit)) as ExitMessage;
      self.spawnLink((c) => c.exit('kill'));
      const second = (await self.receive(isExit)) as ExitMessage;
      return { first: first.reason, second: second.reason };
    });
    expect(got).toEqual({ first: 'killed', second: 'kill' });
  });

  it('link to a dead pid throws NoProcError, or gives EXIT noproc when trapping', async () => {
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
      self.trapExit(true);
      self.link(dead);
      return { thrown, msg: await self.receive(isExit) };
    });
    expect(got.thrown).toBeInstanceOf(NoProcError);
    expect(got.msg).toMatchObject({ from: dead, reason: 'noproc' });
  });
});

describe('monitors', () => {
  it('demonitor before death: no DOWN ever arrives', async () => {
    const { rt } = fresh();
    const got = await inProcess(rt, async (self) => {
      const target = self.spawn(async (t) => {
        await t.receive();
        t.exit('x');
      });
      const ref = self.monitor(target);
      const removed = self.demonitor(ref, { info: true });
      self.send(target, 'die');
      const { down } = await watch(rt, target);
      await down;
      return { removed, msg: await self.receive(isDown, 0) };
    });
    expect(got.removed).toBe(true);
    expect(got.msg).toBe(TIMEOUT);
  });

  it('demonitor with flush drops a DOWN already queued', async () => {
    const { rt } = fresh();
    const got = await inProcess(rt, async (self) => {
      const [target, ref] = self.spawnMonitor(async (t) => {
        await t.receive();
      });
      self.send(self.pid, 'before');
      exit(target, 'kill');
      self.send(self.pid, 'after');
      const queued = rt.processInfo(self.pid)?.messageQueueLen;
      const info = self.demonitor(ref, { flush: true, info: true });
      return { queued, info, after: rt.processInfo(self.pid)?.messages };
    });
    // the DOWN, not the oldest message, is the one dropped
    expect(got).toEqual({ queued: 3, info: false, after: ['before', 'after'] });
  });

  it('delivers DOWN exactly once, even when the target is signalled again', async () => {
    const { rt } = fresh();
    const downs = await inProcess(rt, async (self) => {
      const [target] = self.spawnMonitor(async (t) => {
        await t.receive();
      });
      exit(target, 'shutdown');
      exit(target, 'kill');
      const all: unknown[] = [];
      for (;;) {
        const m = await self.receive(isDown, 20);
        if (m === TIMEOUT) break;
        all.push(m);
      }
      return all;
    });
    expect(downs).toHaveLength(1);
    expect(downs[0]).toMatchObject({ reason: 'shutdown' });
  });

  it('monitoring a dead pid or an unknown name gives DOWN noproc at once', async () => {
    const { rt } = fresh();
    const dead = rt.spawn(() => undefined);
    await rt.settled();
    const got = await inProcess(rt, async (self) => {
      const r1 = self.monitor(dead);
      const r2 = self.monitor('nobody_here');
      return { r1, r2, d1: await self.receive(isDown, 0), d2: await self.receive(isDown, 0) };
    });
    expect(got.d1).toMatchObject({ ref: got.r1, object: dead, reason: 'noproc' });
    expect(got.d2).toMatchObject({ ref: got.r2, object: ['nobody_here', 'nonode@nohost'], reason: 'noproc' });
  });

  it('a monitor by name reports [name, node] as the object', async () => {
    const { rt } = fresh();
    const target = rt.spawn(
      async (self) => {
        await self.receive();
      },
      { name: 'named' },
    );
    const { down } = await watch(rt, 'named');
    exit(target, 'bye');
    expect(await down).toMatchObject({ object: ['named', 'nonode@nohost'], reason: 'bye' });
  });
});
