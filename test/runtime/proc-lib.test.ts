import { describe, expect, it } from 'vitest';
import { TIMEOUT, events, isExit, ofKind, procLib, tuple, type LogEvent, type Pid, type Self, type SysEvent } from '../../runtime/index.ts';
import { exitReason, inProcess, useDefaultRuntime } from './helpers.ts';

type CrashReport = procLib.CrashReport;

// procLib.spawn without a `runtime` option acts on runtime(): each test gets a fresh one
const current = useDefaultRuntime();

/** A child body that acks `value` and then waits for 'stop'. */
function acking(value: unknown) {
  return async function acker(self: Self): Promise<void> {
    procLib.initAck(self, value);
    await self.receive((m) => m === 'stop');
  };
}

describe('synchronous start', () => {
  it('start resolves with the initAck value, after init ran, without a link', async () => {
    const order: string[] = [];
    const got = await inProcess(current.rt, async (self) => {
      const value = await procLib.start(
        async (child) => {
          order.push('init');
          await child.receive(null, 1);
          procLib.initAck(child, ['ok', child.pid]);
          order.push('after ack');
          await child.receive();
        },
        { caller: self },
      );
      order.push('started');
      return { value, links: current.rt.processInfo(self.pid)?.links };
    });
    const [tag, child] = got.value as [string, Pid];
    expect(tag).toBe('ok');
    expect(current.rt.isAlive(child)).toBe(true);
    expect(got.links).toEqual([]);
    expect(order.slice(0, 2)).toEqual(['init', 'after ack']);
    current.rt.exit(child, 'kill'); // what this test started
  });

  it('startLink links the child to the caller', async () => {
    const got = await inProcess(current.rt, async (self) => {
      const body = async (c: Self): Promise<void> => {
        procLib.initAck(c, tuple('ok', c.pid));
        await c.receive();
      };
      const [, child] = (await procLib.startLink(body, { caller: self })) as [string, Pid];
      return { child, links: current.rt.processInfo(self.pid)?.links };
    });
    expect(got.links).toEqual([got.child]);
    current.rt.exit(got.child, 'kill'); // what this test started
  });

  it('works from outside any process (the external pid waits; nothing to link)', async () => {
    expect(await procLib.startLink(acking('ready'), { runtime: current.rt })).toBe('ready');
    for (const pid of current.rt.processes()) current.rt.send(pid, 'stop'); // the acker, which knows no other way to end
    await current.rt.settled();
  });

  it('times out: ["error", "timeout"], the child is killed and the unlinked caller gets no EXIT', async () => {
    let child: Pid | null = null;
    const got = await inProcess(current.rt, async (self) => {
      self.trapExit(true);
      const result = await procLib.startLink(
        async (c) => {
          child = c.pid;
          await c.receive((m) => m === 'never');
        },
        { caller: self, timeout: 10 },
      );
      return { result, exitMsg: await self.receive(isExit, 20) };
    });
    expect(got.result).toEqual(['error', 'timeout']);
    expect(got.exitMsg).toBe(TIMEOUT);
    expect(child).not.toBeNull();
    expect(current.rt.isAlive(child as unknown as Pid)).toBe(false);
  });

  it('init failure: the child acks ["error", R] and exits; start gives that value', async () => {
    let child: Pid | null = null;
    const result = await procLib.start(
      (c) => {
        child = c.pid;
        procLib.initAck(c, tuple('error', 'bad_config'));
        c.exit('bad_config');
      },
      { runtime: current.rt },
    );
    expect(result).toEqual(['error', 'bad_config']);
    expect(current.rt.isAlive(child as unknown as Pid)).toBe(false);
  });

  it('init crash with a trapping caller: ["error", reason] and the EXIT consumed', async () => {
    const boom = new Error('init crashed');
    const got = await inProcess(current.rt, async (self) => {
      self.trapExit(true);
      const result = await procLib.startLink(
        () => {
          throw boom;
        },
        { caller: self },
      );
      await Promise.resolve();
      return { result, exitMsg: await self.receive(isExit, 20) };
    });
    expect(got.result).toEqual(['error', boom]);
    expect(got.exitMsg).toBe(TIMEOUT);
  });

  it('init crash with a caller that does not trap exits takes the caller down (the link)', async () => {
    const caller = current.rt.spawn(async (self) => {
      await procLib.startLink((c) => c.exit('init_failed'), { caller: self });
      await self.receive();
    });
    expect(await exitReason(current.rt, caller)).toBe('init_failed');
  });

  it('a start with a non-function body rejects with BadArgError', async () => {
    await expect(procLib.start(42 as unknown as () => void, { runtime: current.rt })).rejects.toMatchObject({ name: 'BadArgError' });
  });
});

