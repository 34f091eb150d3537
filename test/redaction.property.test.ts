/**
 * "One redaction point" as a property. Random GenServers (some supervised)
 * and plain processes hold states, get messages, send replies, exit and throw
 * with values that carry unique markers, driven through calls, casts, infos,
 * crashes, bad returns, non-Error throws, stops, kills, exit signals, call
 * timeouts and supervisor restarts, with tracing, metrics, the flight
 * recorder, sys trace/log, logging, the agent's console and file outputs and
 * `exportable()` all on. Then every sink is searched for the markers:
 *
 * - default redactor: a marker of a state, a payload or a reply is in no
 *   telemetry sink (spans, metrics, the agent's lines and JSON, exported
 *   events, the `.message` of errors); a marker in an exit reason or a
 *   non-Error thrown value is not either (reasonSummary shows atoms and
 *   shapes); an Error's own message may be (the documented default);
 * - `dropEverything`: no marker anywhere, local logs, trace lines and
 *   `sys.getStatus` included: only kinds and names leave.
 */
import { TracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace';
import { AggregationTemporality, InMemoryMetricExporter, MeterProvider, PeriodicExportingMetricReader } from '@opentelemetry/sdk-metrics';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { instrument } from '../otel/index.ts';
import { spanJson, spanLine } from '../otel/readable-exporter.ts';
import {
  CallError,
  CallbackFailedError,
  From,
  GenServer,
  ProcessExit,
  UncaughtThrow,
  Pid,
  Ref,
  Runtime,
  Supervisor,
  dropEverything,
  events,
  exportable,
  setTraceSink,
  sys,
  tuple,
  type LogEvent,
  type Redactor,
  type Self,
  type SysEvent,
} from '../runtime/index.ts';
import { otelFixture } from './otel-fixture.ts';

/** What a handler does with the message it gets. */
type Fate = 'reply' | 'crash' | 'exit' | 'stop' | 'bad' | 'throw' | 'timeout' | 'hang';

type Op =
  | { readonly op: 'call'; readonly to: number; readonly fate: Fate }
  | { readonly op: 'cast' | 'info'; readonly to: number; readonly fate: Fate }
  | { readonly op: 'plain'; readonly to: number; readonly fate: 'ok' | 'crash' | 'exit' | 'throw' }
  | { readonly op: 'kill' | 'signal'; readonly to: number }
  | { readonly op: 'sys'; readonly to: number; readonly what: 'trace' | 'log' | 'status' | 'replace' }
  | { readonly op: 'settle' };

const to = fc.nat({ max: 5 });
const fate = fc.constantFrom<Fate>('reply', 'reply', 'crash', 'exit', 'stop', 'bad', 'throw', 'timeout', 'hang');
const op: fc.Arbitrary<Op> = fc.oneof(
  { arbitrary: fc.record({ op: fc.constant('call' as const), to, fate }), weight: 6 },
  { arbitrary: fc.record({ op: fc.constantFrom('cast' as const, 'info' as const), to, fate }), weight: 4 },
  { arbitrary: fc.record({ op: fc.constant('plain' as const), to, fate: fc.constantFrom('ok' as const, 'crash' as const, 'exit' as const, 'throw' as const) }), weight: 3 },
  { arbitrary: fc.record({ op: fc.constantFrom('kill' as const, 'signal' as const), to }), weight: 2 },
  { arbitrary: fc.record({ op: fc.constant('sys' as const), to, what: fc.constantFrom('trace' as const, 'log' as const, 'status' as const, 'replace' as const) }), weight: 2 },
  { arbitrary: fc.constant({ op: 'settle' as const }), weight: 2 },
);
const plan = fc.array(op, { minLength: 8, maxLength: 40, size: 'max' });

/** Makes markers: never atom-like (capitals, dashes), unique per run; `kind` says where each was put. */
class Markers {
  private n = 0;
  readonly all = new Map<string, 'state' | 'payload' | 'reply' | 'reason' | 'thrown-value' | 'error-message'>();
  private readonly run: number;
  constructor(run: number) {
    this.run = run;
  }
  make(kind: 'state' | 'payload' | 'reply' | 'reason' | 'thrown-value' | 'error-message'): string {
    const m = `MK-${this.run}-${++this.n}-${kind.toUpperCase()}`;
    this.all.set(m, kind);
    return m;
  }
}

/** Every string reachable from `v` (keys, values, Error messages and stacks), cycle-safe; pids are their text. */
function strings(v: unknown, out: string[] = [], seen = new Set<object>()): string[] {
  if (typeof v === 'string') out.push(v);
  else if (v instanceof Pid || v instanceof Ref || v instanceof From) out.push(String(v)); // a name, not the record behind it
  else if (typeof v === 'object' && v !== null && !seen.has(v)) {
    seen.add(v);
    if (v instanceof Error) out.push(v.message, String(v.stack));
    if (v instanceof Map) {
      for (const [k, x] of v) {
        strings(k, out, seen);
        strings(x, out, seen);
      }
    } else if (v instanceof Set) for (const x of v) strings(x, out, seen);
    else {
      for (const k of Object.keys(v)) {
        out.push(k);
        strings((v as Record<string, unknown>)[k], out, seen);
      }
    }
  }
  return out;
}

/** What the sinks received. */
interface Sinks {
  telemetry: string[];
  local: string[];
}

let runs = 0;

async function runPlan(ops: readonly Op[], redactor: Redactor | null, capturePayloads: boolean): Promise<{ sinks: Sinks; markers: Markers; logs: LogEvent[] }> {
  otelFixture(); // the async-hooks context manager, as an application has it
  const markers = new Markers(++runs);
  const logs: LogEvent[] = [];
  const rt = new Runtime({ logger: (e) => logs.push(e) });
  if (redactor !== null) rt.setRedactor(redactor);
  const spans = new InMemorySpanExporter();
  const tracerProvider = new TracerProvider({ spanProcessors: [new SimpleSpanProcessor({ exporter: spans })] });
  const metricExporter = new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE);
  const reader = new PeriodicExportingMetricReader({ exporter: metricExporter, exportIntervalMillis: 3_600_000 });
  const meterProvider = new MeterProvider({ readers: [reader] });
  const handle = instrument(rt, { tracerProvider, meterProvider, flightRecorder: 8, capturePayloads });
  const exported: string[] = [];
  const exportSub = events(rt).pipe(exportable()).subscribe((e) => exported.push(JSON.stringify(e)));
  const errorMessages: string[] = [];
  const local: unknown[] = [];
  const traceLines: string[] = [];
  const oldSink = setTraceSink((l) => traceLines.push(l));
  const exitReasons: unknown[] = [];
  const exitSub = events(rt).subscribe((e: SysEvent) => {
    if (e.kind === 'exit') exitReasons.push(e.reason);
  });
  // the runtime's own errors: their texts are the runtime's (a user's Error is a term, its message the user's)
  const fail = (e: unknown): void => {
    if (e instanceof CallError || e instanceof ProcessExit || e instanceof UncaughtThrow || e instanceof CallbackFailedError) errorMessages.push(e.message);
  };

  const fates = new Map<string, Fate>();
  const serverMod: GenServer.GenServerBehaviour<Record<string, unknown>> = {
    name: 'leaky',
    init: () => ['ok', { secret: markers.make('state'), n: 0 }],
    handleCall: (req, _from, st, self) => act(req, st, self, true),
    handleCast: (msg, st, self) => act(msg, st, self, false) as GenServer.NoReplyResult<Record<string, unknown>>,
    handleInfo: (msg, st, self) => (msg === 'timeout' ? ['noreply', st] : (act(msg, st, self, false) as GenServer.NoReplyResult<Record<string, unknown>>)),
  };
  function act(req: unknown, st: Record<string, unknown>, self: Self, isCall: boolean): never | GenServer.CallResult<unknown, Record<string, unknown>> {
    const key = (req as { key?: string } | null)?.key ?? '';
    const f = fates.get(key) ?? 'reply';
    const next = { ...st, seen: markers.make('state') };
    switch (f) {
      case 'reply':
        return isCall ? ['reply', { answer: markers.make('reply') }, next] : ['noreply', next];
      case 'crash':
        throw new Error(`boom ${markers.make('error-message')}`);
      case 'exit':
        return self.exit(tuple('failed', { why: markers.make('reason') }));
      case 'stop':
        return isCall ? ['stop', { why: markers.make('reason') }, { answer: markers.make('reply') }, next] : ['stop', { why: markers.make('reason') }, next];
      case 'bad':
        return ['weird', next] as never;
      case 'throw':
        throw { thrown: markers.make('thrown-value') };
      case 'timeout':
        return isCall ? ['reply', 'ok', next, 0] : ['noreply', next, 0];
      case 'hang':
        return new Promise<never>(() => undefined) as never;
    }
  }

  const sup = GenServer.okPid(
    await Supervisor.start(
      {
        init: () => [
          'ok',
          { strategy: 'one_for_one', intensity: 1000, period: 1 },
          [0, 1, 2].map((i) => ({ id: `w${i}`, start: () => GenServer.startLink(serverMod, undefined, { name: `w${i}` }) })),
        ],
      },
      undefined,
      { runtime: rt, name: 'sup' },
    ),
  );
  const free = [3, 4, 5].map(async () => GenServer.okPid(await GenServer.start(serverMod, undefined, { runtime: rt })));
  const servers: (Pid | string)[] = ['w0', 'w1', 'w2', ...(await Promise.all(free))];
  const plainFate = new Map<string, 'ok' | 'crash' | 'exit' | 'throw'>();
  const plains: Pid[] = [];
  const spawnPlain = (): Pid =>
    rt.spawn((self) =>
      self.loop((msg) => {
        const f = plainFate.get((msg as { key?: string }).key ?? '') ?? 'ok';
        if (f === 'crash') throw new Error(`plain ${markers.make('error-message')}`);
        if (f === 'exit') self.exit({ why: markers.make('reason') });
        if (f === 'throw') throw { thrown: markers.make('thrown-value') };
      }),
    );
  for (let i = 0; i < 6; i++) plains.push(spawnPlain());
  // names are resolved here: this runtime is not the test's current one
  const target = (i: number): Pid => {
    const s = servers[i];
    return typeof s === 'string' ? (rt.whereis(s) ?? deadPid) : s;
  };
  const deadPid = rt.spawn(() => undefined);
  const plainAt = (i: number): Pid => {
    if (!rt.isAlive(plains[i])) plains[i] = spawnPlain();
    return plains[i];
  };
  const pending: Promise<unknown>[] = [];
  let k = 0;

  for (const o of ops) {
    const key = `k${++k}`;
    switch (o.op) {
      case 'call':
        fates.set(key, o.fate);
        pending.push(GenServer.call(target(o.to), { key, payload: markers.make('payload') }, o.fate === 'hang' ? 2 : 1000).catch(fail));
        break;
      case 'cast':
        fates.set(key, o.fate === 'hang' ? 'reply' : o.fate);
        GenServer.cast(target(o.to), { key, payload: markers.make('payload') });
        break;
      case 'info': {
        fates.set(key, o.fate === 'hang' ? 'reply' : o.fate);
        rt.send(target(o.to), { key, payload: markers.make('payload') });
        break;
      }
      case 'plain':
        plainFate.set(key, o.fate);
        rt.send(plainAt(o.to), { key, payload: markers.make('payload') });
        break;
      case 'kill':
      case 'signal': {
        rt.exit(target(o.to), o.op === 'kill' ? 'kill' : { why: markers.make('reason') });
        rt.exit(plainAt(o.to), o.op === 'kill' ? 'kill' : tuple('signal', markers.make('reason')));
        break;
      }
      case 'sys': {
        const t = target(o.to);
        const done =
          o.what === 'trace' ? sys.trace(t, true, 50)
          : o.what === 'log' ? sys.log(t, { n: 5 }, 50).then(() => sys.log(t, 'print', 50))
          : o.what === 'status' ? sys.getStatus(t, 50).then((s) => local.push(s))
          : sys.replaceState(t, (s) => ({ ...(s as object), replaced: markers.make('state') }), 50);
        pending.push(done.catch(fail));
        break;
      }
      case 'settle':
        await rt.settled();
        break;
    }
  }
  await rt.settled();
  for (const p of rt.processes()) rt.exit(p, 'kill'); // calls still waiting fail now, with the reason killed
  await Promise.all(pending);
  await rt.settled();
  await new Promise((r) => setImmediate(r)); // spans cut short by an exit end one macrotask later
  exportSub.unsubscribe();
  exitSub.unsubscribe();
  setTraceSink(oldSink);
  metricExporter.reset();
  await reader.forceFlush();
  const metricText = JSON.stringify(metricExporter.getMetrics().map((rm) => rm.scopeMetrics.map((sm) => sm.metrics.map((m) => m.dataPoints))));
  handle.stop();
  await meterProvider.shutdown();
  const finished = spans.getFinishedSpans();
  for (const r of exitReasons) fail(r);
  void sup;
  return {
    markers,
    logs,
    sinks: {
      telemetry: [
        ...finished.map((s) => JSON.stringify(spanJson(s))),
        ...finished.map((s) => spanLine(s)),
        metricText,
        ...exported,
        ...errorMessages,
      ],
      local: [...strings(logs), ...traceLines, ...strings(local)],
    },
  };
}

