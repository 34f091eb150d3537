/**
 * One scenario of the fresh-process bench (issue 12), run alone in this fresh
 * Node process: `node bench/fresh/child.ts <scenario> <size> <reps> [<otlp url>]`.
 * Warms up (runs at a tenth of the size for at least WARM_CPU_S of CPU and
 * at least three of them, then one at full size: traced runs take about a
 * million messages before the JIT has settled, far more than a tenth of their
 * size), then times `reps` runs by the process's CPU time (user + system,
 * `process.cpuUsage`), and prints one JSON line:
 * `{ scenario, ops, usPerOp: number[], … }`.
 *
 * Scenarios: ping-pong (`pp…`) and call (`call…`), bare or observed — every
 * event with no timestamps, every event stamped, exits only, one no-op
 * `sys.install` on the server — under OpenTelemetry (the real SDK, a
 * BatchSpanProcessor and the OTLP/protobuf exporter sending to a local
 * receiver; each timed run ends with a flush, so encoding and sending are
 * paid inside it), the SDK's own span of the same content (the floor), the
 * same workloads with that span made by hand in each handling (`…-by-hand-
 * discard`: the wiring check's baseline), and
 * the peers: XState's and Effect's ping-pong and call (the harness's own
 * workload functions, bench/workloads/), and an awaited request/reply on a
 * raw queue with one promise per call; and issue 13's diagnostics load
 * (`diag-…`: bench/diagnostics.ts's ping-pong with the endpoint off, a page
 * connected, a third process, and that process traced). `…-discard` scenarios use a
 * discarding exporter instead of OTLP (span creation and processor
 * bookkeeping only): the wiring check subtracts two such figures, which OTLP
 * encoding's own noise would drown.
 */
import { ROOT_CONTEXT, SpanKind, context, trace, type Context, type Span, type SpanContext, type Tracer } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { BatchSpanProcessor, ParentBasedSampler, TraceIdRatioBasedSampler, TracerProvider, type ReadableSpan, type SpanExporter } from '@opentelemetry/sdk-trace';
import type { ExportResult } from '@opentelemetry/core';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { SCOPE_NAME, SCOPE_VERSION, instrument } from '../../otel/instrument.ts';
import { GenServer, Runtime, events, ofKind, silentLogger, sys, type From, type Pid, type Self } from '../../runtime/index.ts';
import * as pingPong from '../workloads/ping-pong.ts';
import * as callWorkload from '../workloads/call.ts';
import { RawSystem } from '../systems/raw-actors.ts';
import { pingPong as diagnosticsPingPong, type Mode as DiagnosticsMode } from '../diagnostics.ts';

/** CPU seconds of warm-up runs (at a tenth of the size) before the full-size one (BENCH_FRESH_WARM_S: the smoke test's 0). */
const WARM_CPU_S = Number(process.env.BENCH_FRESH_WARM_S ?? 1.5);

/**
 * What a timed run returns: operations done; or those and the seconds of its
 * timed part, when the run sets things up first (an endpoint started, a page
 * connected) that the figure must not include: then that wall time is its figure.
 */
type Run = (n: number) => Promise<number | { ops: number; seconds: number }>;

/** Counts what reaches the OTLP exporter (the rest the batch processor dropped). */
class CountingExporter implements SpanExporter {
  exported = 0;
  private readonly inner: SpanExporter;
  constructor(inner: SpanExporter) {
    this.inner = inner;
  }
  export(spans: ReadableSpan[], done: (r: ExportResult) => void): void {
    this.exported += spans.length;
    this.inner.export(spans, done);
  }
  shutdown(): Promise<void> {
    return this.inner.shutdown();
  }
  forceFlush(): Promise<void> {
    return this.inner.forceFlush?.() ?? Promise.resolve();
  }
}

interface Sdk {
  readonly provider: TracerProvider;
  readonly tracer: Tracer;
  readonly exporter: CountingExporter;
}

