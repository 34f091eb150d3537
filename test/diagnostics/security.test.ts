/**
 * The endpoint's security cases, one test each: loopback by default and a
 * warning elsewhere; the token required on every API request (missing, wrong,
 * of another length, or in the URL: 401), compared in constant time; Host
 * (DNS rebinding) and Origin (cross-site) checks; oversized and non-JSON
 * bodies; an unknown pid; a trace without a limit; actions when they are off
 * (403) and, when on, each done and logged; no code evaluated; the page's
 * files holding no data and carrying a strict CSP.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { start, type Diagnostics } from '../../diagnostics/index.ts';
import { tokenMatches } from '../../diagnostics/auth.ts';
import { GenServer, Runtime, type LogEvent, type Pid } from '../../runtime/index.ts';
import { call, openStream } from './client.ts';

let diag: Diagnostics | null = null;
let rt: Runtime;
const logs: LogEvent[] = [];

async function setup(opts: Parameters<typeof start>[0] = {}): Promise<Diagnostics> {
  rt = new Runtime({ logger: (e) => logs.push(e) });
  diag = await start({ runtime: rt, warn: () => undefined, ...opts });
  return diag;
}

afterEach(async () => {
  await diag?.close();
  diag = null;
  for (const pid of rt.processes()) rt.exit(pid, 'kill');
  logs.length = 0;
});

describe('where it listens', () => {
  it('binds to loopback by default, with a fresh 43-character token', async () => {
    const d = await setup();
    expect(d.host).toBe('127.0.0.1');
    expect(d.url).toBe(`http://127.0.0.1:${d.port}/`);
    expect(d.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const other = await start({ runtime: rt, warn: () => undefined });
    expect(other.token).not.toBe(d.token);
    await other.close();
  });

  it('warns when bound to an address other than loopback', async () => {
    const warnings: string[] = [];
    rt = new Runtime({ logger: () => undefined });
    diag = await start({ runtime: rt, host: '0.0.0.0', warn: (m) => warnings.push(m) });
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/listens on 0\.0\.0\.0:\d+, not on loopback/);
    const quiet: string[] = [];
    const local = await start({ runtime: rt, warn: (m) => quiet.push(m) });
    expect(quiet).toEqual([]);
    await local.close();
  });

  it('refuses a token shorter than 16 characters', async () => {
    rt = new Runtime({ logger: () => undefined });
    await expect(start({ runtime: rt, token: 'short' })).rejects.toThrow(/at least 16/);
  });
});

describe('the token', () => {
  it('is required on every API request: missing, wrong, of another length, or in the URL → 401 with why', async () => {
    const d = await setup();
    for (const path of ['/api/node', '/api/processes', '/api/tree', '/api/events', '/api/processes/1']) {
      const r = await call(d, path, { token: null });
      expect([path, r.status, r.body.error]).toEqual([path, 401, 'missing_token']);
      expect(r.headers['www-authenticate']).toMatch(/^Bearer/);
    }
    const sameLength = d.token.slice(0, -1) + (d.token.endsWith('A') ? 'B' : 'A');
    expect((await call(d, '/api/node', { token: sameLength })).body.error).toBe('wrong_token');
    expect((await call(d, '/api/node', { token: 'x'.repeat(100) })).body.error).toBe('wrong_token');
    expect((await call(d, '/api/traces', { token: 'nope-nope-nope-nope', body: { limit: { count: 1 } } })).status).toBe(401);
    const inUrl = await call(d, `/api/node?token=${d.token}`, { token: null });
    expect([inUrl.status, inUrl.body.error]).toEqual([401, 'missing_token']);
    expect((await call(d, '/api/node', { headers: { authorization: `Basic ${d.token}` }, token: null })).status).toBe(401);
    expect((await call(d, '/api/node')).status).toBe(200);
  });

  it('is compared in constant time: tokenMatches hashes both sides (equal-length buffers whatever is sent)', () => {
    const token = 'a'.repeat(43);
    expect(tokenMatches(token, token)).toBe(true);
    expect(tokenMatches(token, 'a'.repeat(42))).toBe(false);
    expect(tokenMatches(token, '')).toBe(false);
    expect(tokenMatches(token, 'b'.repeat(10_000))).toBe(false);
    const src = readFileSync(fileURLToPath(new URL('../../diagnostics/auth.ts', import.meta.url)), 'utf8');
    expect(src).toMatch(/timingSafeEqual\(a, b\)/);
    expect(src).not.toMatch(/given\s*===\s*token|token\s*===\s*given/);
  });
});

describe('Host and Origin', () => {
  it('refuses a foreign Host (DNS rebinding), also for the page', async () => {
    const d = await setup();
    for (const path of ['/api/node', '/']) {
      const r = await call(d, path, { headers: { host: `evil.example:${d.port}` } });
      expect([path, r.status, r.body.error]).toEqual([path, 403, 'forbidden_host']);
    }
    expect((await call(d, '/api/node', { headers: { host: `127.0.0.1:${d.port + 1}` } })).status).toBe(403);
    expect((await call(d, '/api/node', { headers: { host: `localhost:${d.port}` } })).status).toBe(200);
  });

  it('refuses a foreign or opaque Origin, and cross-site fetches', async () => {
    const d = await setup();
    const foreign = await call(d, '/api/node', { headers: { origin: 'http://evil.example' } });
    expect([foreign.status, foreign.body.error]).toEqual([403, 'forbidden_origin']);
    expect((await call(d, '/api/node', { headers: { origin: 'null' } })).body.error).toBe('forbidden_origin');
    expect((await call(d, '/api/node', { headers: { origin: `https://127.0.0.1:${d.port}` } })).status).toBe(403);
    expect((await call(d, '/api/node', { headers: { 'sec-fetch-site': 'cross-site' } })).status).toBe(403);
    expect((await call(d, '/api/node', { headers: { origin: `http://127.0.0.1:${d.port}` } })).status).toBe(200);
    // no CORS: nothing tells a browser another origin may read the answers
    expect((await call(d, '/api/node')).headers['access-control-allow-origin']).toBeUndefined();
  });
});

describe('bodies and requests', () => {
  it('refuses an oversized body (413), a body that is not JSON (415, 400), an unknown route (404) and method (405)', async () => {
    const d = await setup({ maxBodyBytes: 1024 });
    const s = await openStream(d);
    const big = await call(d, '/api/traces', { raw: JSON.stringify({ pad: 'x'.repeat(5000) }), headers: { 'content-type': 'application/json', 'x-otpscope-session': s.session } });
    expect([big.status, big.body.error]).toEqual([413, 'body_too_large']);
    const text = await call(d, '/api/traces', { raw: 'target=1', headers: { 'content-type': 'text/plain' } });
    expect([text.status, text.body.error]).toEqual([415, 'unsupported_media_type']);
    const broken = await call(d, '/api/traces', { raw: '{"limit":', headers: { 'content-type': 'application/json' } });
    expect([broken.status, broken.body.error]).toEqual([400, 'bad_json']);
    expect((await call(d, '/api/nothing')).status).toBe(404);
    expect((await call(d, '/api/tree', { method: 'DELETE' })).status).toBe(405);
    s.close();
  });

  it('refuses an unknown pid (404) and a trace without a limit (400), saying why', async () => {
    const d = await setup();
    const r = await call(d, '/api/processes/%3C0.4242.0%3E');
    expect(r.status).toBe(404);
    expect(r.body.message).toMatch(/no live process <0\.4242\.0>/);
    const s = await openStream(d);
    const p = rt.spawn((self) => self.loop(() => undefined));
    const t = await call(d, '/api/traces', { body: { target: { pid: String(p) } }, headers: { 'x-otpscope-session': s.session } });
    expect([t.status, t.body.error]).toEqual([400, 'limit_required']);
    s.close();
  });
});

describe('actions', () => {
  it('are refused when off (the default): 403 for each, and nothing happens', async () => {
    const d = await setup();
    const p = rt.spawn((self) => self.loop(() => undefined));
    for (const action of ['suspend', 'resume', 'kill', 'compact-mailbox', 'log-level']) {
      const r = await call(d, '/api/actions', { body: { action, pid: String(p), level: 'error' } });
      expect([action, r.status, r.body.error]).toEqual([action, 403, 'actions_disabled']);
    }
    expect(rt.isAlive(p)).toBe(true);
    expect(logs).toEqual([]);
  });

  it('when on, do what they say, and each is logged with who asked', async () => {
    const d = await setup({ actions: true });
    const server = GenServer.okPid(await rt.runAs(rt.external, () => GenServer.start({ init: () => ['ok', 0], handleCast: (_m, s: number) => ['noreply', s + 1] }, undefined)));
    const suspend = await call(d, '/api/actions', { body: { action: 'suspend', pid: String(server) } });
    expect(suspend.body).toMatchObject({ action: 'suspend', result: 'suspended' });
    expect(server.proc.suspended).toBe(true);
    await call(d, '/api/actions', { body: { action: 'resume', pid: String(server) } });
    expect(server.proc.suspended).toBe(false);
    const plain: Pid = rt.spawn((self) => self.receive((m) => m === 'never'));
    for (let i = 0; i < 100; i++) rt.send(plain, i);
    await rt.settled();
    plain.proc.removeMessage(() => true);
    const notSpecial = await call(d, '/api/actions', { body: { action: 'suspend', pid: String(plain) } });
    expect([notSpecial.status, notSpecial.body.error]).toEqual([409, 'not_special']);
    // drain the ring by hand, then give the slots back
    while (plain.proc.mailbox.length > 0) plain.proc.mailbox.shift();
    const compact = await call(d, '/api/actions', { body: { action: 'compact-mailbox', pid: String(plain) } });
    expect(compact.body.result).toMatch(/^\d+ slots freed$/);
    expect(plain.proc.mailbox.capacity).toBe(0);
    const level = await call(d, '/api/actions', { body: { action: 'log-level', level: 'error' } });
    expect(level.body.result).toBe('log level error');
    rt.log({ level: 'warning', label: 'dropped now', report: {} });
    const kill = await call(d, '/api/actions', { body: { action: 'kill', pid: String(plain) } });
    expect(kill.body.result).toBe('killed');
    expect(rt.isAlive(plain)).toBe(false);
    expect((await call(d, '/api/actions', { body: { action: 'kill', pid: String(plain) } })).status).toBe(404);
    expect((await call(d, '/api/actions', { body: { action: 'format-disk' } })).body.error).toBe('unknown_action');
    const logged = logs.filter((e) => e.label === 'diagnostics:action').map((e) => e.report as { action: string; by: string });
    expect(logged.map((r) => r.action)).toEqual(['suspend', 'resume', 'compact-mailbox', 'log-level', 'kill']);
    expect(logged.every((r) => r.by.startsWith('127.0.0.1:'))).toBe(true);
    expect(logs.some((e) => e.label === 'dropped now')).toBe(false);
    await GenServer.stop(server);
  });
});

describe('no code is evaluated', () => {
  it('the endpoint has no eval, Function constructor or vm, and a pattern that looks like code is text', async () => {
    const dir = fileURLToPath(new URL('../../diagnostics/', import.meta.url));
    const sources = readdirSync(dir).filter((f) => f.endsWith('.ts'));
    expect(sources.length).toBeGreaterThan(5);
    for (const f of sources) {
      const src = readFileSync(dir + f, 'utf8');
      expect([f, /\beval\s*\(|new\s+Function\s*\(|\bFunction\s*\(|node:vm|require\(['"]vm/.test(src)]).toEqual([f, false]);
    }
    const d = await setup();
    const p = rt.spawn((self) => self.loop(() => undefined));
    const s = await openStream(d);
    const probe = { ran: false };
    (globalThis as { __otpscopeProbe?: typeof probe }).__otpscopeProbe = probe;
    const t = await call(d, '/api/traces', {
      body: { target: { pid: String(p) }, kinds: ['in'], pattern: 'globalThis.__otpscopeProbe.ran = true', limit: { count: 1 }, durationMs: 50 },
      headers: { 'x-otpscope-session': s.session },
    });
    expect(t.status).toBe(201);
    rt.send(p, 'hello');
    expect((await s.next('trace-stopped')).reason).toBe('duration');
    expect(probe.ran).toBe(false);
    s.close();
  });
});

describe('the page', () => {
  it('is served without the token but holds no data, with a strict CSP and no caching', async () => {
    const d = await setup();
    const p = rt.spawn((self) => {
      self.register('secret_service_name');
      self.loop(() => undefined);
    });
    await rt.settled();
    for (const path of ['/', '/app.js', '/style.css']) {
      const r = await call(d, path, { token: null });
      expect([path, r.status]).toEqual([path, 200]);
      expect(r.text).not.toContain('secret_service_name');
      expect(r.text).not.toContain(d.token);
      expect(r.headers['content-security-policy']).toMatch(/default-src 'none'; script-src 'self'/);
      expect(r.headers['cache-control']).toBe('no-store');
      expect(r.headers['x-frame-options']).toBe('DENY');
    }
    expect((await call(d, '/../package.json', { token: null })).status).toBe(404);
    rt.exit(p, 'kill');
  });
});
