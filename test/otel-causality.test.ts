/**
 * Issue 12, in memory: causality (a death's context travels with its DOWN and
 * EXIT messages and the restart; a plain async body gets a span per received
 * message, not one for its life), conventions (span names, duration
 * attributes and buckets, replies counted, restarts by child id, conversation
 * ids, anonymous processes named by module/label), unsampled children making
 * no span while the context propagates, and the cardinality policy.
 */
import { ROOT_CONTEXT, context, trace, type Context } from '@opentelemetry/api';
import { InMemorySpanExporter, ParentBasedSampler, SimpleSpanProcessor, TraceIdRatioBasedSampler, TracerProvider, type ReadableSpan } from '@opentelemetry/sdk-trace';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { NameCap, OTHER, instrument, type InstrumentOptions, type Instrumented } from '../otel/index.ts';
import { From, GenServer, Runtime, Supervisor, setRuntime, spawnLink, sys, type Pid, type Process, type Self } from '../runtime/index.ts';
import { otelFixture } from './otel-fixture.ts';

const otel = otelFixture();
let rt: Runtime;
let handle: Instrumented;

beforeEach(() => {
  rt = new Runtime({ logger: () => undefined });
  setRuntime(rt);
  otel.spans.reset();
  handle = instrument(rt);
});
afterEach(async () => {
  handle.stop();
  for (const p of rt.processes()) rt.exit(p, 'kill');
  await rt.settled();
});

function reinstrument(o: InstrumentOptions): void {
  handle.stop();
  handle = instrument(rt, o);
}

const spanId = (s: ReadableSpan | undefined): string | undefined => s?.spanContext().spanId;
const linkedTo = (s: ReadableSpan | undefined): (string | undefined)[] => (s?.links ?? []).map((l) => l.context.spanId);

/** A plain process in a loop that throws on 'crash' and replies 'ok' to {from} otherwise. */
function crashOnRequest(self: Self): void {
  self.loop((m) => {
    if (m === 'crash') throw new Error('worker crashed');
  });
}

describe('causality: a death carries the context it happened in', () => {
  it('links the DOWN span of a monitor to the span of the handling the process died in, not to the scheduler pass', async () => {
    const worker = rt.spawn(crashOnRequest, { name: 'worker' });
    const other = rt.spawn((self) => self.loop(() => undefined), { name: 'other' });
    const downs: string[] = [];
    rt.spawn(
      (self) => {
        self.monitor(worker);
        self.loop((m) => void downs.push(String((m as { type?: string }).type)));
      },
      { name: 'watcher' },
    );
    await rt.settled();
    otel.spans.reset();
    const tracer = trace.getTracer('test');
    // request B schedules the runtime's pass first, then request A makes the worker crash in the same turn
    tracer.startActiveSpan('request B', (b) => {
      rt.send(other, 'hello');
      b.end();
    });
    tracer.startActiveSpan('request A', (a) => {
      rt.send(worker, 'crash');
      a.end();
    });
    await rt.settled();
    expect(downs).toEqual(['DOWN']);
    const spans = otel.finished();
    const crashed = spans.find((s) => s.name === 'info worker');
    const down = spans.find((s) => s.name === 'info watcher');
    const requestA = spans.find((s) => s.name === 'request A');
    expect(crashed?.status.code).toBe(2);
    expect(linkedTo(crashed)).toEqual([spanId(requestA)]);
    // the DOWN span links to the crash, not to request B's context
    expect(linkedTo(down)).toEqual([spanId(crashed)]);
  });

  it("links a supervisor's EXIT span (and the restart in it) to the crash, and starts the new child in it", async () => {
    const sup = GenServer.okPid(
      await Supervisor.start(
        { init: () => ['ok', { strategy: 'one_for_one', intensity: 5 }, [{ id: 'w', start: () => ['ok', spawnLink(crashOnRequest, { name: 'w' })] as const }]] },
        undefined,
        { name: 'sup', runtime: rt },
      ),
    );
    const other = rt.spawn((self) => self.loop(() => undefined), { name: 'other' });
    await rt.settled();
    otel.spans.reset();
    const tracer = trace.getTracer('test');
    tracer.startActiveSpan('request B', (b) => {
      rt.send(other, 'hello');
      b.end();
    });
    tracer.startActiveSpan('request A', (a) => {
      rt.send(rt.whereis('w') as Pid, 'crash');
      a.end();
    });
    await rt.settled();
    const spans = otel.finished();
    const crashed = spans.find((s) => s.name === 'info w');
    const exit = spans.find((s) => s.name === 'info sup' && s.events.some((e) => e.name === 'child restarted'));
    expect(exit).toBeDefined();
    expect(linkedTo(exit)).toEqual([spanId(crashed)]);
    expect(exit?.events.find((e) => e.name === 'EXIT')).toBeDefined();
    const restarted = spans.find((s) => s.name === 'start w');
    expect(restarted?.parentSpanContext?.spanId).toBe(spanId(exit));
    await GenServer.stop(sup);
  });

  it('carries the crash context through a link to a process that dies of it, to that one’s watcher', async () => {
    const downs: string[] = [];
    const worker = rt.spawn(crashOnRequest, { name: 'worker' });
    const partner = rt.spawn((self) => {
      self.link(worker);
      self.loop(() => undefined);
    }, { name: 'partner' });
    rt.spawn((self) => {
      self.monitor(partner);
      self.loop((m) => void downs.push(String((m as { type?: string }).type)));
    }, { name: 'watcher' });
    await rt.settled();
    otel.spans.reset();
    trace.getTracer('test').startActiveSpan('request A', (a) => {
      rt.send(worker, 'crash');
      a.end();
    });
    await rt.settled();
    expect(downs).toEqual(['DOWN']);
    const spans = otel.finished();
    expect(linkedTo(spans.find((s) => s.name === 'info watcher'))).toEqual([spanId(spans.find((s) => s.name === 'info worker'))]);
  });
});

