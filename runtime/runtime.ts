/**
 * The runtime: one "node" — the kernel (kernel/: processes, delivery, signals,
 * names, timers) with what observes it (observe/: the event emitter and its
 * listeners, the logger, the flight recorder). This façade is what programs
 * and the behaviours hold; `runtime()` answers the current one. Tests may
 * make one each.
 */
import { currentKernel, setCurrentProvider } from './kernel/current.ts';
import type { From } from './kernel/from.ts';
import { Kernel, type KernelOptions } from './kernel/kernel.ts';
import type { LogEvent, Logger } from './kernel/hooks.ts';
import type { Process } from './kernel/process.ts';
import type { Pid } from './kernel/terms.ts';
import { Emitter, type EventStamp } from './observe/emitter.ts';
import type { DebugEventBody, MessageKind, SysEvent } from './observe/events.ts';
import { FlightRecorder } from './observe/flight-recorder.ts';
import type { EventListener, Interest, ListenerInterest } from './observe/listeners.ts';
import { defaultLogger } from './observe/logger.ts';

export type { EventListener, Interest, ListenerInterest } from './observe/listeners.ts';
export type { ProcessInfo } from './kernel/kernel.ts';
export type { ProcessBody, Self } from './kernel/process.ts';

/** Options of a runtime. */
export interface RuntimeOptions extends KernelOptions {
  /** Where log events (crash reports, supervisor reports) go. */
  logger?: Logger;
}

/** What a runtime adds to its kernel: the event stream, the flight recorder, the logger. */
export interface RuntimeApi {
  /** Recent events per process, when turned on (`enableFlightRecorder`). */
  flightRecorder: FlightRecorder | null;
  /**
   * Adds a listener to the event stream, for the events it declares interest in
   * (default: all; `{ pid }`, `{ kinds }` or both: only those, and the other
   * events cost it nothing); returns the function that removes it.
   */
  subscribe(listener: EventListener, interest?: Interest): () => void;
  /** What the stream's listeners want: their number, the pids they watch, whether an event would reach one. */
  readonly interest: ListenerInterest;
  /** The fields every event of `p` carries (the next sequence number, the time now). */
  base(p: Process): EventStamp;
  /** Publishes an event to the stream's listeners that want it (in the order they subscribed). */
  emit(event: SysEvent): void;
  /**
   * Emits a sys debug event of `p` (OTP `sys:handle_debug`): to its debug options
   * (trace, log, statistics, installed functions) and to the stream. Callers check
   * `p.debug !== null || rt.listening` first, so an unobserved process pays nothing.
   */
  emitDebug(p: Process, body: DebugEventBody, procName?: string | Pid): void;
  /** A behaviour's `{in, Msg}` debug event. */
  debugIn(p: Process, messageKind: MessageKind, message: unknown, from?: From): void;
  /** A behaviour's `{out, Reply, To, State}` debug event. */
  debugOut(p: Process, reply: unknown, to: From | Pid, state: unknown): void;
  /** A behaviour's `{noreply, State}` debug event. */
  debugNoReply(p: Process, state: unknown): void;
  /** `emitDebug` for the behaviours' own hot paths: `body` is a fresh literal the caller gives away (stamped in place). */
  emitDebugOwned(p: Process, body: DebugEventBody): void;
  /** Turns the flight recorder on (a ring of `size` recent events per process) or off (0). */
  enableFlightRecorder(size?: number): void;
  /** Replaces the logger (OTP: a logger handler). Returns the previous one. */
  setLogger(logger: Logger): Logger;
}

declare module './kernel/kernel.ts' {
  /**
   * A kernel is always a Runtime (Kernel is abstract; Runtime is its one
   * subclass), so a process's `runtime` has the runtime's API. Said here, in
   * the layer that adds it; the kernel's own code never imports it.
   */
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- a declaration merge, not a type of its own
  interface Kernel extends RuntimeApi {}
}

/** Each runtime's logger (kept beside the runtime, so a Runtime has no members a Kernel lacks). */
const loggers = new WeakMap<Kernel, Logger>();

/** One runtime instance. Most programs use the default one (`runtime()`). */
export class Runtime extends Kernel implements RuntimeApi {
  override flightRecorder: FlightRecorder | null = null;

