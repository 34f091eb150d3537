/**
 * The TypeScript twin of the sup_* escripts' shared fixtures: one module that is
 * both the supervisor callback (`init({sup, Flags, Specs})`) and the worker
 * (a GenServer that traps exits and reports `{start, Id}` / `{terminate, Id, R}`
 * to the process registered as `golden_test`).
 *
 * Not a scenario itself (no erlang/sup-fixture folder), so the catalog skips it.
 */
import {
  GenServer,
  ProcessExit,
  Supervisor,
  tuple,
  type LogEvent,
  type Pid,
  type Self,
  type Tuple,
} from '../../../runtime/index.ts';
import type { ScenarioContext } from '../scenario.ts';

/** A worker's options: an Erlang proplist (`[no_trap]`, `[{init, Ret}]`, `[{slow_terminate, Ms}]`). */
export type Opts = readonly unknown[];
type WorkerState = Tuple<[string, Opts]>;

/** `lists:keyfind(Key, 1, List)`: the first tuple whose first element is `key`, or false. */
export function keyfind(list: readonly unknown[], key: unknown): readonly unknown[] | false {
  for (const e of list) if (Array.isArray(e) && e[0] === key) return e as readonly unknown[];
  return false;
}

/** The supervisor callback's argument: `{sup, Flags, Specs}`, or `{sup, ignore}` / `{sup, bad}`. */
export type SupArg = Tuple<[string, Supervisor.SupFlags | Supervisor.OldSupFlags, readonly unknown[]]> | Tuple<[string, 'ignore' | 'bad']>;

/** What an escript adds to the shared fixture. */
export interface FixtureOptions {
  /** `failing(Id)`: true when this init of worker `id` must return `{stop, nope}` (sup_restart_failure's ETS control). */
  readonly failing?: (id: string) => boolean;
  /**
   * Wait the escript's real sleeps instead of for the runtime to settle: for an escript whose workers sleep
   * themselves (`slow_terminate`), which a settled runtime does not wait for.
   */
  readonly realTime?: boolean;
}

