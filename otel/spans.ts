/**
 * One CONSUMER span per handled message, named and attributed per the OTel
 * messaging conventions: `{messaging.operation.name} {destination}` (`call
 * job_queue`, `cast audit`, `info worker`, `start worker`), the destination a
 * registered name, else the process's label, else its behaviour module, else
 * its behaviour — through the name cap (names.ts), so span names stay
 * bounded. The context active when a message was sent travels with it: a
 * call's span is the child of the caller's span (and linked to it); a cast's
 * or an info's span starts a new trace linked to the sender's, as the
 * conventions advise for fire-and-forget.
 *
 * Each process has a slot (`Process.trace`, a `TraceSlot`): the handling in
 * progress, an async body's current `receive` handling, its start span, and
 * the context of a handling that failed (the context the process dies in).
 */
import {
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  context,
  trace,
  type Attributes,
  type Context,
  type Link,
  type Span,
  type SpanContext,
  type Tracer,
} from '@opentelemetry/api';
import {
  CallMessage,
  CastMessage,
  GenStatem,
  PROCESS_START,
  SystemMessage,
  kindOf,
  reasonOf,
  reasonText,
  redactedText,
  shapeOf,
  stackFrames,
  type Process,
} from '../runtime/index.ts';
import type { NameCap } from './names.ts';
import {
  ATTR_MESSAGING_CLIENT_ID,
  ATTR_MESSAGING_DESTINATION_ANONYMOUS,
  ATTR_MESSAGING_DESTINATION_NAME,
  ATTR_MESSAGING_MESSAGE_CONVERSATION_ID,
  ATTR_MESSAGING_OPERATION_NAME,
  ATTR_MESSAGING_OPERATION_TYPE,
  ATTR_MESSAGING_SYSTEM_NAME,
  ATTR_OTP_BEHAVIOUR,
  ATTR_OTP_MAILBOX_WAIT,
  ATTR_OTP_PROCESS_LABEL,
  ATTR_OTP_MESSAGE_PAYLOAD,
  ATTR_OTP_MESSAGE_TYPE,
  ATTR_OTP_OUTCOME,
  ATTR_OTP_STATEM_NEXT_STATE,
  ATTR_OTP_STATEM_STATE,
  MESSAGING_OPERATION_TYPE_VALUE_PROCESS,
  MESSAGING_SYSTEM,
} from './semconv.ts';

/** How a message reached its handler. */
export type OperationName = 'call' | 'cast' | 'info' | 'system' | 'start';

/** The span of a handling in progress, and what we learn about it. */
export interface ActiveSpan {
  readonly span: Span;
  /** The context the handling runs in (the span in it). */
  readonly ctx: Context;
  /** The clock (instrument.ts's captured `performance.now`) at start, when the duration metric is on (else 0). */
  readonly started: number;
  readonly operation: OperationName;
  /** The destination, uncapped (the span's attribute). */
  readonly destination: string;
  /** The handling process (its behaviour and pid go in at the end). */
  readonly process: Process;
  /** The message handled (its shape, and payload if captured, go in at the end). */
  readonly message: unknown;
  /** How long the message waited in the mailbox, in ms (-1: not recorded). */
  readonly waited: number;
  outcome: string | null;
  readonly opts: SpanOptions;
  /** The span this handling is nested in, on the same process, if any. */
  outer: ActiveSpan | undefined;
  /** True once the span is ended. */
  ended: boolean;
  /** A state machine's state when the handling began, as text (null: not a state machine). */
  readonly state: string | null;
}

/**
 * What every span of one operation on one process shares while its name
 * holds: the span name and the start attributes (never changed once made, so
 * spans may share them; the SDK copies start attributes anyway).
 */
export interface SpanStatics {
  readonly name: string;
  readonly attrs: Attributes;
}

/** A process's tracing slot (`Process.trace`). */
export class TraceSlot {
  /** The innermost handling in progress (a loop handler's, a behaviour's, the body's start). */
  current: ActiveSpan | undefined = undefined;
  /** An async body's message taken with `receive`: handled until the body waits again or ends. */
  receiving: ActiveSpan | undefined = undefined;
  /** The body's start span (kept after it ends: the body's code keeps its context across awaits). */
  bodySpan: Span | undefined = undefined;
  /** The context of the last handling that failed: the context the process dies in. */
  dying: Context | undefined = undefined;
  /** The destination and capped label the cached statics were made for (a register or label change, or the cap, moves them). */
  private destination: string | null = null;
  private label: string | null = null;
  /** The cached statics per operation (see `SpanStatics`): no name or attribute object made per message. */
  private readonly statics: Record<OperationName, SpanStatics | undefined> = { call: undefined, cast: undefined, info: undefined, system: undefined, start: undefined };

