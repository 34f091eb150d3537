/**
 * Turns a runtime's events into OpenTelemetry spans and metrics, through
 * `@opentelemetry/api` only: the application (or `otpscope/otel/register`)
 * owns the SDK. `instrument(rt)` installs the runtime's instrumentation hooks
 * (context carried across mailboxes, timers and spawns; one span per handled
 * message) and subscribes to the event stream (outcomes, DOWN/EXIT/restart as
 * span events, flight-recorder events on crashes, metrics). `stop()` removes
 * everything at run time.
 */
import { setImmediate } from 'node:timers';
import { SpanStatusCode, context, metrics, trace, type Context, type MeterProvider, type Tracer, type TracerProvider } from '@opentelemetry/api';
import {
  errorTypeOf,
  isNormalReason,
  reasonOf,
  reasonText,
  runtime,
  type Instrumentation,
  type Process,
  type Runtime,
  type SysEvent,
} from '../runtime/index.ts';
import { RuntimeMetrics } from './metrics.ts';
import { ATTR_ERROR_TYPE, ATTR_OTP_EXIT_REASON } from './semconv.ts';
import { endHandlingSpan, operationOf, runInSpan, startHandlingSpan, type ActiveSpan, type SpanOptions } from './spans.ts';

/** Event times are `performance.now()` ms; spans want epoch ms. */
function performanceOrigin(): number {
  return globalThis.performance.timeOrigin;
}

/** The instrumentation scope. */
export const SCOPE_NAME = 'otpscope';
/** The instrumentation version (the package's). */
export const SCOPE_VERSION = '0.1.0';

/** Options of `instrument`. */
export interface InstrumentOptions {
  /** Make spans for sys requests too (default false). */
  traceSystem?: boolean;
  /** Record message payloads through the runtime's redactor (default false: shapes only). */
  capturePayloads?: boolean;
  /** Metrics on (default true). */
  metrics?: boolean;
  /** Distinct destination names with their own metric series (default 100; the series are the meter's, so the first runtime instrumented with a meter sets it for all). */
  maxMetricNames?: number;
  /** Turn the runtime's flight recorder on with this ring size (default 0: off). */
  flightRecorder?: number;
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
}

