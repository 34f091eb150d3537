/**
 * GenServer (OTP gen_server): a special process around a callback module.
 *
 * The loop handles one message at a time: calls, casts, infos, continues,
 * timeouts and sys requests. A synchronous callback costs no promise; an async
 * one keeps later messages queued until it settles. Debug events (in, out,
 * noreply, continue) are built only when someone watches the process.
 */
import { DEFAULT_TIMEOUT, reply as replyTo, request } from '../kernel/call.ts';
import { BadCallbackError, CallError, ProcessExit, describeReason, reasonOf } from '../kernel/errors.ts';
import { redactEvent } from '../observe/redact-event.ts';
import { shapeOf, stackFrames } from '../kernel/redact.ts';
import { CallSite, type From } from '../kernel/from.ts';
import type {
  Action,
  AnyProtocol,
  CastOf,
  GenServerBehaviour,
  Protocol,
  ReplyFor,
  ReplyOf,
  RequestOf,
  Server,
} from './gen-server-types.ts';
import { callerOf, optionsOf, type ClientOptions, type TimeoutOrOptions } from './client.ts';
import { initAck } from './proc-lib.ts';
import { isAsyncFunction, type Process } from '../kernel/process.ts';
import { runtime, type Runtime, type Self } from '../runtime.ts';
import { debugStateOf } from '../observe/debug.ts';
import { checkTimeout, isTimeout, timeoutError, type RuntimeTimer } from '../kernel/clock.ts';
import {
  CodeChangeRefused,
  debugOptions,
  handleSystemMsg,
  SystemMessage,
  terminate as sysTerminate,
  type DebugOption,
  type SystemHooks,
} from './sys.ts';
import { ExitMessage, Pid, isNormalReason, isTuple, tuple, type Dest, type ExitReason } from '../kernel/terms.ts';
import { isViaName, type ServerName, type ViaName } from '../kernel/names.ts';
import { genStart, procName, registerRemote, unregisterRemote } from './gen.ts';

export type * from './gen-server-types.ts';

/** OTP `{'$gen_call', From, Request}`. */
export class CallMessage {
  readonly from: From;
  readonly request: unknown;

  constructor(from: From, request: unknown) {
    this.from = from;
    this.request = request;
  }
}

/** A call's message (what `request` sends; a plain function, not a closure per call). Not exported: the namespace is public. */
function callMessage(from: From, request: unknown): CallMessage {
  return new CallMessage(from, request);
}

/** OTP `{'$gen_cast', Msg}`. */
export class CastMessage {
  readonly request: unknown;

  constructor(request: unknown) {
    this.request = request;
  }
}

/** Options of `start` / `startLink`. */
export interface GenServerStartOptions {
  /**
   * Register under this name: local (a string), `{ via: registry, name }` or
   * `{ global: name }`; a clash gives `['error', ['already_started', pid]]`.
   */
  name?: ServerName;
  /** ms to wait for init (default Infinity); slower gives `['error', 'timeout']`. */
  timeout?: number;
  /** sys debug options from the start (OTP `{debug, Opts}`). */
  debug?: readonly DebugOption[];
  /** Start trapping exits before init. */
  trapExit?: boolean;
  /** The starting process, the new server's parent (default: the process whose code is running; see client.ts). */
  caller?: Self;
  /** The runtime to start in. */
  runtime?: Runtime;
}

/** What `start` gives: OTP `{ok, Pid}`, `ignore` or `{error, Reason}`. */
export type StartResult<P extends Protocol> = readonly ['ok', Server<P>] | 'ignore' | readonly ['error', ExitReason];

/** The loop state of one server (OTP's gen_server loop arguments). */
class ServerLoop<S> {
  readonly self: Process;
  readonly mod: GenServerBehaviour<S, unknown, Protocol>;
  state: S;
  /** The message being handled (for the error report). */
  lastMessage: unknown = undefined;
  lastFrom: From | null = null;
  timeoutMs = Infinity;
  timer: RuntimeTimer | null = null;
  timeoutToken: object | null = null;
  /** A timeout was pending when a system message came: re-arm it when the loop continues. */
  resumeTimeout = false;
  /** Hibernating when a system message came: hibernate again when the loop continues. */
  resumeHibernate = false;
  readonly handler: (msg: unknown) => unknown;

