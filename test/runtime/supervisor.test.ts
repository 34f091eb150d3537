import { describe, expect, it } from 'vitest';
import { GenServer, Supervisor, procLib, spawnLink, tuple, type Pid } from '../../runtime/index.ts';
import { exitReason, useDefaultRuntime } from './helpers.ts';

// child start functions are written as users write them (GenServer.startLink without a runtime): they act on runtime()
const current = useDefaultRuntime();

interface WorkerArg {
  readonly id: string;
  readonly journal: string[];
}

/** A worker that writes its starts and stops in a journal; cast 'crash' or 'quit' ends it. */
const Worker: GenServer.GenServerBehaviour<WorkerArg, WorkerArg> = {
  name: 'worker',
  init: (a) => {
    a.journal.push(`start ${a.id}`);
    return ['ok', a];
  },
  handleCast: (m, s) => (m === 'crash' ? ['stop', 'crashed', s] : m === 'quit' ? ['stop', 'normal', s] : ['noreply', s]),
  terminate: (reason, s) => {
    s.journal.push(`stop ${s.id} ${String(reason)}`);
  },
};

function spec(id: string, journal: string[], more: Partial<Supervisor.ChildSpec> = {}): Supervisor.ChildSpec {
  return { id, start: () => GenServer.startLink(Worker, { id, journal }, { trapExit: true }), ...more };
}

async function startSup(flags: Supervisor.SupFlags, specs: readonly Supervisor.ChildSpec[]): Promise<Pid> {
  return GenServer.okPid(await Supervisor.start({ init: () => ['ok', flags, specs] }, undefined));
}

async function pids(sup: Pid): Promise<Record<string, Pid | undefined | 'restarting'>> {
  const children = await Supervisor.whichChildren(sup);
  return Object.fromEntries(children.map((c) => [c.id, c.pid]));
}

/** Ends child `pid` with cast `how` and waits until it is gone. */
async function end(pid: Pid | undefined | 'restarting', how: 'crash' | 'quit'): Promise<void> {
  if (pid === undefined || pid === 'restarting') throw new Error('no running child');
  const gone = exitReason(current.rt, pid);
  GenServer.cast(pid, how);
  await gone;
}

describe('strategies', () => {
  it('one_for_one restarts only the child that died', async () => {
    const journal: string[] = [];
    const sup = await startSup({ strategy: 'one_for_one' }, [spec('a', journal), spec('b', journal), spec('c', journal)]);
    const before = await pids(sup);
    journal.length = 0;
    await end(before.b, 'crash');
    const after = await pids(sup);
    expect(journal).toEqual(['stop b crashed', 'start b']);
    expect(after.a).toBe(before.a);
    expect(after.c).toBe(before.c);
    expect(after.b).not.toBe(before.b);
    expect(current.rt.isAlive(after.b as Pid)).toBe(true);
    current.rt.exit(sup as Pid, 'kill'); // what this test started
  });

  it('one_for_all stops the others in reverse start order and starts all again in order', async () => {
    const journal: string[] = [];
    const sup = await startSup({ strategy: 'one_for_all' }, [spec('a', journal), spec('b', journal), spec('c', journal)]);
    const before = await pids(sup);
    journal.length = 0;
    await end(before.b, 'crash');
    const after = await pids(sup);
    expect(journal).toEqual(['stop b crashed', 'stop c shutdown', 'stop a shutdown', 'start a', 'start b', 'start c']);
    for (const id of ['a', 'b', 'c']) expect(after[id]).not.toBe(before[id]);
    current.rt.exit(sup as Pid, 'kill'); // what this test started
  });

  it('rest_for_one restarts the dead child and those started after it', async () => {
    const journal: string[] = [];
    const sup = await startSup({ strategy: 'rest_for_one' }, [spec('a', journal), spec('b', journal), spec('c', journal)]);
    const before = await pids(sup);
    journal.length = 0;
    await end(before.b, 'crash');
    const after = await pids(sup);
    expect(journal).toEqual(['stop b crashed', 'stop c shutdown', 'start b', 'start c']);
    expect(after.a).toBe(before.a);
    expect(after.b).not.toBe(before.b);
    expect(after.c).not.toBe(before.c);
    current.rt.exit(sup as Pid, 'kill'); // what this test started
  });

  it('simple_one_for_one starts children from the template with extra args and restarts them with the same args', async () => {
    const journal: string[] = [];
    const template: Supervisor.ChildSpec = {
      id: 'template',
      start: (...extra: never[]) => GenServer.startLink(Worker, { id: String(extra[0]), journal }, { trapExit: true }),
    };
    const sup = await startSup({ strategy: 'simple_one_for_one', intensity: 5 }, [template]);
    expect(await Supervisor.whichChildren(sup)).toEqual([]);
    const [, one] = (await Supervisor.startChild(sup, ['one'])) as [string, Pid];
    const [, two] = (await Supervisor.startChild(sup, ['two'])) as [string, Pid];
    expect(journal).toEqual(['start one', 'start two']);
    await end(one, 'crash');
    const children = await Supervisor.whichChildren(sup);
    expect(children).toHaveLength(2);
    expect(children.every((c) => c.id === undefined)).toBe(true);
    expect(children.map((c) => c.pid)).toContain(two);
    expect(children.map((c) => c.pid)).not.toContain(one);
    expect(journal.slice(2)).toEqual(['stop one crashed', 'start one']);
    expect(await Supervisor.countChildren(sup)).toEqual({ specs: 1, active: 2, supervisors: 0, workers: 2 });
    expect(await Supervisor.terminateChild(sup, two)).toBe('ok');
    expect(await Supervisor.terminateChild(sup, 'template')).toEqual(['error', 'simple_one_for_one']);
    expect((await Supervisor.countChildren(sup)).active).toBe(1);
    current.rt.exit(sup as Pid, 'kill'); // what this test started
  });
});

