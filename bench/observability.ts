/**
 * The observability costs (issue 3), for ping-pong and call: otpscope bare
 * (a), with one no-op RxJS subscriber on the event stream (b), with OTel spans
 * through `instrument` and the real SDK (c), the bare `startSpan()+end()` of
 * that SDK (d), and a build with event emission compiled out (no-emit.ts);
 * and the three targets checked on the figures.
 */
import { setImmediate as nextTurn } from 'node:timers/promises';
import { ROOT_CONTEXT, SpanKind, context, trace, type Tracer } from '@opentelemetry/api';
import { instrument } from '../otel/instrument.ts';
import { events, type Runtime } from '../runtime/index.ts';
import { now, type Sample, type TableRow } from './harness.ts';

/** (b): one RxJS subscriber that does nothing. */
export function streamSubscriber(rt: Runtime): () => void {
  const sub = events(rt).subscribe(() => {});
  return () => sub.unsubscribe();
}

/** Counts the stream's events (for the events-per-message figure of the (b) budget; not a measured run). */
export function countingSubscriber(count: { events: number }): (rt: Runtime) => () => void {
  return (rt) => {
    const sub = events(rt).subscribe(() => {
      count.events++;
    });
    return () => sub.unsubscribe();
  };
}

/**
 * What one event timestamp costs here: ns per call of a captured
 * `performance.now`, the runtime's event clock (median of 5 loops of 2M reads).
 */
export function timestampReadNs(): number {
  const read = performance.now.bind(performance);
  const loops: number[] = [];
  for (let r = 0; r < 5; r++) {
    let sink = 0;
    const t0 = performance.now();
    for (let i = 0; i < 2_000_000; i++) sink += read();
    loops.push(((performance.now() - t0) * 1e6) / 2_000_000 + (sink < 0 ? 1 : 0));
  }
  return loops.sort((a, b) => a - b)[2];
}

/** (c): OTel spans on (metrics off: the spans are what is measured). */
export function otelSpans(rt: Runtime): () => void {
  const handle = instrument(rt, { metrics: false });
  return () => handle.stop();
}

/**
 * (d): `n` spans started and ended with the SDK's tracer, in turns of 20,000
 * (the runtime's turn before it yields), so the batch processor sees the same
 * rhythm as under the runtime.
 */
export async function spanFloor(tracer: Tracer, n: number): Promise<Sample> {
  let ended = 0;
  const t0 = now();
  while (ended < n) {
    const turn = Math.min(n - ended, 20_000);
    for (let i = 0; i < turn; i++) tracer.startSpan('process floor').end();
    ended += turn;
    await nextTurn();
  }
  return { ops: ended, seconds: now() - t0 };
}

/**
 * (d'): the same SDK's span carrying what otpscope's spans carry — kind
 * CONSUMER, a link, the four sampling-relevant messaging attributes at start,
 * run in its context with `context.with`, and the other five attributes with
 * the outcome in one `setAttributes` at the end: the SDK's share of (c), to
 * tell it apart from otpscope's own wiring.
 */
export async function spanFloorAttributed(tracer: Tracer, n: number): Promise<Sample> {
  const link = tracer.startSpan('link target').spanContext();
  tracer.startSpan('link target').end();
  let ended = 0;
  const t0 = now();
  const run = (): number => 1;
  while (ended < n) {
    const turn = Math.min(n - ended, 20_000);
    for (let i = 0; i < turn; i++) {
      const span = tracer.startSpan(
        'process floor',
        {
          kind: SpanKind.CONSUMER,
          links: [{ context: link }],
          attributes: {
            'messaging.system.name': 'otpscope',
            'messaging.operation.type': 'process',
            'messaging.operation.name': 'info',
            'messaging.destination.name': 'plain',
          },
        },
        ROOT_CONTEXT,
      );
      context.with(trace.setSpan(ROOT_CONTEXT, span), run);
      span.setAttributes({
        'messaging.client.id': '<0.1.0>',
        'otp.behaviour': 'plain',
        'otp.outcome': 'noreply',
        'messaging.destination.anonymous': true,
        'otp.message.type': 'number',
      });
      span.end();
    }
    ended += turn;
    await nextTurn();
  }
  return { ops: ended, seconds: now() - t0 };
}

/** One target's verdict. */
export interface Check {
  readonly workload: string;
  readonly target: string;
  readonly value: string;
  readonly pass: boolean;
}