  constructor(self: Process, mod: GenServerBehaviour<S, unknown, Protocol>, state: S) {
    this.self = self;
    this.mod = mod;
    this.state = state;
    this.handler = (msg) => this.handle(msg);
  }

  get observed(): boolean {
    return debugStateOf(this.self) !== null || (this.self.runtime.listening && this.self.runtime.emitsPerMessage(this.self));
  }

  enterLoop(): void {
    this.self.loop(this.handler);
  }

  // ------------------------------------------------------------ messages

  handle(msg: unknown): unknown {
    const hadTimeout = this.timer !== null;
    if (hadTimeout) this.cancelTimeout();
    const wasHibernating = this.self.hibernating;
    this.self.hibernating = false;
    if (msg instanceof SystemMessage) {
      // a system message does not cancel a pending timeout: it restarts it in full
      this.resumeTimeout = hadTimeout;
      // nor wake it for good: it goes back to hibernate after answering (OTP's loop keeps Time = hibernate)
      this.resumeHibernate = wasHibernating;
      const rt = this.self.runtime;
      // the stream sees system messages; sys's own debug consumers do not (as OTP)
      if (rt.listening) rt.emit({ ...rt.base(this.self), kind: 'in', messageKind: 'system', message: msg.request, from: msg.from });
      return handleSystemMsg(this.self, msg, hooks as SystemHooks<ServerLoop<S>>, this);
    }
    if (msg instanceof CallMessage) return this.handleCall(msg);
    if (msg instanceof CastMessage) {
      this.lastMessage = msg;
      this.lastFrom = null;
      if (this.observed) this.self.runtime.debugIn(this.self, 'cast', msg.request);
      const cb = this.mod.handleCast;
      if (cb === undefined) return this.stop(new Error(`GenServer ${this.label()}: no handleCast callback for a cast of shape ${shapeOf(msg.request)}`));
      return this.afterNoReply(this.invoke(() => cb.call(this.mod, msg.request, this.state, this.self)));
    }
    if (msg === this.timeoutToken && msg !== null) {
      this.timeoutToken = null;
      return this.handleInfo('timeout');
    }
    if (typeof msg === 'object' && msg !== null && (msg as { kind?: unknown }).kind === TIMEOUT_KIND) return undefined; // stale
    if (msg instanceof ExitMessage && this.self.trapping && this.self.parent !== null && msg.from === this.self.parent) {
      this.lastMessage = msg;
      return this.terminateWith(msg.reason);
    }
    return this.handleInfo(msg);
  }

  private handleCall(msg: CallMessage): unknown {
    this.lastMessage = msg;
    this.lastFrom = msg.from;
    if (this.observed) {
      this.self.runtime.debugIn(this.self, 'call', msg.request, msg.from);
    }
    const cb = this.mod.handleCall;
    if (cb === undefined) return this.stop(new Error(`GenServer ${this.label()}: no handleCall callback for a call of shape ${shapeOf(msg.request)}`));
    // (the try of `invoke` inline: no closure per call)
    let result: unknown;
    try {
      result = cb.call(this.mod, msg.request, msg.from, this.state, this.self);
    } catch (e) {
      result = isThrow(e) ? e : new Thrown(e);
    }
    if (result instanceof Promise) {
      return result.then(
        (r) => this.afterCall(msg.from, r),
        (e: unknown) => (isThrow(e) ? this.afterCall(msg.from, e) : this.stop(e)),
      );
    }
    return this.afterCall(msg.from, result);
  }

  private handleInfo(msg: unknown): unknown {
    this.lastMessage = msg;
    this.lastFrom = null;
    if (this.observed) this.self.runtime.debugIn(this.self, 'info', msg);
    const cb = this.mod.handleInfo;
    if (cb === undefined) {
      this.self.runtime.log({ level: 'warning', label: 'gen_server:no_handle_info', report: { pid: this.self.pid, message: this.self.runtime.redact(msg, 'crash-report') } });
      return this.afterNoReply(tuple('noreply', this.state));
    }
    return this.afterNoReply(this.invoke(() => cb.call(this.mod, msg, this.state, this.self)));
  }

