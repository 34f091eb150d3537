/**
 * Turns a runtime's work into OpenTelemetry spans and metrics, through
 * `@opentelemetry/api` only: the application (or `otpscope/otel/register`)
 * owns the SDK. `instrument(rt)` installs the runtime's instrumentation hooks
 * and listens to the rare events only (exits, supervisor events): it needs no
 * per-message event, so a message builds none for it.
 *
 * - Context travels with every message (captured at send, timer arm, spawn),
 *   and with a death: a process's EXIT and DOWN messages and exit signals carry
 *   the context of the handling it died in, so a monitor's DOWN span, a
 *   supervisor's EXIT span and the restart in it link to the crash.
 * - One span per handled message (spans.ts): loop handlers and behaviours per
 *   handling; a plain async body per message it takes with `receive`, from
 *   the receive to its next receive (or its end). Its start span ends when the
 *   body first waits, so no span lasts a process's life.
 * - Unsampled costs little: with a parent-based sampler (`parentBasedSampler`,
 *   which the agent sets from `OTEL_TRACES_SAMPLER`), a message sent within an
 *   unsampled context makes no span and runs in that context: the decision
 *   travels on. A message sent with no span around it carries nothing.
 * - The time a message waited in its mailbox: one clock read at send (when
 *   metrics are on, or the sender's trace is sampled); a span attribute and a
 *   histogram.
 *
 * `stop()` removes everything at run time.
 */
import { setImmediate } from 'node:timers';
import { ROOT_CONTEXT, SpanStatusCode, TraceFlags, context, metrics, trace, type Context, type MeterProvider, type SpanContext, type Tracer, type TracerProvider } from '@opentelemetry/api';
import {
  Carried,
  DownMessage,
  ExitMessage,
  errorTypeOf,
  isNormalReason,
  reasonOf,
  reasonText,
  runtime,
  shapeOf,
  type Instrumentation,
  type Pid,
  type Process,
  type Runtime,
  type SysEvent,
} from '../runtime/index.ts';
import { RuntimeMetrics } from './metrics.ts';
import { NameCap } from './names.ts';
import {
  ATTR_ERROR_TYPE,
  ATTR_OTP_CHILD_ID,
  ATTR_OTP_EVENT_KIND,
  ATTR_OTP_EVENT_PEER,
  ATTR_OTP_EVENT_SEQ,
  ATTR_OTP_EXIT_REASON,
  ATTR_OTP_MESSAGE_TYPE,
} from './semconv.ts';
import { TraceSlot, endHandlingSpan, operationOf, runInSpan, slotOf, startHandlingSpan, type ActiveSpan, type OperationName, type SpanOptions } from './spans.ts';

/** The instrumentation scope. */
export const SCOPE_NAME = 'otpscope';
/** The instrumentation version (the package's). */
export const SCOPE_VERSION = '0.1.0';

/** The clock of handling times: Node's own, captured (real time also under fake timers). */
const now: () => number = performance.now.bind(performance);

/** The kinds `instrument` listens to: none made per message. */
const KINDS = ['exit', 'child-restarted', 'child-terminated', 'intensity-exceeded'] as const;

/** Options of `instrument`. */
export interface InstrumentOptions {
  /** Make spans for sys requests too (default false). */
  traceSystem?: boolean;
  /** Record message payloads through the runtime's redactor (default false: shapes only). */
  capturePayloads?: boolean;
  /** Metrics on (default true). */
  metrics?: boolean;
  /**
   * Distinct destination names with their own metric series and span names
   * (default 100; the metric series are the meter's, so the first runtime
   * instrumented with a meter sets it for all). See names.ts for the policy.
   */
  maxMetricNames?: number;
  /** Turn the runtime's flight recorder on with this ring size (default 0: off). */
  flightRecorder?: number;
  /**
   * The tracer provider's sampler follows the parent's decision (the SDK's
   * default, `parentbased_*`): a message sent within an unsampled context then
   * makes no span at all and its handling runs in that context (default false;
   * the agent sets it from `OTEL_TRACES_SAMPLER`). With another sampler leave
   * it off: each message's span is the sampler's to decide.
   */
  parentBasedSampler?: boolean;
  /** Record how long messages wait in mailboxes (one clock read per message sent; default true). */
  mailboxWait?: boolean;
  /** Where the tracer comes from (default: the global provider, as an application or the agent registered it). */
  tracerProvider?: TracerProvider;
  /** Where the meter comes from (default: the global provider). */
  meterProvider?: MeterProvider;
}

