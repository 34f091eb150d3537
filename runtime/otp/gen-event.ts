/**
 * GenEvent (OTP gen_event): an event manager process holding a list of event
 * handlers, newest first. `notify` / `syncNotify` hand an event to every
 * handler in turn, `call` asks one handler; handlers are added, deleted and
 * swapped at run time; a supervised handler (`addSupHandler`) links the
 * manager to its owner, who gets `['gen_event_EXIT', handler, reason]` when the
 * handler goes, and whose death removes it. A handler that crashes or returns
 * garbage is removed (its terminate gets `['error', ['EXIT', reason]]` or
 * `['error', bad]`); the manager and the other handlers go on. The manager's
 * sys debug events are OTP's (`in` only), printed as gen_event prints them.
 *
 * Handler callbacks run synchronously (a promise they return is a bad return).
 */
import { DEFAULT_TIMEOUT, reply as replyTo, request } from '../kernel/call.ts';
import { BadCallbackError, describeReason, CallError, ProcessExit, reasonOf, type FailedCall } from '../kernel/errors.ts';
import { From } from '../kernel/from.ts';
import type { ServerName } from '../kernel/names.ts';
import type { Process } from '../kernel/process.ts';
import { stackFrames } from '../kernel/redact.ts';
import { ExitMessage, Pid, isTuple, tuple, type Dest, type ExitReason } from '../kernel/terms.ts';
import { debugStateOf } from '../observe/debug.ts';
import { runtime, type Runtime, type Self } from '../runtime.ts';
import { CallMessage, stop as genStop, type CallOptions } from './gen-server.ts';
import { genStart, procName, registerRemote } from './gen.ts';
import { sameTerm } from './gen-statem-loop.ts';
import { initAck } from './proc-lib.ts';
import { CodeChangeRefused, debugOptions, handleSystemMsg, SystemMessage, type DebugOption, type SystemHooks } from './sys.ts';

/** A call's message (what `request` sends; a plain function, not a closure per call). */
function callMessage(from: From, request: unknown): CallMessage {
  return new CallMessage(from, request);
}

/** What a handler's `init` returns: OTP `{ok, State}`, `{ok, State, hibernate}`, or anything else (refused: add_handler returns it). */
export type HandlerInitResult<S> = readonly ['ok', S] | readonly ['ok', S, 'hibernate'] | readonly ['error', unknown] | unknown;

/** What `handleEvent` / `handleInfo` return (OTP): keep going, swap to another handler, or remove this one. */
export type HandlerEventResult<S> =
  | readonly ['ok', S]
  | readonly ['ok', S, 'hibernate']
  | readonly ['swap_handler', unknown, S, HandlerRef, unknown]
  | 'remove_handler';

/** What `handleCall` returns (OTP): the reply and the state, a swap with a reply, or removal with a reply. */
export type HandlerCallResult<S> =
  | readonly ['ok', unknown, S]
  | readonly ['ok', unknown, S, 'hibernate']
  | readonly ['swap_handler', unknown, unknown, S, HandlerRef, unknown]
  | readonly ['remove_handler', unknown];

/** An event handler (OTP's gen_event callback module). `name` is its module name (which_handlers, reports). */
export interface EventHandler<S = unknown, E = unknown, A = unknown> {
  readonly name: string;
  /** Sets the handler up; `['ok', state]` installs it. A swapped-in handler gets `[args2, terminateResultOfTheOld]`. */
  init(args: A, self: Self): HandlerInitResult<S>;
  /** Handles an event of `notify` / `syncNotify`. */
  handleEvent(event: E, state: S, self: Self): HandlerEventResult<S>;
  /** Answers a `call` to this handler. */
  handleCall?(request: unknown, state: S, self: Self): HandlerCallResult<S>;
  /** Handles any other message the manager gets (also `ExitMessage`s of linked processes). */
  handleInfo?(message: unknown, state: S, self: Self): HandlerEventResult<S>;
  /**
   * The handler goes: `arg` is delete_handler's argument, 'remove_handler',
   * 'stop' (the manager stops), `['stop', reason]` (its owner died), the
   * swap's first argument, or `['error', …]` after a crash. Its result is
   * delete_handler's.
   */
  terminate?(arg: unknown, state: S, self: Self): unknown;
  /** sys:change_code: `['ok', newState]`. */
  codeChange?(oldVsn: unknown, state: S, extra: unknown): unknown;
}

