/**
 * Faults stay where they happen: a formatStatus that throws, a terminate whose
 * hooks throw or whose reason is hard to describe, the code of a killed
 * process that goes on after an await, what a dead process keeps, and
 * garbage arguments.
 */
import { describe, expect, it } from 'vitest';
import {
  BadArgError,
  CallError,
  GenServer,
  ProcessExit,
  Supervisor,
  cancelTimer,
  exit,
  isAlive,
  makeRef,
  processInfo,
  readTimer,
  register,
  send,
  sys,
  tuple,
  whereis,
  type Pid,
  type Self,
} from '../../runtime/index.ts';
import { Queue } from '../../runtime/kernel/queue.ts';
import { deferred, fresh, inProcess, watch } from './helpers.ts';

describe('a formatStatus that throws', () => {
  it('does not kill the server: getStatus answers with OTP\'s "Mod:format_status/2 crashed" in place of the state', async () => {
    const { rt } = fresh();
    const s = GenServer.okPid(
      await GenServer.start(
        {
          name: 'vault',
          init: () => ['ok', { pin: '1234' }],
          formatStatus() {
            throw new Error('format failed');
          },
        },
        undefined,
        { runtime: rt },
      ),
    );
    const st = await sys.getStatus(s);
    expect(rt.isAlive(s)).toBe(true);
    expect(st.misc).toContainEqual(tuple('data', [tuple('State', 'vault:format_status/2 crashed')]));
    expect(JSON.stringify(st.misc)).not.toContain('1234');
    rt.exit(s, 'kill');
  });
});

describe('terminate always finishes', () => {
  it('with a reason that cannot be printed, every pending call fails, stop returns and monitors fire', async () => {
    const { rt } = fresh();
    // no prototype (no toString) and a cycle: JSON.stringify and String both throw on it
    const reason = Object.create(null) as Record<string, unknown>;
    reason.self = reason;
    const gate = deferred();
    const s = GenServer.okPid(
      await GenServer.start(
        {
          init: () => ['ok', 0],
          async handleCall(req, _from, st, self) {
            if (req === 'die') {
              await gate.promise;
              return self.exit(reason);
            }
            return ['reply', 'ok', st];
          },
        },
        undefined,
        { runtime: rt },
      ),
    );
    const { down } = await watch(rt, s);
    const dying = GenServer.call(s, 'die').catch((e: unknown) => e);
    const waiting = [1, 2, 3].map(() => GenServer.call(s, 'x', Infinity).catch((e: unknown) => e));
    const stopped = GenServer.stop(s, 'normal').catch((e: unknown) => e);
    await rt.settled();
    gate.resolve();
    const [first, ...rest] = await Promise.all([dying, ...waiting]);
    for (const e of [first, ...rest]) {
      expect(e).toBeInstanceOf(CallError);
      expect((e as CallError).reason).toBe(reason);
      expect((e as CallError).message).toBe('gen_server.call failed: <map>');
    }
    expect(((await stopped) as ProcessExit).reason).toBe(reason);
    expect((await down).reason).toBe(reason);
  });

  it('an exit hook that throws is logged and the rest of the death goes on', async () => {
    const { rt, logs } = fresh();
    const p = rt.spawn((self) => self.loop(() => undefined));
    const later: unknown[] = [];
    (p.proc.exitWaiters ??= []).push(() => {
      throw new Error('hook bug');
    });
    (p.proc.exitWaiters ??= []).push((r) => later.push(r));
    const { down } = await watch(rt, p);
    rt.exit(p, 'kill');
    expect(later).toEqual(['killed']);
    expect((await down).reason).toBe('killed');
    const failed = logs.filter((l) => l.label === 'exit_hook_failed');
    expect(failed).toHaveLength(1);
    expect(failed[0]).toMatchObject({ level: 'error', report: { pid: p, error: new Error('hook bug') } });
    expect(String((failed[0].report as { stack?: unknown }).stack).split('\n')[0]).toBe('Error');
  });

  it("a process's own exit hook that throws is logged the same way, and the waiters still run", async () => {
    const { rt, logs } = fresh();
    const p = rt.spawn((self) => self.loop(() => undefined));
    const seen: unknown[] = [];
    p.proc.exitHook = (r) => {
      seen.push(['hook', r]);
      throw new Error('own hook bug');
    };
    (p.proc.exitWaiters ??= []).push((r) => seen.push(['waiter', r]));
    rt.exit(p, 'shutdown');
    expect(seen).toEqual([
      ['hook', 'shutdown'],
      ['waiter', 'shutdown'],
    ]);
    expect(logs.filter((l) => l.label === 'exit_hook_failed').map((l) => l.report)).toEqual([
      expect.objectContaining({ pid: p, error: new Error('own hook bug') }),
    ]);
  });
  it('a crash hook that throws is logged as crash_hook_failed, and the process dies with the reason its code gave', async () => {
    const { rt, logs } = fresh();
    // the hook's error leaves through the crash-report site
    rt.setRedactor((v, site) => (v instanceof Error && v.message === 'crash hook bug' ? `${site}: ${v.message}` : v));
    const p = rt.spawn(async (self) => {
      await self.receive((m) => m === 'crash');
      throw new Error('boom');
    });
    const seen: unknown[] = [];
    p.proc.crashHook = (thrown, reason) => {
      seen.push(thrown, reason);
      throw new Error('crash hook bug');
    };
    const { down } = await watch(rt, p);
    rt.send(p, 'crash');
    const reason = (await down).reason;
    expect(seen).toEqual([new Error('boom'), reason]);
    expect(rt.isAlive(p)).toBe(false);
    expect(logs.filter((l) => l.label === 'crash_hook_failed').map((l) => [l.level, l.report])).toEqual([
      ['error', expect.objectContaining({ pid: p, error: 'crash-report: crash hook bug' })],
    ]);
  });
});

