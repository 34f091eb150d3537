/**
 * The event stream under random subscribe / unsubscribe / traffic sequences:
 * every subscriber sees exactly the events emitted while it was subscribed
 * (the stream is hot and synchronous), piped or not, and when the last one
 * leaves — by unsubscribe(), by take() completing, or by firstValueFrom — the
 * runtime stops listening.
 */
import fc from 'fast-check';
import { firstValueFrom, take, type Subscription } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { Runtime, events, eventsOf, ofKind, type SysEvent } from '../runtime/index.ts';

/** How a subscriber is attached. */
type Shape = 'root-fn' | 'root-observer' | 'of-kind-in' | 'events-of' | 'take-3' | 'first';

type Op =
  | { readonly op: 'subscribe'; readonly shape: Shape }
  | { readonly op: 'unsubscribe'; readonly which: number }
  | { readonly op: 'send'; readonly count: number };

const op: fc.Arbitrary<Op> = fc.oneof(
  { arbitrary: fc.record({ op: fc.constant('subscribe' as const), shape: fc.constantFrom<Shape>('root-fn', 'root-observer', 'of-kind-in', 'events-of', 'take-3', 'first') }), weight: 3 },
  { arbitrary: fc.record({ op: fc.constant('unsubscribe' as const), which: fc.nat({ max: 9 }) }), weight: 2 },
  { arbitrary: fc.record({ op: fc.constant('send' as const), count: fc.integer({ min: 1, max: 4 }) }), weight: 3 },
);

/** One subscriber: what it got, and what it should have got (by the same filter, while attached). */
interface Sub {
  readonly shape: Shape;
  readonly got: SysEvent[];
  readonly want: SysEvent[];
  /** Does `e` pass this subscriber's filter (before any take)? */
  readonly accepts: (e: SysEvent) => boolean;
  /** How many events it takes at most (take/first). */
  readonly limit: number;
  subscription: Subscription | null;
  attached: boolean;
}

const seen = { subscribers: 0, events: 0, completedByOperator: 0 };

async function execute(ops: readonly Op[]): Promise<void> {
  const rt = new Runtime({ logger: () => undefined });
  const target = rt.spawn((self) => self.loop(() => undefined));
  const subs: Sub[] = [];
  // the oracle: every event, with the subscribers attached at that moment
  const stopOracle = rt.subscribe((e) => {
    for (const s of subs) if (s.attached && s.accepts(e) && s.want.length < s.limit) s.want.push(e);
  });
  for (const o of ops) {
    if (o.op === 'send') {
      for (let i = 0; i < o.count; i++) rt.send(target, i);
      await rt.settled();
    } else if (o.op === 'subscribe') {
      const shape = o.shape;
      const accepts = shape === 'of-kind-in' ? (e: SysEvent) => e.kind === 'in' : shape === 'events-of' ? (e: SysEvent) => e.pid === target : () => true;
      const limit = shape === 'take-3' ? 3 : shape === 'first' ? 1 : Infinity;
      const s: Sub = { shape, got: [], want: [], accepts, limit, subscription: null, attached: true };
      subs.push(s);
      seen.subscribers++;
      const push = (e: SysEvent): void => {
        s.got.push(e);
      };
      const done = (): void => {
        s.attached = false;
        seen.completedByOperator++;
      };
      if (shape === 'root-fn') s.subscription = events(rt).subscribe(push);
      else if (shape === 'root-observer') s.subscription = events(rt).subscribe({ next: push });
      else if (shape === 'of-kind-in') s.subscription = events(rt).pipe(ofKind('in')).subscribe(push);
      else if (shape === 'events-of') s.subscription = eventsOf(target, rt).subscribe(push);
      else if (shape === 'take-3') s.subscription = events(rt).pipe(take(3)).subscribe({ next: push, complete: done });
      else
        void firstValueFrom(events(rt)).then((e) => {
          push(e);
          done();
        });
    } else {
      const s = subs[o.which % Math.max(1, subs.length)];
      if (s !== undefined && s.subscription !== null) {
        s.subscription.unsubscribe();
        s.attached = false;
      }
    }
  }
  await rt.settled();
  for (const s of subs) {
    expect(s.got, `${s.shape} subscriber`).toEqual(s.want);
    seen.events += s.got.length;
  }
  // everyone leaves (a pending firstValueFrom by getting its event), then the oracle: nobody listens any more
  for (const s of subs) s.subscription?.unsubscribe();
  if (subs.some((s) => s.shape === 'first' && s.got.length === 0)) {
    rt.send(target, 'last');
    await rt.settled();
  }
  stopOracle();
  expect(rt.listening).toBe(false);
  rt.exit(target, 'kill');
  await rt.settled();
}

describe('the event stream, as a property', () => {
  it('delivers to each subscriber what was emitted while it was attached, and stops listening when all are gone', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 5, maxLength: 40, size: 'max' }), (ops) => execute(ops)),
      { numRuns: 150 },
    );
    console.info(`stream property exercised: ${JSON.stringify(seen)}`);
    expect(seen.subscribers).toBeGreaterThan(500);
    expect(seen.events).toBeGreaterThan(1000);
    expect(seen.completedByOperator).toBeGreaterThan(50);
  });
});