  /** Runs a callback; a thrown Error or exit stops the server, any other thrown value is the return (OTP throw). */
  private invoke(f: () => unknown): unknown {
    try {
      return f();
    } catch (e) {
      return isThrow(e) ? e : new Thrown(e);
    }
  }

  private afterCall(from: From, r: unknown): unknown {
    if (r instanceof Thrown) return this.stop(r.error);
    if (Array.isArray(r)) {
      if (r[0] === 'reply' && (r.length === 3 || r.length === 4)) {
        this.state = r[2] as S;
        replyTo(from, r[1]);
        if (this.observed) {
          this.self.runtime.debugOut(this.self, r[1], from, this.state);
        }
        return this.action(r.length === 4 ? (r[3] as Action) : undefined, r);
      }
      if (r[0] === 'stop' && r.length === 4) {
        this.state = r[3] as S;
        replyTo(from, r[2]);
        if (this.observed) {
          this.self.runtime.debugOut(this.self, r[2], from, this.state);
        }
        return this.terminateWith(r[1]);
      }
    }
    return this.afterNoReply(r);
  }

  private afterNoReply(r: unknown): unknown {
    if (r instanceof Promise) return r.then((v) => this.afterNoReply(v), (e: unknown) => (isThrow(e) ? this.afterNoReply(e) : this.stop(e)));
    if (r instanceof Thrown) return this.stop(r.error);
    if (Array.isArray(r)) {
      if (r[0] === 'noreply' && (r.length === 2 || r.length === 3)) {
        this.state = r[1] as S;
        if (this.observed) this.self.runtime.debugNoReply(this.self, this.state);
        return this.action(r.length === 3 ? (r[2] as Action) : undefined, r);
      }
      if (r[0] === 'stop' && r.length === 3) {
        this.state = r[2] as S;
        return this.terminateWith(r[1]);
      }
    }
    return this.stop(undefined, tuple('bad_return_value', r));
  }

  /** Applies a return's action: timeout, hibernate, or continue (run now, before the next message). */
  action(a: Action | undefined, ret: unknown): unknown {
    if (a === undefined) return undefined;
    if (a === 'hibernate') {
      this.self.hibernating = true;
      return undefined;
    }
    if (typeof a === 'number') {
      this.armTimeout(a);
      return undefined;
    }
    if (Array.isArray(a) && a[0] === 'continue') {
      if (this.observed) this.self.runtime.emitDebugOwned(this.self, { kind: 'continue', continuation: a[1] });
      const cb = this.mod.handleContinue;
      if (cb === undefined) return this.stop(undefined, tuple('bad_return_value', ret));
      return this.afterNoReply(this.invoke(() => cb.call(this.mod, a[1], this.state, this.self)));
    }
    return this.stop(undefined, tuple('bad_return_value', ret));
  }

  // ------------------------------------------------------------ timeouts

  /**
   * Arms the timeout of a callback's return (OTP's `Timeout`): `Infinity` arms
   * none; a bad one throws BadArgError, crashing the server outside any
   * callback, as OTP's loop does with `timeout_value`.
   */
  armTimeout(ms: number): void {
    if (checkTimeout(ms, 'GenServer timeout') === Infinity) return;
    this.timeoutMs = ms;
    const token = { kind: TIMEOUT_KIND };
    this.timeoutToken = token;
    const self = this.self;
    this.timer = self.runtime.clock.set(() => {
      this.timer = null;
      if (this.timeoutToken === token && !self.dead) self.runtime.deliver(self, token, self);
    }, ms);
  }

  cancelTimeout(): void {
    this.self.runtime.clock.clear(this.timer);
    this.timer = null;
    this.timeoutToken = null;
  }

  // ------------------------------------------------------------ stopping

  /** The callback threw (or returned garbage): stop with that reason. */
  private stop(thrown: unknown, reason: ExitReason = reasonOf(thrown)): unknown {
    return this.terminateWith(reason, thrown);
  }