/** The SDK as an application registers it: context manager, BatchSpanProcessor, OTLP/protobuf to `url`. */
function startSdk(url: string | undefined, ratio: number | null): Sdk {
  const otlp = url === undefined ? null : new OTLPTraceExporter({ url: `${url}/v1/traces` });
  const exporter = new CountingExporter(
    otlp ?? {
      export: (_s, done) => done({ code: 0 }),
      shutdown: () => Promise.resolve(),
    },
  );
  const sampler = ratio === null ? undefined : new ParentBasedSampler({ root: new TraceIdRatioBasedSampler(ratio) });
  // a queue that holds a timed run's spans between exports: the cost measured is export, not dropping
  const processor = new BatchSpanProcessor({ exporter, maxQueueSize: 1 << 17, maxExportBatchSize: 4096, scheduledDelayMillis: 50 });
  const provider = new TracerProvider({ sampler, spanProcessors: [processor] });
  trace.setGlobalTracerProvider(provider);
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  return { provider, tracer: trace.getTracer(SCOPE_NAME, SCOPE_VERSION), exporter };
}

/** A ping-pong run observed by `observe` (returns its detach). */
function pp(observe?: (rt: Runtime) => () => void): Run {
  return async (n) => (await pingPong.otpscope(n, observe === undefined ? {} : { observe })).ops;
}

/**
 * A GenServer call run from plain async code outside any process (as an HTTP
 * handler calls a server, and as the raw row's client calls its queue): the
 * caller is the runtime's external pid.
 */
function externalCall(): Run {
  return async (n) => {
    const rt = new Runtime({ logger: silentLogger });
    const server = GenServer.okPid(
      await GenServer.start({ init: () => ['ok', 0], handleCall: (_r: unknown, _f, k: number) => ['reply', k + 1, k + 1] }, undefined, { runtime: rt }),
    );
    let ok = 0;
    for (let i = 1; i <= n; i++) if ((await GenServer.call(server, 'inc')) === i) ok++;
    await GenServer.stop(server);
    return ok;
  };
}

/** The call runs' client: a plain process in `rt` calling `server` with 'inc' `n` times; how many replies counted up as expected. */
function callsFrom(rt: Runtime, server: Pid, n: number): Promise<number> {
  return new Promise((resolve) => {
    rt.spawn(async (self) => {
      let ok = 0;
      for (let i = 1; i <= n; i++) if ((await GenServer.call(server, 'inc', { caller: self })) === i) ok++;
      resolve(ok);
    });
  });
}

/** A GenServer call run: a plain process calling a counter server `n` times; `setup` may touch the server. */
function call(setup?: (server: Pid) => Promise<unknown>, observe?: (rt: Runtime) => () => void): Run {
  return async (n) => {
    const rt = new Runtime({ logger: silentLogger });
    const detach = observe?.(rt);
    const server = GenServer.okPid(
      await GenServer.start({ init: () => ['ok', 0], handleCall: (_r: unknown, _f, k: number) => ['reply', k + 1, k + 1] }, undefined, { runtime: rt }),
    );
    if (setup !== undefined) await setup(server);
    const ok = await callsFrom(rt, server, n);
    await GenServer.stop(server);
    detach?.();
    return ok;
  };
}

/**
 * The awaited request/reply on the raw queue (bench/systems/raw-actors.ts):
 * a server actor with a ring-buffer mailbox; each call pushes a request
 * carrying its promise's resolve and awaits that promise; the server's
 * handler answers by resolving it. The run queue is drained in a microtask
 * queued by the first send of a turn (the raw system has no scheduler of its
 * own), as a reaction to a settled promise: the primitive the runtime's own
 * scheduler uses (on Node 22 it costs 25 ns a task against `queueMicrotask`'s
 * 70, which would flatter the runtime by ~45 ns a call). One promise per
 * call, nothing else: no pids, timeouts, monitors.
 */
function rawAwaitedCall(): Run {
  return async (n) => {
    const sys = new RawSystem();
    let count = 0;
    const server = sys.spawn((msg) => (msg as (v: number) => void)(++count));
    let scheduled = false;
    const settled = Promise.resolve();
    const drain = (): void => {
      scheduled = false;
      sys.run();
    };
    const request = (): Promise<number> =>
      new Promise((resolve) => {
        sys.send(server, resolve);
        if (!scheduled) {
          scheduled = true;
          void settled.then(drain);
        }
      });
    let ok = 0;
    for (let i = 1; i <= n; i++) if ((await request()) === i) ok++;
    sys.stop(server);
    return ok;
  };
}

/**
 * The SDK's own span with what an otpscope span carries (kind CONSUMER, a
 * link to the previous one, the four start attributes, `context.with`, the
 * end attributes), `n` of them in turns of 20,000; `asCall`: a call's span
 * (the child of the caller's context, a conversation id).
 */
