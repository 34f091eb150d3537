import { SamplingDecision, SpanKind, SpanStatusCode, trace, type Attributes } from '@opentelemetry/api';
import { InMemorySpanExporter, SimpleSpanProcessor, TracerProvider, type Sampler } from '@opentelemetry/sdk-trace';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { instrument, type Instrumented } from '../otel/index.ts';
import {
  GenServer,
  bounded,
  events,
  Runtime,
  Supervisor,
  recordEverything,
  setRuntime,
  type LogEvent,
  type Self,
} from '../runtime/index.ts';
import { otelFixture } from './otel-fixture.ts';
import { waitForEvent } from '../vitest-plugin/index.ts';

const otel = otelFixture();
let rt: Runtime;
let logs: LogEvent[];
let handle: Instrumented;

beforeEach(() => {
  logs = [];
  rt = new Runtime({ logger: (e) => logs.push(e) });
  setRuntime(rt);
  otel.spans.reset();
  handle = instrument(rt);
});
afterEach(() => handle.stop());

/** A server that forwards each call to `next` (if any) and replies with the answer plus its own name. */
function relay(name: string, next: string | null): GenServer.GenServerBehaviour<null> {
  return {
    init: () => ['ok', null],
    async handleCall(req, _from, s, self: Self) {
      const below = next === null ? 'end' : await GenServer.call(next, req, { caller: self });
      return ['reply', `${name}>${String(below)}`, s];
    },
    handleCast: (_m, s) => ['noreply', s],
    handleInfo: (m, s) => {
      if (m === 'boom') throw new Error('boom in handleInfo');
      return ['noreply', s];
    },
  };
}

async function start(mod: GenServer.GenServerBehaviour<null>, name: string) {
  return GenServer.okPid(await GenServer.start(mod, undefined, { name, runtime: rt }));
}