  /**
   * Runs terminate/2, reports an abnormal end, and ends the process: throws, or
   * (for an async terminate) returns a promise that rejects once it has run.
   */
  terminateWith(reason: ExitReason, thrown?: unknown): Promise<never> {
    this.cancelTimeout();
    const t = this.mod.terminate;
    if (t !== undefined) {
      let r: unknown;
      try {
        r = t.call(this.mod, reason, this.state, this.self);
      } catch (e) {
        return this.finish(reasonOf(e), e);
      }
      if (r instanceof Promise) {
        return r.then(
          () => this.finish(reason, thrown),
          (e: unknown) => this.finish(reasonOf(e), e),
        );
      }
    }
    return this.finish(reason, thrown);
  }

  private finish(reason: ExitReason, thrown: unknown): never {
    if (!isNormalReason(reason)) this.errorReport(reason, thrown);
    throw thrown instanceof ProcessExit || thrown instanceof Error ? withReason(thrown, reason, this.self) : new ProcessExit(reason, this.self.runtime.redactor);
  }

  private errorReport(reason: ExitReason, thrown: unknown): void {
    const rt = this.self.runtime;
    // every term through the redactor's 'crash-report' site; the stack as frames only (its first line is the message)
    const report = {
      name: procName(this.self),
      lastMessage: rt.redact(this.lastMessage instanceof CallMessage ? this.lastMessage.request : this.lastMessage, 'crash-report'),
      state: rt.redact(this.mod.formatStatus ? this.formattedStatus('terminate') : this.state, 'crash-report'),
      log: (debugStateOf(this.self)?.logged() ?? []).map((e) => redactEvent(rt.redactor, e, 'crash-report')),
      reason: rt.redact(reason, 'crash-report'),
      stack: stackFrames(thrown),
      clientInfo: this.lastFrom === null ? undefined : this.lastFrom.pid,
    };
    if (rt.listening) rt.emit({ ...rt.base(this.self), kind: 'crash-report', label: 'gen_server:terminate', report });
    rt.log({ level: 'error', label: 'gen_server:terminate', report });
  }

  label(): string {
    return String(procName(this.self));
  }

  /**
   * The behaviour's `formatStatus(reason, state)`. One that throws gives what
   * OTP 25 gives: `"Mod:format_status/2 crashed"` where the state would be
   * (never the state it was meant to hide); the server is unaffected.
   */
  formattedStatus(reason: 'normal' | 'terminate'): unknown {
    try {
      return this.mod.formatStatus?.(reason, this.state);
    } catch {
      const crashed = `${this.mod.name ?? 'gen_server'}:format_status/2 crashed`;
      return reason === 'normal' ? [tuple('data', [tuple('State', crashed)])] : crashed;
    }
  }
}

const TIMEOUT_KIND = Symbol('gen_server timeout');

/**
 * OTP's `throw(Value)` in a callback: gen_server catches it and takes Value as the
 * callback's return. Here: a thrown value that is not an Error (errors and
 * `exit` are crashes; any other thrown value is class throw, as in crash reports).
 */
function isThrow(e: unknown): boolean {
  return !(e instanceof Error);
}

/** Wraps a callback's throw so the loop can tell it from a return value. */
class Thrown {
  readonly error: unknown;
  constructor(error: unknown) {
    this.error = error;
  }
}

/** Rethrows `thrown` as the process's end with `reason` (keeps an Error's stack for the crash report). */
function withReason(thrown: unknown, reason: ExitReason, self: Process): unknown {
  return reasonOf(thrown) === reason ? thrown : new ProcessExit(reason, self.runtime.redactor);
}