/** Any event handler, whatever its state, event and init argument types (what a `HandlerRef` holds). */
export interface AnyEventHandler {
  readonly name: string;
  init(args: never, self: Self): unknown;
  handleEvent(event: never, state: never, self: Self): unknown;
}

/** A handler as the manager knows it: the handler alone (OTP `Module`) or with an id (OTP `{Module, Id}`). */
export type HandlerRef = AnyEventHandler | readonly [AnyEventHandler, unknown];

/** Options of `start` / `startLink`. */
export interface GenEventStartOptions {
  /** Register under this name: local, `{ via: registry, name }` or `{ global: name }`. */
  name?: ServerName;
  /** sys debug options from the start. */
  debug?: readonly DebugOption[];
  /** The starting process (default: the running one). */
  caller?: Self;
  /** The runtime to start in. */
  runtime?: Runtime;
}

/** OTP `{notify, Event}`: what `notify` sends the manager. */
export class NotifyMessage {
  readonly event: unknown;
  constructor(event: unknown) {
    this.event = event;
  }
}

/** One installed handler (OTP's `#handler{}`). */
interface Installed {
  readonly ref: HandlerRef;
  readonly mod: EventHandler<unknown, unknown, unknown>;
  state: unknown;
  /** The owner of a supervised handler, or null. */
  supervisor: Pid | null;
}

function modOf(ref: HandlerRef): EventHandler<unknown, unknown, unknown> {
  return (Array.isArray(ref) ? ref[0] : ref) as EventHandler<unknown, unknown, unknown>;
}

/** OTP's handler equality: the same module, and equal ids. */
function sameRef(a: HandlerRef, b: HandlerRef): boolean {
  if (!Array.isArray(a) || !Array.isArray(b)) return a === b;
  return a[0] === b[0] && sameTerm(a[1], b[1]);
}

function isHandlerRef(v: unknown): v is HandlerRef {
  const m = Array.isArray(v) ? (v.length === 2 ? (v[0] as unknown) : undefined) : v;
  return typeof m === 'object' && m !== null && typeof (m as { handleEvent?: unknown }).handleEvent === 'function' && typeof (m as { init?: unknown }).init === 'function';
}

/** A handler as OTP names it in events and traces: its module name, or `{Module, Id}`. */
export function handlerTerm(ref: HandlerRef): unknown {
  return Array.isArray(ref) ? tuple(modOf(ref).name, ref[1]) : modOf(ref).name;
}

/** A command as its debug event shows it: handlers by name (`{call, {Module, Id}, Request}`). */
function commandTerm(cmd: unknown): unknown {
  if (!Array.isArray(cmd)) return cmd;
  const c = cmd as readonly unknown[];
  return tuple(...c.map((x, i) => (i > 0 && isHandlerRef(x) ? handlerTerm(x) : x)));
}

function isThrow(e: unknown): boolean {
  return !(e instanceof Error);
}

/** The manager's loop state. */
class Manager {
  readonly self: Process;
  /** Newest first. */
  handlers: Installed[] = [];
  hibernate = false;

  constructor(self: Process) {
    this.self = self;
  }

  enterLoop(): void {
    this.self.loop((msg) => this.handle(msg));
  }

  handle(msg: unknown): unknown {
    const p = this.self;
    p.hibernating = false;
    this.hibernate = false;
    if (msg instanceof SystemMessage) {
      const rt = p.runtime;
      if (rt.listening) rt.emit({ ...rt.base(p), kind: 'in', messageKind: 'system', message: msg.request, from: msg.from });
      return handleSystemMsg(p, msg, managerHooks, this);
    }
    this.debugIn(msg);
    if (msg instanceof NotifyMessage) this.notify(msg.event, 'event');
    else if (msg instanceof CallMessage) this.command(msg.from, msg.request);
    else if (msg instanceof ExitMessage) {
      if (msg.from === p.parent) this.terminateServer(msg.reason);
      this.ownerExited(msg.from, msg.reason);
      this.notify(msg, 'info');
    } else this.notify(msg, 'info');
    if (this.hibernate) p.hibernating = true;
    return undefined;
  }

