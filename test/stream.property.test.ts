/**
 * The event stream under random subscribe / unsubscribe / traffic / restart
 * sequences: every subscriber sees exactly the events emitted while it was
 * subscribed and that it asked for (the stream is hot and synchronous), piped
 * or not, through the registry's every path (all events, one pid's — of a
 * process that may be restarted —, some kinds', one pid's of some kinds);
 * a chain whose operator throws gets what came before the throw, is reported
 * once and ends, and nothing reaches RxJS's unhandled-error hook; when the last
 * subscriber leaves — by unsubscribe(), by take() or eventsOf completing, by
 * firstValueFrom, by an error — the runtime stops listening and keeps no pid
 * entry.
 */
import fc from 'fast-check';
import { Subscription, config, firstValueFrom, map, take } from 'rxjs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { Runtime, events, eventsOf, ofKind, type Pid, type SysEvent } from '../runtime/index.ts';

/** How a subscriber is attached. */
const SHAPES = [
  'root-fn',
  'root-observer',
  'of-kind-in',
  'of-kind-send',
  'events-of',
  'events-of-other',
  'pid-kinds',
  'take-3',
  'first',
  'throw-map',
  'events-of-throw-map',
  'throw-next',
] as const;
type Shape = (typeof SHAPES)[number];

type Op =
  | { readonly op: 'subscribe'; readonly shape: Shape }
  | { readonly op: 'unsubscribe'; readonly which: number }
  | { readonly op: 'send'; readonly count: number; readonly toOther: boolean }
  | { readonly op: 'restart-other' };

const op: fc.Arbitrary<Op> = fc.oneof(
  { arbitrary: fc.record({ op: fc.constant('subscribe' as const), shape: fc.constantFrom<Shape>(...SHAPES) }), weight: 3 },
  { arbitrary: fc.record({ op: fc.constant('unsubscribe' as const), which: fc.nat({ max: 9 }) }), weight: 2 },
  { arbitrary: fc.record({ op: fc.constant('send' as const), count: fc.integer({ min: 1, max: 4 }), toOther: fc.boolean() }), weight: 3 },
  { arbitrary: fc.record({ op: fc.constant('restart-other' as const) }), weight: 1 },
);

/** One subscriber: what it got, and what it should have got (by the same filter, while attached). */
interface Sub {
  readonly shape: Shape;
  readonly got: SysEvent[];
  readonly want: SysEvent[];
  /** Does `e` pass this subscriber's filter (before any take)? */
  readonly accepts: (e: SysEvent) => boolean;
  /** Is `e` the one its operator throws at (it ends the chain, and is not delivered)? */
  readonly throwsAt: (e: SysEvent) => boolean;
  /** Does `e` end the subscription after it is delivered (eventsOf: its process's exit)? */
  readonly endsAt: (e: SysEvent) => boolean;
  /** How many events it takes at most (take/first). */
  readonly limit: number;
  subscription: Subscription | null;
  attached: boolean;
  /** It threw (an operator, or its own next): one report expected. */
  threw: boolean;
}

const seen = { subscribers: 0, events: 0, completedByOperator: 0, threw: 0, restarts: 0 };
const unhandled: unknown[] = [];

const loop = (self: Parameters<Parameters<Runtime['spawn']>[0]>[0]): void => self.loop(() => undefined);
const failAt = (n: number) => (e: SysEvent) => {
  if (e.kind === 'in' && e.message === n) throw new Error(`operator failed at ${n}`);
  return e;
};

