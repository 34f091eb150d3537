/**
 * The sys protocol (OTP `sys`): the client functions (getState, suspend, trace,
 * install, …) and, for special processes, `handleSystemMsg` and `handleDebug`.
 *
 * A sys request is a `SystemMessage` carrying a `From`; the target answers it
 * between two of its ordinary messages (also while suspended) and then calls
 * its `systemContinue` hook. Debug options live on the process, so the
 * runtime's event stream and sys's trace/log/statistics/install all read the
 * very same event objects.
 */
import { DEFAULT_TIMEOUT, reply, replyRaise, request } from '../kernel/call.ts';
import { DebugState, debugStateOf, formatDebugEvent, writeTrace, type DebugFormatter, type DebugFun } from '../observe/debug.ts';
import { CallbackFailedError, ProcessExit, reasonOf, type FailedCall } from '../kernel/errors.ts';
import { redactKey } from '../kernel/redact.ts';
import type { DebugEvent, DebugEventBody } from '../observe/events.ts';
import type { From } from '../kernel/from.ts';
import type { Process } from '../kernel/process.ts';
import { runtime, type Runtime, type Self } from '../runtime.ts';
import { callerOf, optionsOf, type TimeoutOrOptions } from './client.ts';
import { Pid, tuple, type Dest, type ExitReason } from '../kernel/terms.ts';
import { procNameReader } from './gen.ts';

/** What sys can ask of a process. */
export type SysRequest =
  | { readonly op: 'get_state' }
  | { readonly op: 'replace_state'; readonly fn: (state: unknown) => unknown }
  | { readonly op: 'suspend' }
  | { readonly op: 'resume' }
  | { readonly op: 'get_status' }
  | { readonly op: 'terminate'; readonly reason: ExitReason }
  | { readonly op: 'change_code'; readonly module: string; readonly oldVsn: unknown; readonly extra: unknown }
  | { readonly op: 'debug'; readonly option: DebugRequest };

/** A debug option change (OTP `{debug, …}` system requests). */
export type DebugRequest =
  | { readonly kind: 'trace'; readonly on: boolean }
  | { readonly kind: 'log'; readonly flag: LogFlag }
  | { readonly kind: 'statistics'; readonly flag: StatisticsFlag }
  | { readonly kind: 'log_to_file'; readonly path: string | false }
  | { readonly kind: 'install'; readonly id: unknown; readonly fun: DebugFun; readonly state: unknown }
  | { readonly kind: 'remove'; readonly funOrId: unknown }
  | { readonly kind: 'no_debug' };

/** sys log flags: on (10 events), on with N, read, print, off. */
export type LogFlag = true | false | { readonly n: number } | 'get' | 'print';
/** sys statistics flags. */
export type StatisticsFlag = true | false | 'get';

/** OTP `{system, From, Request}`. */
export class SystemMessage {
  readonly from: From;
  readonly request: SysRequest;

  constructor(from: From, request: SysRequest) {
    this.from = from;
    this.request = request;
  }
}

/** A sys call's message (what `request` sends; a plain function, not a closure per call). Not exported: the namespace is public. */
function systemMessage(from: From, request: SysRequest): SystemMessage {
  return new SystemMessage(from, request);
}

/**
 * Thrown by a `systemCodeChange` hook to refuse a code change: `result` is what OTP's
 * `Mod:system_code_change/4` returned instead of `{ok, NMisc}`; sys:change_code answers `{error, result}`.
 */
export class CodeChangeRefused extends Error {
  readonly result: unknown;

  constructor(result: unknown) {
    super('code change refused');
    this.name = 'CodeChangeRefused';
    this.result = result;
  }
}

/** True for a sys request message. */
export function isSystemMessage(msg: unknown): msg is SystemMessage {
  return msg instanceof SystemMessage;
}