/** The sys hooks every GenServer shares (OTP gen_server's system_* functions). */
const hooks: SystemHooks<ServerLoop<unknown>> = {
  module: 'gen_server',
  systemContinue(_self, loop) {
    loop.enterLoop();
    if (loop.resumeHibernate) {
      loop.resumeHibernate = false;
      loop.self.hibernating = true;
    }
    if (loop.resumeTimeout) {
      loop.resumeTimeout = false;
      loop.armTimeout(loop.timeoutMs);
    }
  },
  systemTerminate(_self, reason, loop) {
    return loop.terminateWith(reason);
  },
  systemGetState(loop) {
    return loop.state;
  },
  systemReplaceState(fn, loop) {
    const next = fn(loop.state);
    loop.state = next;
    return [next, loop];
  },
  systemCodeChange(loop, _module, oldVsn, extra) {
    // OTP calls Mod:code_change/3 regardless: without one the change fails with {'EXIT', {undef, Stack}}
    if (loop.mod.codeChange === undefined) throw new Error('undef');
    // OTP: {ok, NewState} replaces the state; any other return refuses the change ({error, Else}), the state stays
    const r: unknown = loop.mod.codeChange(oldVsn, loop.state, extra);
    if (Array.isArray(r) && r.length === 2 && r[0] === 'ok') {
      loop.state = r[1];
      return loop;
    }
    throw new CodeChangeRefused(r);
  },
  formatStatus(self, status, loop) {
    const p = (self as Process);
    const name = String(procName(p));
    const state = loop.mod.formatStatus ? loop.formattedStatus('normal') : tuple('data', [tuple('State', loop.state)]);
    return [
      tuple('header', `Status for generic server ${name}`),
      tuple('data', [tuple('Status', status), tuple('Parent', p.parent), tuple('Logged events', debugStateOf(p)?.logged() ?? [])]),
      // OTP splices a list that format_status returns into the status; any other term is one item
      ...(Array.isArray(state) && !isTuple(state) ? state : [state]),
    ];
  },
};

function checkBehaviour(mod: unknown): asserts mod is GenServerBehaviour<unknown> {
  if (typeof mod !== 'object' || mod === null) throw new BadCallbackError('GenServer', 'init', mod);
  const m = mod as Record<string, unknown>;
  if (typeof m.init !== 'function') throw new BadCallbackError('GenServer', 'init', m.init);
  for (const k of ['handleCall', 'handleCast', 'handleInfo', 'handleContinue', 'terminate', 'codeChange', 'formatStatus']) {
    if (m[k] !== undefined && typeof m[k] !== 'function') throw new BadCallbackError('GenServer', k, m[k]);
  }
}

const CALLBACKS = ['init', 'handleCall', 'handleCast', 'handleInfo', 'handleContinue', 'terminate', 'codeChange', 'formatStatus'] as const;

/** True when one of the module's callbacks is an `async` function. */
function hasAsyncCallback(mod: object): boolean {
  const m = mod as Record<string, unknown>;
  return CALLBACKS.some((k) => isAsyncFunction(m[k]));
}

/** The server process body: init, ack the starter, enter the loop. */
function serverBody<S, A>(mod: GenServerBehaviour<S, A, Protocol>, arg: A, opts: GenServerStartOptions, linked: boolean) {
  return (self: Self): unknown => {
    const p = (self as Process);
    if (!linked) p.parent = p.pid;
    if (opts.name !== undefined && typeof opts.name !== 'string') registerRemote(p, opts.name);
    if (opts.debug !== undefined) debugOptions(self, opts.debug);
    let result: unknown;
    try {
      result = mod.init(arg, self);
    } catch (e) {
      if (isThrow(e)) return afterInit(self, mod, e);
      return initFailed(self, e);
    }
    if (result instanceof Promise) {
      return result.then(
        (r) => afterInit(self, mod, r),
        (e: unknown) => (isThrow(e) ? afterInit(self, mod, e) : initFailed(self, e)),
      );
    }
    return afterInit(self, mod, result);
  };
}

function initFailed(self: Self, e: unknown): never {
  unregisterRemote(self as Process);
  initAck(self, tuple('error', reasonOf(e)));
  throw e;
}

