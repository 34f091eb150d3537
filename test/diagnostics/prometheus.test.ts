/**
 * The metrics path end to end: an app under the agent with
 * OTEL_METRICS_EXPORTER=prometheus (OpenTelemetry's own Prometheus exporter),
 * scraped every second by a real Prometheus (Debian's package, started here
 * on loopback with a temporary config and free ports); Prometheus's HTTP API
 * is asked for each series and its value, then every panel query of
 * examples/tracing/grafana-dashboard.json is run and must return series.
 * Skipped with a message without the prometheus binary; under CI=true that
 * fails. Polls Prometheus with a bounded retry: a real server must start and
 * scrape.
 */
import { spawn, type ChildProcess, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const BIN = ['/usr/bin/prometheus', '/usr/local/bin/prometheus'].find((p) => existsSync(p));
if (BIN === undefined && process.env.CI === 'true') throw new Error('prometheus is missing: .ci/run installs Debian\'s prometheus for this test');
if (BIN === undefined) process.stderr.write('prometheus.test.ts skipped: the prometheus binary is not installed (apt-get install prometheus)\n');

const root = fileURLToPath(new URL('../..', import.meta.url));
let app: ChildProcessWithoutNullStreams | null = null;
let prom: ChildProcess | null = null;
let dir = '';
let promUrl = '';
let alive = 0;
let appErr = '';

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

interface Series {
  readonly metric: Record<string, string>;
  readonly value: [number, string];
}

async function query(q: string): Promise<Series[]> {
  const res = await fetch(`${promUrl}/api/v1/query?${new URLSearchParams({ query: q })}`);
  const body = (await res.json()) as { status: string; error?: string; data?: { result: Series[] } };
  if (body.status !== 'success') throw new Error(`${q}: ${body.error ?? res.status}`);
  return body.data?.result ?? [];
}

/** Asks again until `ok` (bounded: `tries` × 250 ms); a real server is starting and scraping. */
async function until<T>(what: string, get: () => Promise<T>, ok: (v: T) => boolean, tries = 120): Promise<T> {
  let last: T | undefined;
  let error: unknown;
  for (let i = 0; i < tries; i++) {
    try {
      last = await get();
      if (ok(last)) return last;
    } catch (e) {
      error = e;
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${what}: not within ${tries * 250} ms (last: ${JSON.stringify(last)}, ${String(error)}); app stderr:\n${appErr}`);
}

beforeAll(async () => {
  if (BIN === undefined) return;
  dir = mkdtempSync(join(tmpdir(), 'otpscope-prom-'));
  const [metricsPort, promPort] = [await freePort(), await freePort()];
  app = spawn(process.execPath, ['--import', './otel/register.ts', 'test/fixtures/metrics-app.ts'], {
    cwd: root,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      OTEL_SERVICE_NAME: 'otpscope-metrics-e2e',
      OTEL_TRACES_EXPORTER: 'none',
      OTEL_LOGS_EXPORTER: 'none',
      OTEL_METRICS_EXPORTER: 'prometheus',
      OTEL_EXPORTER_PROMETHEUS_HOST: '127.0.0.1',
      OTEL_EXPORTER_PROMETHEUS_PORT: String(metricsPort),
      OTPSCOPE_DIAGNOSTICS_SIGNAL: 'none',
    },
  });
  app.stderr.on('data', (d: Buffer) => (appErr += d.toString()));
  alive = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the app did not start:\n${appErr}`)), 30_000);
    let out = '';
    app?.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /ready (\d+)/.exec(out);
      if (m !== null) {
        clearTimeout(timer);
        resolve(Number(m[1]));
      }
    });
  });
  writeFileSync(
    join(dir, 'prometheus.yml'),
    ['global:', '  scrape_interval: 1s', '  evaluation_interval: 1s', 'scrape_configs:', '  - job_name: otpscope', '    static_configs:', `      - targets: ['127.0.0.1:${metricsPort}']`, ''].join('\n'),
  );
  prom = spawn(BIN, [`--config.file=${join(dir, 'prometheus.yml')}`, `--storage.tsdb.path=${join(dir, 'data')}`, `--web.listen-address=127.0.0.1:${promPort}`, '--log.level=warn'], { stdio: 'ignore' });
  promUrl = `http://127.0.0.1:${promPort}`;
  await until('Prometheus scraping the app', () => query('up{job="otpscope"}'), (r) => r.length === 1 && r[0].value[1] === '1');
}, 90_000);

afterAll(() => {
  app?.kill('SIGKILL');
  prom?.kill('SIGKILL');
  if (dir !== '') rmSync(dir, { recursive: true, force: true });
});

const value = (r: Series[]): number => Number(r[0]?.value[1]);

describe.skipIf(BIN === undefined)('Prometheus scrapes the agent', { timeout: 90_000 }, () => {
  it('says where it serves the metrics', () => {
    expect(appErr).toMatch(/otpscope agent: Prometheus metrics on http:\/\/127\.0\.0\.1:\d+\/metrics/);
  });

  it('has each series with its value', async () => {
    expect(value(await until('otp_processes_alive', () => query('otp_processes_alive'), (r) => r.length === 1))).toBe(alive);
    const backlog = await query('otp_process_mailbox_size{messaging_destination_name="backlog"}');
    expect(value(backlog)).toBe(25);
    const inQueue = await until('otp_messages_in_total', () => query('otp_messages_in_total{messaging_destination_name="queue_server"}'), (r) => value(r) > 20);
    expect(inQueue[0].metric.otp_behaviour).toBe('gen_server');
    expect(value(await query('otp_messages_out_total{messaging_destination_name="queue_server"}'))).toBeGreaterThan(0);
    expect(value(await query('otp_process_crashes_total{messaging_destination_name="crashy"}'))).toBe(1);
    expect(value(await query('otp_supervisor_restarts_total{messaging_destination_name="metrics_sup"}'))).toBe(1);
    expect(value(await query('otp_events_dropped_total'))).toBeGreaterThan(0);
    expect((await query('messaging_process_duration_bucket{le="+Inf"}')).length).toBeGreaterThan(0);
    expect((await query('target_info{service_name="otpscope-metrics-e2e"}')).length).toBe(1);
  });

  it("returns series for every panel query of the Grafana dashboard", async () => {
    const dash = JSON.parse(readFileSync(join(root, 'examples/tracing/grafana-dashboard.json'), 'utf8')) as { panels: { title: string; targets: { expr: string }[] }[] };
    const exprs = dash.panels.flatMap((p) => p.targets.map((t) => ({ panel: p.title, expr: t.expr })));
    expect(exprs.length).toBeGreaterThanOrEqual(8);
    for (const { panel, expr } of exprs) {
      const r = await until(`${panel}: ${expr}`, () => query(expr), (x) => x.length > 0);
      expect([panel, r.length > 0]).toEqual([panel, true]);
    }
  });
});