/**
 * What `getStatus` returns: OTP's `{status, Pid, {module, Mod}, [PDict, SysState, Parent, Debug, Misc]}`
 * as a record with those fields named. A client function's result that OTP
 * gives as a fixed-position tuple or a proplist is an object here
 * (`getStatus`, `statistics(p, 'get')`, `Supervisor.whichChildren`,
 * `countChildren`); success or failure alternatives stay OTP's tagged tuples
 * (`['ok', pid]`, `['error', reason]`); messages, replies and states inside
 * events and `misc` are the terms the process really handled.
 */
export interface SysStatus {
  readonly pid: Pid;
  readonly module: string;
  /** The process dictionary: `$ancestors`, `$initial_call`, then its own keys (values through the 'status' redaction site). */
  readonly dictionary: readonly (readonly [unknown, unknown])[];
  readonly status: 'running' | 'suspended';
  readonly parent: Pid | null;
  /**
   * The Debug list by the first element of each item, as OTP's get_status
   * shows it: 'trace', 'log', 'statistics', 'log_to_file', and each installed
   * function by its id (the function itself when installed without an id).
   */
  readonly debug: readonly unknown[];
  /** The process's own status term (gen_server: header, sys data, state). */
  readonly misc: unknown;
}

/** What `statistics(pid, 'get')` returns. */
export interface SysStatistics {
  readonly startTime: Date;
  readonly currentTime: Date;
  readonly reductions: number;
  readonly messagesIn: number;
  readonly messagesOut: number;
}

/**
 * The hooks a special process gives sys (OTP's `Module:system_*` callbacks).
 * `Misc` is the process's loop state as sys carries it.
 */
export interface SystemHooks<Misc> {
  /** The module name in errors and `getStatus` ('gen_server' for a GenServer). */
  readonly module: string;
  /** Re-enter the process's loop after a system message (OTP `system_continue/3`). */
  systemContinue(self: Self, misc: Misc): unknown;
  /** End the process with `reason` (OTP `system_terminate/4`): throw, or return a promise that rejects. */
  systemTerminate(self: Self, reason: ExitReason, misc: Misc): unknown;
  /** The state sys reports (OTP `system_get_state/1`). */
  systemGetState(misc: Misc): unknown;
  /** Apply `fn` to the state: `[newState, newMisc]` (OTP `system_replace_state/2`). */
  systemReplaceState(fn: (state: unknown) => unknown, misc: Misc): readonly [unknown, Misc];
  /** Code change while suspended (OTP `system_code_change/4`): the new misc; throw `CodeChangeRefused` to refuse, or anything else for `{'EXIT', R}`. */
  systemCodeChange?(misc: Misc, module: string, oldVsn: unknown, extra: unknown): Misc;
  /** The `misc` term of getStatus; defaults to the raw misc. */
  formatStatus?(self: Self, status: 'running' | 'suspended', misc: Misc): unknown;
}

// ---------------------------------------------------------------- client side

function sysCall<R>(dest: Dest, req: SysRequest, fn: string, rest: readonly unknown[], last: TimeoutOrOptions | undefined): Promise<R> {
  const o = optionsOf(last);
  const rt: Runtime = dest instanceof Pid ? dest.proc.runtime : (o.caller?.runtime ?? runtime());
  // OTP names the timeout in the failed call only when the caller gave one (get_state/2, not get_state/1)
  const args = o.timeout === undefined ? [dest, ...rest] : [dest, ...rest, o.timeout];
  const failed: FailedCall = { module: 'sys', function: fn, args };
  return request<R, SysRequest>(rt, rt.resolve(dest), systemMessage, req, o.timeout ?? DEFAULT_TIMEOUT, failed, callerOf(rt, o));
}

/** OTP `sys:get_state/1,2`. The last argument of every sys function: a timeout in ms (default 5000) or `{ timeout, caller }`. */
export function getState<S = unknown>(dest: Dest, timeout?: TimeoutOrOptions): Promise<S> {
  return sysCall(dest, { op: 'get_state' }, 'get_state', [], timeout);
}

