/**
 * Supervisor restarts in detail: the stream's child-terminated / child-restarted
 * / intensity-exceeded events with every field, a child whose restart fails and
 * is tried again (static and simple_one_for_one), a try_again_restart that comes
 * after the child was started another way (stale: nothing happens), and
 * rest_for_one keeping the temporary children started before the one that died.
 */
import { describe, expect, it, vi } from 'vitest';
import { GenServer, Supervisor, exit, tuple, whereis, type Pid, type SysEvent } from '../../runtime/index.ts';
import { settled } from '../../vitest-plugin/index.ts';
import { exitReason, useDefaultRuntime } from './helpers.ts';

const current = useDefaultRuntime();

/** A worker that journals its starts and stops; cast 'crash' ends it with 'crashed'. */
const Worker: GenServer.GenServerBehaviour<{ id: string; journal: string[] }, { id: string; journal: string[] }> = {
  init: (a) => {
    a.journal.push(`start ${a.id}`);
    return ['ok', a];
  },
  handleCast: (m, s) => (m === 'crash' ? ['stop', 'crashed', s] : ['noreply', s]),
  terminate: (reason, s) => {
    s.journal.push(`stop ${s.id} ${String(reason)}`);
  },
};

function worker(id: string, journal: string[], more: Partial<Supervisor.ChildSpec> = {}): Supervisor.ChildSpec {
  return { id, start: () => GenServer.startLink(Worker, { id, journal }, { trapExit: true, name: id }), ...more };
}

async function startSup(flags: Supervisor.SupFlags, specs: readonly Supervisor.ChildSpec[]): Promise<Pid> {
  return GenServer.okPid(await Supervisor.start({ init: () => ['ok', flags, specs] }, undefined));
}

async function children(sup: Pid): Promise<Record<string, Pid | undefined | 'restarting'>> {
  return Object.fromEntries((await Supervisor.whichChildren(sup)).map((c) => [String(c.id), c.pid]));
}

/** The supervisor events of `sup` from now on, without seq and time. */
function supEvents(sup: Pid): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  current.rt.subscribe((e: SysEvent) => {
    if (e.pid !== sup || !['child-started', 'child-terminated', 'child-restarted', 'intensity-exceeded'].includes(e.kind)) return;
    const { seq: _s, time: _t, name: _n, behaviour: _b, pid: _p, ...rest } = e;
    out.push(rest);
  });
  return out;
}

describe('supervisor events', () => {
  it('a crash: child-terminated with the reason, then child-started and child-restarted naming the new pid', async () => {
    const journal: string[] = [];
    const sup = await startSup({ strategy: 'one_for_one', intensity: 5, period: 60 }, [worker('a', journal)]);
    const events = supEvents(sup);
    const a1 = (await children(sup)).a as Pid;
    GenServer.cast(a1, 'crash');
    await settled();
    const a2 = (await children(sup)).a as Pid;
    expect(a2).not.toBe(a1);
    expect(events).toEqual([
      { kind: 'child-terminated', childId: 'a', child: a1, reason: 'crashed' },
      { kind: 'child-started', childId: 'a', child: a2 },
      { kind: 'child-restarted', childId: 'a', child: a2, reason: 'crashed' },
    ]);
    await GenServer.stop(sup);
  });

  it('terminate_child: child-terminated with shutdown (brutal_kill: killed)', async () => {
    const journal: string[] = [];
    const sup = await startSup({ strategy: 'one_for_one' }, [worker('a', journal), worker('b', journal, { shutdown: 'brutal_kill' })]);
    const events = supEvents(sup);
    const { a, b } = await children(sup);
    expect(await Supervisor.terminateChild(sup, 'a')).toBe('ok');
    expect(await Supervisor.terminateChild(sup, 'b')).toBe('ok');
    expect(events).toEqual([
      { kind: 'child-terminated', childId: 'a', child: a, reason: 'shutdown' },
      { kind: 'child-terminated', childId: 'b', child: b, reason: 'killed' },
    ]);
    await GenServer.stop(sup);
  });

  it('past the intensity: intensity-exceeded naming the child and its reason, and the supervisor stops with shutdown', async () => {
    const journal: string[] = [];
    const sup = await startSup({ strategy: 'one_for_one', intensity: 1, period: 60 }, [worker('a', journal)]);
    const events = supEvents(sup);
    const supGone = exitReason(current.rt, sup);
    const a1 = (await children(sup)).a as Pid;
    GenServer.cast(a1, 'crash');
    await settled();
    const a2 = (await children(sup)).a as Pid;
    GenServer.cast(a2, 'crash');
    expect(await supGone).toBe('shutdown');
    expect(events.slice(3)).toEqual([
      { kind: 'child-terminated', childId: 'a', child: a2, reason: 'crashed' },
      { kind: 'intensity-exceeded', childId: 'a', child: a2, reason: 'crashed' },
    ]);
    const reports = current.logs.filter((l) => l.label === 'supervisor:shutdown');
    expect(reports.map((l) => l.report)).toEqual([
      { supervisor: String(sup), errorContext: 'shutdown', reason: 'reached_max_restart_intensity', offender: { id: 'a', pid: a2 } },
    ]);
  });

  it('intensity counts the restarts within the period only', async () => {
    const journal: string[] = [];
    const sup = await startSup({ strategy: 'one_for_one', intensity: 2, period: 60 }, [worker('a', journal)]);
    for (let i = 0; i < 2; i++) {
      GenServer.cast((await children(sup)).a as Pid, 'crash');
      await settled();
    }
    expect(current.rt.isAlive(sup)).toBe(true);
    const supGone = exitReason(current.rt, sup);
    GenServer.cast((await children(sup)).a as Pid, 'crash');
    expect(await supGone).toBe('shutdown');
  });
});