function floor(sdk: Sdk, asCall: boolean): Run {
  return async (n) => {
    let prev: Span = sdk.tracer.startSpan('first');
    prev.end();
    const caller: Context = trace.setSpan(ROOT_CONTEXT, prev);
    const run = (): number => 1;
    let done = 0;
    while (done < n) {
      const turn = Math.min(n - done, 20_000);
      for (let i = 0; i < turn; i++) {
        const span = sdk.tracer.startSpan(
          asCall ? 'call server' : 'info plain',
          {
            kind: SpanKind.CONSUMER,
            links: [{ context: prev.spanContext() }],
            attributes: {
              'messaging.system.name': 'otpscope',
              'messaging.operation.type': 'process',
              'messaging.operation.name': asCall ? 'call' : 'info',
              'messaging.destination.name': asCall ? 'gen_server' : 'plain',
            },
          },
          asCall ? caller : ROOT_CONTEXT,
        );
        context.with(trace.setSpan(asCall ? caller : ROOT_CONTEXT, span), run);
        const attrs: Record<string, string | number | boolean> = {
          'messaging.client.id': '<0.12.0>',
          'otp.behaviour': asCall ? 'gen_server' : 'plain',
          'otp.outcome': asCall ? 'reply' : 'noreply',
          'messaging.destination.anonymous': true,
          'otp.message.type': asCall ? 'atom' : 'number',
          'otp.mailbox.wait': 0.000001,
        };
        if (asCall) attrs['messaging.message.conversation_id'] = '#Ref<0.0.0.1>';
        span.setAttributes(attrs);
        span.end();
        prev = span;
      }
      done += turn;
      await nextTurn();
    }
    return done;
  };
}

/** The start attributes of an otpscope span of `op` on `destination` (made once: the SDK copies start attributes). */
function startAttrs(op: string, destination: string): Record<string, string> {
  return {
    'messaging.system.name': 'otpscope',
    'messaging.operation.type': 'process',
    'messaging.operation.name': op,
    'messaging.destination.name': destination,
  };
}

/** Sets the end attributes of an otpscope span, one `setAttribute` each (as otel/spans.ts does); `conversation`: a call's. */
function setEndAttrs(span: Span, client: string, behaviour: string, outcome: string, type: string, conversation?: string): void {
  span.setAttribute('messaging.client.id', client);
  span.setAttribute('otp.behaviour', behaviour);
  span.setAttribute('otp.outcome', outcome);
  span.setAttribute('messaging.destination.anonymous', true);
  span.setAttribute('otp.mailbox.wait', 0.000001);
  span.setAttribute('otp.message.type', type);
  if (conversation !== undefined) span.setAttribute('messaging.message.conversation_id', conversation);
}

/** A ping-pong message of the hand-traced run: the count and the span context of the handling that sent it. */
interface TracedPing {
  readonly k: number;
  readonly sender: SpanContext | undefined;
}

/**
 * Ping-pong traced by hand, as a user without otpscope's wiring would, and
 * as cheaply: each handler makes the SDK's span of an otpscope span's content
 * (the floor's span) around its work, its start attributes made once and its
 * end attributes set one by one, as otel/spans.ts does; the message carries
 * the sender's span context for the link. The same workload as `pp-otel-discard` with the same span
 * per message, so `pp-otel-discard` − this is the wiring alone, paid in the
 * same program (the floor's tight loop of spans measures the SDK where
 * nothing else runs between two spans).
 */
function ppByHand(sdk: Sdk): Run {
  return async (n) => {
    const rt = new Runtime({ logger: silentLogger });
    let handled = 0;
    let a: Pid | null = null;
    let b: Pid | null = null;
    let finish: () => void = () => undefined;
    const finished = new Promise<void>((resolve) => (finish = resolve));
    const attributes = startAttrs('info', 'plain');
    const player = (peer: () => Pid) => (self: Self) => {
      const other = peer();
      const client = String(self.pid);
      const work = (k: number, span: Span): void => {
        handled++;
        if (k >= n) finish();
        else self.send(other, { k: k + 1, sender: span.spanContext() } satisfies TracedPing);
      };
      self.loop((msg) => {
        const m = msg as TracedPing;
        const span = sdk.tracer.startSpan('info plain', { kind: SpanKind.CONSUMER, links: m.sender === undefined ? undefined : [{ context: m.sender }], attributes }, ROOT_CONTEXT);
        context.with(trace.setSpan(ROOT_CONTEXT, span), work, undefined, m.k, span);
        setEndAttrs(span, client, 'plain', 'noreply', 'number');
        span.end();
      });
    };
    a = rt.spawn(player(() => b as Pid));
    b = rt.spawn(player(() => a as Pid));
    rt.send(a, { k: 1, sender: undefined } satisfies TracedPing);
    await finished;
    rt.exit(a, 'kill');
    rt.exit(b, 'kill');
    return handled;
  };
}

