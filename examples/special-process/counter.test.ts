import { afterEach, describe, expect, it } from 'vitest';
import {
  CallbackFailedError,
  Runtime,
  eventsOf,
  isDown,
  procLib,
  setTraceSink,
  sys,
  type LogEvent,
  type Pid,
  type Self,
  type SysEvent,
} from '../../runtime/index.ts';
import { COUNTER_BEHAVIOUR, count, okCounter, startCounter, startCounterLink } from './counter.ts';

function fresh(): { rt: Runtime; logs: LogEvent[] } {
  const logs: LogEvent[] = [];
  return { rt: new Runtime({ logger: (e) => logs.push(e) }), logs };
}

async function started(rt: Runtime, initial = 0): Promise<Pid> {
  return okCounter(await startCounter({ runtime: rt, initial }));
}

/** Runs `fn` inside a fresh process and resolves with its result. */
function inProcess<T>(rt: Runtime, fn: (self: Self) => Promise<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    rt.spawn(async (self) => {
      try {
        resolve(await fn(self));
      } catch (e) {
        reject(e);
      }
    });
  });
}

let restoreSink: ((line: string) => void) | null = null;
afterEach(() => {
  if (restoreSink !== null) setTraceSink(restoreSink);
  restoreSink = null;
});

describe('the hand-written counter', () => {
  it('starts synchronously as a proc_lib process with behaviour special', async () => {
    const { rt } = fresh();
    const pid = await started(rt, 5);
    const info = rt.processInfo(pid);
    expect(info?.behaviour).toBe(COUNTER_BEHAVIOUR);
    expect(info?.initialCall).toBe('counter:init/1');
    expect(procLib.initialCall(pid)).toBe('counter:init/1');
    expect(await inProcess(rt, (self) => count(self, pid))).toBe(5);
  });

  it('answers getState and replaceState, and keeps counting from the replaced state', async () => {
    const { rt } = fresh();
    const pid = await started(rt);
    rt.send(pid, 'inc');
    rt.send(pid, ['add', 4]);
    expect(await sys.getState(pid)).toBe(5);
    expect(await sys.replaceState<number>(pid, (n) => n * 10)).toBe(50);
    rt.send(pid, 'inc');
    expect(await sys.getState(pid)).toBe(51);
  });

  it('refuses a bad replaceState with callback_failed and keeps its state', async () => {
    const { rt } = fresh();
    const pid = await started(rt, 3);
    const err = await sys.replaceState(pid, () => 'three' as unknown as number).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CallbackFailedError);
    expect((err as CallbackFailedError).reason).toMatchObject(['callback_failed', ['counter', 'system_replace_state'], ['error', expect.any(TypeError)]]);
    expect(await sys.getState(pid)).toBe(3);
  });

  it('queues ordinary messages while suspended, answers sys, and handles them in order after resume', async () => {
    const { rt } = fresh();
    const pid = await started(rt);
    await sys.suspend(pid);
    rt.send(pid, 'inc');
    rt.send(pid, ['add', 10]);
    await rt.settled();
    expect(rt.processInfo(pid)?.messageQueueLen).toBe(2);
    expect(await sys.getState(pid)).toBe(0);
    expect((await sys.getStatus(pid)).status).toBe('suspended');
    await sys.resume(pid);
    expect(await sys.getState(pid)).toBe(11);
    expect(rt.processInfo(pid)?.messageQueueLen).toBe(0);
  });

  it('reports its status through formatStatus', async () => {
    const { rt } = fresh();
    const pid = await started(rt, 7);
    const status = await sys.getStatus(pid);
    expect(status.module).toBe('counter');
    expect(status.status).toBe('running');
    expect(status.misc).toEqual([
      ['header', `Status for counter ${String(pid)}`],
      ['data', [['Status', 'running'], ['Count', 7]]],
    ]);
    expect(status.dictionary).toContainEqual(['$initial_call', 'counter:init/1']);
  });

  it('counts messages in and out with statistics', async () => {
    const { rt } = fresh();
    const pid = await started(rt);
    await sys.statistics(pid, true);
    rt.send(pid, 'inc');
    rt.send(pid, 'inc');
    await inProcess(rt, (self) => count(self, pid));
    const stats = await sys.statistics(pid, 'get');
    expect(stats).toMatchObject({ messagesIn: 3, messagesOut: 1 });
    await sys.statistics(pid, false);
    expect(await sys.statistics(pid, 'get')).toBe('no_statistics');
  });

  it('logs its debug events: the last N, oldest first', async () => {
    const { rt } = fresh();
    const pid = await started(rt);
    await sys.log(pid, { n: 3 });
    rt.send(pid, 'inc');
    rt.send(pid, ['add', 2]);
    await sys.getState(pid);
    const logged = await sys.log(pid, 'get');
    // inc → in, noreply(1); add → in, noreply(3): the last 3
    expect(logged.map((e) => e.kind)).toEqual(['noreply', 'in', 'noreply']);
    expect(logged.map((e) => (e.kind === 'noreply' ? e.state : e.kind === 'in' ? e.message : null))).toEqual([1, ['add', 2], 3]);
  });

  it('prints *DBG* lines with trace', async () => {
    const { rt } = fresh();
    const lines: string[] = [];
    restoreSink = setTraceSink((l) => lines.push(l));
    const pid = await started(rt);
    await sys.trace(pid, true);
    rt.send(pid, 'inc');
    rt.send(pid, 'bogus');
    await sys.trace(pid, false);
    rt.send(pid, 'inc');
    await sys.getState(pid);
    expect(lines).toEqual([
      `*DBG* ${String(pid)} got inc`,
      `*DBG* ${String(pid)} new state 1`,
      `*DBG* ${String(pid)} got bogus`,
      `*DBG* ${String(pid)} {unexpected,bogus}`,
    ]);
  });

  it('takes debug options at start', async () => {
    const { rt } = fresh();
    const pid = okCounter(await startCounter({ runtime: rt, debug: ['statistics', ['log', 5]] }));
    rt.send(pid, 'inc');
    expect((await sys.getStatus(pid)).debug).toEqual(['log', 'statistics']);
    expect(await sys.statistics(pid, 'get')).toMatchObject({ messagesIn: 1 });
  });

  it('emits exactly one in event per ordinary message on eventsOf(pid), and none for system messages', async () => {
    const { rt } = fresh();
    const pid = await started(rt);
    const seen: SysEvent[] = [];
    eventsOf(pid, rt).subscribe((e) => seen.push(e));
    rt.send(pid, 'inc');
    rt.send(pid, ['add', 2]);
    rt.send(pid, 'reset');
    await sys.getState(pid);
    await sys.suspend(pid);
    await sys.resume(pid);
    const got = await inProcess(rt, (self) => count(self, pid));
    expect(got).toBe(0);
    const ins = seen.filter((e) => e.kind === 'in');
    expect(ins.map((e) => (e.kind === 'in' ? e.message : null))).toEqual(['inc', ['add', 2], 'reset', ['get', expect.anything(), expect.anything()]]);
    expect(ins.every((e) => e.behaviour === 'special')).toBe(true);
    expect(seen.filter((e) => e.kind === 'noreply').map((e) => (e.kind === 'noreply' ? e.state : null))).toEqual([1, 3, 0]);
    expect(seen.filter((e) => e.kind === 'out')).toHaveLength(1);
    expect(seen.filter((e) => e.kind === 'suspend' || e.kind === 'resume').map((e) => e.kind)).toEqual(['suspend', 'resume']);
  });

  it('terminates through sys with the given reason, after answering ok', async () => {
    const { rt, logs } = fresh();
    const pid = await started(rt);
    const down = inProcess(rt, async (self) => {
      const ref = self.monitor(pid);
      return self.receive((m) => isDown(m) && m.ref === ref);
    });
    await rt.settled();
    expect(await sys.terminate(pid, 'shutdown')).toBe('ok');
    expect(await down).toMatchObject({ reason: 'shutdown' });
    expect(rt.isAlive(pid)).toBe(false);
    expect(logs.filter((l) => l.label === 'proc_lib:crash')).toEqual([]);
  });

  it('terminates while suspended, and an abnormal reason gives a crash report', async () => {
    const { rt, logs } = fresh();
    const pid = await started(rt);
    await sys.suspend(pid);
    const watcher = inProcess(rt, async (self) => {
      const ref = self.monitor(pid);
      return self.receive((m) => isDown(m) && m.ref === ref, 1000);
    });
    await rt.settled();
    await sys.terminate(pid, 'bye');
    expect(await watcher).toMatchObject({ reason: 'bye' });
    expect(logs.filter((l) => l.label === 'proc_lib:crash')).toHaveLength(1);
  });

  it('follows its parent when trapping exits: the EXIT from the parent ends it with the same reason', async () => {
    const { rt } = fresh();
    const exits = new Map<Pid, unknown>();
    rt.subscribe((e) => {
      if (e.kind === 'exit') exits.set(e.pid, e.reason);
    });
    const counters: Pid[] = [];
    // 'normal' from a linked parent is still an EXIT to a trapping child; any other reason too
    const parents = ['normal', 'parent_gone'].map((reason) =>
      rt.spawn(async (self) => {
        counters.push(okCounter(await startCounterLink({ caller: self, trapExit: true })));
        self.exit(reason);
      }),
    );
    await rt.settled();
    expect(parents.map((p) => exits.get(p))).toEqual(['normal', 'parent_gone']);
    expect(counters.map((c) => exits.get(c))).toEqual(['normal', 'parent_gone']);
  });

  it('a sys call to a dead counter fails with noproc, and a non-counter message is not fatal', async () => {
    const { rt } = fresh();
    const pid = await started(rt);
    rt.send(pid, { what: 'ever' });
    expect(await sys.getState(pid)).toBe(0);
    await sys.terminate(pid, 'normal');
    await rt.settled();
    await expect(sys.getState(pid)).rejects.toMatchObject({ reason: 'noproc' });
  });
});