  private debugIn(msg: unknown): void {
    const p = this.self;
    if (debugStateOf(p) === null && !(p.runtime.listening && p.runtime.emitsPerMessage(p))) return;
    if (msg instanceof NotifyMessage) p.runtime.emitDebugOwned(p, { kind: 'in', messageKind: 'cast', message: msg.event });
    else if (msg instanceof CallMessage) p.runtime.emitDebugOwned(p, { kind: 'in', messageKind: 'call', message: commandTerm(msg.request), from: msg.from });
    else p.runtime.emitDebugOwned(p, { kind: 'in', messageKind: 'info', message: msg });
  }

  private find(ref: HandlerRef): Installed | undefined {
    return this.handlers.find((h) => sameRef(h.ref, ref));
  }

  private remove(h: Installed): void {
    this.handlers = this.handlers.filter((x) => x !== h);
  }

  /** A handler callback, OTP `catch`-style: a throw of a non-Error is the result; a crash is `{'EXIT', reason}` with the thrown value. */
  private run(f: () => unknown): { ok: true; value: unknown } | { ok: false; reason: ExitReason; thrown: unknown } {
    try {
      const v = f();
      return { ok: true, value: v };
    } catch (e) {
      if (isThrow(e)) return { ok: true, value: e };
      return { ok: false, reason: reasonOf(e), thrown: e };
    }
  }

  // ------------------------------------------------------------ events

  /** OTP `server_notify`: every handler in turn, a snapshot of the list. */
  notify(event: unknown, kind: 'event' | 'info'): void {
    for (const h of [...this.handlers]) {
      if (!this.handlers.includes(h)) continue;
      const mod = h.mod;
      const r = this.run(() =>
        kind === 'event' ? mod.handleEvent(event, h.state, this.self) : mod.handleInfo === undefined ? tuple('ok', h.state) : mod.handleInfo(event, h.state, this.self),
      );
      if (!r.ok) {
        this.terminateHandler(h, tuple('error', tuple('EXIT', r.reason)), 'crash', tuple('EXIT', r.reason), event, r.thrown);
        continue;
      }
      this.update(h, r.value, event);
    }
  }

  /** OTP `server_update`: applies a handleEvent / handleInfo result. */
  private update(h: Installed, v: unknown, event: unknown): void {
    if (v === 'remove_handler') {
      this.terminateHandler(h, 'remove_handler', 'normal', 'normal', event);
      return;
    }
    if (Array.isArray(v) && v[0] === 'ok' && (v.length === 2 || (v.length === 3 && v[2] === 'hibernate'))) {
      h.state = v[1];
      if (v.length === 3) this.hibernate = true;
      return;
    }
    if (Array.isArray(v) && v[0] === 'swap_handler' && v.length === 5 && isHandlerRef(v[3])) {
      h.state = v[2];
      this.swap(h, v[1], v[3], v[4], h.supervisor);
      return;
    }
    this.terminateHandler(h, tuple('error', v), 'crash', v, event);
  }

  /**
   * OTP `do_terminate` + `report_terminate`: removes `h`, runs its terminate
   * with `arg`, tells its owner `supReason`, reports a crash. Returns
   * terminate's result (`['EXIT', r]` when it crashed).
   */
  private terminateHandler(h: Installed, arg: unknown, how: 'normal' | 'crash' | 'quiet', supReason: unknown, lastIn: unknown, thrown?: unknown): unknown {
    this.remove(h);
    let res: unknown = 'ok';
    if (h.mod.terminate !== undefined) {
      const t = h.mod.terminate.bind(h.mod);
      const r = this.run(() => t(arg, h.state, this.self));
      res = r.ok ? r.value : tuple('EXIT', r.reason);
    }
    if (how === 'crash') this.report(h, supReason, lastIn, thrown);
    if (h.supervisor !== null && how !== 'quiet') {
      this.self.runtime.deliver(h.supervisor.proc, tuple('gen_event_EXIT', h.ref, supReason), this.self);
    }
    return res;
  }