function afterInit<S>(self: Self, mod: GenServerBehaviour<S, unknown, Protocol>, r: unknown): unknown {
  const p = (self as Process);
  if (r === 'ignore') {
    unregisterRemote(p);
    initAck(self, 'ignore');
    throw new ProcessExit('normal');
  }
  if (Array.isArray(r) && r[0] === 'stop' && r.length === 2) {
    unregisterRemote(p);
    initAck(self, tuple('error', r[1]));
    throw new ProcessExit(r[1], p.runtime.redactor);
  }
  if (Array.isArray(r) && r[0] === 'ok' && (r.length === 2 || r.length === 3)) {
    const loop = new ServerLoop<S>(p, mod, r[1] as S);
    p.special = loop;
    initAck(self, tuple('ok', p.pid));
    const a = r.length === 3 ? (r[2] as Action) : undefined;
    if (Array.isArray(a) && a[0] === 'continue') {
      // runs before any message, even those queued during init; the loop starts after it
      const done = loop.action(a, r);
      if (done instanceof Promise) return done.then(() => loop.enterLoop());
      loop.enterLoop();
      return undefined;
    }
    loop.enterLoop();
    if (typeof a === 'number') loop.armTimeout(a);
    if (a === 'hibernate') p.hibernating = true;
    return undefined;
  }
  const reason = tuple('bad_return_value', r);
  unregisterRemote(p);
  initAck(self, tuple('error', reason));
  throw new ProcessExit(reason, p.runtime.redactor);
}

/** Starts a GenServer linked to the caller (OTP `gen_server:start_link/3,4`). */
export function startLink<S, A, P extends Protocol = AnyProtocol>(
  mod: GenServerBehaviour<S, A, P>,
  arg: A,
  opts: GenServerStartOptions = {},
): Promise<StartResult<P>> {
  return startServer(mod, arg, opts, true);
}

/** Starts a GenServer without a link (OTP `gen_server:start/3,4`). */
export function start<S, A, P extends Protocol = AnyProtocol>(
  mod: GenServerBehaviour<S, A, P>,
  arg: A,
  opts: GenServerStartOptions = {},
): Promise<StartResult<P>> {
  return startServer(mod, arg, opts, false);
}

function startServer<S, A, P extends Protocol>(
  mod: GenServerBehaviour<S, A, P>,
  arg: A,
  opts: GenServerStartOptions,
  link: boolean,
): Promise<StartResult<P>> {
  checkBehaviour(mod);
  return genStart<StartResult<P>>(
    'GenServer.start',
    opts,
    link,
    {
      behaviour: 'gen_server',
      // an async callback's code goes on after its awaits: the server runs in its async context from the start
      asyncContext: hasAsyncCallback(mod),
      // OTP records {Mod, init, 1}: here 'mod:init/1', procLib's 'module:function/arity' string
      initialCall: mod.name === undefined ? 'gen_server' : `${mod.name}:init/1`,
    },
    () => serverBody(mod as GenServerBehaviour<S, A, Protocol>, arg, opts, link),
  );
}

/** Options of `call` (the options every client function takes, see client.ts). */
export type CallOptions = ClientOptions;

/**
 * Calls a server and waits for its reply (OTP `gen_server:call/2,3`). Rejects
 * with a `CallError` whose reason is 'timeout', 'noproc', 'calling_self' or the
 * server's exit reason. The last argument is a timeout in ms (default 5000) or
 * `{ timeout, caller }`; the caller is the process whose code is running, also
 * after an `await`, so `caller` is rarely needed.
 */
export function call<P extends Protocol, const Q extends RequestOf<P>>(
  server: Server<P> | ServerName,
  req: Q,
  timeoutOrOptions?: TimeoutOrOptions,
): Promise<ReplyFor<P, Q>> {
  const o = optionsOf(timeoutOrOptions);
  const timeout = o.timeout ?? DEFAULT_TIMEOUT;
  const rt: Runtime = server instanceof Pid ? server.proc.runtime : (o.caller?.runtime ?? runtime());
  // OTP names the timeout in the failed call only when the caller gave one (call/3, not call/2)
  const failed = new CallSite('gen_server', 'call', server, req, o.timeout);
  return request<ReplyFor<P, Q>, unknown>(rt, rt.resolve(server), callMessage, req, timeout, failed, callerOf(rt, o));
}

/**
 * Sends a cast (OTP `gen_server:cast/2`): always 'ok', also for a dead or
 * unknown server. From the process whose code is running (a dead one's code,
 * going on after an `await`, sends nothing); `{ caller }` names another.
 * (A bare `Self` as the third argument still works: deprecated, use `{ caller: self }`.)
 */
