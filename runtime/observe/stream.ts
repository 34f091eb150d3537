/**
 * The event stream as RxJS: every `SysEvent` of a runtime as a hot,
 * synchronous Observable (an event reaches subscribers before the process
 * handles its next message), per process, filtered by kind. With no
 * subscriber the runtime does no event work beyond one boolean check.
 *
 * Interest: `events()` is one listener in the runtime's registry
 * (listeners.ts) for every event; `eventsOf(pid)` one for that pid's events
 * only, and `ofKind(...)` applied directly to `events()` one for those kinds
 * only. The runtime calls a listener only with the events it wants, so an
 * event costs nothing to subscribers of other pids or kinds.
 *
 * Containment: a throw anywhere in a chain built from `events()`/`eventsOf()`
 * with RxJS operators — in an operator (`map`, `filter`, `tap`, …), in a
 * subscriber's `next`, `error` or `complete` — never reaches RxJS's
 * `reportUnhandledError` (which rethrows on a timer and ends Node) and never
 * breaks the runtime or the other subscribers. A subscriber's own callback
 * that throws is reported once to the runtime's logger
 * (`event_subscriber_failed`) and the subscription goes on. An operator that
 * throws errors the chain, as in RxJS: the error goes to the subscriber's
 * `error` callback if it has one, and is reported once otherwise; either way
 * the chain is torn down and its listener removed. The guard lives in
 * `EventStream.subscribe`, and every operator's result is an EventStream
 * (`lift`); an Observable made elsewhere (`merge(events(), …)`,
 * `combineLatest`, a custom operator's `new Observable`) subscribes to ours
 * with its own Subscriber, whose errors RxJS reports as unhandled: wrap it in
 * `contained(…)` to put it under the same guard.
 *
 * Consumers slower than the runtime opt into `bounded`, which drops the oldest
 * events and counts the drops.
 */
import { setImmediate } from 'node:timers';
import { Observable, Subscription, filter, startWith, takeWhile, type Observer, type OperatorFunction, type Subscriber, type TeardownLogic } from 'rxjs';
import type { EventOfKind, SysEvent, SysEventKind } from './events.ts';
import type { Interest } from './listeners.ts';
import { currentKernel } from '../kernel/current.ts';
import type { Kernel } from '../kernel/kernel.ts';
import { stackFrames } from '../kernel/redact.ts';
import { Queue } from '../kernel/queue.ts';
import type { Pid } from '../kernel/terms.ts';

/** Adds a listener to a runtime's events; returns the function that removes it (`Runtime.subscribe`). */
export type Listen<T> = (listener: (value: T) => void) => () => void;

/** An Observable whose subscribers' errors are contained (reported once, not thrown at Node). */
export class EventStream<T> extends Observable<T> {
  /** Where contained errors are reported. */
  private readonly report: (error: unknown) => void;
  /** The runtime's own listener list, on the root stream only (operators' results have none). */
  private readonly listen: Listen<T> | undefined;

  constructor(subscribe: ((subscriber: Subscriber<T>) => TeardownLogic) | undefined, report: (error: unknown) => void, listen?: Listen<T>) {
    super(subscribe);
    this.report = report;
    this.listen = listen;
  }

  /** Keeps operators' results EventStreams, so `pipe(...)` subscribers are guarded too. */
  override lift<R>(operator?: import('rxjs').Operator<T, R>): Observable<R> {
    const next = new EventStream<R>(undefined, this.report);
    next.source = this as Observable<unknown>;
    next.operator = operator as import('rxjs').Operator<unknown, R>;
    return next;
  }

  /** `inner` (made from this stream outside `lift`, as `bounded` does) under this stream's guard. */
  contain<R>(inner: Observable<R>): EventStream<R> {
    return new EventStream<R>((subscriber) => inner.subscribe(subscriber), this.report);
  }

  override subscribe(
    observerOrNext?: Partial<Observer<T>> | ((value: T) => void) | null,
    error?: ((error: unknown) => void) | null,
    complete?: (() => void) | null,
  ): Subscription {
    // An RxJS Subscriber (an operator's, firstValueFrom's) is passed on as it is:
    // it ends itself with its own unsubscribe(), which must remove our listener,
    // and what it does with an error is up to whoever made it.
    if (isSubscriptionLike(observerOrNext)) return super.subscribe(observerOrNext as Partial<Observer<T>>);
    let reported = false;
    const reportOnce = (e: unknown): void => {
      if (!reported) {
        reported = true;
        this.report(e);
      }
    };
    const guard = <A extends unknown[]>(fn: ((...args: A) => void) | undefined) =>
      fn === undefined
        ? undefined
        : (...args: A): void => {
            try {
              fn(...args);
            } catch (e) {
              reportOnce(e);
            }
          };
    const o: Partial<Observer<T>> =
      typeof observerOrNext === 'function'
        ? { next: observerOrNext, error: error ?? undefined, complete: complete ?? undefined }
        : observerOrNext == null
          ? {}
          : observerOrNext;
    // a function is called as it is (a bound one costs the hot path a few ns per event)
    const next = typeof observerOrNext === 'function' ? observerOrNext : o.next?.bind(o);
    if (this.listen !== undefined && next !== undefined) {
      // The root stream never errors or completes: its subscribers are the
      // runtime's own listeners, called with no RxJS Subscriber in between.
      return new Subscription(
        this.listen((value) => {
          try {
            next(value);
          } catch (e) {
            reportOnce(e);
          }
        }),
      );
    }
    // with no error callback of its own, an error (an operator threw) is reported
    // here instead of reaching RxJS's reportUnhandledError
    return super.subscribe({ next: guard(next), error: o.error === undefined ? reportOnce : guard(o.error.bind(o)), complete: guard(o.complete?.bind(o)) });
  }
}

