/**
 * The kernel's narrow hooks to the layers above it. The kernel never knows
 * the event stream, OpenTelemetry or sys: it tells an `KernelEvents` what
 * happens (observe's emitter builds the events), runs a message's handling
 * through an `Instrumentation` (otel/ carries contexts), and reports its own
 * faults as log events. With no listener and no instrumentation, a message
 * makes one boolean check on its way in and out, and nothing here runs.
 */
import type { Process } from './process.ts';
import type { ExitReason, MonitorObject, Ref } from './terms.ts';

/**
 * What happened, told by the kernel to the layer that turns it into events
 * (observe/emitter.ts). Called only while `kernel.listening` is true.
 */
export interface KernelEvents {
  /** `p` was spawned by `parent` (null: from outside any process). */
  spawned(p: Process, parent: Process | null): void;
  /** `p` ended with `reason` (called before anything of its end is undone). */
  exited(p: Process, reason: ExitReason): void;
  /** `a` linked to `b`. */
  linked(a: Process, b: Process): void;
  /** `a` removed its link to `b`. */
  unlinked(a: Process, b: Process): void;
  /** `watcher` started monitoring `target` under `ref`. */
  monitored(watcher: Process, ref: Ref, target: MonitorObject): void;
  /** `watcher` removed the monitor `ref` of `target`. */
  demonitored(watcher: Process, ref: Ref, target: MonitorObject): void;
  /** `p` was registered as `name`. */
  registered(p: Process, name: string): void;
  /** `p` was unregistered from `name`. */
  unregistered(p: Process, name: string): void;
  /** `from` sent `msg` to `to`; `delivered` is false when `to` was dead. */
  sent(from: Process, to: Process, msg: unknown, delivered: boolean): void;
  /** A plain process took `msg` in (behaviours report their own, with the message's kind). */
  received(p: Process, msg: unknown): void;
  /** A `receive … after` of `p` expired. */
  receiveTimedOut(p: Process, after: number): void;
  /** A timer fired, sending `msg` to `p`. */
  timerFired(p: Process, ref: Ref, msg: unknown): void;
}

/** A `KernelEvents` that does nothing (the kernel's own, until a layer above gives one). */
export const NO_EVENTS: KernelEvents = {
  spawned: () => undefined,
  exited: () => undefined,
  linked: () => undefined,
  unlinked: () => undefined,
  monitored: () => undefined,
  demonitored: () => undefined,
  registered: () => undefined,
  unregistered: () => undefined,
  sent: () => undefined,
  received: () => undefined,
  receiveTimedOut: () => undefined,
  timerFired: () => undefined,
};

/** A log event: OTP logger's level, a report label such as 'proc_lib:crash', and the report. */
export interface LogEvent {
  readonly level: 'error' | 'warning' | 'notice' | 'info';
  readonly label: string;
  readonly report: unknown;
}

/** A logger: receives every log event of a runtime. */
export type Logger = (event: LogEvent) => void;

/**
 * A process's sys debug options as the kernel sees them (observe/debug.ts has
 * the real thing): what a dead process lets go of.
 */
export interface DebugOptions {
  /** Turns every option off and closes what they opened (a log file). */
  clear(): void;
}

/** What an instrumentation provides. */
export interface Instrumentation {
  /** The context to carry (undefined: nothing to carry). Called at send, call, cast, timer arm, spawn. */
  capture(): unknown;
  /**
   * Runs `run` — the handling of `msg` by `p` — within `carried` (what `capture`
   * returned at send). Must return what `run` returns (a promise for async handlers).
   */
  handle<T>(p: Process, msg: unknown, carried: unknown, run: () => T): T;
}

/** A message and the context it carries; what a mailbox holds while instrumented. */
export class Carried {
  readonly msg: unknown;
  readonly ctx: unknown;

  constructor(msg: unknown, ctx: unknown) {
    this.msg = msg;
    this.ctx = ctx;
  }
}

/** The message inside a mailbox item. */
export function unwrap(item: unknown): unknown {
  return item instanceof Carried ? item.msg : item;
}

/** Marks a process start for `Instrumentation.handle` (its body runs as a pseudo message). */
export const PROCESS_START: unique symbol = Symbol('process start');