describe('causality: a plain async body in a receive loop', () => {
  it('gets one span per received message, its calls children of that span, and no span for its whole life', async () => {
    const server = GenServer.okPid(
      await GenServer.start({ init: () => ['ok', null], handleCall: (r: unknown, _f, s) => ['reply', r, s] }, undefined, { name: 'echo', runtime: rt }),
    );
    const replies: unknown[] = [];
    const loop = rt.spawn(
      async (self) => {
        for (;;) {
          const m = await self.receive();
          if (m === 'stop') return;
          replies.push(await GenServer.call(server, m, { caller: self }));
        }
      },
      { name: 'looper' },
    );
    await rt.settled();
    const tracer = trace.getTracer('test');
    for (const req of ['one', 'two']) {
      tracer.startActiveSpan(`send ${req}`, (s) => {
        rt.send(loop, req);
        s.end();
      });
      await rt.settled();
    }
    rt.send(loop, 'stop');
    await rt.settled();
    expect(replies).toEqual(['one', 'two']);
    const spans = otel.finished();
    const start = spans.find((s) => s.name === 'start looper');
    const received = spans.filter((s) => s.name === 'info looper');
    expect(received.map((s) => s.attributes['otp.message.type'])).toEqual(['atom', 'atom', 'atom']);
    // each received message its own trace, linked to its sender
    for (const [i, req] of ['one', 'two'].entries()) {
      const sender = spans.find((s) => s.name === `send ${req}`);
      expect(linkedTo(received[i])).toEqual([spanId(sender)]);
      // the call made while handling it is its child
      const call = spans.find((s) => s.name === 'call echo' && s.parentSpanContext?.spanId === spanId(received[i]));
      expect(call).toBeDefined();
    }
    // the start span ended when the body first waited: no call is its child
    expect(start?.attributes['otp.outcome']).toBe('start');
    expect(spans.filter((s) => s.parentSpanContext?.spanId === spanId(start))).toEqual([]);
  });
});