/** A handle on an instrumented runtime. */
export interface Instrumented {
  /** Removes the hooks and the subscription: the runtime runs bare again. */
  stop(): void;
  /** Metric label values folded into '(other)'. */
  readonly labelOverflow: number;
  /** Span names folded into `{operation} (other)`. */
  readonly spanNameOverflow: number;
}

/** The last context whose span context was looked up, and its answer (a context never changes). */
let lookedUp: Context | undefined;
let lookedUpAnswer: SpanContext | undefined;

/**
 * The span context in `ctx`. A message's handling asks about the context its
 * send asked about just before (the sampling check): the second ask is one
 * comparison.
 */
function spanContextOf(ctx: Context): SpanContext | undefined {
  if (ctx === lookedUp) return lookedUpAnswer;
  lookedUp = ctx;
  return (lookedUpAnswer = trace.getSpanContext(ctx));
}

/** True when `ctx` holds a span context whose trace is not sampled. */
function unsampled(ctx: Context): boolean {
  const sc = spanContextOf(ctx);
  return sc !== undefined && (sc.traceFlags & TraceFlags.SAMPLED) === 0;
}

/**
 * Runs `run(arg)` in `ctx` (undefined: as it is). The context manager enters
 * `ctx` only if it is not the active one already (AsyncLocalStorage's `run`
 * compares the stores first): asking `context.active()` before would look the
 * store up twice per message.
 */
function inContext<A, T>(ctx: Context | undefined, run: (arg: A) => T, arg: A): T {
  return ctx === undefined ? run(arg) : context.with(ctx, run, undefined, arg);
}

/** The other process an event names, as text (the flight recorder's span events). */
function peerOf(e: SysEvent): string | undefined {
  const pid: Pid | null | undefined =
    e.kind === 'send' ? e.to : e.kind === 'link' || e.kind === 'unlink' ? e.other : e.kind === 'spawn' ? e.parent : 'child' in e ? e.child : undefined;
  if (pid !== null && pid !== undefined) return String(pid);
  if (e.kind === 'in' && e.from !== undefined) return String(e.from.pid);
  if (e.kind === 'out') return String('pid' in e.to ? e.to.pid : e.to);
  return undefined;
}

/** The message shape an event carries, if any (never its content). */
function shapeIn(e: SysEvent): string | undefined {
  if (e.kind === 'send' || e.kind === 'in' || e.kind === 'timer-fired') return shapeOf(e.message);
  if (e.kind === 'out') return shapeOf(e.reply);
  return undefined;
}