/** The figures of one workload the targets need (any may be missing if not measured). */
export interface ObservedRows {
  readonly bare?: TableRow;
  readonly stream?: TableRow;
  readonly otel?: TableRow;
  readonly floor?: TableRow;
  /** The SDK span carrying what otpscope's carry (d'). */
  readonly floorAttributed?: TableRow;
  readonly noEmit?: TableRow;
  /** The verbatim copy of the runtime (the emission check's control). */
  readonly copy?: TableRow;
  /** Stream events per message of the workload, and ns per timestamp read: the (b) budget line. */
  readonly budget?: { readonly eventsPerMessage: number; readonly timestampNs: number };
}

/** The three targets on one workload's figures. */
export function checks(workload: string, r: ObservedRows): Check[] {
  const out: Check[] = [];
  const { bare, stream, otel, floor, floorAttributed, noEmit, copy, budget } = r;
  if (bare !== undefined && stream !== undefined) {
    const ratio = stream.ops_per_sec / bare.ops_per_sec;
    const added = 1e9 / stream.ops_per_sec - 1e9 / bare.ops_per_sec;
    out.push({ workload, target: '(b)/(a) ≥ 0.75 (one no-op stream subscriber)', value: `${ratio.toFixed(3)} (${added.toFixed(1)} ns added per message)`, pass: ratio >= 0.75 });
    if (budget !== undefined) {
      // 0.75 × throughput means at most a third of the bare time added per message
      const allowed = 1e9 / bare.ops_per_sec / 3;
      const perEvent = allowed / budget.eventsPerMessage;
      out.push({
        workload,
        target: '   budget of (b): what 0.75 allows per event, against one timestamp read',
        value: `${allowed.toFixed(1)} ns per message ÷ ${budget.eventsPerMessage.toFixed(2)} events = ${perEvent.toFixed(1)} ns per event; one performance.now() ${budget.timestampNs.toFixed(1)} ns`,
        pass: budget.timestampNs <= perEvent,
      });
    }
  }
  if (bare !== undefined && otel !== undefined && floor !== undefined) {
    const extra = 1e6 / otel.ops_per_sec - 1e6 / bare.ops_per_sec;
    const span = 1e6 / floor.ops_per_sec;
    out.push({
      workload,
      target: '(c)−(a) ≤ 1.5 × (d) per message (OTel spans vs bare span cost)',
      value: `${extra.toFixed(3)} µs vs 1.5 × ${span.toFixed(3)} = ${(1.5 * span).toFixed(3)} µs (${(extra / span).toFixed(2)} × floor)`,
      pass: extra <= 1.5 * span,
    });
    if (floorAttributed !== undefined) {
      const sdk = 1e6 / floorAttributed.ops_per_sec;
      out.push({
        workload,
        target: "   of which the SDK's own span (d') with our kind, link, attributes, outcome and context.with",
        value: `${sdk.toFixed(3)} µs (${(sdk / span).toFixed(2)} × floor); otpscope's own wiring ${(extra - sdk).toFixed(3)} µs`,
        pass: extra - sdk <= 0.5 * span,
      });
    }
  }
  if (bare !== undefined && noEmit !== undefined) {
    // like with like: the verbatim copy is loaded exactly as the no-emit one, so only the rewrite differs
    const a = copy ?? bare;
    const ratio = a.ops_per_sec / noEmit.ops_per_sec;
    const spread = a.spread === undefined || noEmit.spread === undefined ? '' : `; run-to-run spread (IQR ÷ median) ${pct(a.spread)} and ${pct(noEmit.spread)}`;
    const project =
      copy === undefined
        ? ''
        : `; the project's runtime itself: a ${fmtM(bare.ops_per_sec)}, a ÷ no-emit ${(bare.ops_per_sec / noEmit.ops_per_sec).toFixed(3)}, a ÷ verbatim copy ${(bare.ops_per_sec / copy.ops_per_sec).toFixed(3)} (the method's own error)`;
    out.push({
      workload,
      target: '(a) within 3% of emission compiled out',
      value: `${ratio.toFixed(3)} (${copy === undefined ? 'a' : 'verbatim copy'} ${fmtM(a.ops_per_sec)} ÷ no-emit ${fmtM(noEmit.ops_per_sec)}, medians of alternating runs${spread}${project})`,
      pass: ratio >= 0.97,
    });
  }
  return out;
}

function pct(x: number): string {
  return `${(x * 100).toFixed(1)}%`;
}

function fmtM(x: number): string {
  return `${(x / 1e6).toFixed(2)}M/s`;
}

/** The checks as text. */
export function formatChecks(cs: readonly Check[]): string {
  return cs.map((c) => `${c.pass ? 'PASS' : 'FAIL'}  ${c.workload.padEnd(9)}  ${c.target}: ${c.value}`).join('\n');
}
