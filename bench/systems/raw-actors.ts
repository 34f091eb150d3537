/**
 * The raw baseline: the least an actor system can do. Each actor is a handler
 * and a ring-buffer mailbox; a send pushes to the mailbox and puts the actor
 * in a run queue (once); `run` drains the run queue in a plain loop. No
 * links, monitors, names, selective receive, timers, promises or yielding.
 */

/** A growable power-of-two ring buffer. */
export class Ring<T> {
  private items: (T | undefined)[];
  private head = 0;
  private size = 0;
  private mask: number;

  constructor(capacity = 4) {
    let cap = 4;
    while (cap < capacity) cap <<= 1;
    this.items = new Array<T | undefined>(cap);
    this.mask = cap - 1;
  }

  /** Number of queued items. */
  get length(): number {
    return this.size;
  }

  /** Appends at the tail. */
  push(item: T): void {
    if (this.size === this.items.length) this.grow();
    this.items[(this.head + this.size) & this.mask] = item;
    this.size++;
  }

  /** Removes the head (the ring must not be empty). */
  shift(): T {
    const item = this.items[this.head] as T;
    this.items[this.head] = undefined;
    this.head = (this.head + 1) & this.mask;
    this.size--;
    return item;
  }

  private grow(): void {
    const old = this.items;
    const next = new Array<T | undefined>(old.length * 2);
    for (let i = 0; i < this.size; i++) next[i] = old[(this.head + i) & this.mask];
    this.items = next;
    this.head = 0;
    this.mask = next.length - 1;
  }
}

/** One raw actor. */
export class RawActor {
  readonly mailbox = new Ring<unknown>();
  queued = false;
  handler: (msg: unknown) => void;

  constructor(handler: (msg: unknown) => void) {
    this.handler = handler;
  }
}

/** A run queue of actors with mail. */
export class RawSystem {
  private readonly runQueue = new Ring<RawActor>(64);
  /** Live actors (what a process table would hold). */
  readonly actors = new Set<RawActor>();

  /** Makes an actor. */
  spawn(handler: (msg: unknown) => void): RawActor {
    const a = new RawActor(handler);
    this.actors.add(a);
    return a;
  }

  /** Forgets an actor (its end). */
  stop(a: RawActor): void {
    this.actors.delete(a);
  }

  /** Queues `msg` for `a`. */
  send(a: RawActor, msg: unknown): void {
    a.mailbox.push(msg);
    if (!a.queued) {
      a.queued = true;
      this.runQueue.push(a);
    }
  }

  /** Handles every queued message, in run-queue order, until nothing is left (up to 100 per actor per turn). */
  run(): void {
    const q = this.runQueue;
    while (q.length > 0) {
      const a = q.shift();
      a.queued = false;
      const box = a.mailbox;
      for (let n = 0; n < 100 && box.length > 0; n++) a.handler(box.shift());
      if (box.length > 0 && !a.queued) {
        a.queued = true;
        q.push(a);
      }
    }
  }
}
