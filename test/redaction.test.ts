/**
 * The redaction policy, case by case: what the default lets out of a reason
 * (reasonSummary), what runtime-built error texts say, what a span's status
 * and exception event carry under each redactor, the documented payload
 * capture with a masking redactor, and a redactor that throws.
 */
import { SpanStatusCode } from '@opentelemetry/api';
import { InMemorySpanExporter, SimpleSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';
import { describe, expect, it } from 'vitest';
import { instrument } from '../otel/index.ts';
import { spanJson } from '../otel/readable-exporter.ts';
import {
  CallError,
  GenServer,
  ProcessExit,
  Redacted,
  Runtime,
  UncaughtThrow,
  defaultRedactor,
  describeReason,
  dropEverything,
  errorTypeOf,
  formatTerm,
  reasonSummary,
  reasonText,
  redactTerm,
  redactedText,
  shapeOf,
  stackFrames,
  sys,
  tuple,
  type LogEvent,
  type Redactor,
} from '../runtime/index.ts';
import { BadArgError } from '../runtime/kernel/errors.ts';
import { otelFixture } from './otel-fixture.ts';

describe('reasonSummary: the default policy for reasons leaving in telemetry and error texts', () => {
  it('keeps atoms, numbers, booleans, pids and the structure of tuples and lists', () => {
    expect(reasonSummary('normal')).toBe('normal');
    expect(reasonSummary(tuple('shutdown', tuple('failed_to_start_child', 'worker', 42)))).toEqual(tuple('shutdown', tuple('failed_to_start_child', 'worker', 42)));
    expect(formatTerm(reasonSummary(['a', true, null, undefined]))).toBe('[a,true,null,undefined]');
  });

  it('shows anything else by its kind: text, maps, objects, a state inside bad_return_value', () => {
    expect(formatTerm(reasonSummary('Card 4111 1111'))).toBe('<string>');
    expect(formatTerm(reasonSummary(tuple('bad_return_value', { password: 'x' })))).toBe('{bad_return_value,<map>}');
    expect(formatTerm(reasonSummary(new Map([['k', 1]])))).toBe('<map>');
    expect(formatTerm(reasonSummary(new Set([1])))).toBe('<set>');
    expect(formatTerm(reasonSummary(12n))).toBe('<integer>');
    class Secret {}
    expect(formatTerm(reasonSummary(tuple('x', new Secret())))).toBe('{x,<Secret>}');
    // an atom-like string longer than an atom is text
    expect(formatTerm(reasonSummary('a'.repeat(65)))).toBe('<string>');
  });

  it('cuts wide and deep terms: 8 elements, 4 levels', () => {
    expect(formatTerm(reasonSummary([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]))).toBe('[1,2,3,4,5,6,7,8,<2 more>]');
    expect(formatTerm(reasonSummary([[[[['deep']]]]]))).toBe('[[[[<list>]]]]');
  });

  it('shows an Error as its class and message (code text, cut to 256), the runtime errors as their OTP term', () => {
    expect(reasonSummary(new TypeError('bad input'))).toBe('TypeError: bad input');
    expect(reasonSummary(new Error(''))).toBe('Error');
    expect(String(reasonSummary(new Error('x'.repeat(1000)))).length).toBe(257);
    expect(reasonSummary(new BadArgError('register: name taken'))).toBe('badarg');
    expect(formatTerm(reasonSummary(new UncaughtThrow({ secret: 1 })))).toBe('{nocatch,<map>}');
  });
});

describe('redaction helpers', () => {
  it('a withheld value leaves as its kind; a throwing redactor withholds', () => {
    const throwing: Redactor = () => {
      throw new Error('redactor bug');
    };
    expect(redactTerm(dropEverything, { a: 1 }, 'log')).toEqual(new Redacted('map'));
    expect(redactTerm(throwing, 'text here', 'log')).toEqual(new Redacted('string'));
    expect(redactedText(throwing, 1, 'span')).toBeUndefined();
    expect(reasonText(throwing, tuple('x', 1))).toBe('<tuple>');
    expect(redactTerm(defaultRedactor, { a: 1 }, 'crash-report')).toEqual({ a: 1 });
    expect(redactedText(defaultRedactor, { a: 1 }, 'span')).toBeUndefined();
  });

  it('error.type is low-cardinality: an Error class, an atom, a tuple tag, else a kind', () => {
    expect(errorTypeOf(defaultRedactor, new RangeError('x'))).toBe('RangeError');
    expect(errorTypeOf(defaultRedactor, 'timeout')).toBe('timeout');
    expect(errorTypeOf(defaultRedactor, tuple('bad_return_value', { s: 1 }))).toBe('bad_return_value');
    expect(errorTypeOf(defaultRedactor, new BadArgError('m'))).toBe('badarg');
    expect(errorTypeOf(defaultRedactor, 'not an atom!')).toBe('string');
    expect(errorTypeOf(dropEverything, 'timeout')).toBe('atom');
  });

  it('stackFrames drops the message line, keeps the frames', () => {
    const e = new Error('secret in the message');
    const frames = stackFrames(e);
    expect(frames?.split('\n')[0]).toBe('Error');
    expect(frames).toContain('redaction.test.ts');
    expect(frames).not.toContain('secret');
    expect(stackFrames('not an error')).toBeUndefined();
  });

  it('shapeOf names a message without its content', () => {
    expect(shapeOf(tuple('subscribe', 'SECRET'))).toBe('{subscribe,…}');
    expect(shapeOf(['Not An Atom', 1])).toBe('list');
    expect(shapeOf({ a: 1 })).toBe('map');
    expect(shapeOf('Hello World')).toBe('string');
  });
});

describe('runtime-built error texts name shapes and kinds, never user terms', () => {
  it('CallError of a bad return shows the tag, not the state; the reason keeps the term', async () => {
    const rt = new Runtime({ logger: () => undefined });
    const s = GenServer.okPid(
      await GenServer.start({ init: () => ['ok', { password: 'hunter2' }], handleCall: (_r, _f, st) => ({ st }) as never }, undefined, { runtime: rt }),
    );
    const err = (await GenServer.call(s, 'x').catch((e: unknown) => e)) as CallError;
    expect(err.message).toBe('gen_server.call failed: {bad_return_value,<map>}');
    expect(formatTerm(err.reason)).toContain('hunter2');
  });

  it("a missing handleCast names the cast's shape, not the cast", async () => {
    const rt = new Runtime({ logger: () => undefined });
    const s = GenServer.okPid(await GenServer.start({ init: () => ['ok', 0] }, undefined, { runtime: rt }));
    const seen = new Promise<unknown>((resolve) => rt.subscribe((e) => e.kind === 'exit' && resolve(e.reason)));
    GenServer.cast(s, tuple('set_password', 'hunter2'));
    const reason = (await seen) as Error;
    expect(reason.message).toBe(`GenServer ${String(s)}: no handleCast callback for a cast of shape {set_password,…}`);
  });

  it('ProcessExit, UncaughtThrow and describeReason use the redactor they are given', () => {
    expect(new ProcessExit({ password: 'x' }).message).toBe('exit: <map>');
    expect(new ProcessExit('my_reason').message).toBe('exit: my_reason');
    expect(new ProcessExit('my_reason', dropEverything).message).toBe('exit: <atom>');
    expect(new UncaughtThrow('a secret text').message).toBe('uncaught throw: <string>');
    expect(describeReason(new TypeError('boom'))).toBe('TypeError: boom');
    expect(describeReason(new TypeError('boom'), dropEverything)).toBe('<TypeError>');
  });

  it("a caller's CallError names the server's reason as the runtime's redactor lets it out", async () => {
    const rt = new Runtime({ logger: () => undefined });
    rt.setRedactor(dropEverything);
    const s = GenServer.okPid(
      await GenServer.start({ init: () => ['ok', 0], handleCall: () => ['stop', 'custom_reason', 0] }, undefined, { runtime: rt }),
    );
    const err = (await GenServer.call(s, 'x').catch((e: unknown) => e)) as CallError;
    expect(err.message).toBe('gen_server.call failed: <atom>');
    expect(err.reason).toBe('custom_reason');
  });
});

describe('reports and status under a redactor', () => {
  it('a terminate report under dropEverything holds kinds and names only; under the default, what OTP shows', async () => {
    for (const [redactor, expected] of [
      [dropEverything, { state: new Redacted('map'), lastMessage: new Redacted('CastMessage') }],
      [defaultRedactor, { state: { pin: '1234' }, lastMessage: { request: tuple('crash', 'now') } }],
    ] as const) {
      const logs: LogEvent[] = [];
      const rt = new Runtime({ logger: (e) => logs.push(e) });
      rt.setRedactor(redactor);
      const s = GenServer.okPid(
        await GenServer.start(
          {
            init: () => ['ok', { pin: '1234' }],
            handleCast: () => {
              throw new Error('boom');
            },
          },
          undefined,
          { runtime: rt, name: 'vault' },
        ),
      );
      GenServer.cast(s, tuple('crash', 'now'));
      await rt.settled();
      const report = logs.find((l) => l.label === 'gen_server:terminate')?.report as Record<string, unknown>;
      expect(report).toMatchObject({ name: 'vault', ...expected });
    }
  });

  it('sys.getStatus passes its state and dictionary through the status site', async () => {
    const rt = new Runtime({ logger: () => undefined });
    rt.setRedactor((v, site) => (site === 'status' ? '<hidden>' : v));
    const s = GenServer.okPid(
      await GenServer.start(
        {
          init: (_a, self) => {
            self.put('api_key', 'k-123');
            return ['ok', { pin: '1234' }];
          },
        },
        undefined,
        { runtime: rt },
      ),
    );
    const st = await sys.getStatus(s);
    expect(st.misc).toBe('<hidden>');
    expect(st.dictionary).toContainEqual(['api_key', '<hidden>']);
    rt.exit(s, 'kill');
  });
});

describe('spans under a redactor', () => {
  async function crashSpan(redactor: Redactor | null, capturePayloads = false) {
    otelFixture();
    const exporter = new InMemorySpanExporter();
    const tracerProvider = new TracerProvider({ spanProcessors: [new SimpleSpanProcessor({ exporter })] });
    const rt = new Runtime({ logger: () => undefined });
    if (redactor !== null) rt.setRedactor(redactor);
    const h = instrument(rt, { tracerProvider, metrics: false, capturePayloads });
    const s = GenServer.okPid(
      await GenServer.start(
        {
          init: () => ['ok', 0],
          handleCall: (req) => {
            if (req === 'crash') throw new TypeError('card 4111');
            return ['reply', 'ok', 0];
          },
        },
        undefined,
        { runtime: rt, name: 'payments' },
      ),
    );
    await GenServer.call(s, { card: '4111-1111', user: 'ann' });
    await GenServer.call(s, 'crash').catch(() => undefined);
    await rt.settled();
    h.stop();
    const spans = exporter.getFinishedSpans().filter((x) => x.attributes['messaging.operation.name'] === 'call');
    return { ok: spans[0], crash: spans[1] };
  }

  it('default: status and exception carry the error class and message; no raw error fields', async () => {
    const { crash } = await crashSpan(null);
    expect(crash.status).toEqual({ code: SpanStatusCode.ERROR, message: 'TypeError: card 4111' });
    const ex = crash.events.find((e) => e.name === 'exception');
    expect(ex?.attributes).toMatchObject({ 'exception.type': 'TypeError', 'exception.message': 'TypeError: card 4111' });
    expect(String(ex?.attributes?.['exception.stacktrace']).split('\n')[0]).toBe('TypeError');
    expect(crash.attributes['error.type']).toBe('TypeError');
  });

  it('dropEverything: only kinds', async () => {
    const { crash } = await crashSpan(dropEverything);
    expect(crash.status.message).toBe('<TypeError>');
    const ex = crash.events.find((e) => e.name === 'exception');
    expect(ex?.attributes?.['exception.message']).toBe('<TypeError>');
    expect(JSON.stringify(spanJson(crash))).not.toContain('4111');
  });

  it('the documented capture path: capturePayloads with a masking redactor records the masked payload', async () => {
    const mask: Redactor = (v, site) =>
      site === 'span' && typeof v === 'object' && v !== null && 'card' in v ? { ...(v as object), card: '****' } : defaultRedactor(v, site);
    const { ok } = await crashSpan(mask, true);
    expect(ok.attributes['otp.message.payload']).toBe('#{card => "****",user => ann}');
  });
});