/** OTP `sys:replace_state/2,3`: returns the new state. A throwing `fn` leaves the state as it was. */
export function replaceState<S = unknown>(dest: Dest, fn: (state: S) => S, timeout?: TimeoutOrOptions): Promise<S> {
  const req: SysRequest = { op: 'replace_state', fn: fn as (s: unknown) => unknown };
  return sysCall(dest, req, 'replace_state', [fn], timeout);
}

/** OTP `sys:suspend/1,2`: the process stops taking ordinary messages but keeps answering sys. */
export function suspend(dest: Dest, timeout?: TimeoutOrOptions): Promise<'ok'> {
  return sysCall(dest, { op: 'suspend' }, 'suspend', [], timeout);
}

/** OTP `sys:resume/1,2`. */
export function resume(dest: Dest, timeout?: TimeoutOrOptions): Promise<'ok'> {
  return sysCall(dest, { op: 'resume' }, 'resume', [], timeout);
}

/** OTP `sys:terminate/2,3`: answers 'ok' before the process runs its terminate. */
export function terminate(dest: Dest, reason: ExitReason, timeout?: TimeoutOrOptions): Promise<'ok'> {
  return sysCall(dest, { op: 'terminate', reason }, 'terminate', [reason], timeout);
}

/** OTP `sys:get_status/1,2` (see `SysStatus` for why it is an object). */
export function getStatus(dest: Dest, timeout?: TimeoutOrOptions): Promise<SysStatus> {
  return sysCall(dest, { op: 'get_status' }, 'get_status', [], timeout);
}

/** OTP `sys:change_code/4,5`: only while suspended. */
export function changeCode(dest: Dest, module: string, oldVsn: unknown, extra: unknown, timeout?: TimeoutOrOptions): Promise<unknown> {
  const req: SysRequest = { op: 'change_code', module, oldVsn, extra };
  return sysCall(dest, req, 'change_code', [module, oldVsn, extra], timeout);
}

function debugCall<R>(dest: Dest, option: DebugRequest, fn: string, rest: readonly unknown[], timeout?: TimeoutOrOptions): Promise<R> {
  return sysCall(dest, { op: 'debug', option }, fn, rest, timeout);
}

/** OTP `sys:statistics/2,3`. Invalid flags answer 'unknown_debug'. */
export function statistics(dest: Dest, flag: 'get', timeout?: TimeoutOrOptions): Promise<SysStatistics | 'no_statistics'>;
export function statistics(dest: Dest, flag: boolean, timeout?: TimeoutOrOptions): Promise<'ok'>;
export function statistics(dest: Dest, flag: StatisticsFlag, timeout?: TimeoutOrOptions): Promise<unknown> {
  return debugCall(dest, { kind: 'statistics', flag }, 'statistics', [flag], timeout);
}

/** OTP `sys:log/2,3`: `get` → the logged events (the stream's `DebugEvent` objects), oldest first; `print` writes them as trace text. */
export function log(dest: Dest, flag: 'get', timeout?: TimeoutOrOptions): Promise<DebugEvent[]>;
export function log(dest: Dest, flag: Exclude<LogFlag, 'get'>, timeout?: TimeoutOrOptions): Promise<'ok'>;
export function log(dest: Dest, flag: LogFlag, timeout?: TimeoutOrOptions): Promise<unknown> {
  return debugCall(dest, { kind: 'log', flag }, 'log', [flag], timeout);
}

/** OTP `sys:log_to_file/2,3`: appends each event's trace text to `path`; false stops. */
export function logToFile(dest: Dest, path: string | false, timeout?: TimeoutOrOptions): Promise<'ok' | readonly ['error', 'open_file']> {
  return debugCall(dest, { kind: 'log_to_file', path }, 'log_to_file', [path], timeout);
}

/** OTP `sys:trace/2,3`: prints each debug event as `*DBG*` text. */
export function trace(dest: Dest, on: boolean, timeout?: TimeoutOrOptions): Promise<'ok'> {
  return debugCall(dest, { kind: 'trace', on }, 'trace', [on], timeout);
}

