/**
 * The otpscope agent: starts `@opentelemetry/sdk-node` from the standard
 * `OTEL_*` environment (service name, OTLP endpoint and protocol, sampler,
 * exporters) and instruments every otpscope runtime. With no exporter or
 * endpoint configured it falls back to an embedded default: spans printed
 * readably to stderr, or as JSON lines to `OTPSCOPE_TRACES_FILE`.
 *
 * Its `flush()` and `shutdown()` are bounded: they resolve within the
 * timeout (`OTPSCOPE_SHUTDOWN_TIMEOUT_MS`, default 3000 ms) even when the
 * collector does not answer. Invalid `OTEL_*` values are reported once each
 * on stderr (agent-env.ts says which, agent-warn.ts prints).
 *
 * This file (with register.ts) is the only one that loads the SDK.
 */
import { clearTimeout, setTimeout } from 'node:timers';
import { metrics, trace } from '@opentelemetry/api';
import { PrometheusExporter } from '@opentelemetry/exporter-prometheus';
import { NodeSDK } from '@opentelemetry/sdk-node';
import { onRuntimeCreated, runtime } from '../runtime/index.ts';
import { describeProblem, readAgentEnv, sdkPrints, type AgentMode } from './agent-env.ts';
import { agentWarn, quoted } from './agent-warn.ts';
import { instrument, type InstrumentOptions, type Instrumented } from './instrument.ts';
import { ReadableSpanExporter } from './readable-exporter.ts';
import { SyncSpanProcessor } from './sync-span-processor.ts';

export { DEFAULT_SHUTDOWN_TIMEOUT_MS, exporterConfigured, sdkDisabled, type AgentMode } from './agent-env.ts';

/**
 * How a flush or shutdown ended: 'done' (everything exported), 'timeout'
 * (the bound expired first; what was not exported yet is lost), 'failed'
 * (an exporter reported an error; its spans are lost). Each non-'done'
 * outcome is also reported once on stderr.
 */
export type FlushOutcome = 'done' | 'timeout' | 'failed';

/** Options of `flush` and `shutdown`. */
export interface FlushOptions {
  /** Bound in ms. @defaultValue the agent's `timeoutMs` */
  readonly timeoutMs?: number;
}

/** Options of `startAgent`: the instrumentation's, and the bound of flush and shutdown. */
export interface AgentOptions extends InstrumentOptions {
  /** Bound of flush and shutdown in ms. @defaultValue `OTPSCOPE_SHUTDOWN_TIMEOUT_MS`, else 3000 */
  readonly shutdownTimeoutMs?: number;
}

/** What `startAgent` started. */
export interface Agent {
  /** The started SDK (null when `OTEL_SDK_DISABLED` is true). */
  readonly sdk: NodeSDK | null;
  /**
   * 'env' when the OTEL_* variables chose the exporters, 'embedded' for the
   * readable default, 'disabled' for `OTEL_SDK_DISABLED=true` (nothing started,
   * nothing instrumented: the runtime runs bare).
   */
  readonly mode: AgentMode;
  /** Bound of `flush` and `shutdown` in ms. */
  readonly timeoutMs: number;
  /**
   * Exports the ended spans and the metrics now and keeps running. Resolves
   * within the bound, never rejects. After `shutdown()`, returns its outcome.
   */
  flush(options?: FlushOptions): Promise<FlushOutcome>;
  /**
   * Removes the instrumentation, exports what is pending and stops the SDK.
   * Resolves within the bound, never rejects; idempotent (every call gets the
   * first call's promise). Await it before `process.exit()`.
   */
  shutdown(options?: FlushOptions): Promise<FlushOutcome>;
  /**
   * Writes what the embedded JSON-lines file exporter holds, synchronously
   * (for a process 'exit' listener, where nothing asynchronous runs); returns
   * the number of spans written. Always 0 with OTLP exporters: a network
   * export cannot finish synchronously.
   */
  exportPendingSync(): number;
}