/** The markers found in `texts`, with their kinds. */
function found(texts: readonly string[], markers: Markers): string[] {
  const text = texts.join('\n');
  return [...markers.all].filter(([m]) => text.includes(m)).map(([m, kind]) => `${kind} ${m}`);
}

describe('one redaction point, as a property', () => {
  it('under the default redactor no state, payload, reply, reason or thrown value reaches telemetry (an Error message may)', async () => {
    await fc.assert(
      fc.asyncProperty(plan, fc.boolean(), async (ops, capture) => {
        const { sinks, markers } = await runPlan(ops, null, capture);
        expect(found(sinks.telemetry, markers).filter((f) => !f.startsWith('error-message'))).toEqual([]);
      }),
      { numRuns: 100 },
    );
  }, 60_000);

  it('under dropEverything only kinds and names leave: no marker in telemetry, logs, trace lines or sys.getStatus', async () => {
    await fc.assert(
      fc.asyncProperty(plan, fc.boolean(), async (ops, capture) => {
        const { sinks, markers } = await runPlan(ops, dropEverything, capture);
        expect(found([...sinks.telemetry, ...sinks.local], markers)).toEqual([]);
      }),
      { numRuns: 100 },
    );
  }, 60_000);

  it('the runs reach the sinks: without redaction the markers do show (the search would find a leak)', async () => {
    const ops: Op[] = [
      { op: 'sys', to: 3, what: 'trace' },
      { op: 'call', to: 3, fate: 'reply' },
      { op: 'call', to: 3, fate: 'bad' },
      { op: 'plain', to: 0, fate: 'exit' },
      { op: 'call', to: 0, fate: 'crash' },
    ];
    const everything: Redactor = (v) => v;
    const { sinks, markers } = await runPlan(ops, everything, true);
    const seen = new Set(found([...sinks.telemetry, ...sinks.local], markers).map((f) => f.split(' ')[0]));
    expect([...seen].sort()).toEqual(['error-message', 'payload', 'reason', 'reply', 'state']);
  });
});

