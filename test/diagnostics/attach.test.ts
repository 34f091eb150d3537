/**
 * Attaching to a process that is already running, through the agent: SIGUSR2
 * opens the endpoint on loopback with a fresh token written to a file only
 * the owner can read (mode 0600, directory 0700), whose path (never the
 * token) is logged on stderr; `OTPSCOPE_DIAGNOSTICS_PORT` opens it at startup
 * and `OTPSCOPE_DIAGNOSTICS_SIGNAL=none` leaves SIGUSR2 to Node (it ends the
 * process). Each run in a child process; bad values are warned once.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { readAgentEnv } from '../../otel/agent-env.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
let child: ChildProcessWithoutNullStreams | null = null;

afterEach(() => {
  child?.kill('SIGKILL');
  child = null;
});

interface App {
  readonly c: ChildProcessWithoutNullStreams;
  stdout: string;
  stderr: string;
  /** Resolves once `pred` accepts stderr (bounded). */
  stderrUntil(pred: (s: string) => boolean, ms?: number): Promise<string>;
  readonly exited: Promise<{ code: number | null; signal: string | null }>;
}

/** Starts the fixture under the agent with `env`; resolves once it printed ready. */
function app(env: Record<string, string>): Promise<App> {
  const tmp = mkdtempSync(join(tmpdir(), 'otpscope-attach-'));
  const c = spawn(process.execPath, ['--import', './otel/register.ts', 'test/fixtures/diagnostics-app.ts'], {
    cwd: root,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', TMPDIR: tmp, OTEL_SDK_DISABLED: 'true', ...env },
  });
  child = c;
  const a: App = {
    c,
    stdout: '',
    stderr: '',
    stderrUntil(pred, ms = 20_000) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`not on stderr within ${ms} ms:\n${a.stderr}`)), ms);
        const check = (): void => {
          if (pred(a.stderr)) {
            clearTimeout(timer);
            c.stderr.off('data', check);
            resolve(a.stderr);
          }
        };
        c.stderr.on('data', check);
        check();
      });
    },
    exited: new Promise((resolve) => c.on('exit', (code, signal) => resolve({ code, signal }))),
  };
  c.stderr.on('data', (d: Buffer) => (a.stderr += d.toString()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the app did not start:\n${a.stderr}`)), 30_000);
    c.stdout.on('data', (d: Buffer) => {
      a.stdout += d.toString();
      if (a.stdout.includes('ready')) {
        clearTimeout(timer);
        resolve(a);
      }
    });
  });
}

const OPENED = /diagnostics endpoint on (http:\/\/127\.0\.0\.1:\d+\/) \(([^)]*)\); its URL and token are in (\S+), readable by this user only/;

async function get(url: string, path: string, token: string | null): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(new URL(path, url), { headers: token === null ? {} : { authorization: `Bearer ${token}` } });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

describe('attach without a restart', () => {
  it('SIGUSR2 opens the endpoint on loopback; the token is in a 0600 file whose path is logged, never the token', async () => {
    const a = await app({});
    expect(a.stderr).not.toMatch(/diagnostics endpoint/);
    a.c.kill('SIGUSR2');
    const m = OPENED.exec(await a.stderrUntil((s) => OPENED.test(s))) as RegExpExecArray;
    const [, url, why, file] = m;
    expect(why).toBe('SIGUSR2, read-only');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statSync(dirname(file)).mode & 0o777).toBe(0o700);
    const saved = JSON.parse(readFileSync(file, 'utf8')) as { url: string; token: string; pid: number };
    expect(saved.url).toBe(url);
    expect(saved.pid).toBe(a.c.pid);
    expect(saved.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(a.stderr).not.toContain(saved.token);
    expect((await get(url, '/api/node', null)).status).toBe(401);
    const node = await get(url, '/api/node', saved.token);
    expect(node.status).toBe(200);
    expect(node.body.processes).toBe(5);
    expect(node.body.actions).toBe(false);
    // a second signal reports the endpoint already open (same file, same token)
    a.c.kill('SIGUSR2');
    await a.stderrUntil((s) => s.match(new RegExp(OPENED.source, 'g'))?.length === 2);
    expect((JSON.parse(readFileSync(file, 'utf8')) as { token: string }).token).toBe(saved.token);
    a.c.kill('SIGTERM');
    expect((await a.exited).code).toBe(143);
  }, 60_000);

  it('OTPSCOPE_DIAGNOSTICS_PORT opens it at startup, with actions when OTPSCOPE_DIAGNOSTICS_ACTIONS=true', async () => {
    const a = await app({ OTPSCOPE_DIAGNOSTICS_PORT: '0', OTPSCOPE_DIAGNOSTICS_ACTIONS: 'true' });
    const [, url, why, file] = OPENED.exec(await a.stderrUntil((s) => OPENED.test(s))) as RegExpExecArray;
    expect(why).toBe('OTPSCOPE_DIAGNOSTICS_PORT, actions allowed');
    const { token } = JSON.parse(readFileSync(file, 'utf8')) as { token: string };
    expect((await get(url, '/api/node', token)).body.actions).toBe(true);
  }, 60_000);

  it('OTPSCOPE_DIAGNOSTICS_SIGNAL=none leaves SIGUSR2 to Node, which ends the process', async () => {
    const a = await app({ OTPSCOPE_DIAGNOSTICS_SIGNAL: 'none' });
    a.c.kill('SIGUSR2');
    expect((await a.exited).signal).toBe('SIGUSR2');
    expect(a.stderr).not.toMatch(/diagnostics endpoint/);
  }, 60_000);

  it('warns once about a bad value, and keeps the default', async () => {
    const a = await app({ OTPSCOPE_DIAGNOSTICS_PORT: 'eighty', OTEL_SDK_DISABLED: 'false', OTEL_TRACES_EXPORTER: 'none', OTEL_METRICS_EXPORTER: 'none' });
    expect(a.stderr).toContain('otpscope agent: OTPSCOPE_DIAGNOSTICS_PORT="eighty" is not a port number (0-65535; 0: a free port); using none: the endpoint opens only on SIGUSR2');
    expect(a.stderr).not.toMatch(/diagnostics endpoint on/);
  }, 60_000);
});

describe('the agent reads the diagnostics variables', () => {
  it('with their defaults, whatever the mode', () => {
    expect(readAgentEnv({}).diagnostics).toEqual({ port: null, host: '127.0.0.1', actions: false, signal: true, token: null });
    const set = readAgentEnv({
      OTEL_SDK_DISABLED: 'true',
      OTPSCOPE_DIAGNOSTICS_PORT: '9465',
      OTPSCOPE_DIAGNOSTICS_HOST: '::1',
      OTPSCOPE_DIAGNOSTICS_ACTIONS: 'TRUE',
      OTPSCOPE_DIAGNOSTICS_SIGNAL: 'none',
      OTPSCOPE_DIAGNOSTICS_TOKEN: 'a-token-of-enough-length',
    });
    expect(set.diagnostics).toEqual({ port: 9465, host: '::1', actions: true, signal: false, token: 'a-token-of-enough-length' });
    const bad = readAgentEnv({ OTEL_SDK_DISABLED: 'true', OTPSCOPE_DIAGNOSTICS_PORT: '70000', OTPSCOPE_DIAGNOSTICS_TOKEN: 'short', OTPSCOPE_DIAGNOSTICS_SIGNAL: 'SIGUSR1' });
    expect(bad.problems.map((p) => p.variable)).toEqual(['OTPSCOPE_DIAGNOSTICS_PORT', 'OTPSCOPE_DIAGNOSTICS_SIGNAL', 'OTPSCOPE_DIAGNOSTICS_TOKEN']);
    expect(bad.diagnostics).toEqual({ port: null, host: '127.0.0.1', actions: false, signal: true, token: null });
    expect(readAgentEnv({ OTEL_METRICS_EXPORTER: 'prometheus', OTEL_EXPORTER_PROMETHEUS_PORT: '9999' }).prometheus).toEqual({ host: undefined, port: 9999 });
    expect(readAgentEnv({ OTEL_METRICS_EXPORTER: 'prometheus,otlp' }).prometheus).toBeNull();
  });
});