describe('restart types', () => {
  it('a normal exit: permanent is restarted, transient is not, temporary is forgotten', async () => {
    const journal: string[] = [];
    const sup = await startSup({ intensity: 10 }, [
      spec('perm', journal, { restart: 'permanent' }),
      spec('trans', journal, { restart: 'transient' }),
      spec('temp', journal, { restart: 'temporary' }),
    ]);
    const before = await pids(sup);
    for (const id of ['perm', 'trans', 'temp']) await end(before[id], 'quit');
    const after = await pids(sup);
    expect(Object.keys(after).sort()).toEqual(['perm', 'trans']);
    expect(after.perm).not.toBe(before.perm);
    expect(current.rt.isAlive(after.perm as Pid)).toBe(true);
    expect(after.trans).toBeUndefined();
    current.rt.exit(sup as Pid, 'kill'); // what this test started
  });

  it('an abnormal exit: transient is restarted, temporary is forgotten', async () => {
    const journal: string[] = [];
    const sup = await startSup({ intensity: 10 }, [spec('trans', journal, { restart: 'transient' }), spec('temp', journal, { restart: 'temporary' })]);
    const before = await pids(sup);
    await end(before.trans, 'crash');
    await end(before.temp, 'crash');
    const after = await pids(sup);
    expect(Object.keys(after)).toEqual(['trans']);
    expect(after.trans).not.toBe(before.trans);
    expect(current.rt.isAlive(after.trans as Pid)).toBe(true);
    current.rt.exit(sup as Pid, 'kill'); // what this test started
  });

  it('more restarts than the intensity allows: the supervisor stops its children and exits with shutdown', async () => {
    const journal: string[] = [];
    const sup = await startSup({ intensity: 1, period: 60 }, [spec('a', journal), spec('b', journal)]);
    const supReason = exitReason(current.rt, sup);
    await end((await pids(sup)).a, 'crash');
    const a2 = (await pids(sup)).a;
    const b = (await pids(sup)).b as Pid;
    journal.length = 0;
    await end(a2, 'crash');
    expect(await supReason).toBe('shutdown');
    expect(current.rt.isAlive(b)).toBe(false);
    expect(journal).toEqual(['stop a crashed', 'stop b shutdown']);
    expect(current.logs.some((l) => l.label === 'supervisor:shutdown' && (l.report as { reason: unknown }).reason === 'reached_max_restart_intensity')).toBe(true);
  });
});

describe('intensity 0', () => {
  it('no restart at all is allowed: the first crash shuts the supervisor down', async () => {
    const journal: string[] = [];
    const sup = await startSup({ intensity: 0 }, [spec('a', journal)]);
    const supReason = exitReason(current.rt, sup);
    await end((await pids(sup)).a, 'crash');
    expect(await supReason).toBe('shutdown');
    expect(journal).toEqual(['start a', 'stop a crashed']);
  });
});