/**
 * The call run with the server's handling traced by hand: its `handleCall`
 * makes the SDK's span of a call span's content (a child of the caller's
 * context, linked to it) around its work. `call-otel-discard` − this is the
 * wiring alone (see `ppByHand`).
 */
function callByHand(sdk: Sdk): Run {
  return async (n) => {
    const first = sdk.tracer.startSpan('caller');
    first.end();
    const caller: Context = trace.setSpan(ROOT_CONTEXT, first);
    const link = [{ context: first.spanContext() }];
    const count = (k: number): ['reply', number, number] => ['reply', k + 1, k + 1];
    const attributes = startAttrs('call', 'gen_server');
    const rt = new Runtime({ logger: silentLogger });
    const server = GenServer.okPid(
      await GenServer.start(
        {
          init: () => ['ok', 0],
          handleCall: (_r: unknown, from: From<unknown>, k: number) => {
            const span = sdk.tracer.startSpan('call server', { kind: SpanKind.CONSUMER, links: link, attributes }, caller);
            const out = context.with(trace.setSpan(caller, span), count, undefined, k);
            setEndAttrs(span, String(server), 'gen_server', 'reply', 'atom', String(from.tag));
            span.end();
            return out;
          },
        },
        undefined,
        { runtime: rt },
      ),
    );
    const ok = await callsFrom(rt, server, n);
    await GenServer.stop(server);
    return ok;
  };
}

/** The clock read the runtime's timestamps use: ns per call (median of 5 loops of 2M). */
function clockNs(): number {
  const read = performance.now.bind(performance);
  const loops: number[] = [];
  for (let r = 0; r < 5; r++) {
    let sink = 0;
    const c0 = process.cpuUsage();
    for (let i = 0; i < 2_000_000; i++) sink += read();
    const c = process.cpuUsage(c0);
    loops.push(((c.user + c.system) * 1000) / 2_000_000 + (sink < 0 ? 1 : 0));
  }
  return loops.sort((a, b) => a - b)[2];
}

/** Events a ping-pong message makes for a subscriber of every event (counted in a short extra run). */
async function eventsPerMessage(): Promise<number> {
  let n = 0;
  const ops = (await pingPong.otpscope(10_000, { observe: (rt) => {
    const s = events(rt).subscribe(() => void n++);
    return () => s.unsubscribe();
  } })).ops;
  return n / ops;
}