/** Something the SDK can force-flush (its TracerProvider and MeterProvider). */
interface Flushable {
  forceFlush(): Promise<unknown>;
}

/** `p` if it has a forceFlush, else null. */
function flushable(p: unknown): Flushable | null {
  return typeof (p as Partial<Flushable> | null)?.forceFlush === 'function' ? (p as Flushable) : null;
}

/** The SDK's registered providers, through the API's globals (NodeSDK itself has no forceFlush). */
function registeredProviders(): Flushable[] {
  const tp: unknown = trace.getTracerProvider();
  const delegate = typeof (tp as { getDelegate?: unknown }).getDelegate === 'function' ? (tp as { getDelegate(): unknown }).getDelegate() : tp;
  return [flushable(delegate), flushable(metrics.getMeterProvider())].filter((p): p is Flushable => p !== null);
}

/** How a bounded flush or shutdown ended, with the exporter's error when it failed. */
interface Ended {
  readonly outcome: FlushOutcome;
  readonly error?: unknown;
}

/** Runs `work` against a deadline of `ms`. */
async function bounded(work: () => Promise<unknown>, ms: number): Promise<Ended> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<Ended>((resolve) => {
    timer = setTimeout(() => resolve({ outcome: 'timeout' }), ms);
  });
  const finished = Promise.resolve()
    .then(work)
    .then(
      (): Ended => ({ outcome: 'done' }),
      (error: unknown): Ended => ({ outcome: 'failed', error }),
    );
  const ended = await Promise.race([finished, deadline]);
  clearTimeout(timer);
  return ended;
}

/** Reports a flush or shutdown that did not export everything, once per kind, on stderr. */
function report(what: 'flush' | 'shutdown', ms: number, ended: Ended): FlushOutcome {
  if (ended.outcome === 'timeout') {
    agentWarn(`${what}-timeout`, `${what} did not finish within ${ms} ms (OTPSCOPE_SHUTDOWN_TIMEOUT_MS): the telemetry not exported by then is lost`);
  } else if (ended.outcome === 'failed') {
    const message = ended.error instanceof Error ? ended.error.message : String(ended.error);
    agentWarn(`${what}-failed`, `${what} failed, the telemetry not exported is lost: ${quoted(message)}`);
  }
  return ended.outcome;
}

/** A timeout given in code: `fallback` when absent; a RangeError when not a positive finite number (a bug, not configuration). */
function checkedTimeout(ms: number | undefined, fallback: number): number {
  if (ms === undefined) return fallback;
  if (!(ms > 0) || !Number.isFinite(ms)) throw new RangeError(`otpscope agent: a timeout must be a finite number of ms greater than 0, got ${String(ms)}`);
  return ms;
}

/**
 * OpenTelemetry's Prometheus exporter for `OTEL_METRICS_EXPORTER=prometheus`,
 * made by the agent rather than sdk-node so that it says on stderr where it
 * serves the metrics, or why it could not (a port in use: sdk-node reports
 * that only through `diag`, invisible without `OTEL_LOG_LEVEL`). Host and
 * port as the standard variables give them (defaults localhost:9464).
 */
function prometheusReader(o: { readonly host: string | undefined; readonly port: number | undefined }): PrometheusExporter {
  const url = `http://${o.host ?? PrometheusExporter.DEFAULT_OPTIONS.host}:${o.port ?? PrometheusExporter.DEFAULT_OPTIONS.port}${PrometheusExporter.DEFAULT_OPTIONS.endpoint}`;
  return new PrometheusExporter({ host: o.host, port: o.port }, (error) => {
    if (error === undefined || error === null) agentWarn('prometheus', `Prometheus metrics on ${url}`);
    else agentWarn('prometheus', `OTEL_METRICS_EXPORTER=prometheus: could not serve metrics on ${url}: ${quoted(error instanceof Error ? error.message : String(error))}`);
  });
}