describe('a restart that fails, tried again', () => {
  it('static: the child is listed restarting, start_error is logged, and the try again starts it once', async () => {
    const journal: string[] = [];
    let failures = 1;
    const flaky: Supervisor.ChildSpec = {
      id: 'a',
      start: () => {
        if (journal.length > 0 && failures > 0) {
          failures--;
          return tuple('error', 'not_yet');
        }
        return GenServer.startLink(Worker, { id: 'a', journal }, { trapExit: true });
      },
    };
    const sup = await startSup({ strategy: 'one_for_one', intensity: 5, period: 60 }, [flaky]);
    const events = supEvents(sup);
    const a1 = (await children(sup)).a as Pid;
    GenServer.cast(a1, 'crash');
    await settled();
    const a2 = (await children(sup)).a as Pid;
    expect(current.rt.isAlive(a2)).toBe(true);
    expect(journal).toEqual(['start a', 'stop a crashed', 'start a']);
    expect(events.map((e) => e.kind)).toEqual(['child-terminated', 'child-started', 'child-restarted']);
    expect(current.logs.filter((l) => l.label === 'supervisor:start_error').map((l) => l.report)).toEqual([
      { supervisor: String(sup), errorContext: 'start_error', reason: 'not_yet', offender: { id: 'a', pid: undefined } },
    ]);
    await GenServer.stop(sup);
  });

  it('simple_one_for_one: the failed child is listed restarting, then restarted once under a new pid', async () => {
    const journal: string[] = [];
    let failures = 1;
    let starts = 0;
    const template: Supervisor.ChildSpec = {
      id: 'w',
      start: (id: unknown) => {
        starts++;
        if (starts > 1 && failures > 0) {
          failures--;
          return tuple('error', 'not_yet');
        }
        return GenServer.startLink(Worker, { id: String(id), journal }, { trapExit: true });
      },
    };
    const sup = await startSup({ strategy: 'simple_one_for_one', intensity: 5, period: 60 }, [template]);
    const events = supEvents(sup);
    const started = await Supervisor.startChild(sup, ['w1']);
    const w1 = (started as readonly ['ok', Pid])[1];
    GenServer.cast(w1, 'crash');
    await settled();
    const after = await Supervisor.whichChildren(sup);
    // started, failed to restart, restarted by the try again: three starts, one child
    expect(starts).toBe(3);
    expect(after).toHaveLength(1);
    const w2 = after[0].pid as Pid;
    expect(w2).not.toBe(w1);
    expect(current.rt.isAlive(w2)).toBe(true);
    expect(journal).toEqual(['start w1', 'stop w1 crashed', 'start w1']);
    expect(events).toEqual([
      { kind: 'child-started', childId: 'w', child: w1 },
      { kind: 'child-terminated', childId: 'w', child: w1, reason: 'crashed' },
      { kind: 'child-started', childId: 'w', child: w2 },
      { kind: 'child-restarted', childId: 'w', child: w2, reason: 'crashed' },
    ]);
    expect(await Supervisor.countChildren(sup)).toEqual({ specs: 1, active: 1, supervisors: 0, workers: 1 });
    await GenServer.stop(sup);
  });

  it('a try_again_restart for a child started in the meantime does nothing (no second restart)', async () => {
    // rest_for_one [a, b]: b dies; its restart fails and, on the way, kills a. The EXIT of a is handled before
    // b's try_again_restart: restarting from a starts a and b. The try again that follows is stale.
    const journal: string[] = [];
    let bFailures = 1;
    const b: Supervisor.ChildSpec = {
      id: 'b',
      start: () => {
        if (journal.includes('stop b crashed') && bFailures > 0) {
          bFailures--;
          exit(whereis('a') as Pid, 'kill');
          return tuple('error', 'not_yet');
        }
        return GenServer.startLink(Worker, { id: 'b', journal }, { trapExit: true, name: 'b' });
      },
    };
    const sup = await startSup({ strategy: 'rest_for_one', intensity: 10, period: 60 }, [worker('a', journal), b]);
    const events = supEvents(sup);
    const before = await children(sup);
    journal.length = 0;
    GenServer.cast(before.b as Pid, 'crash');
    await settled();
    const after = await children(sup);
    expect(journal).toEqual(['stop b crashed', 'start a', 'start b']);
    expect(current.rt.isAlive(after.a as Pid)).toBe(true);
    expect(current.rt.isAlive(after.b as Pid)).toBe(true);
    expect(events.filter((e) => e.kind === 'child-restarted').map((e) => e.childId)).toEqual(['a']);
    // and a try_again_restart cast by hand for a running child is ignored too
    GenServer.cast(sup as never, tuple('try_again_restart', 'a') as never);
    await settled();
    expect(await children(sup)).toEqual(after);
    expect(journal).toEqual(['stop b crashed', 'start a', 'start b']);
    await GenServer.stop(sup);
  });
});