/** An installed function with an explicit id (OTP `{FuncId, Func, FuncState}`). */
export interface DebugFunSpec<S> {
  readonly id: unknown;
  readonly fun: DebugFun<S>;
  readonly state: S;
}

/**
 * OTP `sys:install/2,3`: `fun(state, event, procName)` is called with every
 * later debug event of the process (see `DebugFun`) and returns its next state,
 * or 'done' to remove itself; one that throws is removed silently. Installed
 * without an id, the function is its own id (OTP `{Func, FuncState}`).
 */
export function install<S>(dest: Dest, fun: DebugFun<S>, state: S, timeout?: TimeoutOrOptions): Promise<'ok'>;
export function install<S>(dest: Dest, spec: DebugFunSpec<S>, timeout?: TimeoutOrOptions): Promise<'ok'>;
export function install<S>(
  dest: Dest,
  funOrSpec: DebugFun<S> | DebugFunSpec<S>,
  stateOrTimeout?: S | TimeoutOrOptions,
  timeout?: TimeoutOrOptions,
): Promise<'ok'> {
  if (typeof funOrSpec === 'function') {
    const option: DebugRequest = { kind: 'install', id: funOrSpec, fun: funOrSpec as DebugFun, state: stateOrTimeout };
    return debugCall(dest, option, 'install', [tuple(funOrSpec, stateOrTimeout)], timeout);
  }
  const t = stateOrTimeout as TimeoutOrOptions | undefined;
  const option: DebugRequest = { kind: 'install', id: funOrSpec.id, fun: funOrSpec.fun as DebugFun, state: funOrSpec.state };
  return debugCall(dest, option, 'install', [tuple(funOrSpec.id, funOrSpec.fun, funOrSpec.state)], t);
}

/** OTP `sys:remove/2,3` by function or id; 'ok' also when not installed. */
export function remove(dest: Dest, funOrId: unknown, timeout?: TimeoutOrOptions): Promise<'ok'> {
  return debugCall(dest, { kind: 'remove', funOrId }, 'remove', [funOrId], timeout);
}

/** OTP `sys:no_debug/1,2`: turns every debug option off. */
export function noDebug(dest: Dest, timeout?: TimeoutOrOptions): Promise<'ok'> {
  return debugCall(dest, { kind: 'no_debug' }, 'no_debug', [], timeout);
}

// ---------------------------------------------------------------- process side

/** Start-time debug options (OTP `{debug, Opts}`); unknown options are ignored. */
export type DebugOption =
  | 'trace'
  | 'log'
  | 'statistics'
  | readonly ['log', number]
  | readonly ['log_to_file', string]
  | readonly ['install', DebugFun, unknown];

/** OTP `sys:debug_options/1`: turns options on for `self` (e.g. at start). */
export function debugOptions(self: Self, opts: readonly DebugOption[]): void {
  const p = (self as Process);
  for (const o of opts) {
    if (o === 'trace') debugOf(p).trace = true;
    else if (o === 'log') debugOf(p).startLog(10);
    else if (o === 'statistics') debugOf(p).setStatistics(true);
    else if (Array.isArray(o) && o[0] === 'log' && Number.isInteger(o[1]) && o[1] >= 1) debugOf(p).startLog(o[1]);
    else if (Array.isArray(o) && o[0] === 'log_to_file' && typeof o[1] === 'string') debugOf(p).logToFile(o[1]);
    else if (Array.isArray(o) && o[0] === 'install' && typeof o[1] === 'function') debugOf(p).install(o[1], o[2]);
  }
  dropIfEmpty(p);
}

/** Sets the formatter trace/log print use for `self`'s events (OTP's FormatFun of handle_debug). */
export function setDebugFormatter(self: Self, formatter: DebugFormatter): void {
  debugOf((self as Process)).formatter = formatter;
  dropIfEmpty((self as Process));
}

