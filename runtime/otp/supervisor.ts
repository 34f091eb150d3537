/**
 * Supervisor (OTP supervisor): a GenServer that starts children in order,
 * restarts them by strategy (one_for_one, one_for_all, rest_for_one,
 * simple_one_for_one) within a restart intensity, and stops them in reverse
 * order with per-child shutdown timeouts. Because it is a GenServer, every sys
 * function works on it unchanged.
 */
import { CallError, reasonOf } from '../kernel/errors.ts';
import * as GenServer from './gen-server.ts';
import type { Process } from '../kernel/process.ts';
import type { Runtime, Self } from '../runtime.ts';
import type { RuntimeTimer } from '../kernel/clock.ts';
import {
  checkFlags,
  checkSpec,
  checkSpecs,
  SpecError,
  type ChildSpec,
  type ChildStartResult,
  type FullChildSpec,
  type AutoShutdown,
  type FullSupFlags,
  type OldSupFlags,
  type SupFlags,
} from './supervisor-spec.ts';
import { ExitMessage, Pid, isNormalReason, isTuple, tuple, type Dest, type ExitReason, type Tuple } from '../kernel/terms.ts';

export * from './supervisor-spec.ts';

/** What a supervisor's `init` returns: OTP `{ok, {SupFlags, [ChildSpec]}}` (flags as a map or the old tuple) | `ignore`. */
export type InitResult = readonly ['ok', SupFlags | OldSupFlags, readonly ChildSpec[]] | 'ignore';

/** A supervisor's callback module: `init` gives the flags and the child specs, or 'ignore'. */
export interface SupervisorBehaviour<A = unknown> {
  /** The module name shown in reports and initial_call. */
  readonly name?: string;
  /** OTP `init/1` → `{ok, {SupFlags, [ChildSpec]}}` | `ignore`. */
  init(arg: A): InitResult | Promise<InitResult>;
}

/** One `whichChildren` entry (OTP `{Id, Child, Type, Modules}`); pid undefined when not running. */
export interface ChildInfo {
  readonly id: string | undefined;
  readonly pid: Pid | undefined | 'restarting';
  readonly type: 'worker' | 'supervisor';
  readonly modules: readonly string[] | 'dynamic';
}

/** What `countChildren` returns. */
export interface ChildCounts {
  readonly specs: number;
  readonly active: number;
  readonly supervisors: number;
  readonly workers: number;
}

interface Child {
  spec: FullChildSpec;
  pid: Pid | undefined | 'restarting';
  extra: readonly unknown[];
}

interface SupState {
  readonly self: Process;
  readonly flags: FullSupFlags;
  /** Static children in start order (one_for_one, one_for_all, rest_for_one). */
  children: Child[];
  /** simple_one_for_one: the template and the running children. */
  readonly template: FullChildSpec | null;
  readonly dynamic: Map<Pid, Child>;
  /** Restart times (runtime clock, ms) inside the current period. */
  restarts: number[];
  readonly label: string;
  /** Children waiting for a `try_again_restart` (by id, or by old pid for simple_one_for_one): the death being restarted. */
  readonly retrying: Map<unknown, { readonly pid: Pid; readonly reason: ExitReason }>;
}

type SupRequest =
  | { readonly op: 'which_children' }
  | { readonly op: 'count_children' }
  | { readonly op: 'start_child'; readonly arg: ChildSpec | readonly unknown[] }
  | { readonly op: 'terminate_child'; readonly id: string | Pid }
  | { readonly op: 'restart_child'; readonly id: string }
  | { readonly op: 'delete_child'; readonly id: string }
  | { readonly op: 'get_childspec'; readonly id: string | Pid };

/** A supervisor call as OTP sends it (what sys and the event stream see): `which_children`, `{start_child, Spec}`, `{terminate_child, Id}`, … */
export type SupervisorCall = 'which_children' | 'count_children' | Tuple<[Exclude<SupRequest['op'], 'which_children' | 'count_children'>, unknown]>;

