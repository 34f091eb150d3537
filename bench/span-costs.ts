/**
 * Where the SDK's time goes in one otpscope-shaped span (issue 3, target c):
 * the same tracer's span built up step by step — bare, kind, the four
 * sampling attributes at start, the link, `context.with`, the five end
 * attributes — each step timed on its own, taking turns, so the bench can
 * print what each adds to the bare `startSpan()+end()`.
 */
import { ROOT_CONTEXT, SpanKind, context, trace, type Attributes, type SpanContext, type Tracer } from '@opentelemetry/api';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { median, now } from './harness.ts';

const START: Attributes = {
  'messaging.system.name': 'otpscope',
  'messaging.operation.type': 'process',
  'messaging.operation.name': 'info',
  'messaging.destination.name': 'plain',
};

const END: Attributes = {
  'messaging.client.id': '<0.1.0>',
  'otp.behaviour': 'plain',
  'otp.outcome': 'noreply',
  'messaging.destination.anonymous': true,
  'otp.message.type': 'number',
};

/** One step of the build-up and what one span costs with it (µs). */
export interface SpanStep {
  readonly step: string;
  readonly us: number;
}

function steps(tracer: Tracer, link: SpanContext): [string, () => void][] {
  const run = (): number => 1;
  return [
    ['bare startSpan()+end()', () => tracer.startSpan('p').end()],
    ['+ kind CONSUMER, explicit parent', () => tracer.startSpan('p', { kind: SpanKind.CONSUMER }, ROOT_CONTEXT).end()],
    ['+ 4 sampling attributes at start', () => tracer.startSpan('p', { kind: SpanKind.CONSUMER, attributes: START }, ROOT_CONTEXT).end()],
    ['+ a link', () => tracer.startSpan('p', { kind: SpanKind.CONSUMER, attributes: START, links: [{ context: link }] }, ROOT_CONTEXT).end()],
    [
      '+ context.with (the handler runs in it)',
      () => {
        const s = tracer.startSpan('p', { kind: SpanKind.CONSUMER, attributes: START, links: [{ context: link }] }, ROOT_CONTEXT);
        context.with(trace.setSpan(ROOT_CONTEXT, s), run);
        s.end();
      },
    ],
    [
      '+ 5 attributes in one setAttributes at the end',
      () => {
        const s = tracer.startSpan('p', { kind: SpanKind.CONSUMER, attributes: START, links: [{ context: link }] }, ROOT_CONTEXT);
        context.with(trace.setSpan(ROOT_CONTEXT, s), run);
        s.setAttributes(END);
        s.end();
      },
    ],
  ];
}

async function time(make: () => void, n: number): Promise<number> {
  const t0 = now();
  for (let done = 0; done < n; done += 20_000) {
    for (let i = 0; i < 20_000; i++) make();
    await nextTurn();
  }
  return ((now() - t0) * 1e6) / n;
}

/** Each step's µs per span: medians of `reps` turns of `n` spans, steps alternating. */
export async function spanCostSplit(tracer: Tracer, n = 200_000, reps = 5): Promise<SpanStep[]> {
  const link = tracer.startSpan('link target').spanContext();
  const all = steps(tracer, link);
  const samples: number[][] = all.map(() => []);
  for (const [, make] of all) await time(make, n / 10);
  for (let r = 0; r < reps; r++) {
    for (let j = 0; j < all.length; j++) {
      const k = r % 2 === 0 ? j : all.length - 1 - j;
      samples[k].push(await time(all[k][1], n));
    }
  }
  return all.map(([step], k) => ({ step, us: median(samples[k]) }));
}

/** The split as lines: cumulative µs, the step's own share, and × the bare span. */
export function formatSpanSplit(split: readonly SpanStep[]): string[] {
  const bare = split[0]?.us ?? NaN;
  return split.map((s, i) => {
    const own = i === 0 ? s.us : s.us - split[i - 1].us;
    return `  ${s.step.padEnd(48)} ${s.us.toFixed(3)} µs  (${i === 0 ? '' : `${own >= 0 ? '+' : ''}${own.toFixed(3)} µs, `}${(s.us / bare).toFixed(2)} × bare)`;
  });
}