describe('a dead process runs no code that matters', () => {
  it('after a kill, its code resuming from an await cannot spawn, link, monitor or register; its sends are dropped', async () => {
    const { rt } = fresh();
    const gate = deferred();
    const tried: Record<string, unknown> = {};
    const bystander = rt.spawn((self) => self.loop(() => undefined));
    const zombie = rt.spawn(async (self) => {
      await gate.promise;
      const attempt = (what: string, f: () => unknown): void => {
        try {
          tried[what] = f();
        } catch (e) {
          tried[what] = e;
        }
      };
      attempt('spawnLink', () => self.spawnLink((c) => c.loop(() => undefined)));
      attempt('spawn', () => self.spawn((c) => c.loop(() => undefined)));
      attempt('link', () => self.link(bystander));
      attempt('monitor', () => self.monitor(bystander));
      attempt('register', () => self.register('zombie'));
      attempt('unlink', () => self.unlink(bystander));
      attempt('demonitor', () => self.demonitor(makeRef()));
      attempt('exitSignal', () => self.exitSignal(bystander, 'kill'));
      attempt('send', () => self.send(bystander, 'brains'));
      attempt('call', () => GenServer.call(bystander, 'x', { caller: self }).catch((e: unknown) => e));
    });
    await rt.settled();
    rt.exit(zombie, 'kill');
    gate.resolve();
    await rt.settled();
    for (const what of ['spawnLink', 'spawn', 'link', 'monitor', 'register', 'unlink', 'demonitor', 'exitSignal']) {
      expect(tried[what], what).toBeInstanceOf(ProcessExit);
      expect((tried[what] as ProcessExit).reason).toBe('killed');
    }
    expect(await tried.call).toBeInstanceOf(ProcessExit);
    expect(tried.send).toBeUndefined();
    expect(rt.processes()).toEqual([bystander]);
    expect(rt.processInfo(bystander)?.links).toEqual([]);
    expect(rt.processInfo(bystander)?.monitoredBy).toEqual([]);
    expect(rt.processInfo(bystander)?.messageQueueLen).toBe(0);
    expect(rt.isAlive(bystander)).toBe(true);
    expect(rt.whereis('zombie')).toBeUndefined();
    rt.exit(bystander, 'kill');
  });
});

describe('a dead process releases what it held', () => {
  it('its state, mailbox storage and debug options go; its pid keeps the exit reason', async () => {
    const { rt } = fresh();
    const s = GenServer.okPid(
      await GenServer.start({ init: () => ['ok', new Array(100_000).fill('x')], handleCast: (_m, st) => ['noreply', st] }, undefined, { runtime: rt }),
    );
    await sys.log(s, { n: 50 });
    await sys.suspend(s);
    for (let i = 0; i < 5000; i++) GenServer.cast(s, i);
    expect(s.proc.mailbox.capacity).toBeGreaterThanOrEqual(5000);
    rt.exit(s, 'kill');
    expect(s.proc.special).toBeNull();
    expect(s.proc.debug).toBeNull();
    expect(s.proc.mailbox.capacity).toBe(0);
    expect(s.proc.exitReason).toBe('killed');
  });

  it('a mailbox ring shrinks after a burst', () => {
    const q = new Queue<number>(0);
    for (let i = 0; i < 10_000; i++) q.push(i);
    expect(q.capacity).toBe(16_384);
    for (let i = 0; i < 9_990; i++) expect(q.shift()).toBe(i);
    expect(q.capacity).toBeLessThanOrEqual(64);
    expect(q.toArray()).toEqual([9990, 9991, 9992, 9993, 9994, 9995, 9996, 9997, 9998, 9999]);
    for (let i = 0; i < 100; i++) q.push(i);
    expect(q.length).toBe(110);
    expect(q.at(10)).toBe(0);
  });

  it('removing from the middle of a big ring shrinks it too, keeping the order', () => {
    const q = new Queue<number>(0);
    for (let i = 0; i < 256; i++) q.push(i);
    for (let i = 0; i < 250; i++) q.removeAt(1);
    expect(q.toArray()).toEqual([0, 251, 252, 253, 254, 255]);
    expect(q.capacity).toBeLessThanOrEqual(64);
  });
});

