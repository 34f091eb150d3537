/**
 * The otpscope agent: starts `@opentelemetry/sdk-node` from the standard
 * `OTEL_*` environment (service name, OTLP endpoint and protocol, sampler,
 * exporters) and instruments every otpscope runtime. With no exporter or
 * endpoint configured it falls back to an embedded default: spans printed
 * readably to stderr, or as JSON lines to `OTPSCOPE_TRACES_FILE`.
 *
 * This file (with register.ts) is the only one that loads the SDK.
 */
import { NodeSDK } from '@opentelemetry/sdk-node';
import { BatchSpanProcessor, SimpleSpanProcessor, type SpanProcessor } from '@opentelemetry/sdk-trace';
import { onRuntimeCreated, runtime } from '../runtime/index.ts';
import { instrument, type InstrumentOptions, type Instrumented } from './instrument.ts';
import { ReadableSpanExporter } from './readable-exporter.ts';

/** What `startAgent` started. */
export interface Agent {
  /** The started SDK (null when `OTEL_SDK_DISABLED` is true). */
  readonly sdk: NodeSDK | null;
  /**
   * 'env' when the OTEL_* variables chose the exporters, 'embedded' for the
   * readable default, 'disabled' for `OTEL_SDK_DISABLED=true` (nothing started,
   * nothing instrumented: the runtime runs bare).
   */
  readonly mode: 'env' | 'embedded' | 'disabled';
  /** Flushes and stops the SDK and removes the instrumentation. */
  shutdown(): Promise<void>;
}

/** True when the environment names a trace exporter or an OTLP endpoint. */
export function exporterConfigured(env: NodeJS.ProcessEnv = process.env): boolean {
  return (
    env.OTEL_TRACES_EXPORTER !== undefined ||
    env.OTEL_EXPORTER_OTLP_ENDPOINT !== undefined ||
    env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT !== undefined
  );
}

/** True when `OTEL_SDK_DISABLED` turns OpenTelemetry off (the spec's boolean: "true", any case). */
export function sdkDisabled(env: NodeJS.ProcessEnv = process.env): boolean {
  return env.OTEL_SDK_DISABLED?.trim().toLowerCase() === 'true';
}

/** Starts the SDK and instruments the default runtime and every runtime made afterwards. */
export function startAgent(options: InstrumentOptions = {}, env: NodeJS.ProcessEnv = process.env): Agent {
  if (sdkDisabled(env)) return { sdk: null, mode: 'disabled', shutdown: () => Promise.resolve() };
  const mode = exporterConfigured(env) ? 'env' : 'embedded';
  let sdk: NodeSDK;
  if (mode === 'env') {
    sdk = new NodeSDK({ instrumentations: [] });
  } else {
    const exporter = new ReadableSpanExporter({ file: env.OTPSCOPE_TRACES_FILE });
    const processor: SpanProcessor = env.OTPSCOPE_TRACES_FILE ? new BatchSpanProcessor({ exporter }) : new SimpleSpanProcessor({ exporter });
    // no collector: no metric or log exporters either (they would retry against localhost)
    if (env.OTEL_METRICS_EXPORTER === undefined) process.env.OTEL_METRICS_EXPORTER = 'none';
    if (env.OTEL_LOGS_EXPORTER === undefined) process.env.OTEL_LOGS_EXPORTER = 'none';
    sdk = new NodeSDK({ instrumentations: [], spanProcessors: [processor] });
  }
  sdk.start();
  const handles: Instrumented[] = [instrument(runtime(), options)];
  const stopWatching = onRuntimeCreated((rt) => handles.push(instrument(rt, options)));
  let stopped: Promise<void> | null = null;
  return {
    sdk,
    mode,
    shutdown() {
      stopped ??= (async () => {
        stopWatching();
        for (const h of handles) h.stop();
        await sdk.shutdown();
      })();
      return stopped;
    },
  };
}