  /** The `gen_event:handler_crashed` error report, every term through the redactor's 'crash-report' site. */
  private report(h: Installed, reason: unknown, lastIn: unknown, thrown: unknown): void {
    const rt = this.self.runtime;
    const red = (v: unknown): unknown => rt.redact(v, 'crash-report');
    const report = {
      handler: h.ref,
      manager: procName(this.self),
      lastMessage: red(lastIn),
      state: red(h.state),
      reason: red(reason),
      stack: stackFrames(thrown),
    };
    if (rt.listening) rt.emit({ ...rt.base(this.self), kind: 'crash-report', label: 'gen_event:handler_crashed', report });
    rt.log({ level: 'error', label: 'gen_event:handler_crashed', report });
  }

  // ------------------------------------------------------------ commands

  private command(from: From, cmd: unknown): void {
    const reply = (v: unknown): void => {
      replyTo(from, v);
    };
    const c = cmd as readonly unknown[];
    switch (c[0]) {
      case 'add_handler':
        reply(this.add(c[1] as HandlerRef, c[2], null));
        return;
      case 'add_sup_handler': {
        const owner = c[3] as Pid;
        const r = this.add(c[1] as HandlerRef, c[2], owner);
        if (r === 'ok') this.self.link(owner);
        reply(r);
        return;
      }
      case 'delete_handler': {
        const h = this.find(c[1] as HandlerRef);
        reply(h === undefined ? tuple('error', 'module_not_found') : this.terminateHandler(h, c[2], 'normal', 'normal', undefined));
        return;
      }
      case 'swap_handler':
      case 'swap_sup_handler': {
        const old = this.find(c[1] as HandlerRef);
        const sup = c[0] === 'swap_sup_handler' ? (c[5] as Pid) : (old?.supervisor ?? null);
        if (c[0] === 'swap_sup_handler') this.self.link(sup as Pid);
        reply(this.swapRefs(old, c[2], c[3] as HandlerRef, c[4], sup));
        return;
      }
      case 'sync_notify':
        this.notify(c[1], 'event');
        reply('ok');
        return;
      case 'call':
        reply(this.call(c[1] as HandlerRef, c[2]));
        return;
      case 'which_handlers':
        reply(this.handlers.map((h) => h.ref));
        return;
    }
    reply(tuple('error', 'bad_command'));
  }

  /** OTP `server_add_handler`: init, and on `['ok', state]` install it first in the list. */
  private add(ref: HandlerRef, args: unknown, supervisor: Pid | null): unknown {
    const mod = modOf(ref);
    const r = this.run(() => mod.init(args as never, this.self));
    if (!r.ok) return tuple('EXIT', r.reason);
    const v = r.value;
    if (Array.isArray(v) && v[0] === 'ok' && (v.length === 2 || (v.length === 3 && v[2] === 'hibernate'))) {
      this.handlers.unshift({ ref, mod, state: v[1], supervisor });
      if (v.length === 3) this.hibernate = true;
      return 'ok';
    }
    return v;
  }

  /** A swap from a handler's own result: terminate it with `args1`, then add `ref2` with `[args2, result]`. */
  private swap(old: Installed, args1: unknown, ref2: HandlerRef, args2: unknown, supervisor: Pid | null): void {
    this.swapRefs(old, args1, ref2, args2, supervisor);
  }

  /** OTP `server_swap_handler`: the old handler's terminate result goes to the new one's init (`'error'` when there was none). */
  private swapRefs(old: Installed | undefined, args1: unknown, ref2: HandlerRef, args2: unknown, supervisor: Pid | null): unknown {
    let result: unknown = 'error';
    if (old !== undefined) {
      const swapped = tuple('swapped', ref2, supervisor);
      result = this.terminateHandler(old, args1, 'normal', swapped, undefined);
    }
    const r = this.add(ref2, tuple(args2, result), supervisor);
    return r === 'ok' ? 'ok' : tuple('error', r);
  }

