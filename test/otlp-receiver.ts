/**
 * A loopback OTLP/HTTP receiver for tests: accepts POST /v1/traces (protobuf,
 * decoded with OpenTelemetry's own generated definitions, or JSON) and keeps
 * the spans. Listens on 127.0.0.1 only, on a free port.
 */
import { createServer, type Server } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';

const require = createRequire(import.meta.url);

interface ProtoType {
  decode(bytes: Uint8Array): unknown;
  toObject(message: unknown, options: Record<string, unknown>): unknown;
}
const root = require('otlp-proto-decoder/build/src/generated/root.js') as {
  opentelemetry: { proto: { collector: { trace: { v1: { ExportTraceServiceRequest: ProtoType } } } } };
};
const TraceRequest = root.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;

/** One received span, flattened. */
export interface ReceivedSpan {
  readonly traceId: string;
  readonly spanId: string;
  readonly parentSpanId: string;
  readonly name: string;
  /** OTLP enum name, e.g. SPAN_KIND_CONSUMER. */
  readonly kind: string;
  readonly attributes: Record<string, unknown>;
  readonly links: { traceId: string; spanId: string }[];
  readonly status: { code: string; message?: string };
  readonly events: string[];
  readonly serviceName: string | undefined;
  readonly scope: string | undefined;
}

/** A running receiver. */
export interface Receiver {
  readonly url: string;
  readonly spans: ReceivedSpan[];
  /** Content types of the requests received. */
  readonly contentTypes: string[];
  close(): Promise<void>;
}

const hex = (v: unknown): string => (typeof v === 'string' ? Buffer.from(v, 'base64').toString('hex') : '');

function anyValue(v: Record<string, unknown> | undefined): unknown {
  if (v === undefined) return undefined;
  for (const k of ['stringValue', 'boolValue', 'intValue', 'doubleValue']) if (k in v) return k === 'intValue' ? Number(v[k]) : v[k];
  return undefined;
}

function attrs(list: unknown): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const kv of (list as { key: string; value: Record<string, unknown> }[] | undefined) ?? []) out[kv.key] = anyValue(kv.value);
  return out;
}

type Obj = Record<string, unknown>;

function flatten(req: Obj, ids: (v: unknown) => string): ReceivedSpan[] {
  const out: ReceivedSpan[] = [];
  for (const rs of (req.resourceSpans as Obj[] | undefined) ?? []) {
    const resource = attrs((rs.resource as Obj | undefined)?.attributes);
    for (const ss of (rs.scopeSpans as Obj[] | undefined) ?? []) {
      const scope = (ss.scope as Obj | undefined)?.name as string | undefined;
      for (const s of (ss.spans as Obj[] | undefined) ?? []) {
        out.push({
          traceId: ids(s.traceId),
          spanId: ids(s.spanId),
          parentSpanId: ids(s.parentSpanId),
          name: s.name as string,
          kind: typeof s.kind === 'number' ? ['SPAN_KIND_UNSPECIFIED', 'SPAN_KIND_INTERNAL', 'SPAN_KIND_SERVER', 'SPAN_KIND_CLIENT', 'SPAN_KIND_PRODUCER', 'SPAN_KIND_CONSUMER'][s.kind] ?? String(s.kind) : String(s.kind),
          attributes: attrs(s.attributes),
          links: ((s.links as Obj[] | undefined) ?? []).map((l) => ({ traceId: ids(l.traceId), spanId: ids(l.spanId) })),
          status: { code: String((s.status as Obj | undefined)?.code ?? 'STATUS_CODE_UNSET'), message: (s.status as Obj | undefined)?.message as string | undefined },
          events: ((s.events as Obj[] | undefined) ?? []).map((e) => e.name as string),
          serviceName: resource['service.name'] as string | undefined,
          scope,
        });
      }
    }
  }
  return out;
}

/** Starts a receiver on 127.0.0.1. */
export async function startReceiver(): Promise<Receiver> {
  const spans: ReceivedSpan[] = [];
  const contentTypes: string[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const type = req.headers['content-type'] ?? '';
      contentTypes.push(type);
      if (req.url === '/v1/traces') {
        if (type.includes('json')) {
          const parsed = JSON.parse(body.toString('utf8')) as Obj;
          spans.push(...flatten(parsed, (v) => (typeof v === 'string' ? v : '')));
        } else {
          const msg = TraceRequest.decode(new Uint8Array(body));
          const obj = TraceRequest.toObject(msg, { enums: String, bytes: String, longs: String, defaults: false }) as Obj;
          spans.push(...flatten(obj, hex));
        }
      }
      res.writeHead(200, { 'content-type': type.includes('json') ? 'application/json' : 'application/x-protobuf' });
      res.end(type.includes('json') ? '{}' : '');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    spans,
    contentTypes,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