function toCall(req: SupRequest): SupervisorCall {
  if (req.op === 'which_children' || req.op === 'count_children') return req.op;
  return tuple(req.op, req.op === 'start_child' ? req.arg : req.id);
}

const CALLS_WITH_ARG: readonly unknown[] = ['start_child', 'terminate_child', 'restart_child', 'delete_child', 'get_childspec'];

/** The request a call carries; anything else is OTP's function_clause (the supervisor ends). */
function fromCall(c: SupervisorCall): SupRequest {
  if (c === 'which_children' || c === 'count_children') return { op: c };
  if (!isTuple(c) || c.length !== 2 || !CALLS_WITH_ARG.includes(c[0])) throw new Error('function_clause');
  return (c[0] === 'start_child' ? { op: c[0], arg: c[1] } : { op: c[0], id: c[1] }) as SupRequest;
}

/** The one cast a supervisor sends itself: OTP's `{try_again_restart, Id}` after a failed restart. */
export type SupervisorCast = Tuple<['try_again_restart', unknown]>;

/** The supervisor's protocol, for typed calls. */
export interface SupervisorProtocol {
  call: { request: SupervisorCall; reply: unknown };
  cast: SupervisorCast;
}

const now = (): number => globalThis.performance.now();

function isPid(pid: Pid | undefined | 'restarting'): pid is Pid {
  return pid !== undefined && pid !== 'restarting';
}

function rtOf(self: Process): Runtime {
  return self.runtime;
}

// ---------------------------------------------------------------- starting and stopping children

async function startSpec(st: SupState, child: Child): Promise<ChildStartResult> {
  let result: ChildStartResult;
  try {
    const start = child.spec.start as (...a: readonly unknown[]) => Promise<ChildStartResult> | ChildStartResult;
    // the start function links the child to the running process: make that the supervisor
    result = await rtOf(st.self).runAs(st.self, () => start(...child.extra));
  } catch (e) {
    // OTP `catch apply(M, F, A)`: a raised error or exit comes back as {'EXIT', Reason}
    return tuple('error', tuple('EXIT', reasonOf(e)));
  }
  const rt = rtOf(st.self);
  // OTP: `{ok, Pid} when is_pid(Pid)`; `{ok, notapid}` is any other return What → {error, What}
  if (Array.isArray(result) && result[0] === 'ok' && result[1] instanceof Pid) {
    const pid = result[1];
    child.pid = pid;
    // OTP reports no progress for simple_one_for_one's children (do_start_child_i)
    if (st.template === null) rt.log({ level: 'info', label: 'supervisor:progress', report: { supervisor: st.label, started: { id: child.spec.id, pid } } });
    if (rt.listening) rt.emit({ ...rt.base(st.self), kind: 'child-started', childId: child.spec.id, child: pid });
    return result;
  }
  if (result === 'ignore') {
    child.pid = undefined;
    return result;
  }
  if (Array.isArray(result) && result[0] === 'error') return result;
  return tuple('error', result); // OTP: any other return What → {error, What}
}

/** Stops one child per its shutdown rule; resolves with its exit reason. */
function shutdownChild(st: SupState, child: Child): Promise<ExitReason> {
  const pid = child.pid;
  child.pid = undefined;
  if (pid === undefined || pid === 'restarting') return Promise.resolve('noproc');
  const sup = st.self;
  const rt = rtOf(sup);
  const p = pid.proc;
  rt.unlink(sup, pid);
  flushExit(sup, pid);
  if (p.dead) return Promise.resolve(p.exitReason);
  const shutdown = child.spec.shutdown;
  return new Promise((resolve) => {
    let timer: RuntimeTimer | null = null;
    (p.exitWaiters ??= []).push((reason) => {
      rt.clock.clear(timer);
      const expected = shutdown === 'brutal_kill' ? 'killed' : 'shutdown';
      if (reason !== expected) {
        const report = { supervisor: st.label, errorContext: 'shutdown_error', reason: rt.redact(reason, 'crash-report'), offender: { id: child.spec.id, pid } };
        rt.log({ level: 'error', label: 'supervisor:shutdown_error', report });
        if (rt.listening) rt.emit({ ...rt.base(sup), kind: 'crash-report', label: 'supervisor:shutdown_error', report });
      }
      if (rt.listening) rt.emit({ ...rt.base(sup), kind: 'child-terminated', childId: child.spec.id, child: pid, reason });
      resolve(reason);
    });
    if (shutdown === 'brutal_kill') rt.exit(pid, 'kill', sup);
    else {
      rt.exit(pid, 'shutdown', sup);
      if (typeof shutdown === 'number' && !p.dead) timer = rt.clock.set(() => rt.exit(pid, 'kill', sup), shutdown);
    }
  });
}