describe('initial call and ancestors', () => {
  it('records the initial call (body name or option) and the chain of ancestors, names preferred', async () => {
    const got = await inProcess(current.rt, async (self) => {
      self.register('grandparent');
      const [parentPid, child] = (await procLib.start(
        async function parentBody(parent: Self) {
          const c = procLib.spawn(async (x) => void (await x.receive()), { initialCall: 'child:init/1' });
          procLib.initAck(parent, [parent.pid, c]);
          await parent.receive();
        },
        { caller: self },
      )) as [Pid, Pid];
      return { parentPid, child };
    });
    expect(procLib.initialCall(got.parentPid)).toBe('parentBody');
    expect(procLib.initialCall(got.child)).toBe('child:init/1');
    expect(current.rt.processInfo(got.parentPid)?.ancestors).toEqual(['grandparent']);
    expect(current.rt.processInfo(got.child)?.ancestors).toEqual([got.parentPid, 'grandparent']);
    expect(current.rt.processInfo(got.child)?.parent).toBe(got.parentPid);
    for (const pid of [got.child, got.parentPid]) current.rt.exit(pid, 'kill'); // what this test started
  });

  it('initialCall of a process not started by procLib is false', () => {
    expect(procLib.initialCall(current.rt.spawn(() => undefined))).toBe(false);
  });
});

describe('crash reports', () => {
  it('reports reason, stack, initial call, ancestors, queued messages and links to a custom logger and the stream', async () => {
    const custom: LogEvent[] = [];
    current.rt.setLogger((e) => custom.push(e));
    const streamed: SysEvent[] = [];
    events(current.rt)
      .pipe(ofKind('crash-report'))
      .subscribe((e) => streamed.push(e));
    const boom = new Error('boom');
    const got = await inProcess(current.rt, async (self) => {
      self.register('starter');
      self.trapExit(true);
      const friend = self.spawn(async (f) => void (await f.receive()));
      const crasher = procLib.spawnLink(
        async function worker(w: Self) {
          w.register('worker');
          w.link(friend);
          w.send(w.pid, 'pending 1');
          w.send(w.pid, ['pending', 2]);
          await w.receive((m) => m === 'go');
          throw boom;
        },
      );
      self.send(crasher, 'go');
      await self.receive(isExit);
      return { crasher, friend };
    });
    const reports = custom.filter((l) => l.label === 'proc_lib:crash');
    expect(reports).toHaveLength(1);
    expect(current.logs).toEqual([]);
    expect(reports[0].level).toBe('error');
    const report = reports[0].report as CrashReport;
    expect(report.pid).toBe(got.crasher);
    expect(report.initialCall).toBe('worker');
    expect(report.registeredName).toBe('worker');
    expect(report.errorInfo.class).toBe('error');
    expect(report.errorInfo.reason).toBe(boom);
    // the stack is its frames under the error's class: the message (data, maybe) is in the reason only
    expect(report.errorInfo.stack?.split('\n')[0]).toBe('Error');
    expect(report.errorInfo.stack).toContain('proc-lib.test.ts');
    expect(report.errorInfo.stack).not.toContain('boom');
    expect(report.ancestors).toEqual(['starter']);
    expect(report.messageQueueLen).toBe(2);
    expect(report.messages).toEqual(['pending 1', ['pending', 2]]);
    expect(report.links).toHaveLength(2);
    expect(report.links).toContain(got.friend);
    expect(report.trapExit).toBe(false);
    expect(streamed).toHaveLength(1);
    expect(streamed[0]).toMatchObject({ kind: 'crash-report', label: 'proc_lib:crash', pid: got.crasher, report });
  });

  it('classes exit and throw; no report for normal, shutdown, {shutdown, T} or a kill from outside', async () => {
    const pids = [
      procLib.spawn((s) => s.exit('custom'), { runtime: current.rt }),
      procLib.spawn(
        () => {
          throw 'just a string';
        },
        { runtime: current.rt },
      ),
      procLib.spawn(() => undefined, { runtime: current.rt }),
      procLib.spawn((s) => s.exit('shutdown'), { runtime: current.rt }),
      procLib.spawn((s) => s.exit(['shutdown', 'done']), { runtime: current.rt }),
      procLib.spawn(async (s) => void (await s.receive()), { runtime: current.rt }),
    ];
    const reasons = pids.map((p) => exitReason(current.rt, p));
    await current.rt.settled();
    current.rt.exit(pids[5], 'kill');
    await Promise.all(reasons);
    const reports = current.logs.filter((l) => l.label === 'proc_lib:crash').map((l) => l.report as CrashReport);
    expect(reports.map((r) => [r.pid, r.errorInfo.class])).toEqual([
      [pids[0], 'exit'],
      [pids[1], 'throw'],
    ]);
    expect(reports[0].errorInfo.reason).toBe('custom');
    // OTP: an uncaught throw(V) ends the process with {nocatch, V}
    expect(reports[1].errorInfo.reason).toMatchObject({ reason: ['nocatch', 'just a string'] });
  });
});