  /** OTP `server_call`: one handler's handleCall. */
  private call(ref: HandlerRef, req: unknown): unknown {
    const h = this.find(ref);
    if (h === undefined) return tuple('error', 'bad_module');
    const mod = h.mod;
    if (mod.handleCall === undefined) return tuple('error', 'bad_module');
    const hc = mod.handleCall.bind(mod);
    const r = this.run(() => hc(req, h.state, this.self));
    if (!r.ok) {
      const exit = tuple('EXIT', r.reason);
      this.terminateHandler(h, tuple('error', exit), 'crash', exit, req, r.thrown);
      return tuple('error', exit);
    }
    const v = r.value;
    if (Array.isArray(v) && v[0] === 'ok' && (v.length === 3 || (v.length === 4 && v[3] === 'hibernate'))) {
      h.state = v[2];
      if (v.length === 4) this.hibernate = true;
      return v[1];
    }
    if (Array.isArray(v) && v[0] === 'remove_handler' && v.length === 2) {
      this.terminateHandler(h, 'remove_handler', 'normal', 'normal', req);
      return v[1];
    }
    if (Array.isArray(v) && v[0] === 'swap_handler' && v.length === 6 && isHandlerRef(v[4])) {
      h.state = v[3];
      this.swap(h, v[2], v[4], v[5], h.supervisor);
      return v[1];
    }
    this.terminateHandler(h, tuple('error', v), 'crash', v, req);
    return tuple('error', v);
  }

  // ------------------------------------------------------------ owners and the end

  /** OTP `terminate_supervised`: the handlers `owner` supervised go, with terminate(['stop', reason]). */
  private ownerExited(owner: Pid, reason: ExitReason): void {
    for (const h of [...this.handlers]) {
      if (h.supervisor === owner) this.terminateHandler(h, tuple('stop', reason), 'quiet', undefined, undefined);
    }
  }

  /** Every handler's terminate('stop'), owners told 'shutdown', then the manager ends with `reason`. */
  terminateServer(reason: ExitReason): never {
    for (const h of [...this.handlers]) this.terminateHandler(h, 'stop', 'normal', 'shutdown', undefined);
    throw new ProcessExit(reason, this.self.runtime.redactor);
  }
}

/** The sys hooks of an event manager (OTP gen_event's system_* functions). */
const managerHooks: SystemHooks<Manager> = {
  module: 'gen_event',
  systemContinue(_self, m) {
    m.enterLoop();
  },
  systemTerminate(_self, reason, m) {
    return m.terminateServer(reason);
  },
  systemGetState(m) {
    return m.handlers.map((h) => tuple(h.mod.name, Array.isArray(h.ref) ? h.ref[1] : false, h.state));
  },
  systemReplaceState(fn, m) {
    for (const h of m.handlers) {
      const next = fn(tuple(h.mod.name, Array.isArray(h.ref) ? h.ref[1] : false, h.state));
      if (Array.isArray(next) && next.length === 3) h.state = next[2];
    }
    return [managerHooks.systemGetState(m), m];
  },
  systemCodeChange(m, module, oldVsn, extra) {
    for (const h of m.handlers) {
      if (h.mod.name !== module || h.mod.codeChange === undefined) continue;
      const r = h.mod.codeChange(oldVsn, h.state, extra);
      if (!Array.isArray(r) || r.length !== 2 || r[0] !== 'ok') throw new CodeChangeRefused(r);
      h.state = r[1];
    }
    return m;
  },
  formatStatus(self, status, m) {
    const p = self as Process;
    return [
      tuple('header', `Status for event handler ${String(procName(p))}`),
      tuple('data', [tuple('Status', status), tuple('Parent', p.parent)]),
      tuple('items', tuple('Installed handlers', m.handlers.map((h) => tuple('handler', h.mod.name, Array.isArray(h.ref) ? h.ref[1] : false, h.state, h.supervisor ?? false)))),
    ];
  },
};

