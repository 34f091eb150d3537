/**
 * The embedded default exporter of the agent: spans printed one line each,
 * readably (or written as JSON lines to a file), so a traced app shows its
 * traces with no collector. Implements the SDK's SpanExporter shape; it is
 * loaded only by the agent, which owns the SDK.
 */
import { appendFileSync } from 'node:fs';
import type { ReadableSpan, SpanExporter } from '@opentelemetry/sdk-trace';

const KINDS = ['internal', 'server', 'client', 'producer', 'consumer'];

function hrMs(t: readonly [number, number]): number {
  return t[0] * 1e3 + t[1] / 1e6;
}

/** One readable line for a span. */
export function spanLine(s: ReadableSpan): string {
  const ctx = s.spanContext();
  const dur = (hrMs(s.endTime) - hrMs(s.startTime)).toFixed(3);
  const a = s.attributes;
  const op = a['messaging.operation.name'] ?? '';
  const outcome = a['otp.outcome'] ?? '';
  const parent = s.parentSpanContext?.spanId;
  const links = s.links.length > 0 ? ` links=${s.links.map((l) => l.context.spanId.slice(0, 8)).join(',')}` : '';
  const status = s.status.code === 2 ? ` ERROR ${s.status.message ?? ''}` : '';
  const events = s.events.length > 0 ? ` events=[${s.events.map((e) => e.name).join(', ')}]` : '';
  return `[span] trace=${ctx.traceId.slice(0, 8)} span=${ctx.spanId.slice(0, 8)} parent=${parent?.slice(0, 8) ?? '-'} ${KINDS[s.kind] ?? s.kind} "${s.name}" ${String(op)} ${String(outcome)} ${dur}ms${links}${events}${status}`;
}

/** A span as one JSON object (ids as hex, times in epoch ms). */
export function spanJson(s: ReadableSpan): Record<string, unknown> {
  const ctx = s.spanContext();
  return {
    traceId: ctx.traceId,
    spanId: ctx.spanId,
    parentSpanId: s.parentSpanContext?.spanId,
    name: s.name,
    kind: KINDS[s.kind] ?? s.kind,
    startMs: hrMs(s.startTime),
    endMs: hrMs(s.endTime),
    attributes: s.attributes,
    status: s.status,
    links: s.links.map((l) => ({ traceId: l.context.traceId, spanId: l.context.spanId })),
    events: s.events.map((e) => ({ name: e.name, attributes: e.attributes })),
  };
}

/** Prints spans to a stream (default stderr) or appends them as JSON lines to a file. */
export class ReadableSpanExporter implements SpanExporter {
  private readonly file: string | null;
  private readonly write: (text: string) => void;

  constructor(opts: { file?: string; write?: (text: string) => void } = {}) {
    this.file = opts.file ?? null;
    this.write = opts.write ?? ((text) => process.stderr.write(text));
  }

  export(spans: ReadableSpan[], done: (result: { code: 0 | 1; error?: Error }) => void): void {
    try {
      if (this.file !== null) appendFileSync(this.file, spans.map((s) => JSON.stringify(spanJson(s)) + '\n').join(''));
      else this.write(spans.map((s) => spanLine(s) + '\n').join(''));
      done({ code: 0 });
    } catch (e) {
      done({ code: 1, error: e instanceof Error ? e : new Error(String(e)) });
    }
  }

  shutdown(): Promise<void> {
    return Promise.resolve();
  }

  forceFlush(): Promise<void> {
    return Promise.resolve();
  }
}