async function execute(ops: readonly Op[]): Promise<void> {
  // what an earlier (failed) run left behind is not this run's
  vi.clearAllTimers();
  unhandled.length = 0;
  let reports = 0;
  const rt = new Runtime({ logger: (e) => (e.label === 'event_subscriber_failed' ? reports++ : undefined) });
  const target = rt.spawn(loop);
  let other = rt.spawn(loop);
  const subs: Sub[] = [];
  // the oracle: every event, with the subscribers attached at that moment (it subscribed first: it is called first)
  const stopOracle = rt.subscribe((e) => {
    for (const s of subs) {
      if (!s.attached || !s.accepts(e) || s.want.length >= s.limit) continue;
      if (s.throwsAt(e)) {
        s.attached = false;
        s.threw = true;
        continue;
      }
      s.want.push(e);
      if (s.shape === 'throw-next') s.threw = true;
      if (s.endsAt(e)) s.attached = false;
    }
  });
  for (const o of ops) {
    if (o.op === 'send') {
      for (let i = 0; i < o.count; i++) rt.send(o.toOther ? other : target, i);
      await rt.settled();
    } else if (o.op === 'restart-other') {
      rt.exit(other, 'kill');
      other = rt.spawn(loop);
      seen.restarts++;
      await rt.settled();
    } else if (o.op === 'subscribe') {
      const shape = o.shape;
      const watched: Pid = shape === 'events-of-other' || shape === 'throw-next' ? other : target;
      const ofWatched = (e: SysEvent): boolean => e.pid === watched;
      const accepts =
        shape === 'of-kind-in' || shape === 'throw-map'
          ? (e: SysEvent) => e.kind === 'in'
          : shape === 'of-kind-send'
            ? (e: SysEvent) => e.kind === 'send'
            : shape === 'pid-kinds'
              ? (e: SysEvent) => e.pid === target && e.kind === 'in'
              : shape === 'events-of' || shape === 'events-of-other' || shape === 'events-of-throw-map' || shape === 'throw-next'
                ? ofWatched
                : () => true;
      const throwsAt = shape === 'throw-map' ? (e: SysEvent) => e.kind === 'in' && e.message === 2 : shape === 'events-of-throw-map' ? (e: SysEvent) => e.kind === 'in' && e.message === 3 : () => false;
      const endsAt = shape.startsWith('events-of') || shape === 'throw-next' ? (e: SysEvent) => e.kind === 'exit' && e.pid === watched : () => false;
      const limit = shape === 'take-3' ? 3 : shape === 'first' ? 1 : Infinity;
      const s: Sub = { shape, got: [], want: [], accepts, throwsAt, endsAt, limit, subscription: null, attached: true, threw: false };
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
      else if (shape === 'of-kind-send') s.subscription = events(rt).pipe(ofKind('send')).subscribe(push);
      else if (shape === 'events-of' || shape === 'events-of-other') s.subscription = eventsOf(watched, rt).subscribe(push);
      else if (shape === 'pid-kinds') s.subscription = new Subscription(rt.subscribe(push, { pid: target, kinds: ['in'] }));
      else if (shape === 'take-3') s.subscription = events(rt).pipe(take(3)).subscribe({ next: push, complete: done });
      else if (shape === 'throw-map') s.subscription = events(rt).pipe(ofKind('in'), map(failAt(2))).subscribe(push);
      else if (shape === 'events-of-throw-map') s.subscription = eventsOf(watched, rt).pipe(map(failAt(3))).subscribe(push);
      else if (shape === 'throw-next')
        s.subscription = eventsOf(watched, rt).subscribe((e) => {
          push(e);
          throw new Error('subscriber failed');
        });
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
  const threw = subs.filter((s) => s.threw).length;
  seen.threw += threw;
  expect(reports, 'event_subscriber_failed reports').toBe(threw);
  // everyone leaves (a pending firstValueFrom by getting its event), then the oracle: nobody listens any more
  for (const s of subs) s.subscription?.unsubscribe();
  if (subs.some((s) => s.shape === 'first' && s.got.length === 0)) {
    rt.send(target, 'last');
    await rt.settled();
  }
  stopOracle();
  expect(rt.listening).toBe(false);
  expect(rt.interest.pidCount).toBe(0);
  rt.exit(target, 'kill');
  rt.exit(other, 'kill');
  await rt.settled();
  vi.runOnlyPendingTimers(); // RxJS's reportUnhandledError timers, if any
  expect(unhandled).toEqual([]);
}

describe('the event stream, as a property', () => {
  beforeAll(() => {
    config.onUnhandledError = (e) => unhandled.push(e);
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
  });
  afterAll(() => {
    vi.useRealTimers();
    config.onUnhandledError = null;
  });

  it('delivers to each subscriber what was emitted while it was attached, contains throws, and stops listening when all are gone', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 5, maxLength: 40, size: 'max' }), (ops) => execute(ops)),
      { numRuns: 150 },
    );
    console.info(`stream property exercised: ${JSON.stringify(seen)}`);
    expect(seen.subscribers).toBeGreaterThan(500);
    expect(seen.events).toBeGreaterThan(1000);
    expect(seen.completedByOperator).toBeGreaterThan(50);
    expect(seen.threw).toBeGreaterThan(50);
    expect(seen.restarts).toBeGreaterThan(50);
  });
});