/** Removes a queued EXIT of `pid` from the supervisor's mailbox (it was handled here). */
function flushExit(sup: Process, pid: Pid): void {
  sup.removeMessage((m) => m instanceof ExitMessage && m.from === pid);
}

async function shutdownAll(st: SupState): Promise<void> {
  if (st.template !== null) {
    const all = [...st.dynamic.values()];
    st.dynamic.clear();
    await Promise.all(all.map((c) => shutdownChild(st, c)));
    return;
  }
  for (let i = st.children.length - 1; i >= 0; i--) await shutdownChild(st, st.children[i]);
}

// ---------------------------------------------------------------- restarts

function report(st: SupState, label: 'child_terminated' | 'shutdown' | 'start_error', reason: ExitReason, child: Child, pid: Pid | undefined): void {
  const rt = rtOf(st.self);
  const r = { supervisor: st.label, errorContext: label, reason: rt.redact(reason, 'crash-report'), offender: { id: child.spec.id, pid } };
  rt.log({ level: 'error', label: `supervisor:${label}`, report: r });
}

/** OTP auto_shutdown, after a significant child ended for good: any_significant, or all_significant with none left running. */
function autoShutdownNow(st: SupState): boolean {
  if (st.flags.autoShutdown === 'any_significant') return true;
  if (st.flags.autoShutdown !== 'all_significant') return false;
  const all = st.template !== null ? [...st.dynamic.values()] : st.children;
  return !all.some((c) => c.spec.significant && isPid(c.pid));
}

/** True while another restart fits in the intensity window. */
function addRestart(st: SupState): boolean {
  const t = now();
  const horizon = t - st.flags.period * 1000;
  st.restarts = st.restarts.filter((r) => r > horizon);
  st.restarts.push(t);
  return st.restarts.length <= st.flags.intensity;
}

async function childExited(st: SupState, child: Child, pid: Pid, reason: ExitReason): Promise<GenServer.NoReplyResult<SupState>> {
  const rt = rtOf(st.self);
  if (rt.listening) rt.emit({ ...rt.base(st.self), kind: 'child-terminated', childId: child.spec.id, child: pid, reason });
  const type = child.spec.restart;
  if (type === 'temporary' || (type === 'transient' && isNormalReason(reason))) {
    if (!isNormalReason(reason)) report(st, 'child_terminated', reason, child, pid);
    if (st.template !== null) st.dynamic.delete(pid);
    else if (type === 'temporary') st.children = st.children.filter((c) => c !== child);
    else child.pid = undefined;
    return child.spec.significant && autoShutdownNow(st) ? tuple('stop', 'shutdown', st) : tuple('noreply', st);
  }
  report(st, 'child_terminated', reason, child, pid);
  child.pid = 'restarting';
  if (st.template !== null) st.dynamic.delete(pid);
  return restart(st, child, pid, reason);
}

/**
 * One restart (OTP restart/2): past the intensity the supervisor stops; a child that fails to start is
 * logged (start_error) and tried again later through the loop (OTP's `{try_again_restart, Id}` cast),
 * so calls are answered in between and see it `restarting`.
 */
