/**
 * The agent end to end: `node --import ./otel/register.ts app` with the
 * standard OTEL_* variables exports real OTLP/HTTP (protobuf and JSON) to a
 * loopback receiver; the trace tree of a three-process call chain is read back
 * from the bytes. Without an endpoint the embedded default prints spans.
 * How a process ends (signals, `process.exit()`, uncaught exceptions, an
 * unreachable collector) and what the agent exports then; invalid OTEL_*
 * values warned about.
 */
import { execFile, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { createServer, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_SHUTDOWN_TIMEOUT_MS, readAgentEnv, sdkPrints } from '../otel/agent-env.ts';
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
  // the JSON-lines file is written in batches (5 s delay): spans are there only if the agent flushed (on the signal, or in its exit hook)
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

// ---- how the process ends ----

interface Ended {
  stdout: string;
  stderr: string;
  code: number | null;
  signal: string | null;
}

/**
 * Runs test/fixtures/ending-app.ts (under the agent unless `agent` is false)
 * and, when `signal` is given, sends it once the app printed "ready".
 */
function endingApp(env: Record<string, string>, opts: { signal?: NodeJS.Signals; agent?: boolean } = {}): Promise<Ended> {
  return new Promise((resolve, reject) => {
    const args = opts.agent === false ? ['test/fixtures/ending-app.ts'] : ['--import', './otel/register.ts', 'test/fixtures/ending-app.ts'];
    const child = spawn(process.execPath, args, { cwd: root, env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env } });
    let stdout = '';
    let stderr = '';
    const killer = setTimeout(() => child.kill('SIGKILL'), 40_000);
    let signalled = false;
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
      if (opts.signal !== undefined && !signalled && stdout.includes('ready')) {
        signalled = true;
        child.kill(opts.signal);
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

/** The OTLP env of a test: its own service name, so its spans are told apart in the shared receiver. */
const otlpEnv = (service: string): Record<string, string> => ({
  OTEL_SERVICE_NAME: service,
  OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
  OTEL_METRICS_EXPORTER: 'none',
  OTEL_LOGS_EXPORTER: 'none',
});

/** The fixture's cast spans the receiver got for `service`. */
const workerSpans = (service: string): number =>
  receiver.spans.filter((s) => s.serviceName === service && s.name === 'process worker' && s.attributes['messaging.operation.name'] === 'cast').length;

/** Node's own report of an uncaught error, from the error's first line to the end: what the agent must leave as Node prints it. */
const nodeReport = (stderr: string, firstLine: string): string => stderr.slice(stderr.indexOf(firstLine));

describe('agent.shutdown() for the app', () => {
  it('exports every pending span when a SIGTERM handler awaits it before process.exit() (101 of 101)', async () => {
    const r = await endingApp({ ...otlpEnv('await-shutdown'), HOW: 'await-shutdown' }, { signal: 'SIGTERM' });
    expect(r.stdout).toContain('shutdown: done');
    expect(r.code).toBe(0);
    expect(workerSpans('await-shutdown')).toBe(101);
  }, 60_000);
});

describe('agent and uncaught exceptions', () => {
  it('exports the spans, then ends as Node would: exit code 1, the error printed by Node, the monitor told once', async () => {
    const [bare, r] = await Promise.all([
      endingApp({ HOW: 'throw', SPANS: '1' }, { agent: false }),
      endingApp({ ...otlpEnv('uncaught'), HOW: 'throw', MONITOR: '1' }),
    ]);
    expect(workerSpans('uncaught')).toBe(101);
    expect(r.code).toBe(1);
    expect(bare.code).toBe(1);
    // the same report as without the agent (only the source line above it is the rethrow's)
    expect(nodeReport(r.stderr, 'Error: boom from the app')).toBe(nodeReport(bare.stderr, 'Error: boom from the app'));
    expect(r.stderr).toMatch(/at Timeout\._onTimeout .*ending-app\.ts/);
    expect(r.stdout.match(/monitor saw/g)).toEqual(['monitor saw']);
  }, 60_000);

  it('does the same for an unhandled rejection (Node 22 raises it as an uncaught exception)', async () => {
    const [bare, r] = await Promise.all([endingApp({ HOW: 'reject', SPANS: '1' }, { agent: false }), endingApp({ ...otlpEnv('rejection'), HOW: 'reject' })]);
    expect(workerSpans('rejection')).toBe(101);
    expect(r.code).toBe(1);
    expect(nodeReport(r.stderr, 'Error: rejected in the app')).toBe(nodeReport(bare.stderr, 'Error: rejected in the app'));
  }, 60_000);

  it("changes nothing when the app handles uncaught exceptions itself: it goes on, nothing is rethrown", async () => {
    const r = await endingApp({ ...otlpEnv('own-handler'), HOW: 'own-handler', SPANS: '1' });
    expect(r.stdout).toContain('the app handled: boom the app handles');
    expect(r.code).toBe(0);
    expect(r.stderr).not.toContain('boom the app handles');
  }, 60_000);
});

describe('agent and process.exit()', () => {
  it('writes every ended span to the embedded JSON-lines file in the exit hook', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'otpscope-exit-')), 'traces.jsonl');
    const r = await endingApp({ HOW: 'exit', OTPSCOPE_TRACES_FILE: file });
    expect(r.code).toBe(0);
    const casts = readFileSync(file, 'utf8')
      .split('\n')
      .filter((l) => l.includes('"process worker"') && l.includes('"messaging.operation.name":"cast"'));
    expect(casts).toHaveLength(101);
  }, 60_000);

  it('has printed every ended span with the readable default (nothing waits for a promise)', async () => {
    const r = await endingApp({ HOW: 'exit' });
    expect(r.code).toBe(0);
    expect(r.stderr.match(/"process worker" cast noreply/g)).toHaveLength(101);
  }, 60_000);
});

