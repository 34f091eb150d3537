/**
 * Every span otel/ starts is ended exactly once, whatever happens to the
 * processes: random sequences of GenServers and plain processes (sync and
 * async handlers) getting casts, calls and infos that return, crash, stop or
 * hang forever, and kills and exit signals, under the default scheduler and
 * the race scheduler. The spans are counted by a span processor of a local
 * provider (started, ended, ended twice).
 */
import type { Context } from '@opentelemetry/api';
import { TracerProvider, type ReadableSpan, type Span, type SpanProcessor } from '@opentelemetry/sdk-trace';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { instrument } from '../otel/index.ts';
import { GenServer, Runtime, type Pid, type Self } from '../runtime/index.ts';

/** What a handler does with a message. */
type Fate = 'ok' | 'crash' | 'stop' | 'hang';

type Op =
  | { readonly op: 'server'; readonly async: boolean }
  | { readonly op: 'plain'; readonly asyncBody: boolean }
  | { readonly op: 'cast' | 'call' | 'info'; readonly to: number; readonly fate: Fate }
  | { readonly op: 'kill' | 'shutdown'; readonly who: number }
  | { readonly op: 'settle' };

const who = fc.nat({ max: 5 });
const fate = fc.constantFrom<Fate>('ok', 'ok', 'ok', 'crash', 'stop', 'hang');
const op: fc.Arbitrary<Op> = fc.oneof(
  { arbitrary: fc.record({ op: fc.constant('server' as const), async: fc.boolean() }), weight: 3 },
  { arbitrary: fc.record({ op: fc.constant('plain' as const), asyncBody: fc.boolean() }), weight: 2 },
  { arbitrary: fc.record({ op: fc.constantFrom('cast' as const, 'call' as const, 'info' as const), to: who, fate }), weight: 8 },
  { arbitrary: fc.record({ op: fc.constantFrom('kill' as const, 'shutdown' as const), who }), weight: 2 },
  { arbitrary: fc.constant({ op: 'settle' as const }), weight: 2 },
);
const plan = fc.array(op, { minLength: 10, maxLength: 60, size: 'max' });

/** Counts spans by id: started, and how many times each ended. */
class CountingProcessor implements SpanProcessor {
  readonly started = new Set<string>();
  readonly ends = new Map<string, number>();
  onStart(span: Span, _ctx: Context): void {
    this.started.add(span.spanContext().spanId);
  }
  onEnd(span: ReadableSpan): void {
    const id = span.spanContext().spanId;
    this.ends.set(id, (this.ends.get(id) ?? 0) + 1);
  }
  forceFlush(): Promise<void> {
    return Promise.resolve();
  }
  shutdown(): Promise<void> {
    return Promise.resolve();
  }
}

const never = (): Promise<never> => new Promise(() => undefined);

/** The answer of a handler to a message of fate `f` (sync or async). */
function serverMod(async: boolean): GenServer.GenServerBehaviour<null> {
  const act = (f: Fate, reply: boolean): unknown => {
    if (f === 'crash') throw new Error('crash');
    if (f === 'stop') return reply ? ['stop', 'normal', 'bye', null] : ['stop', 'normal', null];
    return reply ? ['reply', 'ok', null] : ['noreply', null];
  };
  const run = (f: Fate, reply: boolean): unknown => {
    if (!async) return f === 'hang' ? ['noreply', null] : act(f, reply);
    return f === 'hang' ? never() : Promise.resolve().then(() => act(f, reply));
  };
  return {
    init: () => ['ok', null],
    handleCall: (f, _from) => run(f as Fate, true) as ReturnType<NonNullable<GenServer.GenServerBehaviour<null>['handleCall']>>,
    handleCast: (f) => run(f as Fate, false) as ReturnType<NonNullable<GenServer.GenServerBehaviour<null>['handleCast']>>,
    handleInfo: (f) => run(f as Fate, false) as ReturnType<NonNullable<GenServer.GenServerBehaviour<null>['handleInfo']>>,
  };
}

/** A plain process: a loop handler, or an async body receiving one message at a time. */
function plainBody(asyncBody: boolean): (self: Self) => unknown {
  const act = (m: unknown, self: Self): unknown => {
    if (m === 'crash') throw new Error('crash');
    if (m === 'stop') self.exit('normal');
    if (m === 'hang') return never();
    return undefined;
  };
  if (!asyncBody) return (self) => self.loop((m) => act(m, self));
  return async (self) => {
    for (;;) await act(await self.receive(), self);
  };
}

const seen = { spans: 0, cutShort: 0 };

async function execute(ops: readonly Op[], seed: number | null): Promise<void> {
  const counting = new CountingProcessor();
  const provider = new TracerProvider({ spanProcessors: [counting] });
  const rt = new Runtime({ logger: () => undefined, ...(seed === null ? {} : { race: { seed } }) });
  const handle = instrument(rt, { tracerProvider: provider, metrics: false });
  const procs: Pid[] = [];
  const pending: Promise<unknown>[] = [];
  for (const o of ops) {
    switch (o.op) {
      case 'server': {
        const started = GenServer.start(serverMod(o.async), undefined, { runtime: rt });
        await rt.settled();
        const r = await started;
        if (r[0] === 'ok') procs.push(r[1] as Pid);
        break;
      }
      case 'plain':
        procs.push(rt.spawn(plainBody(o.asyncBody)));
        break;
      case 'cast':
      case 'call':
      case 'info': {
        const to = procs[o.to % Math.max(1, procs.length)];
        if (to === undefined) break;
        if (o.op === 'call') pending.push(GenServer.call(to, o.fate, { timeout: Infinity }).catch(() => undefined));
        else if (o.op === 'cast') GenServer.cast(to, o.fate);
        else rt.send(to, o.fate);
        break;
      }
      case 'kill':
      case 'shutdown': {
        const p = procs[o.who % Math.max(1, procs.length)];
        if (p !== undefined) rt.exit(p, o.op === 'kill' ? 'kill' : 'shutdown');
        break;
      }
      case 'settle':
        await rt.settled();
        break;
    }
  }
  await rt.settled();
  const hung = [...counting.started].filter((id) => !counting.ends.has(id)).length;
  for (const p of procs) rt.exit(p, 'kill');
  await rt.settled();
  // spans of handlings cut short by an exit end one macrotask after it
  await new Promise((r) => setImmediate(r));
  expect(rt.processCount).toBe(0);
  // checked before stop(), which ends whatever is still open
  const unended = [...counting.started].filter((id) => !counting.ends.has(id));
  handle.stop();
  expect(unended, 'spans never ended').toEqual([]);
  const twice = [...counting.ends].filter(([, n]) => n > 1);
  expect(twice, 'spans ended more than once').toEqual([]);
  seen.spans += counting.started.size;
  seen.cutShort += hung;
}

describe('otel spans under random process lifecycles', { concurrent: false }, () => {
  it('end every span exactly once (default scheduler)', async () => {
    await fc.assert(
      fc.asyncProperty(plan, (ops) => execute(ops, null)),
      { numRuns: 100 },
    );
  }, 60_000);

  it('end every span exactly once (race scheduler, random seeds)', async () => {
    await fc.assert(
      fc.asyncProperty(plan, fc.integer({ min: 0, max: 2 ** 31 - 1 }), (ops, seed) => execute(ops, seed)),
      { numRuns: 100 },
    );
  }, 60_000);

  it('exercised spans, and handlings still open when the processes were killed', () => {
    console.info(`otel span property exercised: ${JSON.stringify(seen)}`);
    expect(seen.spans).toBeGreaterThan(500);
    expect(seen.cutShort).toBeGreaterThan(20);
  });
});