describe('starting and stopping', () => {
  it('starts children in order and stops them in reverse order', async () => {
    const journal: string[] = [];
    const sup = await startSup({}, [spec('a', journal), spec('b', journal), spec('c', journal)]);
    expect(journal).toEqual(['start a', 'start b', 'start c']);
    expect((await Supervisor.whichChildren(sup)).map((c) => c.id)).toEqual(['c', 'b', 'a']);
    journal.length = 0;
    await GenServer.stop(sup, 'shutdown');
    expect(journal).toEqual(['stop c shutdown', 'stop b shutdown', 'stop a shutdown']);
  });

  it('a child that fails to start: the started ones are stopped, start gives failed_to_start_child', async () => {
    const journal: string[] = [];
    const bad: Supervisor.ChildSpec = { id: 'bad', start: () => GenServer.startLink({ init: () => ['stop', 'no_db'] }, undefined) };
    const result = await Supervisor.start({ init: () => ['ok', {}, [spec('a', journal), bad, spec('c', journal)]] }, undefined);
    expect(result).toEqual(['error', ['shutdown', ['failed_to_start_child', 'bad', 'no_db']]]);
    expect(journal).toEqual(['start a', 'stop a shutdown']);
  });

  it('a child that ignores shutdown is killed after its shutdown time', async () => {
    const stubborn: Supervisor.ChildSpec = {
      id: 'stubborn',
      shutdown: 20,
      start: () =>
        tuple(
          'ok',
          spawnLink(
            async (self) => {
              for (;;) await self.receive();
            },
            { trapExit: true },
          ),
        ),
    };
    const sup = await startSup({}, [stubborn]);
    const pid = (await pids(sup)).stubborn as Pid;
    const reason = exitReason(current.rt, pid);
    expect(await Supervisor.terminateChild(sup, 'stubborn')).toBe('ok');
    expect(await reason).toBe('killed');
    const report = current.logs.find((l) => l.label === 'supervisor:shutdown_error');
    expect(report?.report).toMatchObject({ reason: 'killed', offender: { id: 'stubborn', pid } });
    current.rt.exit(sup as Pid, 'kill'); // what this test started
  });

  it('brutal_kill kills at once, without a shutdown error', async () => {
    const journal: string[] = [];
    const sup = await startSup({}, [spec('a', journal, { shutdown: 'brutal_kill' })]);
    const pid = (await pids(sup)).a as Pid;
    const reason = exitReason(current.rt, pid);
    await Supervisor.terminateChild(sup, 'a');
    expect(await reason).toBe('killed');
    expect(journal).toEqual(['start a']);
    expect(current.logs.filter((l) => l.label === 'supervisor:shutdown_error')).toEqual([]);
    current.rt.exit(sup as Pid, 'kill'); // what this test started
  });
});

describe('the child API', () => {
  it('start, terminate, restart and delete a child; which and count them', async () => {
    const journal: string[] = [];
    const sup = await startSup({}, [spec('a', journal)]);
    const started = await Supervisor.startChild(sup, spec('b', journal, { type: 'supervisor' }));
    expect(started[0]).toBe('ok');
    const b = (started as readonly ['ok', Pid])[1];
    expect(await Supervisor.startChild(sup, spec('b', journal))).toEqual(['error', ['already_started', b]]);
    expect(await Supervisor.countChildren(sup)).toEqual({ specs: 2, active: 2, supervisors: 1, workers: 1 });

    expect(await Supervisor.restartChild(sup, 'b')).toEqual(['error', 'running']);
    expect(await Supervisor.deleteChild(sup, 'b')).toEqual(['error', 'running']);
    expect(await Supervisor.terminateChild(sup, 'b')).toBe('ok');
    expect(current.rt.isAlive(b)).toBe(false);
    expect((await pids(sup)).b).toBeUndefined();
    expect(await Supervisor.startChild(sup, spec('b', journal))).toEqual(['error', 'already_present']);
    expect((await Supervisor.countChildren(sup)).active).toBe(1);

    const restarted = await Supervisor.restartChild(sup, 'b');
    expect(restarted).toMatchObject(['ok', expect.anything()]);
    expect(await Supervisor.terminateChild(sup, 'b')).toBe('ok');
    expect(await Supervisor.deleteChild(sup, 'b')).toBe('ok');
    expect(await Supervisor.whichChildren(sup)).toEqual([{ id: 'a', pid: (await pids(sup)).a, type: 'worker', modules: ['worker'] }]);
    for (const call of [Supervisor.terminateChild, Supervisor.restartChild, Supervisor.deleteChild]) {
      expect(await call(sup, 'b')).toEqual(['error', 'not_found']);
    }
    current.rt.exit(sup as Pid, 'kill'); // what this test started
  });

  it('a child whose start gives ignore is kept as a spec without a pid; restartChild gives ["ok", undefined]', async () => {
    const sup = await startSup({}, [{ id: 'ign', start: () => 'ignore' }]);
    // it never started a process, so no module is known
    expect(await Supervisor.whichChildren(sup)).toEqual([{ id: 'ign', pid: undefined, type: 'worker', modules: [] }]);
    expect(await Supervisor.countChildren(sup)).toEqual({ specs: 1, active: 0, supervisors: 0, workers: 1 });
    expect(await Supervisor.restartChild(sup, 'ign')).toEqual(['ok', undefined]);
    current.rt.exit(sup as Pid, 'kill'); // what this test started
  });

  it('getChildspec fills in the defaults', async () => {
    const journal: string[] = [];
    const sup = await startSup({}, [spec('a', journal)]);
    const got = await Supervisor.getChildspec(sup, 'a');
    expect(got[0]).toBe('ok');
    expect(got[1]).toMatchObject({ id: 'a', restart: 'permanent', shutdown: 5000, type: 'worker', modules: ['worker'], significant: false });
    expect(await Supervisor.getChildspec(sup, 'zz')).toEqual(['error', 'not_found']);
    current.rt.exit(sup as Pid, 'kill'); // what this test started
  });

  it("modules defaults to the callback module of what the start function started (OTP's [M] of the start MFA), not the id", async () => {
    const journal: string[] = [];
    const Unnamed: GenServer.GenServerBehaviour<null> = { init: () => ['ok', null] };
    const sup = await startSup({}, [
      spec('named', journal),
      { id: 'inner', type: 'supervisor', start: () => Supervisor.startLink({ name: 'inner_sup', init: () => ['ok', {}, []] }, undefined) },
      { id: 'proclib', start: () => procLib.startLink((c) => (procLib.initAck(c, ['ok', c.pid]), c.loop(() => undefined)), { initialCall: 'conn_pool:init/1' }) as never },
      { id: 'unnamed', start: () => GenServer.startLink(Unnamed, undefined) },
      { id: 'stated', start: () => GenServer.startLink(Unnamed, undefined), modules: ['mine'] },
    ]);
    const modules = Object.fromEntries((await Supervisor.whichChildren(sup)).map((c) => [c.id, c.modules]));
    expect(modules).toEqual({ named: ['worker'], inner: ['inner_sup'], proclib: ['conn_pool'], unnamed: [], stated: ['mine'] });
    expect((await Supervisor.getChildspec(sup, 'named'))[1]).toMatchObject({ modules: ['worker'] });

    const simple = await startSup({ strategy: 'simple_one_for_one' }, [{ id: 'tmpl', start: (id: string) => GenServer.startLink(Worker, { id, journal }) }]);
    await Supervisor.startChild(simple, ['w1']);
    expect((await Supervisor.whichChildren(simple)).map((c) => c.modules)).toEqual([['worker']]);
    expect((await Supervisor.getChildspec(simple, 'tmpl'))[1]).toMatchObject({ modules: ['worker'] });
    current.rt.exit(sup, 'kill'); // what this test started
    current.rt.exit(simple, 'kill');
  });
});