function scenario(name: string, url: string | undefined): { run: Run; sdk: Sdk | null } {
  const otel = (ratio: number | null): Sdk => startSdk(url, ratio);
  switch (name) {
    case 'pp':
      return { run: pp(), sdk: null };
    case 'pp-all':
      return { run: pp((rt) => { const s = events(rt).subscribe(() => undefined); return () => s.unsubscribe(); }), sdk: null };
    case 'pp-all-time':
      return { run: pp((rt) => { const s = events(rt, { time: true }).subscribe(() => undefined); return () => s.unsubscribe(); }), sdk: null };
    case 'pp-exit':
      return { run: pp((rt) => { const s = events(rt).pipe(ofKind('exit')).subscribe(() => undefined); return () => s.unsubscribe(); }), sdk: null };
    case 'pp-sdk':
      return { run: pp(), sdk: otel(null) };
    case 'pp-otel': {
      const sdk = otel(null);
      return { run: pp((rt) => { const h = instrument(rt, { metrics: false, parentBasedSampler: true }); return () => h.stop(); }), sdk };
    }
    case 'pp-otel-1pct': {
      const sdk = otel(0.01);
      return { run: pp((rt) => { const h = instrument(rt, { metrics: false, parentBasedSampler: true }); return () => h.stop(); }), sdk };
    }
    case 'pp-floor': {
      const sdk = otel(null);
      return { run: floor(sdk, false), sdk };
    }
    case 'pp-otel-discard': {
      const sdk = startSdk(undefined, null);
      return { run: pp((rt) => { const h = instrument(rt, { metrics: false, parentBasedSampler: true }); return () => h.stop(); }), sdk };
    }
    case 'pp-by-hand-discard': {
      const sdk = startSdk(undefined, null);
      return { run: ppByHand(sdk), sdk };
    }
    case 'pp-floor-discard': {
      const sdk = startSdk(undefined, null);
      return { run: floor(sdk, false), sdk };
    }
    case 'pp-effect':
      return { run: async (n) => (await pingPong.effect(n)).ops, sdk: null };
    case 'diag-off':
    case 'diag-page':
    case 'diag-traced-off':
    case 'diag-traced': {
      // issue 13's load rows (bench/diagnostics.ts pingPong: the endpoint, its page client and trace in this process, their CPU counted)
      const mode = name.slice('diag-'.length) as DiagnosticsMode;
      // timed from the first message to the last (the endpoint's start and the page's connection are set-up), wall clock
      return { run: (n) => diagnosticsPingPong(n, mode), sdk: null };
    }
    case 'pp-xstate':
      return { run: async (n) => (await pingPong.xstate(n)).ops, sdk: null };
    case 'call':
      return { run: call(), sdk: null };
    case 'call-install':
      return { run: call((server) => sys.install(server, (st: null) => st, null)), sdk: null };
    case 'call-sdk':
      return { run: call(), sdk: otel(null) };
    case 'call-otel': {
      const sdk = otel(null);
      return { run: call(undefined, (rt) => { const h = instrument(rt, { metrics: false, parentBasedSampler: true }); return () => h.stop(); }), sdk };
    }
    case 'call-otel-1pct': {
      const sdk = otel(0.01);
      return { run: call(undefined, (rt) => { const h = instrument(rt, { metrics: false, parentBasedSampler: true }); return () => h.stop(); }), sdk };
    }
    case 'call-floor': {
      const sdk = otel(null);
      return { run: floor(sdk, true), sdk };
    }
    case 'call-otel-discard': {
      const sdk = startSdk(undefined, null);
      return { run: call(undefined, (rt) => { const h = instrument(rt, { metrics: false, parentBasedSampler: true }); return () => h.stop(); }), sdk };
    }
    case 'call-by-hand-discard': {
      const sdk = startSdk(undefined, null);
      return { run: callByHand(sdk), sdk };
    }
    case 'call-floor-discard': {
      const sdk = startSdk(undefined, null);
      return { run: floor(sdk, true), sdk };
    }
    case 'call-effect':
      return { run: async (n) => (await callWorkload.effect(n)).ops, sdk: null };
    case 'call-external':
      return { run: externalCall(), sdk: null };
    case 'call-raw-awaited':
      return { run: rawAwaitedCall(), sdk: null };
    case 'call-xstate':
      return { run: async (n) => (await callWorkload.xstate(n)).ops, sdk: null };
    default:
      throw new Error(`unknown scenario ${name}`);
  }
}

async function main(): Promise<void> {
  const [name, sizeArg, repsArg, url] = process.argv.slice(2);
  const size = Number(sizeArg);
  const reps = Number(repsArg);
  const { run, sdk } = scenario(name, url);
  /** One run, its CPU time including the flush of what it exported. */
  const timed = async (n: number): Promise<{ ops: number; cpu: number }> => {
    const c0 = process.cpuUsage();
    const done = await run(n);
    if (sdk !== null) await sdk.provider.forceFlush();
    const c = process.cpuUsage(c0);
    if (typeof done !== 'number') return { ops: done.ops, cpu: done.seconds };
    return { ops: done, cpu: (c.user + c.system) / 1e6 };
  };
  let warmed = 0;
  for (let i = 0; i < 3 || warmed < WARM_CPU_S; i++) warmed += (await timed(Math.max(1, Math.round(size / 10)))).cpu;
  await timed(size);
  const before = sdk?.exporter.exported ?? 0;
  const usPerOp: number[] = [];
  let ops = 0;
  for (let r = 0; r < reps; r++) {
    globalThis.gc?.();
    const t = await timed(size);
    if (t.ops !== size) throw new Error(`${name}: ${t.ops} ops, expected ${size}`);
    ops = t.ops;
    usPerOp.push((t.cpu * 1e6) / t.ops);
  }
  const out: Record<string, unknown> = { scenario: name, ops, usPerOp };
  if (sdk !== null) out.exported = (sdk.exporter.exported - before) / reps;
  if (name === 'pp-all-time') {
    out.clockNs = clockNs();
    out.eventsPerMessage = await eventsPerMessage();
  }
  process.stdout.write(`${JSON.stringify(out)}\n`);
  if (sdk !== null) await sdk.provider.shutdown();
}

await main();