/**
 * OTP `sys:handle_debug/4`: reports one debug event of `self` to its options and
 * the event stream. `procName` is OTP's Name argument: what trace/log text and
 * installed functions see (default: the registered name, else the pid).
 * Costs one check when nobody watches.
 */
export function handleDebug(self: Self, body: DebugEventBody, procName?: string | Pid): void {
  const p = (self as Process);
  if (debugStateOf(p) !== null || p.runtime.listening) p.runtime.emitDebug(p, body, procName);
}

function debugOf(p: Process): DebugState {
  let d = debugStateOf(p);
  if (d === null) {
    d = new DebugState(procNameReader(p), () => p.runtime.redactor);
    const f = formatters.get(p);
    if (f !== undefined) d.formatter = f;
    p.debug = d;
  }
  return d;
}

/** Formatters survive the debug state being dropped when all options go off. */
const formatters = new WeakMap<Process, DebugFormatter>();

function dropIfEmpty(p: Process): void {
  const d = debugStateOf(p);
  if (d === null) return;
  if (d.formatter !== formatDebugEvent) formatters.set(p, d.formatter);
  if (d.isEmpty) p.debug = null;
}

/**
 * OTP `sys:handle_system_msg/6`: answers `msg` for `self`, then calls
 * `hooks.systemContinue` — unless the process is suspended, in which case it
 * keeps taking only system messages until resumed.
 */
export function handleSystemMsg<Misc>(self: Self, msg: SystemMessage, hooks: SystemHooks<Misc>, misc: Misc): unknown {
  const p = (self as Process);
  const { from, request: req } = msg;
  switch (req.op) {
    case 'get_state':
      try {
        reply(from, hooks.systemGetState(misc));
      } catch (e) {
        replyRaise(from, callbackFailed(p, hooks.module, 'system_get_state', e));
      }
      break;
    case 'replace_state':
      try {
        const [state, next] = hooks.systemReplaceState(req.fn, misc);
        misc = next;
        if (p.runtime.listening) p.runtime.emit({ ...p.runtime.base(p), kind: 'state-replaced', state });
        reply(from, state);
      } catch (e) {
        replyRaise(from, callbackFailed(p, hooks.module, 'system_replace_state', e));
      }
      break;
    case 'suspend':
      if (!p.suspended && p.runtime.listening) p.runtime.emit({ ...p.runtime.base(p), kind: 'suspend' });
      p.suspended = true;
      reply(from, 'ok');
      break;
    case 'resume':
      if (p.suspended && p.runtime.listening) p.runtime.emit({ ...p.runtime.base(p), kind: 'resume' });
      p.suspended = false;
      reply(from, 'ok');
      break;
    case 'get_status': {
      const status = p.suspended ? 'suspended' : 'running';
      const rt = p.runtime;
      // what leaves goes through the redactor's 'status' site (after the behaviour's own formatStatus)
      const dictionary: (readonly [unknown, unknown])[] = [
        ['$ancestors', p.ancestors],
        ['$initial_call', p.initialCall],
        ...(p.dict === null ? [] : [...p.dict.entries()].map(([k, v]) => [redactKey(rt.redactor, k, 'status'), rt.redact(v, 'status')] as const)),
      ];
      const result: SysStatus = {
        pid: p.pid,
        module: hooks.module,
        dictionary,
        status,
        parent: p.parent,
        debug: debugStateOf(p)?.tags() ?? [],
        misc: rt.redact(statusMisc(self, status, hooks, misc), 'status'),
      };
      reply(from, result);
      break;
    }
    case 'terminate':
      reply(from, 'ok');
      return hooks.systemTerminate(self, req.reason, misc);
    case 'change_code':
      if (!p.suspended || hooks.systemCodeChange === undefined) {
        reply(from, tuple('error', tuple('unknown_system_msg', tuple('change_code', req.module, req.oldVsn, req.extra))));
      } else {
        try {
          misc = hooks.systemCodeChange(misc, req.module, req.oldVsn, req.extra);
          reply(from, 'ok');
        } catch (e) {
          reply(from, tuple('error', e instanceof CodeChangeRefused ? e.result : tuple('EXIT', reasonOf(e))));
        }
      }
      break;
    case 'debug':
      reply(from, applyDebug(p, req.option));
      break;
  }
  if (p.dead) return undefined;
  if (p.suspended) {
    const m = misc;
    p.loop((next) => handleSystemMsg(self, next as SystemMessage, hooks, m), isSystemMessage);
    return undefined;
  }
  return hooks.systemContinue(self, misc);
}