/** Instruments `rt` (default: the default runtime). */
export function instrument(rt: Runtime = runtime(), options: InstrumentOptions = {}): Instrumented {
  const tracer: Tracer = (options.tracerProvider ?? trace.getTracerProvider()).getTracer(SCOPE_NAME, SCOPE_VERSION);
  const spanOpts: SpanOptions = { traceSystem: options.traceSystem ?? false, capturePayloads: options.capturePayloads ?? false };
  const maxNames = options.maxMetricNames ?? 100;
  const m = options.metrics === false ? null : new RuntimeMetrics((options.meterProvider ?? metrics.getMeterProvider()).getMeter(SCOPE_NAME, SCOPE_VERSION), rt, maxNames);
  const spanNames = new NameCap(maxNames);
  const parentBased = options.parentBasedSampler === true;
  const stampSends = options.mailboxWait !== false;
  const timed = m !== null;
  const traceSystem = spanOpts.traceSystem;

  /**
   * The last context found unsampled. Within one unsampled trace every message
   * carries the same context object (its handling runs in it, its sends capture
   * it): one comparison then stands for the span-context lookup. (A context
   * never changes, so neither does its answer.)
   */
  let lastUnsampled: Context | undefined;
  /** True when `ctx` is unsampled (call only with a parent-based sampler: then a remembered context means "no span"). */
  const isUnsampled = (ctx: Context): boolean => {
    if (ctx === lastUnsampled) return true;
    if (!unsampled(ctx)) return false;
    lastUnsampled = ctx;
    return true;
  };

  /** The span events of what led to a crash (the flight recorder's ring): kind, peer, message shape, never content. */
  const addRecent = (a: ActiveSpan, recent: readonly SysEvent[]): void => {
    for (const r of recent) {
      const attrs: Record<string, string | number> = { [ATTR_OTP_EVENT_KIND]: r.kind, [ATTR_OTP_EVENT_SEQ]: r.seq };
      const peer = peerOf(r);
      if (peer !== undefined) attrs[ATTR_OTP_EVENT_PEER] = peer;
      const shape = shapeIn(r);
      if (shape !== undefined) attrs[ATTR_OTP_MESSAGE_TYPE] = shape;
      if (r.kind === 'exit' || 'reason' in r) attrs[ATTR_OTP_EXIT_REASON] = reasonText(rt.redactor, (r as { reason?: unknown }).reason);
      const what = r.kind === 'in' ? `in ${r.messageKind}` : r.kind;
      a.span.addEvent(`recent ${what}`, attrs, Number.isNaN(r.time) ? undefined : r.time + performance.timeOrigin);
    }
  };

  /** Ends `a`; on a crash with what led to it (`recent`, else the flight recorder's ring now). */
  const done = (a: ActiveSpan, error?: unknown, endTime?: number, recent?: readonly SysEvent[]): void => {
    if (a.ended) return;
    a.ended = true;
    const p = a.process;
    const slot = slotOf(p);
    if (slot.current === a) slot.current = a.outer !== undefined && !a.outer.ended ? a.outer : undefined;
    if (slot.receiving === a) slot.receiving = undefined;
    const normalStop = error !== undefined && isNormalReason(reasonOf(error));
    let errorType: string | null = null;
    if (normalStop) a.outcome = 'stop';
    else if (error !== undefined) {
      const reason = reasonOf(error);
      // the context the process dies in, for its EXIT and DOWN messages (the kernel asks `exiting`)
      slot.dying = a.ctx;
      errorType = errorTypeOf(rt.redactor, reason);
      if (a.span.isRecording()) {
        a.span.setAttribute(ATTR_OTP_EXIT_REASON, reasonText(rt.redactor, reason));
        a.span.setAttribute(ATTR_ERROR_TYPE, errorType);
        addRecent(a, recent ?? rt.flightRecorder?.recent(p.pid) ?? []);
      }
    }
    endHandlingSpan(a, normalStop ? undefined : error, endTime);
    if (m !== null && a.operation !== 'start') m.handled(p, a.operation, (now() - a.started) / 1000, a.outcome === 'crash' ? (errorType ?? 'crash') : null);
  };

  /** Pushes `a` as the handling in progress of the process whose slot is `slot`. */
  const enter = (slot: TraceSlot, a: ActiveSpan): void => {
    a.outer = slot.current;
    slot.current = a;
    if (a.operation === 'start') slot.bodySpan = a.span;
  };

  /** The time `p`'s message sent at `at` waited until `t` (ms), and the metrics of taking it in. */
  const takeIn = (p: Process, op: OperationName, at: number, t: number): number => {
    const waited = at > 0 ? t - at : -1;
    if (m !== null && op !== 'start') m.took(p, op, waited, p.mailbox.length);
    return waited;
  };

  /** An unsampled message's handling with metrics on: no span, the message's metrics (sys requests: none). */
  const unsampledTimed = <A, T>(p: Process, msg: unknown, ctx: Context, run: (arg: A) => T, arg: A, at: number): T => {
    const op = operationOf(msg);
    if (op === 'system' && !traceSystem) return inContext(ctx, run, arg);
    // one clock read: the end of the mailbox wait is the start of the handling
    const started = now();
    takeIn(p, op, at, started);
    if (op === 'start' || m === null) return inContext(ctx, run, arg);
    const result = inContext(ctx, run, arg);
    if (result instanceof Promise) {
      const record = (failed: boolean): void => m.handled(p, op, (now() - started) / 1000, failed ? 'crash' : null);
      result.then(
        () => record(false),
        () => record(true),
      );
    } else m.handled(p, op, (now() - started) / 1000, null);
    return result;
  };

  const hooks: Instrumentation = {
    capture(sender) {
      const ctx = context.active();
      if (sender !== undefined && sender !== null) {
        const slot = sender.trace;
        // An async body's code after `await receive()` runs in the context it
        // started in (AsyncLocalStorage keeps it across the await): what it does
        // belongs to the message it took in, whose span stands in for it.
        if (slot instanceof TraceSlot && slot.receiving !== undefined) {
          const active = trace.getSpan(ctx);
          if (active === undefined || active === slot.bodySpan) return slot.receiving.ctx;
        }
      }
      // nothing to carry when there is no context at all
      return ctx === ROOT_CONTEXT ? undefined : ctx;
    },
    wrap(msg, sender) {
      const ctx = hooks.capture(sender) as Context | undefined;
      // the send time, for the mailbox wait: only where it will be recorded (metrics, or a span that may be)
      if (stampSends && (timed || ctx === undefined || !parentBased || !isUnsampled(ctx))) return Carried.of(msg, ctx, now());
      return ctx === undefined ? msg : Carried.of(msg, ctx);
    },
    handle(p, msg, carried, run, arg, at = 0) {
      const ctx = carried as Context | undefined;
      let sender: SpanContext | undefined;
      if (ctx !== undefined) {
        // the sender's trace is not sampled, and the sampler follows the parent: no span; the decision travels on
        if (ctx === lastUnsampled) return m === null ? inContext(ctx, run, arg) : unsampledTimed(p, msg, ctx, run, arg, at);
        sender = spanContextOf(ctx);
        if (parentBased && sender !== undefined && (sender.traceFlags & TraceFlags.SAMPLED) === 0) {
          lastUnsampled = ctx;
          return m === null ? inContext(ctx, run, arg) : unsampledTimed(p, msg, ctx, run, arg, at);
        }
      }
      const op = operationOf(msg);
      if (op === 'system' && !traceSystem) return inContext(ctx, run, arg);
      // one clock read for both the mailbox wait's end and the handling's start (the duration metric)
      const t = timed || at > 0 ? now() : 0;
      const waited = takeIn(p, op, at, t);
      const slot = slotOf(p);
      const a = startHandlingSpan(tracer, p, slot, msg, ctx, sender, op, spanOpts, spanNames, waited, t);
      if ((msg instanceof DownMessage || msg instanceof ExitMessage) && a.span.isRecording()) {
        a.span.addEvent(msg instanceof DownMessage ? 'DOWN' : 'EXIT', { [ATTR_OTP_EXIT_REASON]: reasonText(rt.redactor, msg.reason) });
      }
      enter(slot, a);
      return runInSpan(a, run, arg, done);
    },
    received(p, msg, carried, at) {
      const slot = slotOf(p);
      if (slot.receiving !== undefined) done(slot.receiving);
      const op = operationOf(msg);
      const ctx = carried as Context | undefined;
      const t = timed || at > 0 ? now() : 0;
      const waited = takeIn(p, op, at, t);
      if (parentBased && ctx !== undefined && isUnsampled(ctx)) return;
      const a = startHandlingSpan(tracer, p, slot, msg, ctx, ctx === undefined ? undefined : spanContextOf(ctx), op, spanOpts, spanNames, waited, t);
      if ((msg instanceof DownMessage || msg instanceof ExitMessage) && a.span.isRecording()) {
        a.span.addEvent(msg instanceof DownMessage ? 'DOWN' : 'EXIT', { [ATTR_OTP_EXIT_REASON]: reasonText(rt.redactor, msg.reason) });
      }
      slot.receiving = a;
    },
    waiting(p) {
      const slot = p.trace;
      if (!(slot instanceof TraceSlot)) return;
      if (slot.receiving !== undefined) done(slot.receiving);
      // the body's start is over when it first waits: its span ends (the body's promise settles only at its end)
      for (let a = slot.current; a !== undefined; a = a.outer) {
        if (a.operation === 'start' && !a.ended) {
          a.outcome ??= 'start';
          done(a);
        }
      }
    },
    exiting(p) {
      const slot = p.trace;
      if (!(slot instanceof TraceSlot)) return undefined;
      return slot.current?.ctx ?? slot.receiving?.ctx ?? slot.dying;
    },
    replied(replier) {
      if (replier === null) return;
      const slot = replier.trace;
      if (slot instanceof TraceSlot) {
        const a = slot.current ?? slot.receiving;
        if (a !== undefined) a.outcome = 'reply';
      }
      m?.messagesOut.add(1, m.attrs(replier));
    },
  };

  const onEvent = (e: SysEvent): void => {
    const p = e.pid.proc;
    const slot = p.trace instanceof TraceSlot ? p.trace : null;
    const a = slot === null ? undefined : (slot.current ?? slot.receiving);
    switch (e.kind) {
      case 'exit': {
        const crashed = !isNormalReason(e.reason);
        if (crashed) m?.crashes.add(1, m.attrs(p));
        m?.names.processExited();
        spanNames.processExited();
        if (slot === null) break;
        if (a !== undefined) {
          if (crashed) {
            const reason = reasonText(rt.redactor, e.reason);
            a.outcome = 'crash';
            a.span.setAttribute(ATTR_OTP_EXIT_REASON, reason);
            a.span.setAttribute(ATTR_ERROR_TYPE, errorTypeOf(rt.redactor, e.reason));
            a.span.setStatus({ code: SpanStatusCode.ERROR, message: reason });
          } else a.outcome = 'stop';
        }
        // A handling that ends with its process settles in this turn; one cut short
        // (a kill while an async handler or body awaits) never will: end those spans
        // then, at the time of the exit, so neither they nor the process are kept.
        const error = crashed ? e.reason : undefined;
        // an async body's received message is handled until the body ends: now
        if (slot.receiving !== undefined) done(slot.receiving, error);
        const open: ActiveSpan[] = [];
        for (let x = slot.current; x !== undefined; x = x.outer) open.push(x);
        if (open.length === 0) break;
        const at = now() + performance.timeOrigin;
        // the recorder forgets the process within this turn: keep what led to the exit now
        const recent = error === undefined ? [] : (rt.flightRecorder?.recent(p.pid) ?? []);
        setImmediate(() => {
          for (const x of open) {
            if (error === undefined) x.outcome ??= 'stop';
            done(x, error, at, x === open[0] ? recent : []);
          }
        });
        break;
      }
      case 'child-restarted':
        m?.restarted(p, e.childId);
        a?.span.addEvent('child restarted', { [ATTR_OTP_CHILD_ID]: String(e.childId), [ATTR_OTP_EXIT_REASON]: reasonText(rt.redactor, e.reason) });
        break;
      case 'child-terminated':
        a?.span.addEvent('child terminated', { [ATTR_OTP_CHILD_ID]: String(e.childId) });
        break;
      case 'intensity-exceeded':
        a?.span.addEvent('restart intensity exceeded', { [ATTR_OTP_CHILD_ID]: String(e.childId) });
        break;
      default:
        break;
    }
  };

  if (options.flightRecorder !== undefined && options.flightRecorder > 0) rt.enableFlightRecorder(options.flightRecorder);
  rt.instrumentation = hooks;
  const unsubscribe = rt.subscribe(onEvent, { kinds: KINDS });
  return {
    stop() {
      if (rt.instrumentation === hooks) rt.instrumentation = null;
      unsubscribe();
      m?.stop();
      for (const pid of rt.processes()) {
        const slot = pid.proc.trace;
        if (!(slot instanceof TraceSlot)) continue;
        for (let x = slot.current; x !== undefined && !x.ended; x = x.outer) {
          x.ended = true;
          x.span.end();
        }
        if (slot.receiving !== undefined && !slot.receiving.ended) {
          slot.receiving.ended = true;
          slot.receiving.span.end();
        }
        pid.proc.trace = null;
      }
    },
    get labelOverflow() {
      return m?.names.overflow ?? 0;
    },
    get spanNameOverflow() {
      return spanNames.overflow;
    },
  };
}