async function restart(st: SupState, child: Child, pid: Pid, reason: ExitReason): Promise<GenServer.NoReplyResult<SupState>> {
  const rt = rtOf(st.self);
  if (!addRestart(st)) {
    report(st, 'shutdown', 'reached_max_restart_intensity', child, pid);
    if (rt.listening) rt.emit({ ...rt.base(st.self), kind: 'intensity-exceeded', childId: child.spec.id, child: pid, reason });
    if (child.pid === 'restarting') child.pid = undefined;
    return tuple('stop', 'shutdown', st);
  }
  const failed = await restartByStrategy(st, child);
  if (failed === null) {
    const started = child.pid;
    if (rt.listening && isPid(started)) {
      rt.emit({ ...rt.base(st.self), kind: 'child-restarted', childId: child.spec.id, child: started, reason });
    }
    return tuple('noreply', st);
  }
  if (st.template !== null) {
    st.dynamic.set(pid, failed); // listed as restarting until it starts
    st.retrying.set(pid, { pid, reason });
    GenServer.cast(st.self.pid, tuple('try_again_restart', tuple('restarting', pid)), st.self);
  } else {
    st.retrying.set(failed.spec.id, { pid, reason });
    GenServer.cast(st.self.pid, tuple('try_again_restart', failed.spec.id), st.self);
  }
  return tuple('noreply', st);
}

/** OTP `handle_cast({try_again_restart, Id})`: restarts the child if it is still waiting for it. */
function tryAgain(st: SupState, id: unknown): Promise<GenServer.NoReplyResult<SupState>> | GenServer.NoReplyResult<SupState> {
  const key = isTuple(id) && id[0] === 'restarting' ? id[1] : id;
  const retry = st.retrying.get(key);
  st.retrying.delete(key);
  const child = st.template !== null ? st.dynamic.get(key as Pid) : st.children.find((c) => c.spec.id === key);
  if (retry === undefined || child === undefined || child.pid !== 'restarting') return tuple('noreply', st);
  if (st.template !== null) st.dynamic.delete(key as Pid);
  return restart(st, child, retry.pid, retry.reason);
}

/** Restarts by strategy; null when done, else the child that failed to start (logged, left `restarting`). */
async function restartByStrategy(st: SupState, child: Child): Promise<Child | null> {
  if (st.template !== null) {
    const r = await startSpec(st, child);
    if (Array.isArray(r) && r[0] === 'ok') st.dynamic.set(r[1] as Pid, child);
    if (!(Array.isArray(r) && r[0] === 'error')) return null;
    report(st, 'start_error', r[1], child, undefined);
    child.pid = 'restarting';
    return child;
  }
  const idx = st.children.indexOf(child);
  let from = idx;
  if (st.flags.strategy === 'one_for_all') from = 0;
  if (st.flags.strategy !== 'one_for_one') {
    for (let i = st.children.length - 1; i >= from; i--) {
      const c = st.children[i];
      if (c !== child && isPid(c.pid)) await shutdownChild(st, c);
    }
    // OTP terminate_children: temporary children of the group are stopped but not kept
    st.children = st.children.filter((c, i) => i < from || c === child || c.spec.restart !== 'temporary');
  } else {
    from = idx;
  }
  const last = st.flags.strategy === 'one_for_one' ? idx : st.children.length - 1;
  for (let i = from; i <= last; i++) {
    const c = st.children[i];
    const r = await startSpec(st, c);
    if (Array.isArray(r) && r[0] === 'error') {
      report(st, 'start_error', r[1], c, undefined);
      c.pid = 'restarting';
      return c;
    }
  }
  return null;
}

// ---------------------------------------------------------------- the GenServer callbacks

/**
 * OTP find_child: a static supervisor knows its children by id only; simple_one_for_one by pid, and a dead pid
 * it does not know stands for the template (terminate_child of it is ok, get_childspec gives the template).
 */
function findChild(st: SupState, id: string | Pid): Child | undefined {
  if (st.template !== null) {
    if (!(id instanceof Pid)) return undefined;
    return st.dynamic.get(id) ?? (id.proc.dead ? { spec: st.template, pid: undefined, extra: [] } : undefined);
  }
  return st.children.find((c) => c.spec.id === id);
}