describe('spans per handled message', () => {
  it('makes a call chain A → B → C one trace: each handler span the child of its caller', async () => {
    await start(relay('a', 'b'), 'a');
    await start(relay('b', 'c'), 'b');
    await start(relay('c', null), 'c');
    otel.spans.reset();
    const tracer = trace.getTracer('test');
    const answer = await tracer.startActiveSpan('test request', async (root) => {
      const r = await GenServer.call('a', 'ping');
      root.end();
      return r;
    });
    expect(answer).toBe('a>b>c>end');
    const spans = otel.finished();
    const byName = (n: string) => spans.find((s) => s.name === n);
    const root = byName('test request');
    const [a, b, c] = ['call a', 'call b', 'call c'].map(byName);
    expect(root && a && b && c).toBeTruthy();
    const traceId = root?.spanContext().traceId;
    for (const s of [a, b, c]) {
      expect(s?.spanContext().traceId).toBe(traceId);
      expect(s?.kind).toBe(SpanKind.CONSUMER);
      expect(s?.attributes['messaging.operation.type']).toBe('process');
      expect(s?.attributes['messaging.operation.name']).toBe('call');
      expect(s?.attributes['messaging.system.name']).toBe('otpscope');
      expect(s?.attributes['otp.outcome']).toBe('reply');
    }
    expect(a?.parentSpanContext?.spanId).toBe(root?.spanContext().spanId);
    expect(b?.parentSpanContext?.spanId).toBe(a?.spanContext().spanId);
    expect(c?.parentSpanContext?.spanId).toBe(b?.spanContext().spanId);
    expect(a?.attributes['messaging.destination.name']).toBe('a');
    expect(a?.links.map((l) => l.context.spanId)).toEqual([root?.spanContext().spanId]);
  });

  it('links a cast to its sender instead of parenting it', async () => {
    await start(relay('a', null), 'a');
    otel.spans.reset();
    const tracer = trace.getTracer('test');
    tracer.startActiveSpan('sender', (s) => {
      GenServer.cast('a', 'hello');
      s.end();
    });
    await rt.settled();
    const sender = otel.finished().find((s) => s.name === 'sender');
    const handled = otel.finished().find((s) => s.name === 'cast a');
    expect(handled?.attributes['messaging.operation.name']).toBe('cast');
    expect(handled?.spanContext().traceId).not.toBe(sender?.spanContext().traceId);
    expect(handled?.links[0]?.context.spanId).toBe(sender?.spanContext().spanId);
    expect(handled?.attributes['otp.outcome']).toBe('noreply');
  });

  it('carries the context across send_after', async () => {
    await start(relay('a', null), 'a');
    otel.spans.reset();
    const tracer = trace.getTracer('test');
    const ticked = waitForEvent('a', 'in', (e) => e.message === 'tick');
    tracer.startActiveSpan('armer', (s) => {
      rt.sendAfter(1, 'a', 'tick');
      s.end();
    });
    await ticked;
    await rt.settled();
    const armer = otel.finished().find((s) => s.name === 'armer');
    const handled = otel.finished().find((s) => s.name === 'info a' && s.attributes['messaging.operation.name'] === 'info');
    expect(handled?.links[0]?.context.spanId).toBe(armer?.spanContext().spanId);
  });

  it('marks a crash: error status, the exception recorded, outcome crash', async () => {
    const a = await start(relay('a', null), 'a');
    otel.spans.reset();
    rt.send(a, 'boom');
    await rt.settled();
    const span = otel.finished().find((s) => s.name === 'info a');
    expect(span?.status.code).toBe(SpanStatusCode.ERROR);
    expect(span?.events.some((e) => e.name === 'exception')).toBe(true);
    expect(span?.attributes['otp.outcome']).toBe('crash');
    expect(String(span?.attributes['otp.exit.reason'])).toContain('boom in handleInfo');
  });

  it('records no payloads by default, and redacted, size-limited ones when asked', async () => {
    const a = await start(relay('a', null), 'a');
    otel.spans.reset();
    GenServer.cast(a, { secret: 'x'.repeat(5000) });
    await rt.settled();
    const quiet = otel.finished().find((s) => s.name === 'cast a');
    expect(quiet?.attributes['otp.message.payload']).toBeUndefined();
    expect(quiet?.attributes['otp.message.type']).toBe('map');
    handle.stop();
    handle = instrument(rt, { capturePayloads: true });
    rt.setRedactor(recordEverything);
    otel.spans.reset();
    GenServer.cast(a, { secret: 'x'.repeat(5000) });
    await rt.settled();
    const loud = otel.finished().find((s) => s.name === 'cast a');
    const payload = String(loud?.attributes['otp.message.payload']);
    expect(payload).toContain('secret');
    expect(payload.length).toBeLessThan(1200);
  });

  it("gives a sampler the conventions' sampling attributes at start, and the rest at the end", async () => {
    const a = await start(relay('a', null), 'a');
    const offered: Attributes[] = [];
    const sampler: Sampler = {
      shouldSample: (_ctx, _trace, _name, _kind, attributes) => {
        offered.push({ ...attributes });
        return { decision: SamplingDecision.RECORD_AND_SAMPLED };
      },
      toString: () => 'recording sampler',
    };
    const exporter = new InMemorySpanExporter();
    const provider = new TracerProvider({ sampler, spanProcessors: [new SimpleSpanProcessor({ exporter })] });
    handle.stop();
    handle = instrument(rt, { tracerProvider: provider, metrics: false });
    otel.spans.reset();
    GenServer.cast(a, 'hello');
    await rt.settled();
    expect(offered).toEqual([
      {
        'messaging.system.name': 'otpscope',
        'messaging.operation.type': 'process',
        'messaging.operation.name': 'cast',
        'messaging.destination.name': 'a',
      },
    ]);
    const [span] = exporter.getFinishedSpans();
    expect(span?.attributes).toEqual({
      ...offered[0],
      'messaging.client.id': String(a),
      'otp.behaviour': 'gen_server',
      'otp.message.type': 'atom',
      'otp.outcome': 'noreply',
      'otp.mailbox.wait': expect.any(Number),
    });
    expect(otel.finished().filter((s) => s.name === 'cast a')).toEqual([]);
  });

  it('carries a labelled process\'s label (self.setLabel) as otp.process.label', async () => {
    const labelled: GenServer.GenServerBehaviour<null> = {
      init: (_a, self) => {
        self.setLabel(['conn', 42]);
        return ['ok', null];
      },
      handleCast: (_m, s) => ['noreply', s],
    };
    const pid = await start(labelled, 'labelled');
    otel.spans.reset();
    GenServer.cast(pid, 'hello');
    await rt.settled();
    const [span] = otel.finished().filter((s) => s.name === 'cast labelled');
    expect(span?.attributes['otp.process.label']).toBe('[conn,42]');
  });

  it('ends the span of a handling cut short by a kill (an async handler that never settles)', async () => {
    const stuck: GenServer.GenServerBehaviour<null> = {
      init: () => ['ok', null],
      handleCast: () => new Promise(() => undefined),
    };
    const pid = await start(stuck, 'stuck');
    rt.enableFlightRecorder(8);
    otel.spans.reset();
    GenServer.cast(pid, 'wait forever');
    await rt.settled();
    expect(otel.finished().filter((s) => s.name === 'cast stuck')).toEqual([]);
    rt.exit(pid, 'kill');
    await rt.settled();
    const [span] = otel.finished().filter((s) => s.name === 'cast stuck');
    expect(span?.status.code).toBe(SpanStatusCode.ERROR);
    expect(span?.attributes['otp.outcome']).toBe('crash');
    expect(span?.attributes['otp.exit.reason']).toBe('killed');
    // with what led to it, from the flight recorder
    expect(span?.events.map((x) => x.name)).toContain('recent in cast');
    rt.enableFlightRecorder(0);
    // a plain process whose async body awaits: its start span ends when the body first waits, not with the process
    const waiter = rt.spawn(async (self) => {
      await self.receive();
    }, { name: 'waiter' });
    await rt.settled();
    const [body] = otel.finished().filter((s) => s.name === 'start waiter');
    expect(body?.attributes['messaging.operation.name']).toBe('start');
    expect(body?.attributes['otp.outcome']).toBe('start');
    rt.exit(waiter, 'kill');
    await rt.settled();
  });

  it('is turned off at run time by stop()', async () => {
    const a = await start(relay('a', null), 'a');
    handle.stop();
    expect(rt.instrumentation).toBeNull();
    otel.spans.reset();
    GenServer.cast(a, 'x');
    await rt.settled();
    expect(otel.finished()).toEqual([]);
    handle = instrument(rt);
  });
});

