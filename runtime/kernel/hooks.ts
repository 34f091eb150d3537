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

/** What an instrumentation provides (otel/instrument.ts is the one the project has). */
export interface Instrumentation {
  /**
   * The context to carry (undefined: nothing to carry), captured for `sender`
   * (null: outside any process; absent: the running code's). Called at timer
   * arm, spawn and exit signals.
   */
  capture(sender?: Process | null): unknown;
  /**
   * The mailbox item for `msg` sent by `sender` now: `msg` itself (nothing to
   * carry) or a `Carried` with the sender's context and, if wanted, the time it
   * was sent (`Carried.at`, for the time it waits in the mailbox).
   */
  wrap(msg: unknown, sender: Process | null): unknown;
  /**
   * Runs `run(arg)` — the handling of `msg` by `p` — within `carried` (what
   * `capture` returned at send), `msg` having been sent at `at` (`Carried.at`;
   * 0 or absent: not recorded). Must return what `run` returns (a promise for
   * async handlers). (`run` and `arg` apart: no closure per message.)
   */
  handle<A, T>(p: Process, msg: unknown, carried: unknown, run: (arg: A) => T, arg: A, at?: number): T;
  /**
   * `p` took `msg` (sent within `carried`, at `at`) in through `receive` (an async
   * body): its handling goes on in the body until the body waits again or ends.
   */
  received(p: Process, msg: unknown, carried: unknown, at: number): void;
  /** `p` waits in `receive` again: what it received before is handled. */
  waiting(p: Process): void;
  /** The context `p` dies in: its EXIT and DOWN messages and exit signals carry it, as a message carries its sender's. */
  exiting(p: Process): unknown;
  /** A call was answered (`GenServer.reply` too) by `replier` (null: from outside any process). */
  replied(replier: Process | null): void;
}

/** Released mailbox items kept for reuse (`Carried.of`), at most `FREE_MAX`. */
const FREE: Carried[] = [];
/** The most released items kept: a burst of queued messages does not keep its envelopes for ever. */
const FREE_MAX = 1024;

/** A `Carried` as `Carried.of` and `Carried.release` write it. */
type Writable = { msg: unknown; ctx: unknown; at: number };

/**
 * A message and the context it carries; what a mailbox holds while instrumented.
 * Envelopes are reused: the kernel gives one back (`release`) once it has
 * taken it out of a mailbox and read it, and `of` hands it out again. A fresh
 * envelope per message, a young object stored into a long-lived mailbox,
 * cost ~0.14 µs of CPU per ping-pong message (issue 12, measured with an
 * instrumentation doing nothing else; reused: ~0.02 µs).
 */
export class Carried {
  readonly msg: unknown;
  readonly ctx: unknown;
  /** When it was sent (`performance.now()` ms; 0: not recorded). */
  readonly at: number;

  constructor(msg: unknown, ctx: unknown, at = 0) {
    this.msg = msg;
    this.ctx = ctx;
    this.at = at;
  }

  /** The envelope of `msg` sent within `ctx` at `at`: a released one if any, else a new one. */
  static of(msg: unknown, ctx: unknown, at = 0): Carried {
    const c = FREE.pop();
    if (c === undefined) return new Carried(msg, ctx, at);
    const w = c as unknown as Writable;
    w.msg = msg;
    w.ctx = ctx;
    w.at = at;
    return c;
  }

  /**
   * Gives `c` back for reuse. Only the kernel calls it, for an envelope it has
   * just taken out of a mailbox and read, which nothing else holds.
   */
  static release(c: Carried): void {
    if (FREE.length >= FREE_MAX) return;
    const w = c as unknown as Writable;
    // hold on to neither the message nor the context while unused
    w.msg = undefined;
    w.ctx = undefined;
    FREE.push(c);
  }
}

/** The message inside a mailbox item. */
export function unwrap(item: unknown): unknown {
  return item instanceof Carried ? item.msg : item;
}

/** Marks a process start for `Instrumentation.handle` (its body runs as a pseudo message). */
export const PROCESS_START: unique symbol = Symbol('process start');