function childInfo(c: Child): ChildInfo {
  return { id: c.spec.id, pid: c.pid, type: c.spec.type, modules: c.spec.modules };
}

/** OTP's `{Id, Child, Type, Modules}`. */
function childTerm(c: ChildInfo): Tuple<[ChildInfo['id'], ChildInfo['pid'], ChildInfo['type'], ChildInfo['modules']]> {
  return tuple(c.id, c.pid, c.type, c.modules);
}

async function handleRequest(req: SupRequest, st: SupState): Promise<unknown> {
  switch (req.op) {
    // the replies are OTP's terms (what sys and the event stream see); the client functions make objects of them
    case 'which_children':
      if (st.template !== null) return [...st.dynamic.values()].map((c) => childTerm({ ...childInfo(c), id: undefined }));
      return [...st.children].reverse().map((c) => childTerm(childInfo(c)));
    case 'count_children': {
      const all = st.template !== null ? [...st.dynamic.values()] : st.children;
      const counts: ChildCounts = {
        specs: st.template !== null ? 1 : all.length,
        active: all.filter((c) => isPid(c.pid) && !c.pid.proc.dead).length,
        supervisors: all.filter((c) => c.spec.type === 'supervisor').length,
        workers: all.filter((c) => c.spec.type === 'worker').length,
      };
      return Object.entries(counts).map(([k, n]) => tuple(k, n));
    }
    case 'start_child':
      return startChildRequest(st, req.arg);
    case 'terminate_child': {
      if (st.template !== null && typeof req.id === 'string') return tuple('error', 'simple_one_for_one');
      const c = findChild(st, req.id);
      if (c === undefined) return tuple('error', 'not_found');
      await shutdownChild(st, c);
      if (st.template !== null) st.dynamic.delete(req.id as Pid);
      else if (c.spec.restart === 'temporary') st.children = st.children.filter((x) => x !== c);
      return 'ok';
    }
    case 'restart_child': {
      if (st.template !== null) return tuple('error', 'simple_one_for_one');
      const c = findChild(st, req.id);
      if (c === undefined) return tuple('error', 'not_found');
      if (c.pid !== undefined) return tuple('error', c.pid === 'restarting' ? 'restarting' : 'running');
      const r = await startSpec(st, c);
      return r === 'ignore' ? tuple('ok', undefined) : r;
    }
    case 'delete_child': {
      if (st.template !== null) return tuple('error', 'simple_one_for_one');
      const c = findChild(st, req.id);
      if (c === undefined) return tuple('error', 'not_found');
      if (c.pid !== undefined) return tuple('error', c.pid === 'restarting' ? 'restarting' : 'running');
      st.children = st.children.filter((x) => x !== c);
      return 'ok';
    }
    case 'get_childspec': {
      // simple_one_for_one: the template, by its id or by a running child's pid
      if (st.template !== null && req.id === st.template.id) return tuple('ok', st.template);
      const c = st.template !== null && typeof req.id === 'string' ? undefined : findChild(st, req.id);
      return c === undefined ? tuple('error', 'not_found') : tuple('ok', c.spec);
    }
  }
}

async function startChildRequest(st: SupState, arg: ChildSpec | readonly unknown[]): Promise<unknown> {
  if (st.template !== null) {
    const child: Child = { spec: st.template, pid: undefined, extra: Array.isArray(arg) ? arg : [arg] };
    const r = await startSpec(st, child);
    if (Array.isArray(r) && r[0] === 'ok') st.dynamic.set(r[1] as Pid, child);
    return r === 'ignore' ? tuple('ok', undefined) : r;
  }
  let spec: FullChildSpec;
  try {
    spec = checkSpec(arg, st.flags.autoShutdown);
  } catch (e) {
    return tuple('error', e instanceof SpecError ? e.term : reasonOf(e));
  }
  const existing = st.children.find((c) => c.spec.id === spec.id);
  if (existing !== undefined) {
    return isPid(existing.pid) ? tuple('error', tuple('already_started', existing.pid)) : tuple('error', 'already_present');
  }
  const child: Child = { spec, pid: undefined, extra: [] };
  const r = await startSpec(st, child);
  if (Array.isArray(r) && r[0] === 'error') return tuple('error', tuple(r[1], spec));
  st.children.push(child);
  return r === 'ignore' ? tuple('ok', undefined) : r;
}

