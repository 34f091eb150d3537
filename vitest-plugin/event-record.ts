/**
 * The per-runtime record of events for a test: every event since the record
 * was made, and the waits that are pending. An event satisfies at most one
 * wait (consume-once), so `await waitForEvent(p, 'DOWN')` twice waits for two
 * DOWNs; a wait first looks at what already happened, then at what comes, and
 * resolves synchronously in the listener: no timer, no polling.
 */
import { Queue, type Runtime, type SysEvent } from '../runtime/index.ts';

/** A pending wait: `accept` says whether an event satisfies it. */
export interface Waiter {
  readonly accept: (e: SysEvent) => boolean;
  readonly resolve: (e: SysEvent) => void;
}

/** The events of one runtime, recorded for waits and failure timelines. */
export class EventRecord {
  /** Every event seen, oldest first (a ring capped at `capacity`: the oldest is dropped). */
  private readonly ring = new Queue<SysEvent>(256);
  private readonly consumed = new WeakSet<SysEvent>();
  private readonly waiters = new Set<Waiter>();
  private readonly unsubscribe: () => void;
  private readonly capacity: number;
  /** Events dropped because the record was full. */
  dropped = 0;

  /** The runtime recorded. */
  readonly rt: Runtime;

  constructor(rt: Runtime, capacity = 100_000) {
    this.rt = rt;
    this.capacity = capacity;
    this.unsubscribe = rt.subscribe((e) => this.onEvent(e));
  }

  private onEvent(e: SysEvent): void {
    if (this.ring.length >= this.capacity) {
      this.ring.shift();
      this.dropped++;
    }
    this.ring.push(e);
    for (const w of this.waiters) {
      if (w.accept(e)) {
        this.waiters.delete(w);
        this.consumed.add(e);
        w.resolve(e);
        return;
      }
    }
  }

  /** The first recorded, unconsumed event `accept` takes (marking it consumed), or undefined. */
  take(accept: (e: SysEvent) => boolean): SysEvent | undefined {
    for (let i = 0; i < this.ring.length; i++) {
      const e = this.ring.at(i) as SysEvent;
      if (!this.consumed.has(e) && accept(e)) {
        this.consumed.add(e);
        return e;
      }
    }
    return undefined;
  }

  /** Registers a wait for a future event; returns the function that cancels it. */
  wait(w: Waiter): () => void {
    this.waiters.add(w);
    return () => this.waiters.delete(w);
  }

  /** The last `n` events that `filter` keeps. */
  recent(n: number, filter: (e: SysEvent) => boolean = () => true): SysEvent[] {
    const out: SysEvent[] = [];
    for (let i = this.ring.length - 1; i >= 0 && out.length < n; i--) {
      const e = this.ring.at(i) as SysEvent;
      if (filter(e)) out.push(e);
    }
    return out.reverse();
  }

  /** The oldest event still recorded, if any. */
  get first(): SysEvent | undefined {
    return this.ring.at(0);
  }

  /** The oldest recorded event `filter` accepts. */
  find(filter: (e: SysEvent) => boolean): SysEvent | undefined {
    for (let i = 0; i < this.ring.length; i++) {
      const e = this.ring.at(i) as SysEvent;
      if (filter(e)) return e;
    }
    return undefined;
  }

  /** Stops recording. */
  close(): void {
    this.unsubscribe();
    this.waiters.clear();
  }
}

const records = new WeakMap<Runtime, EventRecord>();

/** The record of `rt`, made (and started) on first use. */
export function recordOf(rt: Runtime): EventRecord {
  let r = records.get(rt);
  if (r === undefined) {
    r = new EventRecord(rt);
    records.set(rt, r);
  }
  return r;
}

/** Stops and forgets the record of `rt`. */
export function closeRecord(rt: Runtime): void {
  records.get(rt)?.close();
  records.delete(rt);
}