  /** The statics of `op` spans for `destination`, named `label` (the name cap's word for it). */
  staticsOf(op: OperationName, destination: string, label: string): SpanStatics {
    const st = this.statics;
    if (destination !== this.destination || label !== this.label) {
      this.destination = destination;
      this.label = label;
      st.call = st.cast = st.info = st.system = st.start = undefined;
    }
    return (st[op] ??= { name: `${op} ${label}`, attrs: startAttributes(op, destination, null) });
  }
}
/** `p`'s slot, made on first use. */
export function slotOf(p: Process): TraceSlot {
  const s = p.trace;
  if (s instanceof TraceSlot) return s;
  const made = new TraceSlot();
  p.trace = made;
  return made;
}

/** Options of span creation. */
export interface SpanOptions {
  /** Make spans for sys requests too (default false: they are debugging traffic). */
  readonly traceSystem: boolean;
  /** Record message payloads (through the runtime's redactor, 'span' site). */
  readonly capturePayloads: boolean;
}

/** The operation name of a mailbox message. */
export function operationOf(msg: unknown): OperationName {
  if (msg === PROCESS_START) return 'start';
  if (msg instanceof CallMessage) return 'call';
  if (msg instanceof CastMessage) return 'cast';
  if (msg instanceof SystemMessage) return 'system';
  return 'info';
}

/**
 * The destination name: the registered name, else the label (`self.setLabel`),
 * else the behaviour module (a GenServer's `name`), else the behaviour.
 */
export function destinationOf(p: Process): string {
  if (p.name !== null) return p.name;
  const label = p.labelText;
  if (label !== null) return label;
  const initial = p.initialCall;
  if (initial !== null) {
    const colon = initial.indexOf(':');
    return colon > 0 ? initial.slice(0, colon) : initial;
  }
  return p.behaviour;
}

/** The longest state text in a span name and attribute. */
const STATE_TEXT_LIMIT = 64;

/**
 * A state machine's state now, as text for a span, or null for other
 * processes. The state passes the redactor's 'span' site; withheld there (the
 * default policy withholds span payloads), its 'reason' site — the summary
 * policy exit reasons in spans get, which by default keeps atoms and the shape
 * of tuples (`busy`, `{connected,<string>}`); withheld at both: its kind.
 * Bounded to 64 characters.
 */
export function statemStateText(p: Process): string | null {
  if (p.behaviour !== 'gen_statem') return null;
  const s = GenStatem.stateOf(p.pid);
  if (s === undefined) return null;
  const r = p.runtime.redactor;
  return redactedText(r, s.state, 'span', STATE_TEXT_LIMIT) ?? redactedText(r, s.state, 'reason', STATE_TEXT_LIMIT) ?? `<${kindOf(s.state)}>`;
}

/**
 * The attributes a span starts with: only the conventions' sampling-relevant
 * ones (a sampler may decide on them), and a state machine's state; the SDK
 * checks start attributes twice, so the rest wait for the end (setDetails).
 */
function startAttributes(op: OperationName, destination: string, state: string | null): Attributes {
  const attrs: Attributes = {
    [ATTR_MESSAGING_SYSTEM_NAME]: MESSAGING_SYSTEM,
    [ATTR_MESSAGING_OPERATION_TYPE]: MESSAGING_OPERATION_TYPE_VALUE_PROCESS,
    [ATTR_MESSAGING_OPERATION_NAME]: op,
    [ATTR_MESSAGING_DESTINATION_NAME]: destination,
  };
  if (state !== null) attrs[ATTR_OTP_STATEM_STATE] = state;
  return attrs;
}

/**
 * Starts the span of `p` (its slot `slot`) handling `msg`, sent within
 * `carried` (whose span context is `senderSpan`, if any), after waiting
 * `waited` ms in the mailbox (-1: unknown); `started`: the clock read as the
 * handling began, for the duration metric (0: not recorded; the caller reads
 * it once for the mailbox wait and the duration). `names` bounds the span name.
 */
