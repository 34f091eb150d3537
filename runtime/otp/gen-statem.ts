/**
 * GenStatem (OTP gen_statem): a state machine around a callback module, in
 * state_functions or handle_event_function mode, with state enter calls,
 * postponing, event/state/generic timeouts, next_event and reply actions,
 * hibernation, full sys support and OTP's debug events. Calls and casts are
 * OTP's `'$gen_call'` / `'$gen_cast'` messages, so `GenServer.call` reaches a
 * state machine too. The engine is gen-statem-loop.ts; the types
 * gen-statem-types.ts.
 */
import { DEFAULT_TIMEOUT, reply as replyTo, request } from '../kernel/call.ts';
import { BadCallbackError, ErlangError, ProcessExit, describeReason, reasonOf } from '../kernel/errors.ts';
import { CallSite, type From } from '../kernel/from.ts';
import { isViaName, type ServerName } from '../kernel/names.ts';
import type { Process } from '../kernel/process.ts';
import { Pid, tuple, type Dest, type ExitReason } from '../kernel/terms.ts';
import { runtime, type Runtime, type Self } from '../runtime.ts';
import { CallMessage, CastMessage, stop as genStop, viaCast, type CallOptions } from './gen-server.ts';
import { genStart, registerRemote, unregisterRemote } from './gen.ts';
import { StatemLoop, type StatemModule } from './gen-statem-loop.ts';
import type {
  AnyStatemProtocol,
  CastOf,
  GenStatemBehaviour,
  ReplyAction,
  ReplyFor,
  RequestOf,
  Statem,
  StatemProtocol,
} from './gen-statem-types.ts';
import { initAck } from './proc-lib.ts';
import { debugOptions, getState as sysGetState, type DebugOption } from './sys.ts';

/** A call's message (what `request` sends; a plain function, not a closure per call). */
function callMessage(from: From, request: unknown): CallMessage {
  return new CallMessage(from, request);
}

export type * from './gen-statem-types.ts';
export { sameTerm } from './gen-statem-loop.ts';

/** Options of `start` / `startLink`. */
export interface GenStatemStartOptions {
  /** Register under this name: local, `{ via: registry, name }` or `{ global: name }`; a clash gives `['error', ['already_started', pid]]`. */
  name?: ServerName;
  /** ms to wait for init (default Infinity); slower gives `['error', 'timeout']`. */
  timeout?: number;
  /** sys debug options from the start (OTP `{debug, Opts}`): the `enter` event is seen. */
  debug?: readonly DebugOption[];
  /** Start trapping exits before init. */
  trapExit?: boolean;
  /** The starting process (default: the running one). */
  caller?: Self;
  /** The runtime to start in. */
  runtime?: Runtime;
}

/** What `start` gives: OTP `{ok, Pid}`, `ignore` or `{error, Reason}`. */
export type StatemStartResult<P extends StatemProtocol, S, D> = readonly ['ok', Statem<P, S, D>] | 'ignore' | readonly ['error', ExitReason];

function checkBehaviour(mod: unknown): asserts mod is StatemModule & { init: (arg: unknown, self: Self) => unknown } {
  if (typeof mod !== 'object' || mod === null) throw new BadCallbackError('GenStatem', 'init', mod);
  const m = mod as Record<string, unknown>;
  if (typeof m.init !== 'function') throw new BadCallbackError('GenStatem', 'init', m.init);
  for (const k of ['handleEvent', 'terminate', 'codeChange', 'formatStatus']) {
    if (m[k] !== undefined && typeof m[k] !== 'function') throw new BadCallbackError('GenStatem', k, m[k]);
  }
  if (m.states !== undefined && (typeof m.states !== 'object' || m.states === null)) throw new BadCallbackError('GenStatem', 'states', m.states);
}

function isThrow(e: unknown): boolean {
  return !(e instanceof Error);
}

