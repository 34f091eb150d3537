/**
 * The one typed event union. Every sys debug event (message in, reply out, new
 * state, …) and every runtime event (spawn, exit, link, monitor, supervisor
 * restart, …) is one `SysEvent`. It flows one way: runtime → stream →
 * (sys trace/log/statistics/install, OpenTelemetry, Vitest matchers).
 */
import type { From } from '../kernel/from.ts';
import type { ExitReason, MonitorObject, Pid, Ref } from '../kernel/terms.ts';

/** What every event carries. */
export interface EventBase {
  /** Monotonic sequence number, unique within the runtime: what orders events, always. */
  readonly seq: number;
  /**
   * High-resolution timestamp in milliseconds (`performance.now()` clock), read
   * only when some listener asked for time (`subscribe(l, { time: true })`,
   * `events(rt, { time: true })`; sys trace/log, the flight recorder, the Vitest
   * plugin and the diagnostics endpoint do). NaN when nobody did: the clock was
   * not read.
   */
  readonly time: number;
  /** The process the event is about. */
  readonly pid: Pid;
  /** Its registered name at the time, or null. */
  readonly name: string | null;
  /** Its behaviour: 'plain', 'gen_server', 'supervisor', 'special', … */
  readonly behaviour: string;
}

/**
 * How a message entered a process: a call, cast or other message (info), a sys
 * request, or one of gen_statem's own event types — an event timeout
 * ('timeout'), a state timeout, a generic timeout (OTP `{timeout, Name}`) or an
 * internal event (a `next_event` action).
 */
export type MessageKind = 'call' | 'cast' | 'info' | 'system' | StatemTimeoutType | 'internal';

/** gen_statem's timeout event types: event timeout, state timeout, generic (named) timeout. */
export type StatemTimeoutType = 'timeout' | 'state_timeout' | 'generic_timeout';

/**
 * OTP `{in, Msg}`: the process took a message in (a call carries its `from`).
 * A gen_statem's is OTP `{in, Event, State}`: `messageKind` is the event type,
 * `message` its content, `state` the state it arrived in.
 */
export interface InEvent extends EventBase {
  readonly kind: 'in';
  readonly messageKind: MessageKind;
  readonly message: unknown;
  readonly from?: From;
  /** gen_statem: the state the event arrived in. */
  readonly state?: unknown;
  /** gen_statem, `messageKind` 'generic_timeout': the timeout's name. */
  readonly timeoutName?: unknown;
}

/** OTP `{out, Reply, From, State}`: a reply went out, with the state after. */
export interface OutEvent extends EventBase {
  readonly kind: 'out';
  readonly reply: unknown;
  readonly to: From | Pid;
  readonly state?: unknown;
  /** True when the state is present (hand-written processes may leave it out). */
  readonly hasState: boolean;
}

/** OTP `{noreply, State}`: the message was handled, this is the new state. */
export interface NoReplyEvent extends EventBase {
  readonly kind: 'noreply';
  readonly state: unknown;
}

/** OTP `{continue, C}`: a handle_continue is about to run. */
export interface ContinueEvent extends EventBase {
  readonly kind: 'continue';
  readonly continuation: unknown;
}

/** A hand-written special process's own debug event (`sys.handleDebug` with any payload). */
export interface CustomEvent extends EventBase {
  readonly kind: 'custom';
  readonly data: unknown;
}

/** A message was sent (from `pid`) to `to`; `delivered` is false when `to` was dead. */
export interface SendEvent extends EventBase {
  readonly kind: 'send';
  readonly to: Pid;
  readonly message: unknown;
  readonly delivered: boolean;
}

/** A `receive … after` (or a gen_server timeout) expired. */
export interface ReceiveTimeoutEvent extends EventBase {
  readonly kind: 'receive-timeout';
  readonly after: number;
}

/** A process was spawned; `parent` spawned it. */
export interface SpawnEvent extends EventBase {
  readonly kind: 'spawn';
  readonly parent: Pid | null;
}

/** A process ended with `reason`. */
export interface ExitEvent extends EventBase {
  readonly kind: 'exit';
  readonly reason: ExitReason;
}

/** A link was made or removed between `pid` and `other`. */
export interface LinkEvent extends EventBase {
  readonly kind: 'link' | 'unlink';
  readonly other: Pid;
}

/** `pid` started or stopped monitoring `target`. */
export interface MonitorEvent extends EventBase {
  readonly kind: 'monitor' | 'demonitor';
  readonly ref: Ref;
  readonly target: MonitorObject;
}

/** `pid` was registered under or unregistered from `registered`. */
export interface RegisterEvent extends EventBase {
  readonly kind: 'register' | 'unregister';
  readonly registered: string;
}

/** sys suspended or resumed the process. */
export interface SuspendEvent extends EventBase {
  readonly kind: 'suspend' | 'resume';
}

/** sys replaced the process's state. */
export interface StateReplacedEvent extends EventBase {
  readonly kind: 'state-replaced';
  readonly state: unknown;
}

/** A timer fired, sending `message` to `pid`. */
export interface TimerFiredEvent extends EventBase {
  readonly kind: 'timer-fired';
  readonly ref: Ref;
  readonly message: unknown;
}

