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
  /** Monotonic sequence number, unique within the runtime. */
  readonly seq: number;
  /** High-resolution timestamp in milliseconds (`performance.now()` clock). */
  readonly time: number;
  /** The process the event is about. */
  readonly pid: Pid;
  /** Its registered name at the time, or null. */
  readonly name: string | null;
  /** Its behaviour: 'plain', 'gen_server', 'supervisor', 'special', … */
  readonly behaviour: string;
}

/** How a message entered a process. */
export type MessageKind = 'call' | 'cast' | 'info' | 'system';

/** OTP `{in, Msg}`: the process took a message in (a call carries its `from`). */
export interface InEvent extends EventBase {
  readonly kind: 'in';
  readonly messageKind: MessageKind;
  readonly message: unknown;
  readonly from?: From;
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
  | SupervisorEvent;

/** The kinds of events. */
export type SysEventKind = SysEvent['kind'];

/** The event of a given kind. */
export type EventOfKind<K extends SysEventKind> = Extract<SysEvent, { kind: K }>;

/** The per-process debug events OTP's sys sees (handle_debug): in, out, noreply, continue, custom. */
export type DebugEvent = InEvent | OutEvent | NoReplyEvent | ContinueEvent | CustomEvent;

/** The payload of a debug event, before the runtime stamps seq/time/pid. */
export type DebugEventBody =
  | { kind: 'in'; messageKind: MessageKind; message: unknown; from?: From }
  | { kind: 'out'; reply: unknown; to: From | Pid; state?: unknown; hasState: boolean }
  | { kind: 'noreply'; state: unknown }
  | { kind: 'continue'; continuation: unknown }
  | { kind: 'custom'; data: unknown };

/** True for the kinds sys's debug machinery sees. */
export function isDebugEvent(e: SysEvent): e is DebugEvent {
  return e.kind === 'in' || e.kind === 'out' || e.kind === 'noreply' || e.kind === 'continue' || e.kind === 'custom';
}