function managerBody(opts: GenEventStartOptions, linked: boolean) {
  return (self: Self): unknown => {
    const p = self as Process;
    if (!linked) p.parent = p.pid;
    if (opts.name !== undefined && typeof opts.name !== 'string') registerRemote(p, opts.name);
    self.trapExit(true);
    if (opts.debug !== undefined) debugOptions(self, opts.debug);
    const m = new Manager(p);
    p.special = m;
    initAck(p, tuple('ok', p.pid));
    m.enterLoop();
    return undefined;
  };
}

/** What `start` gives: OTP `{ok, Pid}` or `{error, Reason}` (`['already_started', pid]` for a taken name). */
export type GenEventStartResult = readonly ['ok', Pid] | readonly ['error', ExitReason];

function startManager(opts: GenEventStartOptions, link: boolean): Promise<GenEventStartResult> {
  return genStart<GenEventStartResult>('GenEvent.start', opts, link, { behaviour: 'gen_event', initialCall: 'gen_event:init_it/6' }, () => managerBody(opts, link));
}

/** Starts an event manager with no handlers (OTP `gen_event:start/0,1,2`). */
export function start(opts: GenEventStartOptions = {}): Promise<GenEventStartResult> {
  return startManager(opts, false);
}

/** Starts an event manager linked to the caller (OTP `gen_event:start_link/0,1,2`). */
export function startLink(opts: GenEventStartOptions = {}): Promise<GenEventStartResult> {
  return startManager(opts, true);
}

/** Narrows `start`'s result to the pid, throwing a descriptive error otherwise. */
export function okPid(result: GenEventStartResult): Pid {
  if (result[0] === 'ok') return result[1];
  // the reason through the redactor and the bounded formatter, as every runtime-built error text
  throw new Error(`GenEvent did not start: ${describeReason(result[1])}`);
}

/** The client side of every command: OTP `gen_event:rpc`, which exits the caller with the bare reason (noproc, …). */
async function rpc<R>(mgr: Dest, cmd: unknown, fn: string, caller: Self | undefined, timeout = Infinity): Promise<R> {
  const rt: Runtime = mgr instanceof Pid ? (mgr.proc.runtime as Runtime) : (caller?.runtime ?? runtime());
  const failed: FailedCall = { module: 'gen_event', function: fn, args: [mgr] };
  const from = (caller === undefined ? undefined : (caller as Process)) ?? rt.current;
  try {
    return await request<R, unknown>(rt, rt.resolve(mgr), callMessage, cmd, timeout, failed, from);
  } catch (e) {
    if (e instanceof CallError) throw new ProcessExit(e.reason, rt.redactor);
    throw e;
  }
}

function checkHandler(fn: string, ref: unknown): asserts ref is HandlerRef {
  if (!isHandlerRef(ref)) throw new BadCallbackError('GenEvent', `${fn} handler`, ref);
}

/**
 * Adds a handler (OTP `gen_event:add_handler/3`): 'ok' when its init returned
 * `['ok', state]`, else what init returned, or `['EXIT', reason]` when it crashed.
 */
export function addHandler<A>(mgr: Dest, handler: HandlerRef, args: A, caller?: Self): Promise<unknown> {
  checkHandler('addHandler', handler);
  return rpc(mgr, tuple('add_handler', handler, args), 'add_handler', caller);
}

/**
 * Adds a handler supervised by the caller (OTP `gen_event:add_sup_handler/3`):
 * the manager and the caller are linked; the caller gets
 * `['gen_event_EXIT', handler, reason]` when the handler goes (reason 'normal',
 * 'shutdown', `['swapped', new, pid]` or the crash's `['EXIT', r]`); the caller's
 * death removes the handler.
 */
export function addSupHandler<A>(mgr: Dest, handler: HandlerRef, args: A, caller?: Self): Promise<unknown> {
  checkHandler('addSupHandler', handler);
  const rt: Runtime = mgr instanceof Pid ? (mgr.proc.runtime as Runtime) : (caller?.runtime ?? runtime());
  const owner = (caller === undefined ? undefined : (caller as Process)) ?? rt.current ?? rt.external;
  return rpc(mgr, tuple('add_sup_handler', handler, args, owner.pid), 'add_sup_handler', caller);
}