/**
 * The root of a runtime's stream: one listener in its registry per
 * subscriber, with the interest the stream declares (every event, one pid's,
 * some kinds').
 */
class RootStream extends EventStream<SysEvent> {
  private readonly rt: Kernel;
  private readonly interest: Interest;

  constructor(rt: Kernel, interest: Interest) {
    super((subscriber) => rt.subscribe((e) => subscriber.next(e), interest), reporter(rt), (listener) => rt.subscribe(listener, interest));
    this.rt = rt;
    this.interest = interest;
  }

  /** The same root, for `kinds` only (those it already keeps, if it keeps some). */
  ofKinds(kinds: readonly SysEventKind[]): RootStream {
    const had = this.interest.kinds;
    return new RootStream(this.rt, { ...this.interest, kinds: had === undefined ? kinds : kinds.filter((k) => had.includes(k)) });
  }
}

/** True for a Subscription (an RxJS Subscriber is one), also from another copy of rxjs. */
function isSubscriptionLike(x: unknown): boolean {
  if (x instanceof Subscription) return true;
  const o = x as { add?: unknown; unsubscribe?: unknown } | null | undefined;
  return typeof o === 'object' && o !== null && typeof o.add === 'function' && typeof o.unsubscribe === 'function';
}

function reporter(rt: Kernel): (error: unknown) => void {
  return (error) => rt.log({ level: 'error', label: 'event_subscriber_failed', report: { error: rt.redact(error, 'crash-report'), stack: stackFrames(error) } });
}

/** Every event of the runtime, hot and synchronous. */
export function events(rt: Kernel = currentKernel()): EventStream<SysEvent> {
  return new RootStream(rt, {});
}

/**
 * The events of one process: by pid, completing after its `exit` event (at
 * once for a pid already dead: a pid is never reused), and indexed (an event
 * of another process costs this subscriber nothing); or by registered name at
 * the time of each event, never completing (the name may be registered again),
 * which filters every event.
 */
export function eventsOf(target: Pid | string, rt?: Kernel): EventStream<SysEvent> {
  if (typeof target === 'string') return events(rt ?? currentKernel()).pipe(filter((e) => e.name === target)) as EventStream<SysEvent>;
  const pid = target;
  return new RootStream(rt ?? pid.proc.runtime, { pid }).pipe(
    // null: the moment of subscribing, to end at once if the process is already gone
    startWith(null),
    takeWhile((e) => (e === null ? !pid.proc.dead : e.kind !== 'exit'), true),
    filter((e): e is SysEvent => e !== null),
  ) as EventStream<SysEvent>;
}

/**
 * Keeps the events of the given kinds, typed: `events().pipe(ofKind('exit', 'spawn'))`.
 * Applied directly to `events()` it declares the interest to the runtime (the
 * subscriber is called for those kinds only); elsewhere it filters.
 */
export function ofKind<K extends SysEventKind>(...kinds: K[]): OperatorFunction<SysEvent, EventOfKind<K>> {
  const set = new Set<string>(kinds);
  const keep = filter((e: SysEvent): e is EventOfKind<K> => set.has(e.kind));
  return (source) => (source instanceof RootStream ? (source.ofKinds(kinds) as Observable<SysEvent> as Observable<EventOfKind<K>>) : keep(source));
}

/**
 * `source` — an Observable made outside the stream's operators, such as
 * `merge(events(), other)` — under the stream's containment: a throw in its
 * operators or subscribers is reported once to `rt`'s logger instead of
 * reaching RxJS's `reportUnhandledError`.
 */
export function contained<T>(source: Observable<T>, rt: Kernel = currentKernel()): EventStream<T> {
  return new EventStream<T>((subscriber) => source.subscribe(subscriber), reporter(rt));
}

/** Counts what `bounded` dropped. */
export interface DropStats {
  dropped: number;
}

let droppedTotal = 0;

/** Events dropped by every `bounded` consumer of this process so far (the otel `otp.events.dropped` metric reads it). */
export function droppedEventCount(): number {
  return droppedTotal;
}

/**
 * Decouples a slow consumer: events are queued in a ring of `capacity` and
 * handed on asynchronously (on the next event-loop turn, in order); when the
 * ring is full the oldest event is dropped and `stats.dropped` counts it. The
 * runtime never waits and memory stays bounded.
 */
export function bounded<T>(capacity: number, stats: DropStats = { dropped: 0 }): OperatorFunction<T, T> {
  if (!(capacity >= 1)) throw new RangeError(`bounded: capacity must be at least 1, got ${capacity}`);
  return (source) => {
    const out = new Observable<T>((subscriber) => {
      const ring = new Queue<T>(Math.min(capacity, 1024));
      let scheduled = false;
      let closed = false;
      const flush = (): void => {
        scheduled = false;
        // hand on what is queued now; what arrives meanwhile waits for the next turn
        for (let n = ring.length; n > 0 && !closed; n--) subscriber.next(ring.shift() as T);
        if (ring.length > 0 && !closed) schedule();
      };
      const schedule = (): void => {
        if (scheduled) return;
        scheduled = true;
        setImmediate(flush);
      };
      const sub = source.subscribe({
        next: (v) => {
          if (ring.length >= capacity) {
            ring.shift();
            stats.dropped++;
            droppedTotal++;
          }
          ring.push(v);
          schedule();
        },
        error: (e: unknown) => subscriber.error(e),
        complete: () => subscriber.complete(),
      });
      return () => {
        closed = true;
        sub.unsubscribe();
      };
    });
    // made with `new Observable`, not `lift`: keep a guarded source's guard
    return source instanceof EventStream ? source.contain(out) : out;
  };
}