describe('supervisor restarts and the flight recorder', () => {
  it('shows a restart as a span event and starts the new child inside the supervisor span', async () => {
    handle.stop();
    handle = instrument(rt, { flightRecorder: 8 });
    const sup = GenServer.okPid(
      await Supervisor.start(
        { init: () => ['ok', { strategy: 'one_for_one', intensity: 5 }, [{ id: 'w', start: () => GenServer.startLink(relay('w', null), undefined, { name: 'w' }) }]] },
        undefined,
        { name: 'sup', runtime: rt },
      ),
    );
    otel.spans.reset();
    const restarted = waitForEvent(sup, 'restart');
    rt.send(rt.whereis('w') as never, 'boom');
    await restarted;
    await rt.settled();
    const spans = otel.finished();
    const supSpans = spans.filter((s) => s.name === 'info sup' && s.events.some((e) => e.name === 'child restarted'));
    expect(supSpans).toHaveLength(1);
    const supSpan = supSpans[0];
    const start = spans.find((s) => s.name === 'start w' && s.attributes['messaging.operation.name'] === 'start');
    expect(start?.parentSpanContext?.spanId).toBe(supSpan?.spanContext().spanId);
    const crashed = spans.find((s) => s.name === 'info w' && s.status.code === SpanStatusCode.ERROR);
    expect(crashed?.events.some((e) => e.name.startsWith('recent '))).toBe(true);
    const report = logs.find((l) => l.label === 'proc_lib:crash')?.report as { recentEvents?: unknown[] } | undefined;
    expect(report?.recentEvents?.length).toBeGreaterThan(0);
    await GenServer.stop(sup);
  });

  it("names each recent event's kind, peer and message shape on the crash span, never the message's content", async () => {
    handle.stop();
    handle = instrument(rt, { flightRecorder: 8 });
    const worker: GenServer.GenServerBehaviour<null> = {
      init: () => ['ok', null],
      handleCall: (_r, _f, s) => ['reply', ['pong', 'hunter2-secret'], s],
      handleCast: (m, s, self: Self) => {
        self.send(rt.whereis('audit') as never, ['seen', m]);
        return ['noreply', s];
      },
      handleInfo: (m, s) => {
        if (Array.isArray(m) && m[0] === 'crash') throw new Error('crash on request');
        return ['noreply', s];
      },
    };
    const audit = rt.spawn((self) => self.loop(() => undefined), { name: 'audit' });
    const pid = await start(worker, 'fr_worker');
    otel.spans.reset();
    GenServer.cast(pid, ['card', 'hunter2-secret']);
    const caller = rt.spawn(async (self) => {
      await GenServer.call(pid, 'ping', { caller: self });
    });
    await rt.settled();
    rt.spawn((self) => {
      self.send(pid, ['crash', 'hunter2-secret']);
    });
    await rt.settled();
    const crashed = otel.finished().find((s) => s.name === 'info fr_worker' && s.status.code === SpanStatusCode.ERROR);
    const recent = crashed?.events.filter((e) => e.name.startsWith('recent ')) ?? [];
    // the cast taken in, the message it sent on to 'audit', the message that crashed it: kind, peer, shape
    const sent = recent.find((e) => e.name === 'recent send');
    expect(sent?.attributes).toMatchObject({ 'otp.event.kind': 'send', 'otp.event.peer': String(audit), 'otp.message.type': '{seen,…}' });
    // a call taken in and its reply name the caller
    expect(recent.find((e) => e.name === 'recent in call')?.attributes).toMatchObject({ 'otp.event.kind': 'in', 'otp.event.peer': String(caller), 'otp.message.type': 'atom' });
    expect(recent.find((e) => e.name === 'recent out')?.attributes).toMatchObject({ 'otp.event.kind': 'out', 'otp.event.peer': String(caller), 'otp.message.type': '{pong,…}' });
    // a message taken in names no sender (OTP's {in, Msg} has none): its shape says what it was
    expect(recent.find((e) => e.name === 'recent in info')?.attributes).toMatchObject({ 'otp.event.kind': 'in', 'otp.message.type': '{crash,…}' });
    expect(recent.find((e) => e.name === 'recent in cast')?.attributes).toMatchObject({ 'otp.event.kind': 'in', 'otp.message.type': '{card,…}' });
    // in time order, with their own times (the recorder asks for timestamps)
    const times = recent.map((e) => e.time[0] * 1e9 + e.time[1]);
    expect([...times].sort((a, b) => a - b)).toEqual(times);
    expect(JSON.stringify(crashed?.events)).not.toContain('hunter2');
    rt.exit(audit, 'kill');
    await rt.settled();
  });
});

