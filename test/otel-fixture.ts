/**
 * A real OpenTelemetry SDK for tests: spans kept in memory (synchronous
 * processor), metrics read on demand, the async-hooks context manager, all
 * registered globally for the test file's worker.
 */
import { context, metrics, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { AggregationTemporality, InMemoryMetricExporter, MeterProvider, PeriodicExportingMetricReader } from '@opentelemetry/sdk-metrics';
import { InMemorySpanExporter, SimpleSpanProcessor, TracerProvider, type ReadableSpan } from '@opentelemetry/sdk-trace';

/** The in-memory SDK of a test file. */
export interface OtelFixture {
  readonly spans: InMemorySpanExporter;
  /** Finished spans, in end order. */
  finished(): ReadableSpan[];
  /** Collects metrics now and returns the data points by metric name. */
  collect(): Promise<Map<string, { value: unknown; attributes: Record<string, unknown> }[]>>;
}

let fixture: OtelFixture | null = null;

/** Registers (once per worker) and returns the in-memory SDK. */
export function otelFixture(): OtelFixture {
  if (fixture !== null) return fixture;
  const spans = new InMemorySpanExporter();
  const provider = new TracerProvider({ spanProcessors: [new SimpleSpanProcessor({ exporter: spans })] });
  trace.setGlobalTracerProvider(provider);
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  const exporter = new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE);
  const reader = new PeriodicExportingMetricReader({ exporter, exportIntervalMillis: 3_600_000 });
  metrics.setGlobalMeterProvider(new MeterProvider({ readers: [reader] }));
  fixture = {
    spans,
    finished: () => spans.getFinishedSpans(),
    async collect() {
      exporter.reset();
      await reader.forceFlush();
      const out = new Map<string, { value: unknown; attributes: Record<string, unknown> }[]>();
      for (const rm of exporter.getMetrics()) {
        for (const sm of rm.scopeMetrics) {
          for (const md of sm.metrics) {
            const points = md.dataPoints.map((dp) => ({ value: dp.value, attributes: dp.attributes as Record<string, unknown> }));
            out.set(md.descriptor.name, [...(out.get(md.descriptor.name) ?? []), ...points]);
          }
        }
      }
      return out;
    },
  };
  return fixture;
}