describe('garbage arguments get a BadArgError saying what was wrong', () => {
  const cases: [string, () => unknown, RegExp][] = [
    ['exit', () => exit('x' as unknown as Pid, 'kill'), /exit: expected a pid, got atom/],
    ['isAlive', () => isAlive(42 as unknown as Pid), /isAlive: expected a pid, got number/],
    ['register', () => register('n', 'notapid' as unknown as Pid), /register: expected a pid, got atom/],
    ['processInfo', () => processInfo(42 as unknown as Pid), /processInfo: expected a pid, got number/],
    ['whereis', () => whereis(42 as unknown as string), /whereis: expected a name/],
    ['send', () => send(42 as unknown as Pid, 'hi'), /send: expected a pid, a registered name, \{ via, name \} or \{ global \}, got number/],
    ['cancelTimer', () => cancelTimer('x' as never), /cancelTimer: expected a reference, got atom/],
    ['readTimer', () => readTimer({} as never), /readTimer: expected a reference, got map/],
  ];
  for (const [name, f, message] of cases) {
    it(name, () => {
      expect(f).toThrow(BadArgError);
      expect(f).toThrow(message);
    });
  }

  it("a process's own link, unlink, monitor, demonitor and trapExit", async () => {
    const { rt } = fresh();
    const errors = await inProcess(rt, (self: Self) =>
      [
        () => self.link('garbage' as unknown as Pid),
        () => self.unlink(null as unknown as Pid),
        () => self.monitor(42 as unknown as Pid),
        () => self.demonitor('x' as never),
        () => self.trapExit('yes' as unknown as boolean),
      ].map((f) => {
        try {
          f();
          return null;
        } catch (e) {
          return e;
        }
      }),
    );
    expect(errors.map((e) => (e instanceof BadArgError ? e.message : e))).toEqual([
      'link: expected a pid, got atom',
      'unlink: expected a pid, got null',
      'monitor: expected a pid, a registered name, { via, name } or { global }, got number',
      'demonitor: expected a reference, got atom',
      'trapExit: expected true or false, got atom',
    ]);
  });

  it('sys.log with a count that is not a positive integer answers unknown_debug (as OTP) and logging still works', async () => {
    const { rt } = fresh();
    const s = GenServer.okPid(await GenServer.start({ init: () => ['ok', 0], handleCast: (_m, st) => ['noreply', st + 1] }, undefined, { runtime: rt }));
    for (const n of [Number.NaN, Infinity, 0, -2, 2.5]) expect(await sys.log(s, { n })).toBe('unknown_debug');
    expect(await sys.log(s, { n: 2 })).toBe('ok');
    for (let i = 0; i < 3; i++) GenServer.cast(s, i);
    const logged = await sys.log(s, 'get');
    expect(logged.map((e) => e.kind)).toEqual(['in', 'noreply']);
    rt.exit(s, 'kill');
  });

  it('a child start returning ok with something not a pid is an error, as OTP: {error, {What, Child}}', async () => {
    const { rt } = fresh();
    const sup = GenServer.okPid(await Supervisor.start({ init: () => ['ok', {}, []] }, undefined, { runtime: rt }));
    const r = (await Supervisor.startChild(sup, { id: 'c', start: () => ['ok', 'notapid' as unknown as Pid] })) as readonly unknown[];
    expect(r[0]).toBe('error');
    expect((r[1] as readonly unknown[])[0]).toEqual(['ok', 'notapid']);
    expect(await Supervisor.whichChildren(sup)).toEqual([]);
    expect(rt.isAlive(sup)).toBe(true);
    rt.exit(sup, 'kill');
  });
});
