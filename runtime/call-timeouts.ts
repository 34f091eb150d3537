/**
 * Call deadlines without a timer per call. Calls with the same timeout expire
 * in the order they were made, so each timeout value keeps a FIFO of pending
 * calls and one timer for its head (the way Node groups its own timer lists).
 * Settled calls leave from the head at once, so the FIFO stays short when
 * replies come back in order.
 */
import { Queue } from './queue.ts';
import type { From } from './from.ts';

interface Bucket {
  readonly ms: number;
  readonly calls: Queue<From>;
  armed: boolean;
}

const now = (): number => globalThis.performance.now();

/** Expires pending calls after their timeout; `onTimeout` fails each one. */
export class CallTimeouts {
  private readonly buckets = new Map<number, Bucket>();
  private readonly onTimeout: (from: From) => void;

  constructor(onTimeout: (from: From) => void) {
    this.onTimeout = onTimeout;
  }

  /** Starts the clock for `from` (a pending call). */
  arm(from: From, ms: number): void {
    let b = this.buckets.get(ms);
    if (b === undefined) {
      b = { ms, calls: new Queue<From>(16), armed: false };
      this.buckets.set(ms, b);
    }
    from.deadline = now() + ms;
    b.calls.push(from);
    if (!b.armed) this.schedule(b, ms);
  }

  /** Drops settled calls from the head of `from`'s bucket. */
  settled(from: From, ms: number): void {
    const b = this.buckets.get(ms);
    if (b === undefined) return;
    const q = b.calls;
    while (q.length > 0 && (q.at(0) as From).state !== 'pending') q.shift();
  }

  private schedule(b: Bucket, delay: number): void {
    b.armed = true;
    const t = globalThis.setTimeout(() => this.expire(b), Math.max(0, delay));
    (t as { unref?: () => void }).unref?.();
  }

  private expire(b: Bucket): void {
    b.armed = false;
    const q = b.calls;
    const t = now();
    while (q.length > 0) {
      const head = q.at(0) as From;
      if (head.state !== 'pending') {
        q.shift();
        continue;
      }
      if (head.deadline > t) break;
      q.shift();
      this.onTimeout(head);
    }
    if (q.length > 0) this.schedule(b, (q.at(0) as From).deadline - t);
  }
}