export function startHandlingSpan(
  tracer: Tracer,
  p: Process,
  slot: TraceSlot,
  msg: unknown,
  carried: Context | undefined,
  senderSpan: SpanContext | undefined,
  op: OperationName,
  opts: SpanOptions,
  names: NameCap,
  waited: number,
  started: number,
): ActiveSpan {
  const links: Link[] | undefined = senderSpan === undefined ? undefined : [{ context: senderSpan }];
  // a call (and a process start) continues the sender's trace; casts and infos start their own, linked
  const parent = (op === 'call' || op === 'start') && carried !== undefined ? carried : ROOT_CONTEXT;
  const destination = destinationOf(p);
  const label = names.label(destination, p);
  // a state machine's span names the state it handles the message in: `call door in locked`
  const state = op === 'start' ? null : statemStateText(p);
  let span: Span;
  if (state === null) {
    const st = slot.staticsOf(op, destination, label);
    span = tracer.startSpan(st.name, { kind: SpanKind.CONSUMER, links, attributes: st.attrs }, parent);
  } else {
    span = tracer.startSpan(`${op} ${label} in ${state}`, { kind: SpanKind.CONSUMER, links, attributes: startAttributes(op, destination, state) }, parent);
  }
  return {
    span,
    ctx: trace.setSpan(parent, span),
    started,
    operation: op,
    destination,
    process: p,
    message: msg,
    waited,
    outcome: null,
    opts,
    outer: undefined,
    ended: false,
    state,
  };
}

/**
 * The attributes set at the end, one `setAttribute` each (no object to build
 * and walk per message): who handled what, and how it ended.
 */
function setDetails(span: Span, a: ActiveSpan): void {
  const p = a.process;
  span.setAttribute(ATTR_MESSAGING_CLIENT_ID, p.pid.toString());
  span.setAttribute(ATTR_OTP_BEHAVIOUR, p.behaviour);
  span.setAttribute(ATTR_OTP_OUTCOME, a.outcome ?? (a.operation === 'start' ? 'start' : 'noreply'));
  if (p.name === null) span.setAttribute(ATTR_MESSAGING_DESTINATION_ANONYMOUS, true);
  if (a.state !== null) {
    const next = statemStateText(p);
    if (next !== null) span.setAttribute(ATTR_OTP_STATEM_NEXT_STATE, next);
  }
  const label = p.labelText;
  if (label !== null) span.setAttribute(ATTR_OTP_PROCESS_LABEL, label);
  if (a.waited >= 0) span.setAttribute(ATTR_OTP_MAILBOX_WAIT, a.waited / 1000);
  if (a.operation !== 'start') {
    const msg = a.message;
    const payload = msg instanceof CallMessage || msg instanceof CastMessage ? msg.request : msg;
    span.setAttribute(ATTR_OTP_MESSAGE_TYPE, shapeOf(payload));
    // a call's tag: what its reply answers
    if (msg instanceof CallMessage) span.setAttribute(ATTR_MESSAGING_MESSAGE_CONVERSATION_ID, String(msg.from.tag));
    if (a.opts.capturePayloads) {
      const text = redactedText(p.runtime.redactor, payload, 'span');
      if (text !== undefined) span.setAttribute(ATTR_OTP_MESSAGE_PAYLOAD, text);
    }
  }
}

/** Ends a handling span: outcome attribute, error status for a throw; at `endTime` (epoch ms) if given, else now. */
export function endHandlingSpan(a: ActiveSpan, error?: unknown, endTime?: number): void {
  const span = a.span;
  if (error !== undefined) {
    a.outcome ??= 'crash';
    if (span.isRecording()) {
      // the reason as the redactor lets it out for 'reason' (never the raw error: its message or fields may hold data)
      const redactor = a.process.runtime.redactor;
      const text = reasonText(redactor, reasonOf(error));
      if (error instanceof Error) span.recordException({ name: kindOf(error), message: text, stack: stackFrames(error) });
      span.setStatus({ code: SpanStatusCode.ERROR, message: text });
    }
  }
  if (span.isRecording()) setDetails(span, a);
  span.end(endTime);
}

/** Runs `run(arg)` in `a`'s context, ending the span when it returns, throws or settles. */
export function runInSpan<A, T>(a: ActiveSpan, run: (arg: A) => T, arg: A, done: (a: ActiveSpan, error?: unknown) => void): T {
  let result: T;
  try {
    result = context.with(a.ctx, run, undefined, arg);
  } catch (e) {
    done(a, e ?? 'thrown');
    throw e;
  }
  if (result instanceof Promise) {
    return result.then(
      (v: unknown) => {
        done(a);
        return v;
      },
      (e: unknown) => {
        done(a, e ?? 'rejected');
        throw e;
      },
    ) as T;
  }
  done(a);
  return result;
}
