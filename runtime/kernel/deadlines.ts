/**
 * Call deadlines without a timer per call. Calls with the same timeout expire
 * in the order they were made, so each timeout value keeps a FIFO of pending
 * calls and one timer for its head (the way Node groups its own timer lists).
 * Settled calls leave from the head at once, so the FIFO stays short when
 * replies come back in order.
 *
 * The clock is read once per event-loop turn, not per call (a read costs
 * ~50 ns, ~6% of a call): a deadline may be early by as long as its turn had
 * run when the call was made — a few ms with the scheduler's default `yieldMs`,
 * longer under synchronous code that runs long or a raised `yieldMs` (README,
 * "Deliberate differences"). Fake timers move it as they move
 * `performance.now()`. A deadline beyond Node's timer limit (about 24.8 days)
 * is waited for in steps: the timer wakes at the limit and re-arms for the rest.
 */
import { setImmediate } from 'node:timers';
import { Queue } from './queue.ts';
import { MAX_HOST_DELAY } from './clock.ts';
import type { From } from './from.ts';

interface Bucket {
  readonly ms: number;
  readonly calls: Queue<From>;
  armed: boolean;
  /** The armed timer; unref'd while no call of the bucket is pending (from the end of the turn it emptied in). */
  timer: ReturnType<typeof setTimeout> | null;
  /** The timer keeps Node alive (ref'd). */
  refd: boolean;
  /** In the list of buckets whose timers are unref'd as the turn ends. */
  unrefQueued: boolean;
  /** The deadlines this bucket belongs to. */
  readonly owner: CallTimeouts;
}

/** Expires pending calls after their timeout; `onTimeout` fails each one. */
export class CallTimeouts {
  private readonly buckets = new Map<number, Bucket>();
  /** The bucket of the last call armed (calls one after another mostly share their timeout). */
  private last: Bucket | null = null;
  private readonly onTimeout: (from: From) => void;
  private clock = 0;
  private clockFresh = false;
  private readonly staleClock = (): void => {
    this.clockFresh = false;
  };
  /** Buckets left without a pending call this turn: their timers are unref'd as the turn ends (not once per call). */
  private readonly emptied: Bucket[] = [];
  private readonly unrefEmptied = (): void => {
    for (const b of this.emptied.splice(0)) {
      b.unrefQueued = false;
      if (b.calls.length === 0 && b.refd) {
        b.refd = false;
        b.timer?.unref?.();
      }
    }
  };

  constructor(onTimeout: (from: From) => void) {
    this.onTimeout = onTimeout;
  }

  private now(): number {
    if (!this.clockFresh) {
      this.clock = globalThis.performance.now();
      this.clockFresh = true;
      setImmediate(this.staleClock);
    }
    return this.clock;
  }

  /** Starts the clock for `from` (a pending call). */
  arm(from: From, ms: number): void {
    const last = this.last;
    const b = last !== null && last.ms === ms ? last : this.bucketOf(ms);
    from.deadline = this.now() + ms;
    from.bucket = b;
    b.calls.push(from);
    if (!b.armed) this.schedule(b, ms);
    else if (!b.refd) {
      b.refd = true;
      b.timer?.ref?.();
    }
  }

  private bucketOf(ms: number): Bucket {
    let b = this.buckets.get(ms);
    if (b === undefined) {
      b = { ms, calls: new Queue<From>(16), armed: false, timer: null, refd: false, unrefQueued: false, owner: this };
      this.buckets.set(ms, b);
    }
    this.last = b;
    return b;
  }

  /** True when some call still waits for its reply (its deadline is a pending runtime timer). */
  hasPending(): boolean {
    for (const b of this.buckets.values()) {
      for (let i = 0; i < b.calls.length; i++) if ((b.calls.at(i) as From).state === 'pending') return true;
    }
    return false;
  }

  /** Drops settled calls from the head of `from`'s bucket. */
  static settled(from: From): void {
    const b = from.bucket as Bucket;
    const q = b.calls;
    from.bucket = null;
    while (q.length > 0 && (q.at(0) as From).state !== 'pending') q.shift();
    // nothing left to time out: the timer must not keep Node alive (a script ends after its last call), from the
    // end of this turn on (calls one after another would otherwise toggle it twice a call, a call into libuv each)
    if (q.length === 0 && b.refd && !b.unrefQueued) b.owner.emptiedBucket(b);
  }

  private emptiedBucket(b: Bucket): void {
    if (this.emptied.length === 0) setImmediate(this.unrefEmptied);
    b.unrefQueued = true;
    this.emptied.push(b);
  }

  private schedule(b: Bucket, delay: number): void {
    b.armed = true;
    b.refd = true;
    // ref'd while a call is pending: a caller awaiting its call's timeout must get it, even when nothing else keeps Node alive
    // Node fires a longer timer after 1 ms: wait at most its limit, then `expire` re-arms for what is left
    b.timer = globalThis.setTimeout(() => this.expire(b), delay > MAX_HOST_DELAY ? MAX_HOST_DELAY : Math.max(0, delay));
  }

  private expire(b: Bucket): void {
    b.armed = false;
    b.timer = null;
    const q = b.calls;
    const t = globalThis.performance.now();
    while (q.length > 0) {
      const head = q.at(0) as From;
      if (head.state !== 'pending') {
        q.shift();
        continue;
      }
      if (head.deadline > t) break;
      q.shift();
      head.bucket = null;
      this.onTimeout(head);
    }
    if (q.length > 0) this.schedule(b, (q.at(0) as From).deadline - t);
  }
}