/** OTP gen_statem `{enter, Module, State}`: the state machine entered its loop in `state` (seen with debug options from the start). */
export interface StatemEnterEvent extends EventBase {
  readonly kind: 'enter';
  readonly module: string;
  readonly state: unknown;
}

/**
 * OTP gen_statem `{consume, Event, State, NextState}` / `{postpone, …}`: the event
 * (type, content, caller) was handled in `state` — or postponed — and the
 * machine goes on in `nextState`. `data` is the data after (the stream's
 * addition; sys shows OTP's four elements).
 */
export interface StatemTransitionEvent extends EventBase {
  readonly kind: 'consume' | 'postpone';
  readonly messageKind: MessageKind;
  readonly message: unknown;
  readonly from?: From;
  readonly timeoutName?: unknown;
  readonly state: unknown;
  readonly nextState: unknown;
  readonly data: unknown;
}

/** OTP gen_statem `{start_timer, {Type, Time, Content, Opts}, State}`: a timeout was (re)started. */
export interface StartTimerEvent extends EventBase {
  readonly kind: 'start-timer';
  readonly timeoutType: StatemTimeoutType;
  /** A generic timeout's name. */
  readonly timeoutName?: unknown;
  /** ms (or the absolute time, with `{ abs: true }`). */
  readonly after: number;
  readonly content: unknown;
  readonly options: readonly unknown[];
  readonly state: unknown;
}

/** OTP gen_statem `{terminate, Reason, State}`: the state machine stops (a normal stop; a crash is a crash-report). */
export interface TerminateEvent extends EventBase {
  readonly kind: 'terminate';
  readonly reason: ExitReason;
  readonly state: unknown;
}

/**
 * A state machine changed state (the stream's own event, no sys event: OTP
 * shows a change as a `consume` whose states differ): from `previous` to
 * `state`, with its `data`, after the state enter call if any.
 */
export interface StateChangedEvent extends EventBase {
  readonly kind: 'state-changed';
  readonly previous: unknown;
  readonly state: unknown;
  readonly data: unknown;
}

/** A crash or error report was logged for the process. */
export interface CrashReportEvent extends EventBase {
  readonly kind: 'crash-report';
  readonly label: string;
  readonly report: unknown;
}

/** A supervisor (`pid`) started, terminated or restarted a child, or gave up. */
export interface SupervisorEvent extends EventBase {
  readonly kind: 'child-started' | 'child-terminated' | 'child-restarted' | 'intensity-exceeded';
  readonly childId: unknown;
  readonly child: Pid | null;
  readonly reason?: ExitReason;
}

/** Every event, one union. Switch on `kind`. */
export type SysEvent =
  | InEvent
  | OutEvent
  | NoReplyEvent
  | ContinueEvent
  | CustomEvent
  | SendEvent
  | ReceiveTimeoutEvent
  | SpawnEvent
  | ExitEvent
  | LinkEvent
  | MonitorEvent
  | RegisterEvent
  | SuspendEvent
  | StateReplacedEvent
  | TimerFiredEvent
  | CrashReportEvent
  | SupervisorEvent
  | StatemEnterEvent
  | StatemTransitionEvent
  | StartTimerEvent
  | TerminateEvent
  | StateChangedEvent;

/** The kinds of events. */
export type SysEventKind = SysEvent['kind'];

/** The event of a given kind. */
export type EventOfKind<K extends SysEventKind> = Extract<SysEvent, { kind: K }>;

/**
 * The per-process debug events OTP's sys sees (handle_debug): in, out, noreply,
 * continue, custom, and gen_statem's enter, consume, postpone, start-timer, terminate.
 */
export type DebugEvent =
  | InEvent
  | OutEvent
  | NoReplyEvent
  | ContinueEvent
  | CustomEvent
  | StatemEnterEvent
  | StatemTransitionEvent
  | StartTimerEvent
  | TerminateEvent;

/** The stamp every event gets (`EventBase`'s fields). */
type Stamp = 'seq' | 'time' | 'pid' | 'name' | 'behaviour';

/** The payload of a debug event, before the runtime stamps seq/time/pid. */
export type DebugEventBody =
  | { kind: 'in'; messageKind: MessageKind; message: unknown; from?: From; state?: unknown; timeoutName?: unknown }
  | { kind: 'out'; reply: unknown; to: From | Pid; state?: unknown; hasState: boolean }
  | { kind: 'noreply'; state: unknown }
  | { kind: 'continue'; continuation: unknown }
  | { kind: 'custom'; data: unknown }
  | Omit<StatemEnterEvent, Stamp>
  | Omit<StatemTransitionEvent, Stamp>
  | Omit<StartTimerEvent, Stamp>
  | Omit<TerminateEvent, Stamp>;

const DEBUG_KINDS: ReadonlySet<string> = new Set(['in', 'out', 'noreply', 'continue', 'custom', 'enter', 'consume', 'postpone', 'start-timer', 'terminate']);

/** True for the kinds sys's debug machinery sees. */
export function isDebugEvent(e: SysEvent): e is DebugEvent {
  return DEBUG_KINDS.has(e.kind);
}