function makeServer<A>(mod: SupervisorBehaviour<A>): GenServer.GenServerBehaviour<SupState, A, SupervisorProtocol> {
  return {
    name: mod.name ?? 'supervisor',
    async init(arg, self) {
      const p = (self as Process);
      const spec = await mod.init(arg);
      if (spec === 'ignore') return 'ignore';
      if (!Array.isArray(spec) || spec[0] !== 'ok') return tuple('stop', tuple('bad_return', tuple(mod.name ?? 'supervisor', 'init', spec)));
      let flags: FullSupFlags;
      let specs: FullChildSpec[];
      try {
        flags = checkFlags(spec[1]);
      } catch (e) {
        return tuple('stop', tuple('supervisor_data', e instanceof SpecError ? e.term : reasonOf(e)));
      }
      const simple = flags.strategy === 'simple_one_for_one';
      // OTP init_dynamic: anything but one spec is refused, as given, before any spec is checked
      if (simple && (!Array.isArray(spec[2]) || spec[2].length !== 1)) return tuple('stop', tuple('bad_start_spec', spec[2]));
      try {
        specs = checkSpecs(spec[2], flags.autoShutdown);
      } catch (e) {
        return tuple('stop', tuple('start_spec', e instanceof SpecError ? e.term : reasonOf(e)));
      }
      const st: SupState = {
        self: p,
        flags,
        children: [],
        template: simple ? specs[0] : null,
        dynamic: new Map(),
        restarts: [],
        label: p.name ?? String(p.pid),
        retrying: new Map(),
      };
      if (!simple) {
        for (const s of specs) {
          const child: Child = { spec: s, pid: undefined, extra: [] };
          const r = await startSpec(st, child);
          if (Array.isArray(r) && r[0] === 'error') {
            // OTP start_children: the report names the child's own error, then the started ones are stopped
            const report = { supervisor: st.label, errorContext: 'start_error', reason: p.runtime.redact(r[1], 'crash-report'), offender: { id: s.id, pid: undefined } };
            p.runtime.log({ level: 'error', label: 'supervisor:start_error', report });
            await shutdownAll(st);
            return tuple('stop', tuple('shutdown', tuple('failed_to_start_child', s.id, r[1])));
          }
          st.children.push(child);
        }
      }
      return tuple('ok', st);
    },
    handleCall(req, _from, st) {
      return handleRequest(fromCall(req), st).then((r) => tuple('reply', r, st));
    },
    handleCast(msg, st) {
      // OTP handles only its own try_again_restart; any other cast is a function_clause
      if (isTuple(msg) && msg.length === 2 && msg[0] === 'try_again_restart') return tryAgain(st, msg[1]);
      throw new Error('function_clause');
    },
    handleInfo(msg, st) {
      if (msg instanceof ExitMessage) {
        const child = st.template !== null ? st.dynamic.get(msg.from) : st.children.find((c) => c.pid === msg.from);
        if (child !== undefined) return childExited(st, child, msg.from, msg.reason);
        return tuple('noreply', st); // an EXIT from a non-child: ignored silently
      }
      const rt = rtOf(st.self);
      rt.log({ level: 'error', label: 'supervisor:unexpected_message', report: { supervisor: st.label, message: rt.redact(msg, 'crash-report') } });
      return tuple('noreply', st);
    },
    terminate(_reason, st) {
      return shutdownAll(st);
    },
    formatStatus(_reason, st) {
      return tuple('data', [tuple('State', tuple('state', st.label, st.flags.strategy, st.children.length + st.dynamic.size))]);
    },
  };
}

/** Options of `start` / `startLink`. */
export type SupervisorStartOptions = Omit<GenServer.GenServerStartOptions, 'trapExit'>;