/** The machine's process body: init, ack the starter, enter the loop. */
function statemBody(mod: StatemModule & { init: (arg: unknown, self: Self) => unknown }, arg: unknown, opts: GenStatemStartOptions, linked: boolean) {
  return (self: Self): unknown => {
    const p = self as Process;
    if (!linked) p.parent = p.pid;
    if (opts.name !== undefined && typeof opts.name !== 'string') registerRemote(p, opts.name);
    if (opts.debug !== undefined) debugOptions(self, opts.debug);
    let result: unknown;
    try {
      result = mod.init(arg, self);
    } catch (e) {
      if (isThrow(e)) return afterInit(p, mod, e);
      return initFailed(p, mod, e);
    }
    if (result instanceof Promise) {
      return result.then(
        (r) => afterInit(p, mod, r),
        (e: unknown) => (isThrow(e) ? afterInit(p, mod, e) : initFailed(p, mod, e)),
      );
    }
    return afterInit(p, mod, result);
  };
}

/** init crashed (OTP 25: the starter gets `{error, Reason}`, a `{gen_statem, terminate}` report is logged, the crash goes on). */
function initFailed(p: Process, mod: StatemModule, e: unknown): never {
  unregisterRemote(p);
  initAck(p, tuple('error', reasonOf(e)));
  new StatemLoop(p, mod, undefined, undefined).errorReport(e instanceof ProcessExit ? 'exit' : 'error', reasonOf(e), e);
  throw e;
}

function afterInit(p: Process, mod: StatemModule, r: unknown): unknown {
  if (r === 'ignore') {
    unregisterRemote(p);
    initAck(p, 'ignore');
    throw new ProcessExit('normal');
  }
  if (Array.isArray(r) && r[0] === 'stop' && r.length === 2) {
    unregisterRemote(p);
    initAck(p, tuple('error', r[1]));
    throw new ProcessExit(r[1], p.runtime.redactor);
  }
  if (Array.isArray(r) && r[0] === 'ok' && (r.length === 3 || r.length === 4)) {
    const loop = new StatemLoop(p, mod, r[1], r[2]);
    p.special = loop;
    initAck(p, tuple('ok', p.pid));
    return loop.start(r[3]);
  }
  // OTP: {bad_return_from_init, R}: reported, and the start fails with it
  unregisterRemote(p);
  const reason = tuple('bad_return_from_init', r);
  const error = new ErlangError(reason, p.runtime.redactor);
  new StatemLoop(p, mod, undefined, undefined).errorReport('error', reason, error);
  initAck(p, tuple('error', reason));
  throw error;
}

function startStatem<S, D, A, P extends StatemProtocol>(
  mod: GenStatemBehaviour<S, D, A, P>,
  arg: A,
  opts: GenStatemStartOptions,
  link: boolean,
): Promise<StatemStartResult<P, S, D>> {
  checkBehaviour(mod);
  return genStart<StatemStartResult<P, S, D>>(
    'GenStatem.start',
    opts,
    link,
    { behaviour: 'gen_statem', initialCall: mod.name === undefined ? 'gen_statem' : `${mod.name}:init/1` },
    () => statemBody(mod as unknown as StatemModule & { init: (arg: unknown, self: Self) => unknown }, arg, opts, link),
  );
}

/** Starts a state machine linked to the caller (OTP `gen_statem:start_link/3,4`). */
export function startLink<S, D, A, P extends StatemProtocol = AnyStatemProtocol>(
  mod: GenStatemBehaviour<S, D, A, P>,
  arg: A,
  opts: GenStatemStartOptions = {},
): Promise<StatemStartResult<P, S, D>> {
  return startStatem(mod, arg, opts, true);
}

/** Starts a state machine without a link (OTP `gen_statem:start/3,4`). */
export function start<S, D, A, P extends StatemProtocol = AnyStatemProtocol>(
  mod: GenStatemBehaviour<S, D, A, P>,
  arg: A,
  opts: GenStatemStartOptions = {},
): Promise<StatemStartResult<P, S, D>> {
  return startStatem(mod, arg, opts, false);
}

/**
 * Calls a state machine and waits for its reply (OTP `gen_statem:call/2,3`;
 * the default timeout is Infinity, as OTP's). Rejects with a `CallError`
 * `{Reason, {gen_statem, call, [Ref, Request, Timeout]}}`.
 */
