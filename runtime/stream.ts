/**
 * The event stream as RxJS: every `SysEvent` of a runtime as a hot,
 * synchronous Observable (an event reaches subscribers before the process
 * handles its next message), per process, filtered by kind. With no
 * subscriber the runtime does no event work beyond one boolean check.
 *
 * A subscriber whose callback throws never breaks the runtime or the other
 * subscribers: the error is reported once to the runtime's logger and the
 * subscription goes on. Consumers slower than the runtime opt into `bounded`,
 * which drops the oldest events and counts the drops.
 */
import { setImmediate } from 'node:timers';
import { Observable, Subscription, filter, startWith, takeWhile, type Observer, type OperatorFunction } from 'rxjs';
import type { EventOfKind, SysEvent, SysEventKind } from './events.ts';
import { runtime, type Runtime } from './runtime.ts';
import { stackFrames } from './redact.ts';
import { Queue } from './queue.ts';
import type { Pid } from './terms.ts';

/** Adds a listener to a runtime's events; returns the function that removes it (`Runtime.subscribe`). */
export type Listen<T> = (listener: (value: T) => void) => () => void;

/** An Observable whose subscribers' errors are contained (reported once, not thrown at Node). */
export class EventStream<T> extends Observable<T> {
  /** Where contained errors are reported. */
  private readonly report: (error: unknown) => void;
  /** The runtime's own listener list, on the root stream only (operators' results have none). */
  private readonly listen: Listen<T> | undefined;

  constructor(
    subscribe: ((subscriber: import('rxjs').Subscriber<T>) => () => void) | undefined,
    report: (error: unknown) => void,
    listen?: Listen<T>,
  ) {
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

  override subscribe(observerOrNext?: Partial<Observer<T>> | ((value: T) => void) | null): Subscription {
    let reported = false;
    const contain = (e: unknown): void => {
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
              contain(e);
            }
          };
    // An RxJS Subscriber (an operator's, firstValueFrom's) is passed on as it is:
    // it ends itself with its own unsubscribe(), which must remove our listener,
    // and it already catches what its callbacks throw (ConsumerObserver).
    if (isSubscriptionLike(observerOrNext)) return super.subscribe(observerOrNext as Partial<Observer<T>>);
    const next = typeof observerOrNext === 'function' ? observerOrNext : observerOrNext?.next?.bind(observerOrNext);
    if (this.listen !== undefined && next !== undefined) {
      // The root stream never errors or completes: its subscribers are the
      // runtime's own listeners, called with no RxJS Subscriber in between.
      return new Subscription(
        this.listen((value) => {
          try {
            next(value);
          } catch (e) {
            contain(e);
          }
        }),
      );
    }
    if (typeof observerOrNext === 'function') return super.subscribe(guard(observerOrNext));
    if (observerOrNext == null) return super.subscribe();
    const o = observerOrNext;
    return super.subscribe({
      next: guard(o.next?.bind(o)),
      error: guard(o.error?.bind(o)),
      complete: guard(o.complete?.bind(o)),
    });
  }
}

/** True for a Subscription (an RxJS Subscriber is one), also from another copy of rxjs. */
function isSubscriptionLike(x: unknown): boolean {
  if (x instanceof Subscription) return true;
  const o = x as { add?: unknown; unsubscribe?: unknown } | null | undefined;
  return typeof o === 'object' && o !== null && typeof o.add === 'function' && typeof o.unsubscribe === 'function';
}

function reporter(rt: Runtime): (error: unknown) => void {
  return (error) => rt.log({ level: 'error', label: 'event_subscriber_failed', report: { error: rt.redact(error, 'crash-report'), stack: stackFrames(error) } });
}

/** Every event of the runtime, hot and synchronous. */
export function events(rt: Runtime = runtime()): EventStream<SysEvent> {
  return new EventStream<SysEvent>((subscriber) => rt.subscribe((e) => subscriber.next(e)), reporter(rt), (listener) => rt.subscribe(listener));
}

/**
 * The events of one process: by pid, completing after its `exit` event (at
 * once for a pid already dead: a pid is never reused); or by registered name at
 * the time of each event, never completing (the name may be registered again).
 */
export function eventsOf(target: Pid | string, rt?: Runtime): Observable<SysEvent> {
  if (typeof target === 'string') return events(rt ?? runtime()).pipe(filter((e) => e.name === target));
  const pid = target;
  return events(rt ?? pid.proc.runtime).pipe(
    // null: the moment of subscribing, to end at once if the process is already gone
    startWith(null),
    takeWhile((e) => (e === null ? !pid.proc.dead : !(e.kind === 'exit' && e.pid === pid)), true),
    filter((e): e is SysEvent => e !== null && e.pid === pid),
  );
}

/** Keeps the events of the given kinds, typed: `events().pipe(ofKind('exit', 'spawn'))`. */
export function ofKind<K extends SysEventKind>(...kinds: K[]): OperatorFunction<SysEvent, EventOfKind<K>> {
  const set = new Set<string>(kinds);
  return filter((e: SysEvent): e is EventOfKind<K> => set.has(e.kind));
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
  return (source) =>
    new Observable<T>((subscriber) => {
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
}