describe('conventions', () => {
  it('names spans `{operation} {destination}`, anonymous processes by label or behaviour module', async () => {
    const mod: GenServer.GenServerBehaviour<null> = { name: 'job_worker', init: () => ['ok', null], handleCast: (_m, s) => ['noreply', s] };
    const anon = GenServer.okPid(await GenServer.start(mod, undefined, { runtime: rt }));
    const labelled = rt.spawn((self) => {
      self.setLabel(['conn', 7]);
      self.loop(() => undefined);
    });
    await rt.settled();
    otel.spans.reset();
    GenServer.cast(anon, 'x');
    rt.send(labelled, 'y');
    await rt.settled();
    const names = otel.finished().map((s) => s.name);
    expect(names).toContain('cast job_worker');
    expect(names).toContain('info [conn,7]');
  });

  it('renames a process\'s spans when it registers or changes its label mid-life (the name is cached per process)', async () => {
    const p = rt.spawn((self) =>
      self.loop((m) => {
        if (m === 'label') self.setLabel(['conn', 9]);
        if (m === 'register') self.register('renamed');
      }),
    );
    await rt.settled();
    otel.spans.reset();
    for (const m of ['a', 'label', 'b', 'register', 'c']) {
      rt.send(p, m);
      await rt.settled();
    }
    // a span is named as the process was when its handling began
    expect(otel.finished().map((s) => s.name)).toEqual(['info plain', 'info plain', 'info [conn,9]', 'info [conn,9]', 'info renamed']);
    expect(otel.finished().map((s) => s.attributes['messaging.destination.name'])).toEqual(['plain', 'plain', '[conn,9]', '[conn,9]', 'renamed']);
  });

  it('counts replies sent with GenServer.reply as otp.messages.out, gives calls a conversation id, and records duration with system, operation and error.type', async () => {
    const later: GenServer.GenServerBehaviour<From | null> = {
      init: () => ['ok', null],
      handleCall: (r, from, s) => (r === 'defer' ? ['noreply', from] : r === 'fail' ? ['stop', 'failed', 'bye', s] : ['reply', r, s]),
      handleCast: (_m, from) => {
        if (from !== null) GenServer.reply(from, 'late');
        return ['noreply', null];
      },
      handleInfo: () => {
        throw new Error('boom');
      },
    };
    const pid = GenServer.okPid(await GenServer.start(later, undefined, { name: 'later', runtime: rt }));
    await otel.collect();
    const deferred = GenServer.call(pid, 'defer');
    await rt.settled();
    GenServer.cast(pid, 'answer');
    expect(await deferred).toBe('late');
    expect(await GenServer.call(pid, 'now')).toBe('now');
    rt.send(pid, 'crash please');
    await rt.settled();
    const metricsNow = await otel.collect();
    const out = (metricsNow.get('otp.messages.out') ?? []).filter((p) => p.attributes['messaging.destination.name'] === 'later');
    expect(out.reduce((n, p) => n + Number(p.value), 0)).toBe(2);
    const calls = otel.finished().filter((s) => s.name === 'call later');
    expect(calls.length).toBe(2);
    expect(new Set(calls.map((s) => s.attributes['messaging.message.conversation_id'])).size).toBe(2);
    expect(String(calls[0]?.attributes['messaging.message.conversation_id'])).toMatch(/^#Ref</);
    const durations = (metricsNow.get('messaging.process.duration') ?? []).filter((p) => p.attributes['messaging.destination.name'] === 'later');
    expect(durations.map((p) => p.attributes['messaging.operation.name']).sort()).toEqual(['call', 'cast', 'info']);
    for (const p of durations) expect(p.attributes['messaging.system.name']).toBe('otpscope');
    const failed = durations.find((p) => p.attributes['messaging.operation.name'] === 'info');
    expect(failed?.attributes['error.type']).toBe('Error');
    const buckets = (failed?.value as { buckets: { boundaries: number[] } }).buckets.boundaries;
    expect(Math.max(...buckets)).toBeGreaterThan(1);
  });

  it('counts restarts by supervisor and child id', async () => {
    const sup = GenServer.okPid(
      await Supervisor.start(
        { init: () => ['ok', { strategy: 'one_for_one', intensity: 5 }, [{ id: 'w', start: () => ['ok', spawnLink(crashOnRequest, { name: 'w' })] as const }]] },
        undefined,
        { name: 'sup_counted', runtime: rt },
      ),
    );
    await otel.collect();
    rt.send(rt.whereis('w') as Pid, 'crash');
    await rt.settled();
    const restarts = ((await otel.collect()).get('otp.supervisor.restarts') ?? []).filter((p) => p.attributes['messaging.destination.name'] === 'sup_counted');
    expect(restarts.map((p) => [p.attributes['otp.child.id'], p.value])).toEqual([['w', 1]]);
    await GenServer.stop(sup);
  });

  it('records how long a message waited in the mailbox (span attribute and histogram), and the longest mailbox', async () => {
    const slow = rt.spawn((self) => self.loop(() => undefined), { name: 'slow' });
    await rt.settled();
    await otel.collect();
    for (let i = 0; i < 5; i++) rt.send(slow, i);
    await rt.settled();
    const spans = otel.finished().filter((s) => s.name === 'info slow');
    expect(spans.length).toBe(5);
    for (const s of spans) expect(s.attributes['otp.mailbox.wait']).toBeGreaterThanOrEqual(0);
    const m = await otel.collect();
    const waited = (m.get('otp.mailbox.wait') ?? []).find((p) => p.attributes['messaging.destination.name'] === 'slow');
    expect((waited?.value as { count: number }).count).toBe(5);
    const max = (m.get('otp.process.mailbox.max') ?? []).find((p) => p.attributes['messaging.destination.name'] === 'slow');
    expect(max?.value).toBe(5);
    expect(m.get('nodejs.eventloop.delay.max')?.length).toBe(1);
  });
});

describe('the mailbox wait', () => {
  /** Spans of `name`, in the order of the messages (their number). */
  const spansOf = (name: string) => otel.finished().filter((s) => s.name === `info ${name}`);

  it('is the time from the send to the handling: ~0 for a message taken at once, at least the handling before it for the next', async () => {
    const busy = rt.spawn(
      (self) =>
        self.loop((m) => {
          // the first message holds the process for 50 ms of real time: the second waits behind it
          if (m === 1) for (const end = performance.now() + 50; performance.now() < end; );
        }),
      { name: 'busy' },
    );
    await rt.settled();
    rt.send(busy, 1);
    rt.send(busy, 2);
    await rt.settled();
    const [first, second] = spansOf('busy').map((s) => s.attributes['otp.mailbox.wait'] as number);
    // seconds; the first was taken in the turn it was sent in
    expect(first).toBeGreaterThanOrEqual(0);
    expect(first).toBeLessThan(0.05);
    expect(second).toBeGreaterThanOrEqual(0.045);
    expect(second).toBeLessThan(second + first + 1);
  });

  it('is not recorded when off: no attribute and no histogram point, with metrics on or off', async () => {
    for (const metrics of [false, true]) {
      reinstrument({ metrics, mailboxWait: false });
      otel.spans.reset();
      const name = `unstamped_${String(metrics)}`;
      const p = rt.spawn((self) => self.loop(() => undefined), { name });
      await rt.settled();
      const before = await otel.collect();
      const points = (m: typeof before) => (m.get('otp.mailbox.wait') ?? []).filter((x) => x.attributes['messaging.destination.name'] === name).reduce((t, x) => t + (x.value as { count: number }).count, 0);
      rt.send(p, 'm');
      await rt.settled();
      const [span] = spansOf(name);
      expect(span.attributes).not.toHaveProperty('otp.mailbox.wait');
      expect(points(await otel.collect()) - points(before)).toBe(0);
    }
  });
});

describe('sampling: unsampled children make no span, the context still travels', () => {
  it('with a parent-based sampler, a message sent in an unsampled trace makes no span, and its own sends carry that trace on', async () => {
    const exporter = new InMemorySpanExporter();
    const provider = new TracerProvider({
      sampler: new ParentBasedSampler({ root: new TraceIdRatioBasedSampler(0) }),
      spanProcessors: [new SimpleSpanProcessor({ exporter })],
    });
    reinstrument({ tracerProvider: provider, metrics: false, parentBasedSampler: true });
    const seen: (string | undefined)[] = [];
    let c: Pid | null = null;
    const b = rt.spawn((self) => self.loop((m) => self.send(c as Pid, m)), { name: 'b' });
    c = rt.spawn((self) => self.loop(() => void seen.push(trace.getSpanContext(context.active())?.traceId)), { name: 'c' });
    const a = rt.spawn((self) => self.loop((m) => self.send(b, m)), { name: 'a' });
    await rt.settled();
    const root = provider.getTracer('test').startSpan('unsampled root');
    expect(root.isRecording()).toBe(false);
    context.with(trace.setSpan(ROOT_CONTEXT, root), () => rt.send(a, 'go'));
    root.end();
    await rt.settled();
    expect(exporter.getFinishedSpans()).toEqual([]);
    // c handled the message in the root's (unsampled) context: the decision travelled a → b → c
    expect(seen).toEqual([root.spanContext().traceId]);
    // the processes' slots hold no handling
    for (const p of [a, b, c]) expect((p.proc as Process).trace).toMatchObject({ current: undefined, receiving: undefined });
  });

  it('with metrics on, an unsampled message makes no span but is counted: taken in, its wait, its duration (a failed async handling as crash), not sys requests or starts', async () => {
    const exporter = new InMemorySpanExporter();
    const provider = new TracerProvider({
      sampler: new ParentBasedSampler({ root: new TraceIdRatioBasedSampler(0) }),
      spanProcessors: [new SimpleSpanProcessor({ exporter })],
    });
    reinstrument({ tracerProvider: provider, parentBasedSampler: true });
    const server = GenServer.okPid(
      await GenServer.start(
        {
          init: () => ['ok', null],
          handleCast: async (req: unknown, st: null) => {
            await Promise.resolve();
            if (req === 'fail') throw new Error('bad cast');
            return ['noreply', st];
          },
        },
        undefined,
        { name: 'unsampled_srv', runtime: rt },
      ),
    );
    const plain = rt.spawn((self) => self.loop(() => undefined), { name: 'unsampled_plain' });
    await rt.settled();
    const root = provider.getTracer('test').startSpan('unsampled root');
    expect(root.isRecording()).toBe(false);
    const of = (m: Awaited<ReturnType<typeof otel.collect>>, metric: string, name: string) => (m.get(metric) ?? []).filter((x) => x.attributes['messaging.destination.name'] === name);
    const count = (m: Awaited<ReturnType<typeof otel.collect>>, metric: string, name: string, where: (a: Record<string, unknown>) => boolean = () => true) =>
      of(m, metric, name)
        .filter((x) => where(x.attributes))
        .reduce((t, x) => t + (typeof x.value === 'number' ? x.value : (x.value as { count: number }).count), 0);
    // a sys request in the trace is debugging traffic: not counted
    const sysBefore = await otel.collect();
    await context.with(trace.setSpan(ROOT_CONTEXT, root), () => sys.getState(server));
    const sysAfter = await otel.collect();
    expect(count(sysAfter, 'otp.messages.in', 'unsampled_srv') - count(sysBefore, 'otp.messages.in', 'unsampled_srv')).toBe(0);
    expect(count(sysAfter, 'messaging.process.duration', 'unsampled_srv') - count(sysBefore, 'messaging.process.duration', 'unsampled_srv')).toBe(0);
    const before = await otel.collect();
    context.with(trace.setSpan(ROOT_CONTEXT, root), () => {
      GenServer.cast(server, 'ok');
      GenServer.cast(server, 'fail');
      // a handling that returns at once: timed at once
      rt.send(plain, 'sync');
      // a process started in the trace: its start is not a message (no duration, no count)
      rt.spawn((self) => self.loop(() => undefined), { name: 'unsampled_child' });
    });
    root.end();
    await rt.settled();
    await new Promise((r) => setTimeout(r, 0));
    const after = await otel.collect();
    expect(exporter.getFinishedSpans()).toEqual([]);
    const delta = (metric: string, name: string, where?: (a: Record<string, unknown>) => boolean) => count(after, metric, name, where) - count(before, metric, name, where);
    expect(delta('otp.messages.in', 'unsampled_srv')).toBe(2);
    expect(delta('otp.mailbox.wait', 'unsampled_srv')).toBe(2);
    // both handlings timed once they settled; the failed one as a crash
    expect(delta('messaging.process.duration', 'unsampled_srv')).toBe(2);
    expect(delta('messaging.process.duration', 'unsampled_srv', (a) => a['error.type'] === 'crash')).toBe(1);
    expect(delta('messaging.process.duration', 'unsampled_srv', (a) => a['messaging.operation.name'] === 'cast')).toBe(2);
    for (const x of of(after, 'messaging.process.duration', 'unsampled_srv')) {
      const v = x.value as { min: number; max: number };
      expect(v.min).toBeGreaterThanOrEqual(0);
      expect(v.max).toBeLessThan(60);
    }
    expect(delta('messaging.process.duration', 'unsampled_plain')).toBe(1);
    const [sync] = of(after, 'messaging.process.duration', 'unsampled_plain').map((x) => x.value as { min: number; max: number });
    expect(sync.min).toBeGreaterThanOrEqual(0);
    expect(sync.max).toBeLessThan(60);
    expect(delta('messaging.process.duration', 'unsampled_child')).toBe(0);
    expect(delta('otp.messages.in', 'unsampled_child')).toBe(0);
  });

  it('with metrics off and a parent-based sampler, a sampled message keeps its wait, and one sent in a context holding no span is handled in a span of its own', async () => {
    reinstrument({ metrics: false, parentBasedSampler: true });
    const seen: unknown[] = [];
    const key = Symbol('user key');
    const p = rt.spawn((self) => self.loop((m) => void seen.push(m)), { name: 'keyed' });
    await rt.settled();
    const tracer = trace.getTracer('test');
    // sampled (the fixture's provider samples everything): the message's span has its wait
    tracer.startActiveSpan('sampled root', (s) => {
      rt.send(p, 'a');
      s.end();
    });
    // a context with a value of the application's and no span: sent and handled, in a span with no link
    context.with(ROOT_CONTEXT.setValue(key, 'v'), () => rt.send(p, 'b'));
    await rt.settled();
    const spans = otel.finished().filter((s) => s.name === 'info keyed');
    expect(spans.length).toBe(2);
    for (const s of spans) expect(s.attributes['otp.mailbox.wait']).toBeGreaterThanOrEqual(0);
    expect(spans[0].links.length).toBe(1);
    expect(spans[1].links).toEqual([]);
    expect(seen).toEqual(['a', 'b']);
  });

  it('with a message sent outside any span, carries nothing (no envelope) when wait times are off', () => {
    reinstrument({ metrics: false, mailboxWait: false });
    const p = rt.spawn((self) => self.loop(() => undefined));
    const item = rt.instrumentation?.wrap('m', null);
    expect(item).toBe('m');
    const withSpan = trace.getTracer('t').startActiveSpan('s', (s) => {
      const wrapped = rt.instrumentation?.wrap('m', null);
      s.end();
      return wrapped as { ctx?: Context };
    });
    expect(trace.getSpanContext(withSpan.ctx as Context)).toBeDefined();
    rt.exit(p, 'kill');
  });
});

describe('cardinality', () => {
  it('frees the slot of a name whose processes died: long-lived names keep their series after many short-lived ones', async () => {
    reinstrument({ maxMetricNames: 10 });
    const queue = rt.spawn((self) => self.loop(() => undefined), { name: 'job_queue' });
    rt.send(queue, 'warm');
    for (let i = 0; i < 50; i++) {
      const s = rt.spawn((self) => self.loop(() => undefined), { name: `session_${i}` });
      rt.send(s, 'hello');
      await rt.settled();
      rt.exit(s, 'kill');
      rt.send(queue, i);
      await rt.settled();
    }
    const later = rt.spawn((self) => self.loop(() => undefined), { name: 'late_service' });
    rt.send(later, 'x');
    await rt.settled();
    const m = await otel.collect();
    const names = new Set((m.get('otp.messages.in') ?? []).map((p) => p.attributes['messaging.destination.name']));
    expect(names.has('job_queue')).toBe(true);
    expect(names.has('late_service')).toBe(true);
    expect(names.has(OTHER)).toBe(false);
    const spanNames = new Set(otel.finished().map((s) => s.name));
    expect(spanNames.has('info job_queue')).toBe(true);
    expect(spanNames.has('info late_service')).toBe(true);
  });

  it('bounds span names: past the cap, live unsupervised names share `{operation} (other)`', async () => {
    reinstrument({ maxMetricNames: 3, metrics: false });
    const ps = Array.from({ length: 6 }, (_, i) => rt.spawn((self) => self.loop(() => undefined), { name: `live_${i}` }));
    for (const p of ps) rt.send(p, 'x');
    await rt.settled();
    const names = otel.finished().map((s) => s.name).filter((n) => n.startsWith('info '));
    expect(new Set(names).size).toBe(4);
    expect(names.filter((n) => n === 'info (other)').length).toBe(3);
    expect(handle.spanNameOverflow).toBe(6); // the three start spans and the three infos past the cap
  });

  it('lets a supervised newcomer take the slot of an unsupervised live name', () => {
    const cap = new NameCap(1);
    const loose = rt.spawn((self) => self.loop(() => undefined)).proc as Process;
    const supervisor = rt.spawn((self) => self.loop(() => undefined), { behaviour: 'supervisor' }).proc as Process;
    const child = supervisor.runtime.spawnFrom(supervisor, (self) => self.loop(() => undefined)).proc as Process;
    expect(cap.label('loose', loose)).toBe('loose');
    expect(cap.label('other_loose', loose)).toBe(OTHER);
    expect(cap.label('child', child)).toBe('child');
    expect(cap.label('loose', loose)).toBe(OTHER);
    expect(cap.overflow).toBe(2);
  });
});
