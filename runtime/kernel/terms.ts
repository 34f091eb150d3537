/**
 * The runtime's terms: pids, refs, the messages the runtime itself sends
 * (DOWN, EXIT, timer timeouts) and exit reasons.
 *
 * Erlang atoms are strings here ('normal', 'shutdown', 'killed'); Erlang tuples
 * that users build are plain arrays (`['shutdown', detail]`).
 */
import type { Process } from './process.ts';

/** The node name every local pid reports (OTP's `node()` when not distributed). */
export const NODE = 'nonode@nohost';

/** A process identifier. Opaque: compare with `===`, print with `String(pid)`. */
export class Pid {
  /** Serial number, unique within one runtime. */
  readonly id: number;
  /** @internal the process this pid names; kept after death (marked dead). */
  readonly proc: Process;
  /** The printed form, made on first use (spans print the pid of every handling). */
  private text: string | undefined = undefined;

  /** @internal pids are made by the runtime only. */
  constructor(id: number, proc: Process) {
    this.id = id;
    this.proc = proc;
  }

  /** `<0.N.0>`, as OTP prints a local pid. */
  toString(): string {
    return (this.text ??= `<0.${this.id}.0>`);
  }

  /** Node's inspector shows the pid text, not the process record. */
  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return this.toString();
  }

  /** JSON and test-failure diffs (pretty-format calls toJSON) show the pid text too. */
  toJSON(): string {
    return this.toString();
  }
}

let refCounter = 0;

/** A unique reference (OTP's `make_ref()`): monitor refs, timer refs, call tags. */
export class Ref {
  /** Serial number, unique within the Node process. */
  readonly id: number;

  constructor() {
    this.id = ++refCounter;
  }

  /** `#Ref<0.0.0.N>`, as OTP prints a ref. */
  toString(): string {
    return `#Ref<0.0.0.${this.id}>`;
  }

  /** Node's inspector shows the ref text. */
  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return this.toString();
  }

  /** JSON and test-failure diffs show the ref text. */
  toJSON(): string {
    return this.toString();
  }
}

/** Makes a new unique reference (OTP `make_ref/0`). */
export function makeRef(): Ref {
  return new Ref();
}

/** A registered name. */
export type Name = string;

/** Where a message can be sent: a pid or a registered name. */
export type Dest = Pid | Name;

/** Any exit reason: 'normal', 'shutdown', ['shutdown', term], 'killed', an Error, any value. */
export type ExitReason = unknown;

/** What a monitor names in its DOWN: the pid, or `[name, node]` when monitored by name. */
export type MonitorObject = Pid | readonly [Name, string];

/** OTP's `{'DOWN', Ref, process, Object, Reason}`. */
export class DownMessage {
  readonly type = 'DOWN' as const;
  readonly ref: Ref;
  readonly object: MonitorObject;
  readonly reason: ExitReason;

  constructor(ref: Ref, object: MonitorObject, reason: ExitReason) {
    this.ref = ref;
    this.object = object;
    this.reason = reason;
  }

  /** The pid that went down (undefined for a by-name monitor of an unknown name). */
  get pid(): Pid | undefined {
    return this.object instanceof Pid ? this.object : undefined;
  }
}

/** OTP's `{'EXIT', From, Reason}`, received by a process that traps exits. */
export class ExitMessage {
  readonly type = 'EXIT' as const;
  readonly from: Pid;
  readonly reason: ExitReason;

  constructor(from: Pid, reason: ExitReason) {
    this.from = from;
    this.reason = reason;
  }
}

/** OTP's `{timeout, TimerRef, Msg}` delivered by `startTimer`. */
export class TimeoutMessage<M = unknown> {
  readonly type = 'timeout' as const;
  readonly ref: Ref;
  readonly message: M;

  constructor(ref: Ref, message: M) {
    this.ref = ref;
    this.message = message;
  }
}

/** True for a DOWN message. */
export function isDown(msg: unknown): msg is DownMessage {
  return msg instanceof DownMessage;
}

/** True for an EXIT message. */
export function isExit(msg: unknown): msg is ExitMessage {
  return msg instanceof ExitMessage;
}

/** Reasons that end a process quietly: no crash report, transient children not restarted. */
export function isNormalReason(reason: ExitReason): boolean {
  return (
    reason === 'normal' ||
    reason === 'shutdown' ||
    (Array.isArray(reason) && reason.length === 2 && reason[0] === 'shutdown')
  );
}

const TUPLE: unique symbol = Symbol('tuple');

/** An Erlang tuple: a frozen array marked as a tuple, printed `{a,b}`. */
export type Tuple<T extends readonly unknown[]> = Readonly<T>;

/** Builds a tuple (`tuple('ok', pid)` is OTP's `{ok, Pid}`). Arrays not built here print as lists. */
export function tuple<const T extends readonly unknown[]>(...items: T): Tuple<T> {
  Object.defineProperty(items, TUPLE, { value: true });
  return Object.freeze(items);
}

/** True for an array built by `tuple`. */
export function isTuple(value: unknown): value is readonly unknown[] {
  return Array.isArray(value) && (value as unknown as Record<symbol, unknown>)[TUPLE] === true;
}
