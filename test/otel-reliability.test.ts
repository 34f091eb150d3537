/**
 * Reliability: with the trace exporter unreachable (a loopback endpoint that
 * accepts connections and never answers), the runtime keeps handling messages
 * with spans on, memory stays bounded (the BatchSpanProcessor's queue is
 * capped), nothing throws, and the dropped spans are reported by the SDK's
 * own processor metrics. Bounded in time: a few seconds of load, not a minute
 * (the throughput figure is in `npm run bench`).
 */
import { createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { trace } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { AggregationTemporality, InMemoryMetricExporter, MeterProvider, PeriodicExportingMetricReader } from '@opentelemetry/sdk-metrics';
import { BatchSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { instrument } from '../otel/index.ts';
import { GenServer, Runtime, silentLogger } from '../runtime/index.ts';
import { otelFixture } from './otel-fixture.ts';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

let blackhole: Server;
const sockets: Socket[] = [];
let url: string;

beforeAll(async () => {
  otelFixture(); // the context manager
  blackhole = createServer((s) => {
    sockets.push(s); // accept, read nothing back, never answer
    s.on('error', () => undefined);
  });
  await new Promise<void>((r) => blackhole.listen(0, '127.0.0.1', r));
  url = `http://127.0.0.1:${(blackhole.address() as AddressInfo).port}/v1/traces`;
});
afterAll(async () => {
  for (const s of sockets) s.destroy();
  await new Promise<void>((r) => blackhole.close(() => r()));
});

it('keeps handling messages with an unreachable exporter: bounded memory, no throw, drops reported', async () => {
  const metrics = new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE);
  const reader = new PeriodicExportingMetricReader({ exporter: metrics, exportIntervalMillis: 3_600_000 });
  const selfObs = new MeterProvider({ readers: [reader] });
  const processor = new BatchSpanProcessor({
    exporter: new OTLPTraceExporter({ url, timeoutMillis: 60_000 }),
    maxQueueSize: 2048,
    scheduledDelayMillis: 50,
    exportTimeoutMillis: 60_000,
    selfObsMeterProvider: selfObs,
  });
  const provider = new TracerProvider({ spanProcessors: [processor] });
  const previous = trace.getTracerProvider();
  trace.disable();
  trace.setGlobalTracerProvider(provider);

  const rt = new Runtime({ logger: silentLogger });
  const handle = instrument(rt, { metrics: false });
  let handled = 0;
  const counter: GenServer.GenServerBehaviour<number> = {
    init: () => ['ok', 0],
    handleCast: (_m, n) => {
      handled++;
      return ['noreply', n + 1];
    },
  };
  const server = GenServer.okPid(await GenServer.start(counter, undefined, { runtime: rt }));
  const rounds = 20;
  const perRound = 10_000;
  const heaps: number[] = [];
  for (let round = 0; round < rounds; round++) {
    for (let i = 0; i < perRound; i++) GenServer.cast(server, i);
    await rt.settled();
    if (round === 2 || round === rounds - 1) {
      gc();
      heaps.push(process.memoryUsage().heapUsed);
    }
  }
  expect(handled).toBe(rounds * perRound);
  expect(rt.isAlive(server)).toBe(true);
  // 170k more spans after the first measurement: at ~1 KB each they would be 170 MB if kept
  expect(heaps[1] - heaps[0]).toBeLessThan(40 * 1024 * 1024);

  await reader.forceFlush();
  const points = metrics
    .getMetrics()
    .flatMap((rm) => rm.scopeMetrics.flatMap((sm) => sm.metrics))
    .filter((m) => m.descriptor.name === 'otel.sdk.processor.span.processed')
    .flatMap((m) => m.dataPoints as { attributes: Record<string, unknown>; value: unknown }[]);
  const dropped = points.filter((p) => p.attributes['error.type'] === 'queue_full').reduce((t, p) => t + (p.value as number), 0);
  expect(dropped).toBeGreaterThan(rounds * perRound - 2048 * 4);

  handle.stop();
  trace.disable();
  trace.setGlobalTracerProvider(previous);
  await Promise.race([provider.shutdown().catch(() => undefined), new Promise((r) => setTimeout(r, 200))]);
}, 60_000);
