/**
 * The OpenTelemetry set-up of the tracing runs: the real SDK (TracerProvider
 * with a BatchSpanProcessor at its defaults) exporting to an exporter that
 * discards, and the async-hooks context manager, registered globally as an
 * application (or NodeSDK) would. The same tracer serves the span floor.
 *
 * Registering the AsyncLocalStorage context manager turns on Node's promise
 * hooks for the rest of the process, so the bench does this last.
 */
import { context, trace, type Tracer } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { ExportResultCode, type ExportResult } from '@opentelemetry/core';
import { BatchSpanProcessor, ParentBasedSampler, TraceIdRatioBasedSampler, TracerProvider, type ReadableSpan, type SpanExporter } from '@opentelemetry/sdk-trace';
import { SCOPE_NAME, SCOPE_VERSION } from '../../otel/instrument.ts';

/** An exporter that counts what it is given and drops it. */
export class DiscardingExporter implements SpanExporter {
  /** Spans handed to export. */
  exported = 0;

  export(spans: ReadableSpan[], resultCallback: (result: ExportResult) => void): void {
    this.exported += spans.length;
    resultCallback({ code: ExportResultCode.SUCCESS });
  }

  shutdown(): Promise<void> {
    return Promise.resolve();
  }
}

/** The registered SDK. */
export interface OtelSdk {
  /** The tracer instrument() uses (same scope). */
  readonly tracer: Tracer;
  readonly exporter: DiscardingExporter;
  /** The registered provider. */
  readonly provider: TracerProvider;
  /** Flushes and shuts the provider down. */
  shutdown(): Promise<void>;
}

let registered: OtelSdk | null = null;

/** Registers the SDK globally (once per process) and returns it. */
export function startOtelSdk(): OtelSdk {
  if (registered !== null) return registered;
  const exporter = new DiscardingExporter();
  const provider = new TracerProvider({ spanProcessors: [new BatchSpanProcessor({ exporter })] });
  trace.setGlobalTracerProvider(provider);
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  registered = {
    tracer: trace.getTracer(SCOPE_NAME, SCOPE_VERSION),
    exporter,
    provider,
    shutdown: () => provider.shutdown(),
  };
  return registered;
}

/** An exporter whose endpoint never answers: every export hangs until the processor's export timeout gives up on it. */
export class BlackholeExporter implements SpanExporter {
  /** Spans handed to export (and never acknowledged). */
  offered = 0;

  export(spans: ReadableSpan[]): void {
    this.offered += spans.length;
  }

  shutdown(): Promise<void> {
    return Promise.resolve();
  }
}

/** Makes `provider` the global one (what `instrument` gets its tracer from) until the returned function restores the registered one. */
function swapIn(provider: TracerProvider): () => () => void {
  return () => {
    const previous = startOtelSdk();
    trace.disable();
    trace.setGlobalTracerProvider(provider);
    return () => {
      trace.disable();
      trace.setGlobalTracerProvider(previous.provider);
    };
  };
}

/**
 * A second provider, for the unreachable-exporter run: a BatchSpanProcessor at
 * its defaults in front of a black hole. `use()` makes it the global provider
 * until the returned function restores the registered one.
 */
export function blackholeProvider(): { exporter: BlackholeExporter; use: () => () => void } {
  const exporter = new BlackholeExporter();
  const provider = new TracerProvider({ spanProcessors: [new BatchSpanProcessor({ exporter })] });
  return { exporter, use: swapIn(provider) };
}

/**
 * A provider sampling `ratio` of the traces (`ParentBased(TraceIdRatioBased)`,
 * what an operator sets with OTEL_TRACES_SAMPLER=parentbased_traceidratio),
 * exporting to a discarding exporter: what tracing costs when most spans are
 * not kept.
 */
export function sampledProvider(ratio: number): { exporter: DiscardingExporter; use: () => () => void } {
  const exporter = new DiscardingExporter();
  const provider = new TracerProvider({
    sampler: new ParentBasedSampler({ root: new TraceIdRatioBasedSampler(ratio) }),
    spanProcessors: [new BatchSpanProcessor({ exporter })],
  });
  return { exporter, use: swapIn(provider) };
}