describe('rest_for_one and temporary children', () => {
  it('keeps the temporary children started before the one that died, and drops those after it', async () => {
    const journal: string[] = [];
    const sup = await startSup({ strategy: 'rest_for_one', intensity: 5, period: 60 }, [
      worker('t1', journal, { restart: 'temporary' }),
      worker('a', journal),
      worker('t2', journal, { restart: 'temporary' }),
      worker('b', journal),
    ]);
    const before = await children(sup);
    journal.length = 0;
    GenServer.cast(before.a as Pid, 'crash');
    await settled();
    const after = await children(sup);
    expect(journal).toEqual(['stop a crashed', 'stop b shutdown', 'stop t2 shutdown', 'start a', 'start b']);
    expect(Object.keys(after).sort()).toEqual(['a', 'b', 't1']);
    expect(after.t1).toBe(before.t1);
    expect(current.rt.isAlive(after.t1 as Pid)).toBe(true);
    expect(after.a).not.toBe(before.a);
    await GenServer.stop(sup);
  });

  it('a temporary child that dies is forgotten, not restarted; a transient one that ends normally stays listed, stopped', async () => {
    const journal: string[] = [];
    const sup = await startSup({ strategy: 'one_for_one', intensity: 5, period: 60 }, [
      worker('t', journal, { restart: 'temporary' }),
      worker('tr', journal, { restart: 'transient' }),
    ]);
    const events = supEvents(sup);
    const before = await children(sup);
    GenServer.cast(before.t as Pid, 'crash');
    await settled();
    const trGone = exitReason(current.rt, before.tr as Pid);
    await GenServer.stop(before.tr as Pid);
    await trGone;
    await settled();
    expect(await children(sup)).toEqual({ tr: undefined });
    expect(events).toEqual([
      { kind: 'child-terminated', childId: 't', child: before.t, reason: 'crashed' },
      { kind: 'child-terminated', childId: 'tr', child: before.tr, reason: 'normal' },
    ]);
    expect(current.logs.filter((l) => l.label === 'supervisor:child_terminated').map((l) => (l.report as { offender: { id: string } }).offender.id)).toEqual(['t']);
    await GenServer.stop(sup);
  });
});

