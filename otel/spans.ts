/**
 * One CONSUMER span per handled message, named and attributed per the OTel
 * messaging conventions (`process <destination>`). The context active when a
 * message was sent travels with it: a call's span is the child of the caller's
 * span (and linked to it); a cast's or an info's span starts a new trace
 * linked to the sender's, as the conventions advise for fire-and-forget.
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
  type Tracer,
} from '@opentelemetry/api';
import {
  CallMessage,
  CastMessage,
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
import {
  ATTR_MESSAGING_CLIENT_ID,
  ATTR_MESSAGING_DESTINATION_ANONYMOUS,
  ATTR_MESSAGING_DESTINATION_NAME,
  ATTR_MESSAGING_OPERATION_NAME,
  ATTR_MESSAGING_OPERATION_TYPE,
  ATTR_MESSAGING_SYSTEM_NAME,
  ATTR_OTP_BEHAVIOUR,
  ATTR_OTP_PROCESS_LABEL,
  ATTR_OTP_MESSAGE_PAYLOAD,
  ATTR_OTP_MESSAGE_TYPE,
  ATTR_OTP_OUTCOME,
  MESSAGING_OPERATION_TYPE_VALUE_PROCESS,
  MESSAGING_SYSTEM,
} from './semconv.ts';

/** How a message reached its handler. */
export type OperationName = 'call' | 'cast' | 'info' | 'system' | 'start';

/** The span of a handling in progress, and what we learn about it from events. */
export interface ActiveSpan {
  readonly span: Span;
  /** `performance.now()` at start, when the duration metric is on (else 0). */
  readonly started: number;
  readonly operation: OperationName;
  readonly destination: string;
  /** The handling process (its behaviour and pid go in at the end). */
  readonly process: Process;
  /** The message handled (its shape, and payload if captured, go in at the end). */
  readonly message: unknown;
  outcome: string | null;
  readonly opts: SpanOptions;
  /** The span this handling is nested in, on the same process (a body's start span), if any. */
  outer: ActiveSpan | undefined;
  /** True once the span is ended. */
  ended: boolean;
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

/** The destination name: the registered name, else the behaviour. */
export function destinationOf(p: Process): string {
  return p.name ?? p.behaviour;
}

/** Starts the span of `p` handling `msg`, sent within `carried`; `timed`: read the clock for the duration metric. */
export function startHandlingSpan(
  tracer: Tracer,
  p: Process,
  msg: unknown,
  carried: unknown,
  op: OperationName,
  opts: SpanOptions,
  timed: boolean,
): { active: ActiveSpan; ctx: Context } {
  const sender = (carried as Context | undefined) ?? ROOT_CONTEXT;
  const senderSpan = trace.getSpanContext(sender);
  const links: Link[] | undefined = senderSpan === undefined ? undefined : [{ context: senderSpan }];
  // a call (and a process start) continues the sender's trace; casts and infos start their own, linked
  const parent = op === 'call' || op === 'start' ? sender : ROOT_CONTEXT;
  const destination = destinationOf(p);
  // Only the conventions' sampling-relevant attributes go in at start (a sampler
  // may decide on them); the SDK checks start attributes twice, so the rest wait
  // for the end and go in with the outcome in one setAttributes (see spanDetails).
  const attrs: Attributes = {
    [ATTR_MESSAGING_SYSTEM_NAME]: MESSAGING_SYSTEM,
    [ATTR_MESSAGING_OPERATION_TYPE]: MESSAGING_OPERATION_TYPE_VALUE_PROCESS,
    [ATTR_MESSAGING_OPERATION_NAME]: op,
    [ATTR_MESSAGING_DESTINATION_NAME]: destination,
  };
  const span = tracer.startSpan(`process ${destination}`, { kind: SpanKind.CONSUMER, links, attributes: attrs }, parent);
  const active: ActiveSpan = { span, started: timed ? globalThis.performance.now() : 0, operation: op, destination, process: p, message: msg, outcome: null, opts, outer: undefined, ended: false };
  return { active, ctx: trace.setSpan(parent, span) };
}

/** The attributes set at the end: who handled what, and how it ended. */
function spanDetails(a: ActiveSpan): Attributes {
  const p = a.process;
  const attrs: Attributes = {
    [ATTR_MESSAGING_CLIENT_ID]: p.pid.toString(),
    [ATTR_OTP_BEHAVIOUR]: p.behaviour,
    [ATTR_OTP_OUTCOME]: a.outcome ?? (a.operation === 'start' ? 'start' : 'noreply'),
  };
  if (p.name === null) attrs[ATTR_MESSAGING_DESTINATION_ANONYMOUS] = true;
  const label = p.labelText;
  if (label !== null) attrs[ATTR_OTP_PROCESS_LABEL] = label;
  if (a.operation !== 'start') {
    const msg = a.message;
    const payload = msg instanceof CallMessage || msg instanceof CastMessage ? msg.request : msg;
    attrs[ATTR_OTP_MESSAGE_TYPE] = shapeOf(payload);
    if (a.opts.capturePayloads) {
      const text = redactedText(p.runtime.redactor, payload, 'span');
      if (text !== undefined) attrs[ATTR_OTP_MESSAGE_PAYLOAD] = text;
    }
  }
  return attrs;
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
  if (span.isRecording()) span.setAttributes(spanDetails(a));
  span.end(endTime);
}

/** Runs `run` in `ctx` (the span's context), ending the span when it returns, throws or settles. */
export function runInSpan<T>(a: ActiveSpan, ctx: Context, run: () => T, done: (a: ActiveSpan, error?: unknown) => void): T {
  let result: T;
  try {
    result = context.with(ctx, run);
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