/**
 * The `misc` of get_status: the hooks' formatStatus, or the raw misc. A
 * formatStatus that throws gives the raw misc, as OTP's sys does for
 * `Mod:format_status/2` (`{'EXIT', _} -> Misc`); the process is unaffected.
 */
function statusMisc<Misc>(self: Self, status: 'running' | 'suspended', hooks: SystemHooks<Misc>, misc: Misc): unknown {
  if (hooks.formatStatus === undefined) return misc;
  try {
    return hooks.formatStatus(self, status, misc);
  } catch {
    return misc;
  }
}

/**
 * OTP raises `{callback_failed, {Mod, Callback}, {Class, Reason}}` in the caller:
 * a ProcessExit is class exit, another Error class error, any other thrown value class throw.
 */
function callbackFailed(p: Process, module: string, callback: string, thrown: unknown): CallbackFailedError {
  const cls = thrown instanceof ProcessExit ? tuple('exit', thrown.reason) : thrown instanceof Error ? tuple('error', thrown) : tuple('throw', thrown);
  return new CallbackFailedError(tuple('callback_failed', tuple(module, callback), cls), p.runtime.redactor);
}

function applyDebug(p: Process, o: DebugRequest): unknown {
  try {
    switch (o.kind) {
      case 'trace':
        if (typeof o.on !== 'boolean') return 'unknown_debug';
        debugOf(p).trace = o.on;
        return 'ok';
      case 'log': {
        const f = o.flag;
        if (f === true) debugOf(p).startLog(10);
        else if (f === false) debugStateOf(p)?.stopLog();
        else if (f === 'get') return debugStateOf(p)?.logged() ?? [];
        else if (f === 'print') {
          const d = debugStateOf(p);
          if (d !== null) for (const e of d.logged()) writeTrace(d.line(e, d.nameOf(e)));
        } else if (typeof f === 'object' && f !== null && Number.isInteger(f.n) && f.n >= 1) debugOf(p).startLog(f.n);
        else return 'unknown_debug';
        return 'ok';
      }
      case 'statistics': {
        const f = o.flag;
        if (f === true || f === false) {
          if (f) debugOf(p).setStatistics(true);
          else debugStateOf(p)?.setStatistics(false);
          return 'ok';
        }
        if (f !== 'get') return 'unknown_debug';
        const s = debugStateOf(p)?.stats;
        if (s == null) return 'no_statistics';
        const stats: SysStatistics = {
          startTime: s.startTime,
          currentTime: new Date(),
          reductions: s.reductions,
          messagesIn: s.messagesIn,
          messagesOut: s.messagesOut,
        };
        return stats;
      }
      case 'log_to_file':
        if (o.path !== false && typeof o.path !== 'string') return 'unknown_debug';
        if (o.path === false) {
          debugStateOf(p)?.logToFile(false);
          return 'ok';
        }
        return debugOf(p).logToFile(o.path) ? 'ok' : tuple('error', 'open_file');
      case 'install':
        debugOf(p).install(o.fun, o.state, o.id);
        return 'ok';
      case 'remove':
        debugStateOf(p)?.remove(o.funOrId);
        return 'ok';
      case 'no_debug':
        debugStateOf(p)?.clear();
        return 'ok';
    }
  } finally {
    dropIfEmpty(p);
  }
}
