/**
 * The agent end to end: `node --import ./otel/register.ts app` with the
 * standard OTEL_* variables exports real OTLP/HTTP (protobuf and JSON) to a
 * loopback receiver; the trace tree of a three-process call chain is read back
 * from the bytes. Without an endpoint the embedded default prints spans.
 */
import { execFile, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startReceiver, type Receiver } from './otlp-receiver.ts';

const root = fileURLToPath(new URL('..', import.meta.url));

function runApp(env: Record<string, string>, app = 'test/fixtures/call-chain-app.ts'): Promise<{ stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      ['--import', './otel/register.ts', app],
      { cwd: root, env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env }, timeout: 60_000 },
      (err, stdout, stderr) => (err ? reject(new Error(`${err.message}\n${stderr}`)) : resolve({ stdout, stderr })),
    );
  });
}

/** Starts the signal fixture under the agent, sends SIGTERM once it is ready, and collects what it printed. */
function signalApp(env: Record<string, string>): Promise<{ stdout: string; stderr: string; code: number | null; signal: string | null }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', './otel/register.ts', 'test/fixtures/signal-app.ts'], {
      cwd: root,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
    });
    let stdout = '';
    let stderr = '';
    const killer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    let signalled = false;
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
      if (!signalled && stdout.includes('ready')) {
        signalled = true;
        child.kill('SIGTERM');
      }
    });
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      clearTimeout(killer);
      resolve({ stdout, stderr, code, signal });
    });
  });
}

let receiver: Receiver;
beforeAll(async () => {
  receiver = await startReceiver();
});
afterAll(() => receiver.close());

describe.each(['http/protobuf', 'http/json'])('agent exporting OTLP over %s', (protocol) => {
  it('sends the call chain as one trace with the right parents, links, attributes and the crash as an error', async () => {
    receiver.spans.length = 0;
    const { stdout } = await runApp({
      OTEL_SERVICE_NAME: 'otpscope-e2e',
      OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
      OTEL_EXPORTER_OTLP_PROTOCOL: protocol,
      OTEL_METRICS_EXPORTER: 'none',
      OTEL_LOGS_EXPORTER: 'none',
      OTEL_TRACES_SAMPLER: 'parentbased_always_on',
    });
    expect(stdout).toContain('answer: a>b>c>end');
    const spans = receiver.spans;
    const request = spans.find((s) => s.name === 'client request');
    expect(request).toBeDefined();
    const inTrace = spans.filter((s) => s.traceId === request?.traceId);
    const a = inTrace.find((s) => s.name === 'process a');
    const b = inTrace.find((s) => s.name === 'process b');
    const c = inTrace.find((s) => s.name === 'process c');
    expect(a?.parentSpanId).toBe(request?.spanId);
    expect(b?.parentSpanId).toBe(a?.spanId);
    expect(c?.parentSpanId).toBe(b?.spanId);
    for (const s of [a, b, c]) {
      expect(s?.kind).toBe('SPAN_KIND_CONSUMER');
      expect(s?.attributes['messaging.operation.type']).toBe('process');
      expect(s?.attributes['messaging.operation.name']).toBe('call');
      expect(s?.attributes['otp.outcome']).toBe('reply');
      expect(s?.serviceName).toBe('otpscope-e2e');
      expect(s?.scope).toBe('otpscope');
    }
    expect(b?.links).toEqual([{ traceId: a?.traceId, spanId: a?.spanId }]);
    const crash = spans.find((s) => s.name === 'process c' && s.attributes['otp.outcome'] === 'crash');
    expect(crash?.status.code).toBe(protocol === 'http/json' ? '2' : 'STATUS_CODE_ERROR');
    expect(crash?.events).toContain('exception');
  }, 90_000);
});

describe('agent with no endpoint', () => {
  it('falls back to the embedded readable exporter', async () => {
    const { stderr } = await runApp({});
    expect(stderr).toMatch(/\[span\] trace=[0-9a-f]{8} span=[0-9a-f]{8} parent=[0-9a-f]{8} consumer "process b" call reply/);
  }, 90_000);
});

describe('agent and signals', () => {
  // the JSON-lines file goes through a BatchSpanProcessor (5 s delay): spans are there only if the agent flushed
  const tracesFile = (): string => join(mkdtempSync(join(tmpdir(), 'otpscope-signal-')), 'traces.jsonl');
  const flushedSpans = (file: string): string => (existsSync(file) ? readFileSync(file, 'utf8') : '');

  it('flushes on SIGTERM and ends the process when the app has no handler of its own', async () => {
    const file = tracesFile();
    const r = await signalApp({ OTPSCOPE_TRACES_FILE: file });
    expect(r.stdout).toContain('ready instrumented=true');
    expect(flushedSpans(file)).toContain('"process worker"');
    expect(r.code).toBe(143);
  }, 90_000);

  it("leaves an app's own SIGTERM shutdown alone (flushes, does not exit under it)", async () => {
    const file = tracesFile();
    const r = await signalApp({ OTPSCOPE_TRACES_FILE: file, OWN_HANDLER: '1' });
    expect(r.stdout).toContain('graceful shutdown done');
    expect(flushedSpans(file)).toContain('"process worker"');
    expect(r.code).toBe(0);
  }, 90_000);

  it('does nothing under OTEL_SDK_DISABLED=true: no SDK, no instrumentation', async () => {
    const file = tracesFile();
    const r = await signalApp({ OTPSCOPE_TRACES_FILE: file, OTEL_SDK_DISABLED: 'true' });
    expect(r.stdout).toContain('ready instrumented=false');
    expect(flushedSpans(file)).toBe('');
    expect(r.code).toBe(143);
  }, 90_000);
});

describe('examples/tracing under the agent', () => {
  it('exports the load example: client traces, DOWN events, the supervisor restart', async () => {
    receiver.spans.length = 0;
    const { stdout } = await runApp(
      {
        OTEL_SERVICE_NAME: 'monitoring-demo',
        OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
        OTEL_METRICS_EXPORTER: 'none',
        OTEL_LOGS_EXPORTER: 'none',
        WAVES: '3',
        PER_WAVE: '5',
      },
      'examples/tracing/load.ts',
    );
    expect(stdout).toContain('done: 15 clients, 0 still subscribed');
    const spans = receiver.spans;
    const client = spans.find((s) => s.name === 'client 0');
    const calls = spans.filter((s) => s.parentSpanId === client?.spanId);
    expect(calls.map((s) => s.name)).toEqual(['process monitoring_server', 'process monitoring_server']);
    expect(spans.some((s) => s.name === 'process monitoring_server' && s.events.includes('DOWN'))).toBe(true);
    const restart = spans.find((s) => s.name === 'process monitoring_sup' && s.events.includes('child restarted'));
    expect(restart).toBeDefined();
    const restarted = spans.find((s) => s.parentSpanId === restart?.spanId && s.attributes['messaging.operation.name'] === 'start');
    expect(restarted?.name).toBe('process monitoring_server');
  }, 90_000);
});
