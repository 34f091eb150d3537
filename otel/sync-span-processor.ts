/**
 * The span processor of the agent's embedded default: hands each ended,
 * sampled span to the (synchronous) ReadableSpanExporter, either at once
 * (readable lines on stderr) or in batches (JSON lines to a file: after
 * `delayMs`, or as soon as `maxBatch` spans wait). Because nothing in it is
 * asynchronous, `exportPendingSync()` works in a process 'exit' listener:
 * with the embedded default, `process.exit()` loses no ended span. The SDK's
 * own processors cannot do that — they export after a promise (the
 * resource's async attributes, the exporter's callback).
 */
import { clearTimeout, setTimeout } from 'node:timers';
import { TraceFlags } from '@opentelemetry/api';
import type { ReadableSpan, SpanProcessor } from '@opentelemetry/sdk-trace';
import type { ReadableSpanExporter } from './readable-exporter.ts';

/** Options of `SyncSpanProcessor`. */
export interface SyncSpanProcessorOptions {
  /** Batch spans (true) or write each as it ends (false). */
  readonly batch: boolean;
  /** Longest a span waits in a batch, in ms. @defaultValue 5000 (the BatchSpanProcessor's default) */
  readonly delayMs?: number;
  /** Spans that make a batch be written at once. @defaultValue 512 */
  readonly maxBatch?: number;
  /** Told when the exporter fails (the spans of that write are lost). */
  readonly onError?: (error: Error) => void;
}

/** A SpanProcessor over a synchronous exporter, with a synchronous flush. */
export class SyncSpanProcessor implements SpanProcessor {
  private pending: ReadableSpan[] = [];
  private timer: ReturnType<typeof setTimeout> | undefined;
  private stopped = false;
  private readonly batch: boolean;
  private readonly delayMs: number;
  private readonly maxBatch: number;
  private readonly onError: (error: Error) => void;
  private readonly exporter: ReadableSpanExporter;

  constructor(exporter: ReadableSpanExporter, options: SyncSpanProcessorOptions) {
    this.exporter = exporter;
    this.batch = options.batch;
    this.delayMs = options.delayMs ?? 5000;
    this.maxBatch = options.maxBatch ?? 512;
    this.onError = options.onError ?? (() => undefined);
  }

  onStart(): void {}

  onEnd(span: ReadableSpan): void {
    if (this.stopped || (span.spanContext().traceFlags & TraceFlags.SAMPLED) === 0) return;
    if (!this.batch) return this.write([span]);
    this.pending.push(span);
    if (this.pending.length >= this.maxBatch) this.exportPendingSync();
    else if (this.timer === undefined) {
      this.timer = setTimeout(() => this.exportPendingSync(), this.delayMs);
      // the batch timer alone does not keep the process alive: the 'exit' hook writes what is left
      this.timer.unref();
    }
  }

  /** Writes the waiting spans now, synchronously; returns how many. */
  exportPendingSync(): number {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    const spans = this.pending;
    if (spans.length === 0) return 0;
    this.pending = [];
    this.write(spans);
    return spans.length;
  }

  forceFlush(): Promise<void> {
    this.exportPendingSync();
    return Promise.resolve();
  }

  shutdown(): Promise<void> {
    this.exportPendingSync();
    this.stopped = true;
    return this.exporter.shutdown();
  }

  private write(spans: ReadableSpan[]): void {
    this.exporter.export(spans, (result) => {
      if (result.code !== 0) this.onError(result.error ?? new Error('the span exporter failed'));
    });
  }
}