/** Instruments `rt` (default: the default runtime). */
export function instrument(rt: Runtime = runtime(), options: InstrumentOptions = {}): Instrumented {
  const tracer: Tracer = (options.tracerProvider ?? trace.getTracerProvider()).getTracer(SCOPE_NAME, SCOPE_VERSION);
  const spanOpts: SpanOptions = { traceSystem: options.traceSystem ?? false, capturePayloads: options.capturePayloads ?? false };
  const m = options.metrics === false ? null : new RuntimeMetrics((options.meterProvider ?? metrics.getMeterProvider()).getMeter(SCOPE_NAME, SCOPE_VERSION), rt, options.maxMetricNames ?? 100);
  const active = new Map<Process, ActiveSpan>();

  /** Ends `a`; on a crash with what led to it (`recent`, else the flight recorder's ring now). */
  const done = (a: ActiveSpan, p: Process, error?: unknown, endTime?: number, recent?: readonly SysEvent[]): void => {
    if (a.ended) return;
    a.ended = true;
    if (active.get(p) === a) {
      if (a.outer !== undefined && !a.outer.ended) active.set(p, a.outer);
      else active.delete(p);
    }
    const normalStop = error !== undefined && isNormalReason(reasonOf(error));
    if (normalStop) a.outcome = 'stop';
    else if (error !== undefined) {
      const reason = reasonOf(error);
      a.span.setAttribute(ATTR_OTP_EXIT_REASON, reasonText(rt.redactor, reason));
      a.span.setAttribute(ATTR_ERROR_TYPE, errorTypeOf(rt.redactor, reason));
      // what led to the crash, from the flight recorder
      for (const r of recent ?? rt.flightRecorder?.recent(p.pid) ?? []) a.span.addEvent(`recent ${r.kind}`, { 'otp.event.seq': r.seq }, r.time + performanceOrigin());
    }
    endHandlingSpan(a, normalStop ? undefined : error, endTime);
    if (m !== null && a.operation !== 'start') {
      m.duration.record((globalThis.performance.now() - a.started) / 1000, m.attrs(a.destination, a.process.behaviour));
    }
  };

  const hooks: Instrumentation = {
    capture: () => context.active(),
    handle(p, msg, carried, run) {
      const op = operationOf(msg);
      if (op === 'system' && !spanOpts.traceSystem) return context.with((carried as Context | undefined) ?? context.active(), run);
      const { active: a, ctx } = startHandlingSpan(tracer, p, msg, carried, op, spanOpts, m !== null);
      a.outer = active.get(p);
      active.set(p, a);
      return runInSpan(a, ctx, run, (x, error) => done(x, p, error));
    },
  };

  const onEvent = (e: SysEvent): void => {
    const p = e.pid.proc;
    const a = active.get(p);
    switch (e.kind) {
      case 'in':
        m?.messagesIn.add(1, m.attrs(e.name ?? e.behaviour, e.behaviour));
        if (a !== undefined && e.message instanceof Object) {
          const t = (e.message as { type?: unknown }).type;
          if (t === 'DOWN' || t === 'EXIT') {
            a.span.addEvent(t, { [ATTR_OTP_EXIT_REASON]: reasonText(rt.redactor, (e.message as { reason: unknown }).reason) });
          }
        }
        break;
      case 'out':
        m?.messagesOut.add(1, m.attrs(e.name ?? e.behaviour, e.behaviour));
        if (a !== undefined) a.outcome = 'reply';
        break;
      case 'noreply':
        if (a !== undefined) a.outcome = 'noreply';
        break;
      case 'exit':
        if (!isNormalReason(e.reason)) {
          m?.crashes.add(1, m.attrs(e.name ?? e.behaviour, e.behaviour));
          if (a !== undefined) {
            const reason = reasonText(rt.redactor, e.reason);
            a.outcome = 'crash';
            a.span.setAttribute(ATTR_OTP_EXIT_REASON, reason);
            a.span.setAttribute(ATTR_ERROR_TYPE, errorTypeOf(rt.redactor, e.reason));
            a.span.setStatus({ code: SpanStatusCode.ERROR, message: reason });
          }
        } else if (a !== undefined) a.outcome = 'stop';
        // A handling that ends with its process settles in this turn; one cut short
        // (a kill while an async handler or body awaits) never will: end those spans
        // then, at the time of the exit, so neither they nor the process are kept.
        if (a !== undefined) {
          const at = e.time + performanceOrigin();
          const error = isNormalReason(e.reason) ? undefined : e.reason;
          // the recorder forgets the process within this turn: keep what led to the exit now
          const recent = error === undefined ? [] : (rt.flightRecorder?.recent(p.pid) ?? []);
          setImmediate(() => {
            for (let x: ActiveSpan | undefined = a; x !== undefined; x = x.outer) {
              if (error === undefined) x.outcome ??= 'stop';
              done(x, p, error, at, x === a ? recent : []);
            }
          });
        }
        break;
      case 'child-restarted':
        m?.restarts.add(1, m.attrs(e.name ?? e.behaviour, e.behaviour));
        a?.span.addEvent('child restarted', { 'otp.child.id': String(e.childId), [ATTR_OTP_EXIT_REASON]: reasonText(rt.redactor, e.reason) });
        break;
      case 'child-terminated':
        a?.span.addEvent('child terminated', { 'otp.child.id': String(e.childId) });
        break;
      case 'intensity-exceeded':
        a?.span.addEvent('restart intensity exceeded', { 'otp.child.id': String(e.childId) });
        break;
      default:
        break;
    }
  };

  if (options.flightRecorder !== undefined && options.flightRecorder > 0) rt.enableFlightRecorder(options.flightRecorder);
  rt.instrumentation = hooks;
  const unsubscribe = rt.subscribe(onEvent);
  return {
    stop() {
      if (rt.instrumentation === hooks) rt.instrumentation = null;
      unsubscribe();
      m?.stop();
      for (const [, a] of active) {
        for (let x: ActiveSpan | undefined = a; x !== undefined && !x.ended; x = x.outer) {
          x.ended = true;
          x.span.end();
        }
      }
      active.clear();
    },
    get labelOverflow() {
      return m?.names.overflow ?? 0;
    },
  };
}