/**
 * Starts the SDK and instruments the default runtime and every runtime made
 * afterwards; reports invalid `OTEL_*` values first (once each, on stderr,
 * unless `OTEL_LOG_LEVEL` makes the SDK print the same itself).
 */
export function startAgent(options: AgentOptions = {}, env: NodeJS.ProcessEnv = process.env): Agent {
  const config = readAgentEnv(env);
  for (const p of config.problems) if (!sdkPrints(p, config.mode, env)) agentWarn(p.variable, describeProblem(p, quoted));
  const { shutdownTimeoutMs, ...instrumentOptions } = options;
  const timeoutMs = checkedTimeout(shutdownTimeoutMs, config.shutdownTimeoutMs);
  const limit = (o: FlushOptions | undefined): number => checkedTimeout(o?.timeoutMs, timeoutMs);
  if (config.mode === 'disabled') {
    const done = (o?: FlushOptions): Promise<FlushOutcome> => {
      limit(o);
      return Promise.resolve('done');
    };
    return { sdk: null, mode: 'disabled', timeoutMs, flush: done, shutdown: done, exportPendingSync: () => 0 };
  }

  let sdk: NodeSDK;
  let fileProcessor: SyncSpanProcessor | null = null;
  const metricReaders = config.prometheus === null ? undefined : [prometheusReader(config.prometheus)];
  if (config.mode === 'env') {
    sdk = new NodeSDK({ instrumentations: [], metricReaders });
  } else {
    const file = env.OTPSCOPE_TRACES_FILE;
    const processor = new SyncSpanProcessor(new ReadableSpanExporter({ file }), {
      batch: file !== undefined,
      onError: (e) => agentWarn('OTPSCOPE_TRACES_FILE', `spans could not be written${file === undefined ? '' : ` to ${quoted(file)}`}, they are lost: ${quoted(e.message)}`),
    });
    if (file !== undefined) fileProcessor = processor;
    // no collector: no metric or log exporters either (they would retry against localhost)
    if (env.OTEL_METRICS_EXPORTER === undefined) process.env.OTEL_METRICS_EXPORTER = 'none';
    if (env.OTEL_LOGS_EXPORTER === undefined) process.env.OTEL_LOGS_EXPORTER = 'none';
    sdk = new NodeSDK({ instrumentations: [], spanProcessors: [processor], metricReaders });
  }
  sdk.start();
  const providers = registeredProviders();
  const instrumentWith: InstrumentOptions = { flightRecorder: config.flightRecorder, ...instrumentOptions };
  const handles: Instrumented[] = [instrument(runtime(), instrumentWith)];
  const stopWatching = onRuntimeCreated((rt) => handles.push(instrument(rt, instrumentWith)));
  let stopping: Promise<FlushOutcome> | null = null;
  // The SDK's shutdown does not wait for a forceFlush under way (its spans are
  // out of the batch processor, maybe not yet in the exporter): ours does.
  const flushing = new Set<Promise<unknown>>();
  const forceFlush = (): Promise<unknown> => {
    const p = Promise.all(providers.map((provider) => provider.forceFlush()));
    flushing.add(p);
    const settled = (): void => void flushing.delete(p);
    p.then(settled, settled);
    return p;
  };
  return {
    sdk,
    mode: config.mode,
    timeoutMs,
    flush(o) {
      const ms = limit(o);
      if (stopping !== null) return stopping;
      return bounded(forceFlush, ms).then((ended) =>
        // a shutdown begun meanwhile reports for both
        stopping === null ? report('flush', ms, ended) : ended.outcome,
      );
    },
    shutdown(o) {
      const ms = limit(o);
      stopping ??= (() => {
        stopWatching();
        for (const h of handles) h.stop();
        return bounded(() => Promise.allSettled([...flushing]).then(() => sdk.shutdown()), ms).then((ended) => report('shutdown', ms, ended));
      })();
      return stopping;
    },
    exportPendingSync: () => fileProcessor?.exportPendingSync() ?? 0,
  };
}