describe('child spec validation', () => {
  const start = (): readonly ['error', string] => tuple('error', 'unused');

  it('names the bad field in the reason term and the message', () => {
    expect(Supervisor.checkChildspecs([{ id: 'x', start, restart: 'sometimes' }])).toEqual(['error', ['invalid_restart_type', 'sometimes']]);
    expect(Supervisor.checkChildspecs([{ id: 'x', start, shutdown: -1 }])).toEqual(['error', ['invalid_shutdown', -1]]);
    expect(Supervisor.checkChildspecs([{ id: 'x', start, type: 'boss' }])).toEqual(['error', ['invalid_child_type', 'boss']]);
    expect(Supervisor.checkChildspecs([{ id: 'x', start: 'main/0' }])).toEqual(['error', ['invalid_mfa', 'main/0']]);
    expect(Supervisor.checkChildspecs([{ start }])).toEqual(['error', 'missing_id']);
    expect(Supervisor.checkChildspecs([{ id: 'x', start }, { id: 'x', start }])).toEqual(['error', ['duplicate_child_name', 'x']]);
    expect(Supervisor.checkChildspecs([{ id: 'x', start }])).toBe('ok');
    expect(() => Supervisor.checkSpec({ id: 'x', start, restart: 'sometimes' })).toThrow(/field "restart"/);
    expect(() => Supervisor.checkSpec({ id: 'x', start, shutdown: 'later' })).toThrow(/field "shutdown"/);
    expect(() => Supervisor.checkSpec({ id: 'x', start: 1 })).toThrow(/field "start"/);
    expect(() => Supervisor.checkFlags({ strategy: 'one_for_some' as Supervisor.Strategy })).toThrow(/strategy/);
  });

  it('a bad spec refuses the supervisor start or the startChild, naming the field', async () => {
    const bad = { id: 'x', start, restart: 'sometimes' } as unknown as Supervisor.ChildSpec;
    expect(await Supervisor.start({ init: () => ['ok', {}, [bad]] }, undefined)).toEqual(['error', ['start_spec', ['invalid_restart_type', 'sometimes']]]);
    expect(await Supervisor.start({ init: () => ['ok', { intensity: -1 }, []] }, undefined)).toEqual(['error', ['supervisor_data', ['invalid_intensity', -1]]]);
    const sup = await startSup({}, []);
    expect(await Supervisor.startChild(sup, bad)).toEqual(['error', ['invalid_restart_type', 'sometimes']]);
    current.rt.exit(sup as Pid, 'kill'); // what this test started
  });
});