/** Starts a supervisor linked to the caller (OTP `supervisor:start_link/2,3`). */
export function startLink<A>(mod: SupervisorBehaviour<A>, arg: A, opts: SupervisorStartOptions = {}): Promise<GenServer.StartResult<SupervisorProtocol>> {
  return startSup(mod, arg, opts, true);
}

/** Starts a supervisor without a link. */
export function start<A>(mod: SupervisorBehaviour<A>, arg: A, opts: SupervisorStartOptions = {}): Promise<GenServer.StartResult<SupervisorProtocol>> {
  return startSup(mod, arg, opts, false);
}

async function startSup<A>(mod: SupervisorBehaviour<A>, arg: A, opts: SupervisorStartOptions, link: boolean): Promise<GenServer.StartResult<SupervisorProtocol>> {
  if (typeof mod !== 'object' || mod === null || typeof mod.init !== 'function') {
    throw new TypeError(`Supervisor: callback 'init' must be a function, got ${typeof (mod as { init?: unknown } | null)?.init}`);
  }
  const server = makeServer(mod);
  const o = { ...opts, trapExit: true };
  const r = link ? await GenServer.startLink(server, arg, o) : await GenServer.start(server, arg, o);
  if (Array.isArray(r) && r[0] === 'ok') (r[1] as Pid).proc.behaviour = 'supervisor';
  return r;
}

function sup<R>(server: Dest, request: SupRequest, caller?: Self): Promise<R> {
  return GenServer.call(server as GenServer.Server<SupervisorProtocol>, toCall(request), { timeout: Infinity, caller }) as Promise<R>;
}

/** OTP `which_children/1`: newest first. */
export async function whichChildren(server: Dest, caller?: Self): Promise<ChildInfo[]> {
  const terms = await sup<ReturnType<typeof childTerm>[]>(server, { op: 'which_children' }, caller);
  return terms.map(([id, pid, type, modules]) => ({ id, pid, type, modules }));
}

/** OTP `count_children/1`. */
export async function countChildren(server: Dest, caller?: Self): Promise<ChildCounts> {
  const terms = await sup<Tuple<[keyof ChildCounts, number]>[]>(server, { op: 'count_children' }, caller);
  return Object.fromEntries(terms) as unknown as ChildCounts;
}

/** OTP `start_child/2`: a spec, or for simple_one_for_one the extra args. */
export function startChild(server: Dest, specOrArgs: ChildSpec | readonly unknown[], caller?: Self): Promise<ChildStartResult | readonly ['ok', undefined]> {
  return sup(server, { op: 'start_child', arg: specOrArgs }, caller);
}

/** OTP `terminate_child/2` by id, or by pid for simple_one_for_one. */
export function terminateChild(server: Dest, id: string | Pid, caller?: Self): Promise<'ok' | readonly ['error', unknown]> {
  return sup(server, { op: 'terminate_child', id }, caller);
}

/** OTP `restart_child/2`. */
export function restartChild(server: Dest, id: string, caller?: Self): Promise<unknown> {
  return sup(server, { op: 'restart_child', id }, caller);
}

/** OTP `delete_child/2`. */
export function deleteChild(server: Dest, id: string, caller?: Self): Promise<'ok' | readonly ['error', unknown]> {
  return sup(server, { op: 'delete_child', id }, caller);
}

/** OTP `get_childspec/2`: the spec with defaults filled in. */
export function getChildspec(server: Dest, id: string | Pid, caller?: Self): Promise<readonly ['ok', FullChildSpec] | readonly ['error', 'not_found']> {
  return sup(server, { op: 'get_childspec', id }, caller);
}

/** OTP `check_childspecs/1,2`: 'ok' or `['error', reason]` naming the first problem (with `autoShutdown`, also significant under never). */
export function checkChildspecs(specs: readonly unknown[], autoShutdown?: AutoShutdown): 'ok' | readonly ['error', unknown] {
  try {
    checkSpecs(specs, autoShutdown);
    return 'ok';
  } catch (e) {
    return tuple('error', e instanceof SpecError ? e.term : reasonOf(e));
  }
}

export { CallError };