describe('agent with an unreachable collector', () => {
  // accepts connections and never answers: an export only ends by a timeout
  let blackhole: { url: string; close(): Promise<void> };
  beforeAll(async () => {
    const sockets = new Set<Socket>();
    const server = createServer((s) => {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    blackhole = {
      url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
      close: () =>
        new Promise<void>((resolve) => {
          for (const s of sockets) s.destroy();
          server.close(() => resolve());
        }),
    };
  });
  afterAll(() => blackhole.close());

  // the SDK's own timeouts are a minute: only the agent's bound can end these runs before the 40 s kill
  const hungEnv = (): Record<string, string> => ({
    OTEL_EXPORTER_OTLP_ENDPOINT: blackhole.url,
    OTEL_EXPORTER_OTLP_TIMEOUT: '60000',
    OTEL_BSP_EXPORT_TIMEOUT: '60000',
    OTEL_METRICS_EXPORTER: 'none',
    OTEL_LOGS_EXPORTER: 'none',
    OTPSCOPE_SHUTDOWN_TIMEOUT_MS: '300',
    SPANS: '5',
  });

  it('ends on SIGTERM once the shutdown bound expires, saying so (exit 143)', async () => {
    const r = await endingApp({ ...hungEnv(), HOW: 'wait' }, { signal: 'SIGTERM' });
    expect(r.stderr).toContain('otpscope agent: shutdown did not finish within 300 ms (OTPSCOPE_SHUTDOWN_TIMEOUT_MS)');
    expect(r.code).toBe(143);
  }, 60_000);

  it('ends an app that ended by itself once the bound expires, with its exit code', async () => {
    const r = await endingApp({ ...hungEnv(), HOW: 'natural', EXIT_CODE: '3' });
    expect(r.stderr).toContain('otpscope agent: shutdown did not finish within 300 ms');
    expect(r.code).toBe(3);
  }, 60_000);

  it("resolves the app's await agent.shutdown() with 'timeout' within the bound", async () => {
    const r = await endingApp({ ...hungEnv(), HOW: 'await-shutdown' }, { signal: 'SIGTERM' });
    expect(r.stdout).toContain('shutdown: timeout');
    expect(r.code).toBe(0);
  }, 60_000);
});

describe('agent configuration from the environment', () => {
  const bad = {
    OTEL_TRACES_SAMPLER: 'bogus',
    OTEL_EXPORTER_OTLP_PROTOCOL: 'foo',
    OTEL_TRACES_EXPORTER: 'nonsense',
    OTEL_BSP_SCHEDULE_DELAY: 'soon',
    OTEL_SDK_DISABLED: 'yes',
    OTPSCOPE_SHUTDOWN_TIMEOUT_MS: 'abc',
  };

  it('warns once per invalid variable on stderr, naming it, its value and what is used instead', async () => {
    const r = await endingApp({ ...bad, OTEL_METRICS_EXPORTER: 'none', OTEL_LOGS_EXPORTER: 'none', HOW: 'natural', SPANS: '1' });
    const warnings = r.stderr.split('\n').filter((l) => l.startsWith('otpscope agent: '));
    expect(warnings).toEqual([
      'otpscope agent: OTEL_SDK_DISABLED="yes" is not "true" or "false"; using false: OpenTelemetry stays on',
      'otpscope agent: OTEL_TRACES_EXPORTER="nonsense" names "nonsense", not one of otlp, zipkin, console, none; using nothing: no exporter is left, so no spans are exported',
      'otpscope agent: OTEL_TRACES_SAMPLER="bogus" is not one of always_on, always_off, traceidratio, parentbased_always_on, parentbased_always_off, parentbased_traceidratio; using parentbased_always_on (the default)',
      'otpscope agent: OTEL_EXPORTER_OTLP_PROTOCOL="foo" is not one of grpc, http/json, http/protobuf; using http/protobuf',
      'otpscope agent: OTEL_BSP_SCHEDULE_DELAY="soon" is not a number; using 5000 (the default)',
      `otpscope agent: OTPSCOPE_SHUTDOWN_TIMEOUT_MS="abc" is not a number; using ${DEFAULT_SHUTDOWN_TIMEOUT_MS} (the default)`,
    ]);
    expect(r.code).toBe(0);
  }, 60_000);

  it('leaves a warning to the SDK when OTEL_LOG_LEVEL makes it print one itself (said once, not twice)', async () => {
    const env = { ...otlpEnv('diag'), OTEL_TRACES_SAMPLER: 'bogus', OTEL_LOG_LEVEL: 'warn', HOW: 'natural', SPANS: '1' };
    // with no exporter left (`alone`) the SDK makes no tracer and never reads the sampler: the agent says it
    const [r, alone] = await Promise.all([endingApp({ ...env, OTEL_TRACES_EXPORTER: 'otlp,nonsense' }), endingApp({ ...env, OTEL_TRACES_EXPORTER: 'nonsense' })]);
    expect(r.stderr.match(/nonsense/g)).toHaveLength(1);
    expect(r.stderr.match(/bogus/g)).toHaveLength(1);
    expect(r.stderr).not.toContain('otpscope agent:');
    expect(alone.stderr.match(/nonsense/g)).toHaveLength(1);
    expect(alone.stderr.match(/bogus/g)).toHaveLength(1);
    expect(alone.stderr).toContain('otpscope agent: OTEL_TRACES_SAMPLER="bogus"');
  }, 60_000);

  it('reads what the SDK reads: mode, bound, flight recorder; quiet on valid values, silent when disabled', () => {
    const diagnostics = { port: null, host: '127.0.0.1', actions: false, signal: true, token: null };
    expect(readAgentEnv({})).toEqual({ mode: 'embedded', shutdownTimeoutMs: DEFAULT_SHUTDOWN_TIMEOUT_MS, flightRecorder: 0, problems: [], diagnostics, prometheus: null });
    const valid = readAgentEnv({
      OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318',
      OTEL_TRACES_EXPORTER: 'otlp, console',
      OTEL_TRACES_SAMPLER: 'parentbased_traceidratio',
      OTEL_TRACES_SAMPLER_ARG: '0.01',
      OTEL_SDK_DISABLED: 'FALSE',
      OTEL_LOG_LEVEL: 'debug',
      OTEL_BSP_SCHEDULE_DELAY: '1000',
      OTEL_PROPAGATORS: 'tracecontext,baggage',
      OTPSCOPE_SHUTDOWN_TIMEOUT_MS: '1500',
      OTPSCOPE_FLIGHT_RECORDER: '32',
    });
    expect(valid).toEqual({ mode: 'env', shutdownTimeoutMs: 1500, flightRecorder: 32, problems: [], diagnostics, prometheus: null });
    expect(readAgentEnv({ OTEL_SDK_DISABLED: 'true', OTEL_TRACES_SAMPLER: 'bogus' })).toMatchObject({ mode: 'disabled', problems: [] });
    // blank counts as unset, as in the SDK
    expect(readAgentEnv({ OTEL_BSP_SCHEDULE_DELAY: ' ', OTEL_TRACES_SAMPLER: '' }).problems).toEqual([]);
  });

  it('finds each invalid value with the fallback the SDK really uses', () => {
    const found = (env: NodeJS.ProcessEnv): Record<string, string> =>
      Object.fromEntries(readAgentEnv(env).problems.map((p) => [p.variable, `${p.problem} -> ${p.instead}`]));
    expect(
      found({
        OTEL_TRACES_EXPORTER: 'otlp,jaeger',
        OTEL_METRICS_EXPORTER: 'none,otlp',
        OTEL_LOGS_EXPORTER: 'file',
        OTEL_TRACES_SAMPLER: 'ALWAYS_ON',
        OTEL_PROPAGATORS: 'xray',
        OTEL_BSP_MAX_QUEUE_SIZE: '0',
        OTEL_EXPORTER_OTLP_TIMEOUT: '-5',
        OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'not a url',
        OTEL_LOG_LEVEL: 'loud',
        OTPSCOPE_FLIGHT_RECORDER: '2.5',
      }),
    ).toEqual({
      OTEL_TRACES_EXPORTER: 'names "jaeger", not one of otlp, zipkin, console, none -> otlp (the unknown names are ignored)',
      OTEL_METRICS_EXPORTER: 'mixes "none" with exporters -> none: no metrics are exported',
      OTEL_LOGS_EXPORTER: 'names "file", not one of otlp, console, none -> nothing: no logs are exported',
      OTEL_TRACES_SAMPLER: 'is not one of always_on, always_off, traceidratio, parentbased_always_on, parentbased_always_off, parentbased_traceidratio -> parentbased_always_on (the default)',
      OTEL_PROPAGATORS: 'names "xray", not one of tracecontext, baggage, b3, b3multi, none -> no propagator: trace context is neither read nor sent',
      OTEL_BSP_MAX_QUEUE_SIZE: 'is not a number greater than 0 -> 2048 (the default)',
      OTEL_EXPORTER_OTLP_TIMEOUT: 'is not a number greater than 0 -> 10000 (the default)',
      OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: "is not a URL -> the exporter's default endpoint (localhost)",
      OTEL_LOG_LEVEL: 'is not one of NONE, ERROR, WARN, INFO, DEBUG, VERBOSE, ALL -> INFO',
      OTPSCOPE_FLIGHT_RECORDER: 'is not a whole number of events -> 0: the flight recorder stays off',
    });
    expect(found({ OTEL_TRACES_EXPORTER: 'none,otlp' }).OTEL_TRACES_EXPORTER).toBe('starts with "none" -> none: no spans are exported (the other names are ignored)');
    expect(found({ OTEL_TRACES_EXPORTER: 'console,none' }).OTEL_TRACES_EXPORTER).toBe('mixes "none" with exporters -> otlp alone (what the SDK does then)');
    expect(found({ OTEL_TRACES_SAMPLER: 'traceidratio', OTEL_TRACES_SAMPLER_ARG: 'abc' }).OTEL_TRACES_SAMPLER_ARG).toBe('is not a number -> 1 (every trace sampled)');
    expect(found({ OTEL_TRACES_SAMPLER: 'parentbased_traceidratio', OTEL_TRACES_SAMPLER_ARG: '2' }).OTEL_TRACES_SAMPLER_ARG).toBe('is not in [0, 1] -> 1 (every trace sampled)');
    // the argument of a sampler that takes none is ignored by the SDK, and so here
    expect(found({ OTEL_TRACES_SAMPLER: 'always_on', OTEL_TRACES_SAMPLER_ARG: 'abc' })).toEqual({});
  });

  it('knows when the SDK prints a problem itself: its diag level, the mode it reads the variable in, OTEL_LOG_LEVEL', () => {
    const problem = (env: NodeJS.ProcessEnv, variable: string) => {
      const p = readAgentEnv(env).problems.find((x) => x.variable === variable);
      if (p === undefined) throw new Error(`no problem with ${variable}`);
      return p;
    };
    const sampler = problem({ OTEL_TRACES_SAMPLER: 'bogus' }, 'OTEL_TRACES_SAMPLER');
    expect(sdkPrints(sampler, 'embedded', {})).toBe(false);
    expect(sdkPrints(sampler, 'embedded', { OTEL_LOG_LEVEL: 'error' })).toBe(true); // diag.error
    expect(sdkPrints(sampler, 'embedded', { OTEL_LOG_LEVEL: 'none' })).toBe(false);
    expect(sdkPrints(sampler, 'env', { OTEL_LOG_LEVEL: 'error', OTEL_TRACES_EXPORTER: 'none' })).toBe(false); // no tracer made
    const delay = problem({ OTEL_BSP_SCHEDULE_DELAY: 'soon' }, 'OTEL_BSP_SCHEDULE_DELAY');
    expect(sdkPrints(delay, 'env', { OTEL_LOG_LEVEL: 'error' })).toBe(false); // diag.warn
    expect(sdkPrints(delay, 'env', { OTEL_LOG_LEVEL: 'warn' })).toBe(true);
    expect(sdkPrints(delay, 'env', { OTEL_LOG_LEVEL: 'warn', OTEL_TRACES_EXPORTER: 'console' })).toBe(false); // console has no batch processor
    expect(sdkPrints(delay, 'embedded', { OTEL_LOG_LEVEL: 'all' })).toBe(false); // the embedded default reads no OTEL_BSP_*
    // reported before the SDK installs its logger: never visible
    expect(sdkPrints(problem({ OTEL_SDK_DISABLED: 'yes' }, 'OTEL_SDK_DISABLED'), 'env', { OTEL_LOG_LEVEL: 'all' })).toBe(false);
  });
});