describe('restart details', () => {
  it('reports at their levels: progress info, child_terminated and start_error error; the reason through the crash-report site', async () => {
    current.rt.setRedactor((v, site) => (site === 'crash-report' && typeof v === 'string' ? `masked ${v}` : v));
    const journal: string[] = [];
    let fail = 0;
    const flaky: Supervisor.ChildSpec = {
      id: 'a',
      start: () => (fail-- > 0 ? tuple('error', 'not_yet') : GenServer.startLink(Worker, { id: 'a', journal }, { trapExit: true })),
    };
    const sup = await startSup({ strategy: 'one_for_one', intensity: 5, period: 60 }, [flaky]);
    fail = 1;
    GenServer.cast((await children(sup)).a as Pid, 'crash');
    await settled();
    const levels = current.logs.map((l) => [l.label, l.level]);
    expect(levels).toContainEqual(['supervisor:progress', 'info']);
    expect(levels).toContainEqual(['supervisor:child_terminated', 'error']);
    expect(levels).toContainEqual(['supervisor:start_error', 'error']);
    const terminated = current.logs.find((l) => l.label === 'supervisor:child_terminated');
    expect((terminated?.report as { reason: unknown }).reason).toBe('masked crashed');
    await GenServer.stop(sup);
  });

  it('a start that returns neither ok, ignore nor error: startChild gives the error with that value', async () => {
    const journal: string[] = [];
    const sup = await startSup({ strategy: 'one_for_one' }, [worker('a', journal)]);
    const r = (await Supervisor.startChild(sup, { id: 'odd', start: () => 'what' as never })) as unknown as readonly [string, readonly unknown[]];
    expect(r[0]).toBe('error');
    expect(r[1][0]).toBe('what');
    await GenServer.stop(sup);
  });

  it('the intensity window is the period: a restart exactly `period` old no longer counts', async () => {
    vi.useFakeTimers();
    try {
      const journal: string[] = [];
      const sup = await startSup({ strategy: 'one_for_one', intensity: 1, period: 1 }, [worker('a', journal)]);
      GenServer.cast((await children(sup)).a as Pid, 'crash');
      await settled();
      vi.advanceTimersByTime(1000);
      GenServer.cast((await children(sup)).a as Pid, 'crash');
      await settled();
      expect(current.rt.isAlive(sup)).toBe(true);
      // and two within the period are one too many
      const gone = exitReason(current.rt, sup);
      vi.advanceTimersByTime(999);
      GenServer.cast((await children(sup)).a as Pid, 'crash');
      expect(await gone).toBe('shutdown');
    } finally {
      vi.useRealTimers();
    }
  });

  it('one_for_all drops a temporary child started first when another child dies', async () => {
    const journal: string[] = [];
    const sup = await startSup({ strategy: 'one_for_all', intensity: 5, period: 60 }, [worker('t', journal, { restart: 'temporary' }), worker('a', journal)]);
    journal.length = 0;
    GenServer.cast((await children(sup)).a as Pid, 'crash');
    await settled();
    expect(Object.keys(await children(sup))).toEqual(['a']);
    expect(journal).toEqual(['stop a crashed', 'stop t shutdown', 'start a']);
    await GenServer.stop(sup);
  });

  it('a static child restarted by the try again: child-restarted names the reason it died with', async () => {
    const journal: string[] = [];
    let fail = 0;
    const flaky: Supervisor.ChildSpec = {
      id: 'a',
      start: () => (fail-- > 0 ? tuple('error', 'not_yet') : GenServer.startLink(Worker, { id: 'a', journal }, { trapExit: true })),
    };
    const sup = await startSup({ strategy: 'one_for_one', intensity: 5, period: 60 }, [flaky]);
    const events = supEvents(sup);
    fail = 1;
    GenServer.cast((await children(sup)).a as Pid, 'crash');
    await settled();
    expect(events.filter((e) => e.kind === 'child-restarted').map((e) => e.reason)).toEqual(['crashed']);
    await GenServer.stop(sup);
  });

  it('a restart whose start gives ignore: no child-restarted (there is no child)', async () => {
    const journal: string[] = [];
    let ignore = false;
    const maybe: Supervisor.ChildSpec = {
      id: 'a',
      start: () => (ignore ? 'ignore' : GenServer.startLink(Worker, { id: 'a', journal }, { trapExit: true })),
    };
    const sup = await startSup({ strategy: 'one_for_one', intensity: 5, period: 60 }, [maybe]);
    const events = supEvents(sup);
    ignore = true;
    GenServer.cast((await children(sup)).a as Pid, 'crash');
    await settled();
    expect(events.map((e) => e.kind)).toEqual(['child-terminated']);
    expect(await children(sup)).toEqual({ a: undefined });
    await GenServer.stop(sup);
  });

  it('simple_one_for_one with all_significant: stops only when the last significant child has ended', async () => {
    const journal: string[] = [];
    const template: Supervisor.ChildSpec = {
      id: 'w',
      restart: 'transient',
      significant: true,
      start: (id: unknown) => GenServer.startLink(Worker, { id: String(id), journal }, { trapExit: true }),
    };
    const sup = await startSup({ strategy: 'simple_one_for_one', autoShutdown: 'all_significant' }, [template]);
    const w1 = ((await Supervisor.startChild(sup, ['w1'])) as readonly ['ok', Pid])[1];
    const w2 = ((await Supervisor.startChild(sup, ['w2'])) as readonly ['ok', Pid])[1];
    await GenServer.stop(w1);
    await settled();
    expect(current.rt.isAlive(sup)).toBe(true);
    const gone = exitReason(current.rt, sup);
    await GenServer.stop(w2);
    expect(await gone).toBe('shutdown');
  });
});
