/**
 * Bounded live tracing through the endpoint, recon_trace's contract: a trace
 * without a limit is refused; it stops itself at its count, when its rate
 * trips, at its duration cap and when its targets exit, each time saying
 * why; two clients tracing the same process see only their own trace; a
 * client's disconnect ends its traces; the output passes the redactor's 'log'
 * site; an untraced process costs nothing (its messages build no event).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { start, type Diagnostics } from '../../diagnostics/index.ts';
import { Runtime, type Pid, type SysEvent } from '../../runtime/index.ts';
import { call, eventually, openStream, type EventStream } from './client.ts';

let diag: Diagnostics | null = null;
let rt: Runtime;
const streams: EventStream[] = [];

async function setup(): Promise<Diagnostics> {
  rt = new Runtime({ logger: () => undefined });
  diag = await start({ runtime: rt, warn: () => undefined });
  return diag;
}

afterEach(async () => {
  for (const s of streams.splice(0)) s.close();
  await diag?.close();
  diag = null;
  for (const pid of rt.processes()) rt.exit(pid, 'kill');
});

async function stream(d: Diagnostics): Promise<EventStream> {
  const s = await openStream(d);
  streams.push(s);
  return s;
}

const echo = (): Pid => rt.spawn((self) => self.loop(() => undefined));

function trace(d: Diagnostics, s: EventStream | null, body: Record<string, unknown>): ReturnType<typeof call> {
  return call(d, '/api/traces', { body, headers: s === null ? {} : { 'x-otpscope-session': s.session } });
}

const traced = (s: EventStream, id: unknown): string[] =>
  s.events.filter((e) => e.event === 'trace' && e.data.trace === id).map((e) => (e.data.event as { text: string }).text);

describe('refusals', () => {
  it('refuses a trace with no limit, no target, a wildcard, unknown kinds, no session', async () => {
    const d = await setup();
    const p = echo();
    const s = await stream(d);
    const noLimit = await trace(d, s, { target: { pid: String(p) } });
    expect(noLimit.status).toBe(400);
    expect(noLimit.body.error).toBe('limit_required');
    expect(noLimit.body.message).toMatch(/needs a limit/);
    expect((await trace(d, s, { target: { pid: String(p) }, limit: { count: 0 } })).body.error).toBe('bad_trace');
    expect((await trace(d, s, { target: { pid: String(p) }, limit: { count: 5, rate: 3 } })).body.error).toBe('bad_trace');
    expect((await trace(d, s, { target: { pid: String(p) }, limit: { rate: 5000 } })).body.error).toBe('bad_trace');
    expect((await trace(d, s, { limit: { count: 5 } })).body.error).toBe('target_required');
    expect((await trace(d, s, { target: {}, limit: { count: 5 } })).body.error).toBe('target_required');
    expect((await trace(d, s, { target: { pid: String(p), name: 'x' }, limit: { count: 5 } })).body.error).toBe('target_required');
    expect((await trace(d, s, { target: { pid: String(p) }, kinds: ['in', 'bogus'], limit: { count: 5 } })).body.error).toBe('bad_trace');
    expect((await trace(d, s, { target: { pid: String(p) }, limit: { count: 5 }, durationMs: 10_000_000 })).body.error).toBe('bad_trace');
    const unknown = await trace(d, s, { target: { pid: '<0.999.0>' }, limit: { count: 5 } });
    expect([unknown.status, unknown.body.error]).toEqual([404, 'no_such_process']);
    // a behaviour naming more processes than a trace may hold
    for (let i = 0; i < 60; i++) echo();
    const many = await trace(d, s, { target: { behaviour: 'plain' }, limit: { count: 5 } });
    expect([many.status, many.body.error]).toEqual([400, 'too_many_targets']);
    const noSession = await trace(d, null, { target: { pid: String(p) }, limit: { count: 5 } });
    expect([noSession.status, noSession.body.error]).toEqual([409, 'no_session']);
    expect(d.traces).toBe(0);
  });
});

describe('limits and auto-stop', () => {
  it('stops at its count and says so', async () => {
    const d = await setup();
    const p = echo();
    const s = await stream(d);
    const t = await trace(d, s, { target: { pid: String(p) }, kinds: ['in'], limit: { count: 3 } });
    expect(t.status).toBe(201);
    for (let i = 0; i < 10; i++) rt.send(p, ['job', i]);
    const stopped = await s.next('trace-stopped', (x) => x.id === t.body.id);
    expect(stopped).toMatchObject({ reason: 'count', events: 3 });
    expect(stopped.message).toMatch(/limit reached: 3 events/);
    expect(traced(s, t.body.id)).toEqual(['in info [job,0]', 'in info [job,1]', 'in info [job,2]']);
    expect(d.traces).toBe(0);
    // its listener is gone: the process costs nothing again
    expect(p.proc.watched).toBe(false);
  });

  it('trips its rate limit (more than N events in the interval) and stops', async () => {
    const d = await setup();
    const p = echo();
    const s = await stream(d);
    const t = await trace(d, s, { target: { pid: String(p) }, kinds: ['in'], limit: { rate: 5, perMs: 60_000 } });
    for (let i = 0; i < 5; i++) rt.send(p, i);
    await rt.settled();
    expect(d.traces).toBe(1);
    rt.send(p, 'one too many');
    const stopped = await s.next('trace-stopped', (x) => x.id === t.body.id);
    expect(stopped).toMatchObject({ reason: 'rate', events: 5 });
    expect(stopped.message).toMatch(/rate limit tripped: more than 5 events in 60000 ms/);
  });

  it('stops at its duration cap', async () => {
    const d = await setup();
    const p = echo();
    const s = await stream(d);
    const t = await trace(d, s, { target: { pid: String(p) }, limit: { count: 100 }, durationMs: 30 });
    const stopped = await s.next('trace-stopped', (x) => x.id === t.body.id);
    expect(stopped).toMatchObject({ reason: 'duration', events: 0 });
  });

  it('stops when its targets have exited, with the exit traced', async () => {
    const d = await setup();
    const p = echo();
    const s = await stream(d);
    const t = await trace(d, s, { target: { pid: String(p) }, limit: { count: 100 } });
    rt.exit(p, 'shutdown');
    const stopped = await s.next('trace-stopped', (x) => x.id === t.body.id);
    expect(stopped.reason).toBe('targets-exited');
    expect(traced(s, t.body.id)).toEqual(['exit shutdown']);
  });

  it('filters by a message pattern (shape tag or redacted text), by name, label and behaviour', async () => {
    const d = await setup();
    const p = rt.spawn((self) => {
      self.register('jobs');
      self.setLabel('job_runner');
      self.loop(() => undefined);
    });
    await rt.settled();
    const s = await stream(d);
    const byName = await trace(d, s, { target: { name: 'jobs' }, kinds: ['in'], pattern: 'urgent', limit: { count: 2 } });
    const byLabel = await trace(d, s, { target: { label: 'job_runner' }, kinds: ['in'], pattern: 'big', limit: { count: 1 } });
    expect(byName.status).toBe(201);
    expect(byLabel.body.targets).toEqual([String(p)]);
    rt.send(p, ['normal', 1]);
    rt.send(p, ['urgent', 2]);
    rt.send(p, { size: 'big' });
    rt.send(p, ['urgent', 3]);
    await s.next('trace-stopped', (x) => x.id === byName.body.id);
    await s.next('trace-stopped', (x) => x.id === byLabel.body.id);
    expect(traced(s, byName.body.id)).toEqual(['in info [urgent,2]', 'in info [urgent,3]']);
    expect(traced(s, byLabel.body.id)).toEqual(['in info #{size => big}']);
  });
});

describe('isolation and lifetime', () => {
  it('two clients tracing one process each see only their own trace, and cannot stop the other', async () => {
    const d = await setup();
    const p = echo();
    const a = await stream(d);
    const b = await stream(d);
    const ta = await trace(d, a, { target: { pid: String(p) }, kinds: ['in'], limit: { count: 2 } });
    const tb = await trace(d, b, { target: { pid: String(p) }, kinds: ['in'], pattern: 'b', limit: { count: 1 } });
    const steal = await call(d, `/api/traces/${String(tb.body.id)}`, { method: 'DELETE', headers: { 'x-otpscope-session': a.session } });
    expect([steal.status, steal.body.error]).toEqual([404, 'no_such_trace']);
    rt.send(p, 'a');
    rt.send(p, 'b');
    await a.next('trace-stopped', (x) => x.id === ta.body.id);
    await b.next('trace-stopped', (x) => x.id === tb.body.id);
    expect(a.events.filter((e) => e.event.startsWith('trace')).every((e) => e.data.trace === ta.body.id || e.data.id === ta.body.id)).toBe(true);
    expect(b.events.filter((e) => e.event.startsWith('trace')).every((e) => e.data.trace === tb.body.id || e.data.id === tb.body.id)).toBe(true);
    expect(traced(a, ta.body.id)).toEqual(['in info a', 'in info b']);
    expect(traced(b, tb.body.id)).toEqual(['in info b']);
  });

  it('a client stops its own trace; its disconnect ends the traces it still had', async () => {
    const d = await setup();
    const p = echo();
    const s = await stream(d);
    const t1 = await trace(d, s, { target: { pid: String(p) }, limit: { count: 100 } });
    const del = await call(d, `/api/traces/${String(t1.body.id)}`, { method: 'DELETE', headers: { 'x-otpscope-session': s.session } });
    expect(del.status).toBe(200);
    expect((await s.next('trace-stopped', (x) => x.id === t1.body.id)).reason).toBe('stopped');
    await trace(d, s, { target: { pid: String(p) }, limit: { count: 100 } });
    expect(d.traces).toBe(1);
    expect(p.proc.watched).toBe(true);
    s.close();
    await eventually(() => d.traces === 0);
    expect(p.proc.watched).toBe(false);
    // no per-pid listener is left (the collector's own stays for the lease of the DELETE request)
    expect(rt.interest.pidCount).toBe(0);
  });
});

describe('what leaves', () => {
  it("passes the redactor's 'log' site: a withheld message shows as its kind", async () => {
    const d = await setup();
    rt.setRedactor((v, site) => (site === 'log' && typeof v === 'object' && v !== null && 'password' in v ? undefined : v));
    const p = echo();
    const s = await stream(d);
    const t = await trace(d, s, { target: { pid: String(p) }, kinds: ['in'], limit: { count: 2 } });
    rt.send(p, { password: 'hunter2' });
    rt.send(p, { user: 'ann' });
    await s.next('trace-stopped', (x) => x.id === t.body.id);
    expect(traced(s, t.body.id)).toEqual(['in info <map>', 'in info #{user => ann}']);
    expect(JSON.stringify(s.events)).not.toContain('hunter2');
    // a pattern cannot probe a withheld value either: it matches the redacted text
    const probe = await trace(d, s, { target: { pid: String(p) }, kinds: ['in'], pattern: 'hunter2', limit: { count: 1 }, durationMs: 50 });
    rt.send(p, { password: 'hunter2' });
    expect((await s.next('trace-stopped', (x) => x.id === probe.body.id)).reason).toBe('duration');
  });

  it('an untraced process builds no events while another is traced', async () => {
    const d = await setup();
    const p = echo();
    const other = echo();
    const built: SysEvent[] = [];
    const emit = rt.emit.bind(rt);
    rt.emit = (e) => {
      built.push(e);
      emit(e);
    };
    const s = await stream(d);
    await trace(d, s, { target: { pid: String(p) }, limit: { count: 100 } });
    for (let i = 0; i < 50; i++) rt.send(other, i);
    await rt.settled();
    expect(built.filter((e) => e.pid === other)).toEqual([]);
  });
});