/** Deletes a handler (OTP `gen_event:delete_handler/3`): its terminate's result, or `['error', 'module_not_found']`. */
export function deleteHandler(mgr: Dest, handler: HandlerRef, args: unknown, caller?: Self): Promise<unknown> {
  return rpc(mgr, tuple('delete_handler', handler, args), 'delete_handler', caller);
}

/**
 * Replaces a handler (OTP `gen_event:swap_handler/3`): `old[0]`'s terminate
 * gets `old[1]`, and `next[0]`'s init gets `[next[1], thatResult]` ('error'
 * when `old[0]` was not installed). 'ok', or `['error', initResult]`. The new
 * handler keeps the old one's supervision.
 */
export function swapHandler(mgr: Dest, old: readonly [HandlerRef, unknown], next: readonly [HandlerRef, unknown], caller?: Self): Promise<unknown> {
  checkHandler('swapHandler', next[0]);
  return rpc(mgr, tuple('swap_handler', old[0], old[1], next[0], next[1]), 'swap_handler', caller);
}

/** `swapHandler` whose new handler is supervised by the caller (OTP `gen_event:swap_sup_handler/3`). */
export function swapSupHandler(mgr: Dest, old: readonly [HandlerRef, unknown], next: readonly [HandlerRef, unknown], caller?: Self): Promise<unknown> {
  checkHandler('swapSupHandler', next[0]);
  const rt: Runtime = mgr instanceof Pid ? (mgr.proc.runtime as Runtime) : (caller?.runtime ?? runtime());
  const owner = (caller === undefined ? undefined : (caller as Process)) ?? rt.current ?? rt.external;
  return rpc(mgr, tuple('swap_sup_handler', old[0], old[1], next[0], next[1], owner.pid), 'swap_sup_handler', caller);
}

/** Sends an event to every handler without waiting (OTP `gen_event:notify/2`): always 'ok'. */
export function notify(mgr: Dest, event: unknown, caller?: Self): 'ok' {
  const rt: Runtime = mgr instanceof Pid ? (mgr.proc.runtime as Runtime) : (caller?.runtime ?? runtime());
  const p = rt.resolve(mgr);
  if (p !== undefined) rt.delivery.deliver(p, new NotifyMessage(event), (caller === undefined ? undefined : (caller as Process)) ?? rt.current);
  return 'ok';
}

/** Sends an event and waits until every handler handled it (OTP `gen_event:sync_notify/2`). */
export function syncNotify(mgr: Dest, event: unknown, caller?: Self): Promise<'ok'> {
  return rpc(mgr, tuple('sync_notify', event), 'sync_notify', caller);
}

/**
 * Asks one handler (OTP `gen_event:call/3,4`; timeout or options as
 * `GenServer.call`, default 5000 ms): its reply, `['error',
 * 'bad_module']` when it is not installed, `['error', ['EXIT', r]]` when it
 * crashed (it is removed).
 */
export function call(mgr: Dest, handler: HandlerRef, req: unknown, timeoutOrOptions?: number | CallOptions): Promise<unknown> {
  const o = typeof timeoutOrOptions === 'object' ? timeoutOrOptions : undefined;
  const timeout = typeof timeoutOrOptions === 'number' ? timeoutOrOptions : (o?.timeout ?? DEFAULT_TIMEOUT);
  return rpc(mgr, tuple('call', handler, req), 'call', o?.caller, timeout);
}

/** The installed handlers, newest first (OTP `gen_event:which_handlers/1`). */
export function whichHandlers(mgr: Dest, caller?: Self): Promise<HandlerRef[]> {
  return rpc(mgr, tuple('which_handlers'), 'which_handlers', caller);
}

/** Stops the manager (OTP `gen_event:stop/1,3`): every handler's terminate('stop'); owners get 'shutdown'. */
export function stop(mgr: Dest, reason: ExitReason = 'normal', timeout = Infinity): Promise<'ok'> {
  return genStop(mgr, reason, timeout);
}

/** True for an `['gen_event_EXIT', handler, reason]` message. */
export function isGenEventExit(m: unknown): m is readonly ['gen_event_EXIT', HandlerRef, unknown] {
  return isTuple(m) && m.length === 3 && m[0] === 'gen_event_EXIT';
}