export function cast<P extends Protocol>(server: Server<P> | ServerName, msg: CastOf<P>, opts?: ClientOptions | Self): 'ok' {
  const o = optionsOf(opts);
  const rt: Runtime = server instanceof Pid ? server.proc.runtime : (o.caller?.runtime ?? runtime());
  const caller = callerOf(rt, o);
  if (caller !== null && caller.dead) return 'ok';
  // OTP: a via name's cast goes through its module's send (errors caught: a cast always answers ok)
  if (!(server instanceof Pid) && isViaName(server)) return viaCast(rt, server, new CastMessage(msg), caller);
  const p = rt.resolve(server);
  if (p !== undefined) rt.delivery.deliver(p, new CastMessage(msg), caller);
  return 'ok';
}

/** OTP's `catch Mod:send(Name, Msg)` for a cast to a via name, sent as `from`. */
export function viaCast(rt: Runtime, server: ViaName, msg: unknown, from: Process | null): 'ok' {
  try {
    if (from === null || from === rt.current) server.via.send(server.name, msg);
    else rt.runAs(from, () => server.via.send(server.name, msg));
  } catch {
    // a cast answers ok also when the name is not registered
  }
  return 'ok';
}

/** Answers a call later, from anywhere (OTP `gen_server:reply/2`). */
export function reply<R>(from: From<R>, value: R): 'ok' {
  return replyTo(from, value);
}

/**
 * Stops a server and waits until it is gone (OTP `gen_server:stop/1,3`): its
 * terminate runs with `reason`. Rejects with a `ProcessExit` (OTP exits the
 * caller with the bare reason): 'noproc' for a dead or unknown server,
 * 'timeout' after `timeout` ms (default Infinity; the server is not killed),
 * or the reason the server ended with when that is not `reason`. A server
 * stopping itself (also from its code after an `await`) is refused with OTP's
 * `{calling_self, {sys, terminate, [Pid, Reason, Timeout]}}` as a `CallError`.
 */
export function stop(server: Dest, reason: ExitReason = 'normal', timeoutOrOptions?: TimeoutOrOptions): Promise<'ok'> {
  const o = optionsOf(timeoutOrOptions);
  const timeout = o.timeout ?? Infinity;
  const rt: Runtime = server instanceof Pid ? server.proc.runtime : (o.caller?.runtime ?? runtime());
  const self = callerOf(rt, o);
  // a killed process's code going on after an await stops nothing
  if (self !== null && self.dead) return Promise.reject(new ProcessExit(self.exitReason, rt.redactor));
  const p = rt.resolve(server);
  // OTP proc_lib:stop exits the caller with the bare reason: noproc, timeout, or how the server ended
  if (!isTimeout(timeout)) return Promise.reject(timeoutError(timeout, 'GenServer.stop'));
  if (p === undefined) return Promise.reject(new ProcessExit('noproc'));
  if (p === self) {
    return Promise.reject(new CallError('calling_self', { module: 'sys', function: 'terminate', args: [p.pid, reason, timeout] }, rt.redactor));
  }
  return new Promise((resolve, reject) => {
    let timer: RuntimeTimer | null = null;
    const waiter = (r: ExitReason): void => {
      rt.clock.clear(timer);
      if (r === reason) resolve('ok');
      else reject(new ProcessExit(r, rt.redactor));
    };
    (p.exitWaiters ??= []).push(waiter);
    if (timeout !== Infinity) {
      timer = rt.clock.set(() => {
        p.exitWaiters = p.exitWaiters?.filter((w) => w !== waiter) ?? null;
        reject(new ProcessExit('timeout'));
      }, timeout);
    }
    sysTerminate(p.pid, reason, { timeout: Infinity, caller: self ?? undefined }).catch(() => undefined);
  });
}

/** Narrows `start`'s result to the pid, throwing a descriptive error otherwise. */
export function okPid<P extends Protocol>(result: StartResult<P>): Server<P> {
  if (Array.isArray(result) && result[0] === 'ok') return result[1] as Server<P>;
  const why = Array.isArray(result) && result[0] === 'error' ? describeReason(result[1]) : describeReason(result);
  throw new Error(`GenServer did not start: ${why}`);
}

export type { ReplyOf, RequestOf };