/** The fixture of one escript; `module` is its `?MODULE`. */
export function supFixture(ctx: ScenarioContext, module: string, options: FixtureOptions = {}) {
  const { rt, norm, sleep } = ctx;
  /** The escript's `timer:sleep(Ms)` where it only lets the others catch up. */
  const catchUp = (ms: number): Promise<void> => (options.realTime === true ? sleep(ms) : ctx.settle());

  /** `note(E)`: sends `{note, E}` to `golden_test`, if registered. */
  const note = (self: Self, e: unknown): void => {
    const t = rt.whereis('golden_test');
    if (t !== undefined) self.send(t, tuple('note', e));
  };

  const workerMod: GenServer.GenServerBehaviour<WorkerState, Tuple<[string, string, Opts]>> = {
    name: module,
    init([, id, opts], self) {
      self.trapExit(!opts.includes('no_trap'));
      if (keyfind(opts, 'init') === false && options.failing?.(id) === true) {
        note(self, tuple('init_returns', id, tuple('stop', 'nope')));
        return tuple('stop', 'nope');
      }
      const init = keyfind(opts, 'init');
      if (init !== false) {
        note(self, tuple('init_returns', id, init[1]));
        return init[1] as GenServer.InitResult<WorkerState>;
      }
      note(self, tuple('start', id));
      return tuple('ok', tuple(id, opts));
    },
    handleCall: (_req, _from, s) => tuple('reply', 'ok', s),
    handleCast: (msg, s) => tuple('stop', (msg as readonly unknown[])[1], s),
    handleInfo: (_msg, s) => tuple('noreply', s),
    terminate(r, [id, opts], self) {
      note(self, tuple('terminate', id, r));
      // {terminate_does, {exit, X}} / {terminate_does, {error, X}} (sup_shutdown_errors)
      const does = keyfind(opts, 'terminate_does');
      if (does !== false) {
        const [cls, x] = does[1] as readonly [string, string];
        throw cls === 'exit' ? new ProcessExit(x) : new Error(x);
      }
      const slow = keyfind(opts, 'slow_terminate');
      return slow === false ? undefined : sleep(slow[1] as number);
    },
  };

  /** The module's exported functions, by name/arity (what `apply(?MODULE, F, A)` can reach). */
  const exported: Record<string, (...a: never[]) => unknown> = {
    'start_worker/1': (id: string) => GenServer.startLink(workerMod, tuple('worker', id, [])),
    'start_worker/2': (id: string, opts: Opts) => GenServer.startLink(workerMod, tuple('worker', id, opts)),
    // start_worker_info(Id) -> {ok, P} = start_worker(Id), {ok, P, {info, Id}}.
    'start_worker_info/1': async (id: string) => {
      const r = await GenServer.startLink(workerMod, tuple('worker', id, []));
      if (!(Array.isArray(r) && r[0] === 'ok')) throw new Error('badmatch');
      return tuple('ok', r[1], tuple('info', id));
    },
  };

  /**
   * A child spec's `start` for `{?MODULE, F, Args}`: Erlang's `apply(M, F, Args ++ Extra)`,
   * which raises `undef` when the module exports no F of that arity.
   */
  const mfa =
    (f: string, args: readonly unknown[]) =>
    (...extra: never[]): Promise<Supervisor.ChildStartResult> => {
      const all = [...args, ...extra];
      const fn = exported[`${f}/${all.length}`];
      if (fn === undefined) throw new Error('undef');
      return fn(...(all as never[])) as Promise<Supervisor.ChildStartResult>;
    };

  /** `init({sup, Flags, Specs}) -> {ok, {Flags, Specs}}`; `init({sup, ignore}) -> ignore`; `init({sup, bad}) -> what`. */
  const supMod: Supervisor.SupervisorBehaviour<SupArg> = {
    name: module,
    init: (arg) => {
      if (arg.length === 3) return ['ok', arg[1], arg[2] as readonly Supervisor.ChildSpec[]];
      return arg[1] === 'ignore' ? 'ignore' : ('what' as never);
    },
  };

  /**
   * `worker(Id)`: `#{id => Id, start => {?MODULE, start_worker, [Id]}}`. OTP takes the
   * default `modules` ([M]) from the start MFA; a closure names no module, so it is stated.
   */
  const worker = (id: string, more: Partial<Supervisor.ChildSpec> = {}): Supervisor.ChildSpec => ({
    id,
    start: mfa('start_worker', [id]),
    modules: [module],
    ...more,
  });

  /** `start_sup(Flags, Specs)`: `supervisor:start_link(?MODULE, {sup, Flags, Specs})`. */
  const startSup = (self: Self, flags: Supervisor.SupFlags | Supervisor.OldSupFlags, specs: readonly unknown[]) =>
    Supervisor.startLink(supMod, tuple('sup', flags, specs), { caller: self });

  /** `setup()`: names_init, name(self(), test), register golden_test, trap exits. */
  const setup = (self: Self): void => {
    norm.name(self.pid, 'test');
    self.register('golden_test');
    self.trapExit(true);
  };

  /** `notes_now()`: the `{note, E}` messages already queued. */
  const notesNow = async (self: Self): Promise<unknown[]> => {
    const out: unknown[] = [];
    for (;;) {
      const m = await self.receive((x) => Array.isArray(x) && x[0] === 'note', 0);
      if (typeof m === 'symbol') return out;
      out.push((m as readonly unknown[])[1]);
    }
  };

  /** `notes()`: the escript sleeps 50 ms to let the others catch up; here: the runtime settled, then the queued notes. */
  const notes = async (self: Self): Promise<unknown[]> => {
    await catchUp(50);
    return notesNow(self);
  };

  /** `supervisor:which_children/1` as OTP's `[{Id, Child, Type, Modules}]`. */
  const whichChildren = async (self: Self, sup: Pid): Promise<Tuple<[unknown, unknown, unknown, unknown]>[]> =>
    (await Supervisor.whichChildren(sup, self)).map((c) => tuple(c.id, c.pid, c.type, c.modules));

  /** `supervisor:count_children/1` as OTP's proplist. */
  const countChildren = async (self: Self, sup: Pid): Promise<unknown[]> => {
    const c = await Supervisor.countChildren(sup, self);
    return [tuple('specs', c.specs), tuple('active', c.active), tuple('supervisors', c.supervisors), tuple('workers', c.workers)];
  };

  /** `child(Sup, Id)`: the pid of child `id`. */
  const child = async (self: Self, sup: Pid, id: string): Promise<Pid> => {
    const c = (await Supervisor.whichChildren(sup, self)).find((x) => x.id === id);
    if (c === undefined) throw new Error(`no child ${id}`);
    return c.pid as Pid;
  };

  /** `crash(Sup, Id, R)`: casts `{stop, R}` to the child, then (the escript sleeps 50 ms) waits for the runtime to settle. */
  const crash = async (self: Self, sup: Pid, id: string, r: unknown): Promise<void> => {
    GenServer.cast(await child(self, sup, id), tuple('stop', r), self);
    await catchUp(50);
  };

  /** `kids(Sup)`: `[{Id, Pid}]`. */
  const kids = async (self: Self, sup: Pid): Promise<unknown[]> =>
    (await Supervisor.whichChildren(sup, self)).map((c) => tuple(c.id, c.pid));

  /** `name_kids(Sup, Gen)`: names children not named yet `<IdGen>`. */
  const nameKids = async (self: Self, sup: Pid, gen: string): Promise<void> => {
    for (const c of await Supervisor.whichChildren(sup, self)) {
      if (typeof c.pid === 'object' && !norm.isNamed(c.pid)) norm.name(c.pid, `${String(c.id)}${gen}`);
    }
  };

  /** `sup_reports()`: the log events since the last call, reduced as the escript does. */
  const supReports = async (): Promise<unknown[]> => {
    await catchUp(30);
    return ctx.takeLogs().map(reduceReport);
  };

  return { workerMod, supMod, exported, mfa, worker, startSup, setup, note, notes, notesNow, whichChildren, countChildren, child, crash, kids, nameKids, supReports };
}

/** A label `'a:b'` as OTP's `{a, b}`. */
function labelTerm(label: string): unknown {
  const i = label.indexOf(':');
  return i < 0 ? label : tuple(label.slice(0, i), label.slice(i + 1));
}

/** One log event as the escripts' `sup_reports/0` prints it. */
function reduceReport(e: LogEvent): unknown {
  const r = e.report as Record<string, unknown> | undefined;
  if (e.label === 'supervisor:progress') return tuple('progress', 'started', (r?.started as { id?: unknown } | undefined)?.id);
  if (e.label.startsWith('supervisor:') && r !== undefined) {
    const off = r.offender;
    const offId = typeof off === 'object' && off !== null && 'id' in off ? (off as { id: unknown }).id : off;
    return tuple(labelTerm(e.label), r.errorContext, r.reason, offId);
  }
  return tuple(e.level, labelTerm(e.label));
}