export function call<P extends StatemProtocol, const Q extends RequestOf<P>>(
  statem: Statem<P> | ServerName,
  req: Q,
  timeoutOrOptions?: number | CallOptions,
): Promise<ReplyFor<P, Q>> {
  const o = typeof timeoutOrOptions === 'object' ? timeoutOrOptions : undefined;
  const timeout = typeof timeoutOrOptions === 'number' ? timeoutOrOptions : (o?.timeout ?? Infinity);
  const rt: Runtime = statem instanceof Pid ? (statem.proc.runtime as Runtime) : (o?.caller?.runtime ?? runtime());
  const failed = new CallSite('gen_statem', 'call', statem, req, timeout);
  const caller = (o?.caller === undefined ? undefined : (o.caller as Process)) ?? rt.current;
  return request<ReplyFor<P, Q>, unknown>(rt, rt.resolve(statem), callMessage, req, timeout, failed, caller);
}

/** Sends an event of type cast (OTP `gen_statem:cast/2`): always 'ok', also for a dead or unknown machine. */
export function cast<P extends StatemProtocol>(statem: Statem<P> | ServerName, msg: CastOf<P>, caller?: Self): 'ok' {
  const rt: Runtime = statem instanceof Pid ? (statem.proc.runtime as Runtime) : (caller?.runtime ?? runtime());
  const from = (caller === undefined ? undefined : (caller as Process)) ?? rt.current;
  if (!(statem instanceof Pid) && isViaName(statem)) return viaCast(rt, statem, new CastMessage(msg), from);
  const p = rt.resolve(statem);
  if (p !== undefined) rt.delivery.deliver(p, new CastMessage(msg), from);
  return 'ok';
}

/** Answers a call (OTP `gen_statem:reply/2`), or every `['reply', From, R]` action of a list (`reply/1`). */
export function reply<R>(from: From<R>, value: R): 'ok';
export function reply(actions: ReplyAction | readonly ReplyAction[]): 'ok';
export function reply(fromOrActions: From | ReplyAction | readonly ReplyAction[], value?: unknown): 'ok' {
  if (!Array.isArray(fromOrActions)) return replyTo(fromOrActions as From, value);
  const list = (fromOrActions.length === 3 && fromOrActions[0] === 'reply' ? [fromOrActions] : fromOrActions) as readonly ReplyAction[];
  for (const [, from, v] of list) replyTo(from, v);
  return 'ok';
}

/**
 * Stops a state machine and waits until it is gone (OTP `gen_statem:stop/1,3`,
 * which is `gen:stop`): its terminate runs with `reason`; rejects as
 * `GenServer.stop` does (noproc, timeout, another reason).
 */
export function stop(statem: Dest, reason: ExitReason = 'normal', timeout = Infinity): Promise<'ok'> {
  return genStop(statem, reason, timeout);
}

/** Narrows `start`'s result to the pid, throwing a descriptive error otherwise. */
export function okPid<P extends StatemProtocol, S, D>(result: StatemStartResult<P, S, D>): Statem<P, S, D> {
  if (Array.isArray(result) && result[0] === 'ok') return result[1] as Statem<P, S, D>;
  const why = Array.isArray(result) && result[0] === 'error' ? describeReason(result[1]) : describeReason(result);
  throw new Error(`GenStatem did not start: ${why}`);
}

/** The state and data of a state machine now (via sys, OTP `sys:get_state/1`): `[state, data]`. */
export function getState<P extends StatemProtocol, S, D>(statem: Statem<P, S, D>, timeout: number = DEFAULT_TIMEOUT): Promise<readonly [S, D]> {
  return sysGetState<readonly [S, D]>(statem, timeout);
}

/**
 * The state a state machine is in now, read directly (no message: for
 * telemetry and diagnostics, e.g. the OTel span name), or undefined when `pid`
 * is not a running GenStatem. Use `getState` from other processes' code.
 */
export function stateOf(pid: Pid): { readonly state: unknown } | undefined {
  const loop = pid.proc.special;
  return loop instanceof StatemLoop && !pid.proc.dead ? { state: loop.state } : undefined;
}