describe('metrics', () => {
  it('counts messages, crashes, and observes processes and mailboxes without pid labels', async () => {
    const before = await otel.collect();
    const a = await start(relay('a', null), 'a');
    for (let i = 0; i < 3; i++) GenServer.cast(a, i);
    await GenServer.call(a, 'x');
    rt.send(a, 'boom');
    await rt.settled();
    const m = await otel.collect();
    const total = (data: typeof m, name: string) =>
      (data.get(name) ?? []).filter((p) => p.attributes['messaging.destination.name'] === 'a').reduce((t, p) => t + (p.value as number), 0);
    const sum = (name: string) => total(m, name) - total(before, name);
    // 3 casts, 1 call and the crashing info message in; the call's reply out
    expect(sum('otp.messages.in')).toBe(5);
    expect(sum('otp.messages.out')).toBe(1);
    expect(sum('otp.process.crashes')).toBe(1);
    // a crashed, nothing else alive in this runtime
    expect(m.get('otp.processes.alive')).toEqual([{ value: 0, attributes: {} }]);
    // one duration per handled message of a
    const handled = (data: typeof m) =>
      (data.get('messaging.process.duration') ?? []).filter((p) => p.attributes['messaging.destination.name'] === 'a').reduce((t, p) => t + (p.value as { count: number }).count, 0);
    expect(handled(m) - handled(before)).toBe(5);
    for (const points of m.values()) for (const p of points) expect(Object.values(p.attributes).some((v) => /^<0\.\d+\.0>$/.test(String(v)))).toBe(false);
  });

  it("measures a handling's duration on one clock, also while a test fakes performance.now", async () => {
    const a = await start(relay('timed', null), 'timed');
    const durations = (data: Awaited<ReturnType<typeof otel.collect>>) =>
      (data.get('messaging.process.duration') ?? []).filter((p) => p.attributes['messaging.destination.name'] === 'timed').map((p) => p.value as { count: number; min: number; max: number });
    // the fake clock far ahead of the real one: a start read on one and an end on the other is ~-1e6 s
    vi.useFakeTimers({ toFake: ['performance'] });
    try {
      vi.advanceTimersByTime(1e9);
      await GenServer.call(a, 'x');
    } finally {
      vi.useRealTimers();
    }
    const [point] = durations(await otel.collect());
    expect(point.count).toBe(1);
    expect(point.min).toBeGreaterThanOrEqual(0);
    expect(point.max).toBeLessThan(60);
  });

  it('counts events dropped by bounded stream consumers (otp.events.dropped)', async () => {
    const before = await otel.collect();
    const value = (data: typeof before) => (data.get('otp.events.dropped') ?? []).reduce((t, p) => t + (p.value as number), 0);
    const stats = { dropped: 0 };
    const sub = events(rt).pipe(bounded(4, stats)).subscribe(() => undefined);
    const a = await start(relay('dropper', null), 'dropper');
    for (let i = 0; i < 50; i++) GenServer.cast(a, i); // far more events than 4 in one turn
    await rt.settled();
    sub.unsubscribe();
    expect(stats.dropped).toBeGreaterThan(0);
    expect(value(await otel.collect()) - value(before)).toBe(stats.dropped);
  });

  it('sums the processes alive and mailbox sizes over every instrumented runtime', async () => {
    const other = new Runtime({ logger: () => undefined });
    const second = instrument(other);
    try {
      for (let i = 0; i < 2; i++) rt.spawn((self) => self.loop(() => undefined));
      for (let i = 0; i < 3; i++) other.spawn((self) => self.loop(() => undefined));
      const parked = other.spawn((self) => self.loop(() => undefined, () => false), { name: 'parked' });
      other.send(parked, 'x');
      other.send(parked, 'y');
      await other.settled();
      const m = await otel.collect();
      const alive = (m.get('otp.processes.alive') ?? []).reduce((t, p) => t + (p.value as number), 0);
      expect(rt.processCount).toBeGreaterThanOrEqual(2);
      expect(alive).toBe(rt.processCount + other.processCount);
      const parkedBox = (m.get('otp.process.mailbox.size') ?? []).find((p) => p.attributes['messaging.destination.name'] === 'parked');
      expect(parkedBox?.value).toBe(2);
    } finally {
      second.stop();
      for (const p of other.processes()) other.exit(p, 'kill');
    }
  });

  it('keeps reporting a runtime instrumented twice when one of the two stops (and stop is idempotent)', async () => {
    const twice = instrument(rt);
    twice.stop();
    twice.stop();
    for (let i = 0; i < 2; i++) rt.spawn((self) => self.loop(() => undefined));
    await rt.settled();
    const m = await otel.collect();
    expect((m.get('otp.processes.alive') ?? []).reduce((t, p) => t + (p.value as number), 0)).toBe(rt.processCount);
  });

  it('counts each dropped event once, also with several runtimes instrumented', async () => {
    const value = (data: Awaited<ReturnType<typeof otel.collect>>) => (data.get('otp.events.dropped') ?? []).reduce((t, p) => t + (p.value as number), 0);
    const other = new Runtime({ logger: () => undefined });
    const second = instrument(other);
    try {
      const before = value(await otel.collect());
      const stats = { dropped: 0 };
      const sub = events(rt).pipe(bounded(4, stats)).subscribe(() => undefined);
      const a = await start(relay('dropper2', null), 'dropper2');
      for (let i = 0; i < 50; i++) GenServer.cast(a, i);
      await rt.settled();
      sub.unsubscribe();
      expect(stats.dropped).toBeGreaterThan(0);
      expect(value(await otel.collect()) - before).toBe(stats.dropped);
    } finally {
      second.stop();
    }
  });

  it('caps the destination names that get their own series', async () => {
    handle.stop();
    handle = instrument(rt, { maxMetricNames: 2 });
    for (const n of ['n1', 'n2', 'n3', 'n4']) GenServer.cast(await start(relay(n, null), n), 'x');
    await rt.settled();
    const m = await otel.collect();
    const names = new Set((m.get('otp.messages.in') ?? []).map((p) => p.attributes['messaging.destination.name']));
    expect(names.has('(other)')).toBe(true);
    expect(handle.labelOverflow).toBeGreaterThan(0);
  });
});
