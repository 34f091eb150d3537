/**
 * Issue 12, from real OTLP bytes: an ESM app (node:http imported as ESM) run
 * under the agent with `OTEL_NODE_ENABLED_INSTRUMENTATIONS=http`. The agent
 * loads the HTTP instrumentation and registers OpenTelemetry's ESM loader
 * hook itself, so each request's SERVER span is the parent of the actor spans
 * it leads to; a crash's context travels with its EXIT to the supervisor; a
 * plain async body gets a span per received message, its call a child of it.
 */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startReceiver, type ReceivedSpan, type Receiver } from './otlp-receiver.ts';

const root = fileURLToPath(new URL('..', import.meta.url));

let receiver: Receiver;
beforeAll(async () => {
  receiver = await startReceiver();
});
afterAll(() => receiver.close());

function runApp(env: Record<string, string>, imports: readonly string[] = []): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      ['--import', './otel/register.ts', ...imports.flatMap((i) => ['--import', i]), 'test/fixtures/http-esm-app.ts'],
      { cwd: root, env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env }, timeout: 60_000 },
      (err, stdout, stderr) => (err ? reject(new Error(`${err.message}\n${stderr}`)) : resolve(stdout)),
    );
  });
}

it('makes the HTTP server span the parent of the actor spans, and carries a crash to the supervisor, from OTLP/protobuf', async () => {
  const stdout = await runApp({
    OTEL_SERVICE_NAME: 'otpscope-esm-http',
    OTEL_NODE_ENABLED_INSTRUMENTATIONS: 'http',
    OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
    OTEL_EXPORTER_OTLP_PROTOCOL: 'http/protobuf',
    OTEL_METRICS_EXPORTER: 'none',
    OTEL_LOGS_EXPORTER: 'none',
  });
  expect(stdout).toContain('/job: job http #0');
  expect(stdout).toContain('looper: job from http #1');
  const spans = receiver.spans;
  const byId = new Map(spans.map((s) => [s.spanId, s]));
  const servers = spans.filter((s) => s.kind === 'SPAN_KIND_SERVER');
  expect(servers.length).toBe(3);
  const parentOf = (s: ReceivedSpan | undefined): ReceivedSpan | undefined => (s === undefined ? undefined : byId.get(s.parentSpanId));
  const linkedTo = (s: ReceivedSpan | undefined): (ReceivedSpan | undefined)[] => (s?.links ?? []).map((l) => byId.get(l.spanId));

  // GET /job: the call span's parent is the server span
  const call = spans.find((s) => s.name === 'call job_queue' && parentOf(s)?.kind === 'SPAN_KIND_SERVER');
  expect(call).toBeDefined();
  expect(call?.attributes['messaging.operation.name']).toBe('call');

  // GET /crash: the worker's crash span links to the server span; the supervisor's EXIT span links to the crash
  const crash = spans.find((s) => s.name === 'info worker' && s.status.code === 'STATUS_CODE_ERROR');
  expect(linkedTo(crash)[0]?.kind).toBe('SPAN_KIND_SERVER');
  const exit = spans.find((s) => s.name === 'info sup' && s.events.includes('child restarted'));
  expect(exit?.events).toContain('EXIT');
  expect(exit?.links.map((l) => l.spanId)).toEqual([crash?.spanId]);
  const restarted = spans.filter((s) => s.name === 'start worker').find((s) => s.parentSpanId === exit?.spanId);
  expect(restarted).toBeDefined();

  // GET /loop: the looper's message span links to the server span; its call is its child; its start span has no child
  const received = spans.find((s) => s.name === 'info looper');
  expect(linkedTo(received)[0]?.kind).toBe('SPAN_KIND_SERVER');
  expect(spans.find((s) => s.name === 'call job_queue' && s.parentSpanId === received?.spanId)).toBeDefined();
  const start = spans.find((s) => s.name === 'start looper');
  expect(spans.filter((s) => s.parentSpanId === start?.spanId)).toEqual([]);
}, 90_000);

it("takes an app's own instrumentation from a later --import once OTPSCOPE_ESM_HOOK=true registers the loader hook", async () => {
  const env = {
    OTEL_SERVICE_NAME: 'otpscope-own-instrumentation',
    OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
    OTEL_EXPORTER_OTLP_PROTOCOL: 'http/protobuf',
    OTEL_METRICS_EXPORTER: 'none',
    OTEL_LOGS_EXPORTER: 'none',
  };
  const own = ['./test/fixtures/own-instrumentation.ts'];
  const servers = (): ReceivedSpan[] => receiver.spans.filter((s) => s.kind === 'SPAN_KIND_SERVER' && s.serviceName === env.OTEL_SERVICE_NAME);
  // without the hook the ESM app's node:http is never patched: no server span, silently (the pitfall documented)
  await runApp(env, own);
  expect(servers()).toEqual([]);
  await runApp({ ...env, OTPSCOPE_ESM_HOOK: 'true' }, own);
  expect(servers().length).toBe(3);
  const ids = new Set(servers().map((s) => s.spanId));
  expect(receiver.spans.some((s) => s.name === 'call job_queue' && ids.has(s.parentSpanId))).toBe(true);
}, 90_000);