  constructor(opts: RuntimeOptions = {}) {
    super(opts);
    loggers.set(this, opts.logger ?? defaultLogger);
    this.events = new Emitter(this);
    for (const hook of createdHooks) hook(this);
  }

  override subscribe(listener: EventListener, interest?: Interest): () => void {
    return emitter(this).subscribe(listener, interest);
  }

  override get interest(): ListenerInterest {
    return emitter(this).interest;
  }

  override base(p: Process): EventStamp {
    return emitter(this).base(p);
  }

  override emit(event: SysEvent): void {
    emitter(this).emit(event);
  }

  override emitDebug(p: Process, body: DebugEventBody, procName?: string | Pid): void {
    emitter(this).debug(p, body, procName);
  }

  override debugIn(p: Process, messageKind: MessageKind, message: unknown, from?: From): void {
    emitter(this).debugIn(p, messageKind, message, from);
  }

  override debugOut(p: Process, reply: unknown, to: From | Pid, state: unknown): void {
    emitter(this).debugOut(p, reply, to, state);
  }

  override debugNoReply(p: Process, state: unknown): void {
    emitter(this).debugNoReply(p, state);
  }

  override emitDebugOwned(p: Process, body: DebugEventBody): void {
    emitter(this).debugOwned(p, body);
  }

  override enableFlightRecorder(size = 16): void {
    this.flightRecorder?.stop();
    this.flightRecorder = size > 0 ? new FlightRecorder(this, size) : null;
  }

  override setLogger(logger: Logger): Logger {
    const old = loggers.get(this) ?? defaultLogger;
    loggers.set(this, logger);
    return old;
  }

  /** Logs a report; a failing logger never takes a process down. */
  override log(event: LogEvent): void {
    try {
      (loggers.get(this) ?? defaultLogger)(event);
    } catch {
      // a failing logger must not take a process down
    }
  }
}

/** The emitter a Runtime's constructor installed as its kernel's events. */
function emitter(rt: Kernel): Emitter {
  return rt.events as Emitter;
}

const createdHooks: ((rt: Runtime) => void)[] = [];

/** Calls `hook` for every runtime made from now on (the otel agent instruments them); returns the remover. */
export function onRuntimeCreated(hook: (rt: Runtime) => void): () => void {
  createdHooks.push(hook);
  return () => {
    const i = createdHooks.indexOf(hook);
    if (i >= 0) createdHooks.splice(i, 1);
  };
}

let defaultRuntime: Runtime | null = null;

/** Decides which runtime is the current one in a context (the Vitest plugin: the running test's). */
export interface RuntimeResolver {
  /** The runtime of the current context, or undefined to fall back to the default one. */
  current(): Runtime | undefined;
  /** `setRuntime` inside a context: replace that context's runtime; return the previous one, or undefined if not in a context. */
  replace(rt: Runtime): Runtime | undefined;
}

let resolver: RuntimeResolver | null = null;

/** The resolver's runtime for the current context, else the default one (made on first use). */
function contextRuntime(): Runtime {
  if (resolver !== null) {
    const rt = resolver.current();
    if (rt !== undefined) return rt;
  }
  if (defaultRuntime === null) defaultRuntime = new Runtime();
  return defaultRuntime;
}

setCurrentProvider(contextRuntime);

/**
 * The current runtime: the one whose process is running (code inside a
 * process means its own runtime), else the resolver's for the current
 * context, else the default one (made on first use).
 */
export function runtime(): Runtime {
  // every kernel made is a Runtime (Kernel is abstract; this class is its one kind)
  return currentKernel() as Runtime;
}

/** Replaces the current runtime (the context's, under a resolver; else the default one); returns the previous one. */
export function setRuntime(rt: Runtime): Runtime | null {
  if (resolver !== null) {
    const old = resolver.replace(rt);
    if (old !== undefined) return old;
  }
  const old = defaultRuntime;
  defaultRuntime = rt;
  return old;
}

/**
 * Installs a resolver: `runtime()` and `setRuntime()` ask it first (the Vitest
 * plugin's answers with the running test's runtime, so concurrent tests each
 * get their own). Returns the previous resolver.
 */
export function setRuntimeResolver(r: RuntimeResolver | null): RuntimeResolver | null {
  const old = resolver;
  resolver = r;
  return old;
}
