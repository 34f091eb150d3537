/** The storage of every queue made with capacity 0 until its first push: empty, never written. */
const NO_ITEMS: readonly never[] = Object.freeze([]);

/** Rings of at least this many slots shrink by half when under a quarter full (the mask is slots - 1; tested first: most rings are small, and one comparison then ends the check on every shift). */
const SHRINK_FROM = 63;

/**
 * A growable ring buffer: O(1) push and shift, O(1) indexed read, O(n) removal
 * from the middle (used only by selective receive, as in OTP).
 */
export class Queue<T> {
  private items: (T | undefined)[];
  private head = 0;
  private size = 0;
  private mask: number;

  /** `capacity` 0: no storage until the first push (a mailbox that never gets a message costs nothing). */
  constructor(capacity = 8) {
    if (capacity === 0) {
      this.items = NO_ITEMS as unknown as (T | undefined)[];
      this.mask = 0;
      return;
    }
    let cap = 8;
    while (cap < capacity) cap <<= 1;
    this.items = new Array<T | undefined>(cap);
    this.mask = cap - 1;
  }

  /** Number of queued items. */
  get length(): number {
    return this.size;
  }

  /** Appends an item at the tail. */
  push(item: T): void {
    if (this.size === this.items.length) this.grow();
    this.items[(this.head + this.size) & this.mask] = item;
    this.size++;
  }

  /** Removes and returns the head, or undefined when empty. A ring left mostly empty after a burst shrinks. */
  shift(): T | undefined {
    if (this.size === 0) return undefined;
    const item = this.items[this.head];
    this.items[this.head] = undefined;
    this.head = (this.head + 1) & this.mask;
    this.size--;
    if (this.mask >= SHRINK_FROM && this.size < this.mask >> 2) this.resize(this.items.length >> 1);
    return item;
  }

  /** Removes and returns the tail, or undefined when empty. */
  pop(): T | undefined {
    if (this.size === 0) return undefined;
    const i = (this.head + this.size - 1) & this.mask;
    const item = this.items[i];
    this.items[i] = undefined;
    this.size--;
    return item;
  }

  /** Reads the item at position i (0 = head) without removing it. */
  at(i: number): T | undefined {
    if (i < 0 || i >= this.size) return undefined;
    return this.items[(this.head + i) & this.mask];
  }

  /** Removes and returns the item at position i, keeping the others in order. */
  removeAt(i: number): T | undefined {
    if (i === 0) return this.shift();
    if (i < 0 || i >= this.size) return undefined;
    const mask = this.mask;
    const item = this.items[(this.head + i) & mask];
    for (let k = i; k < this.size - 1; k++) {
      this.items[(this.head + k) & mask] = this.items[(this.head + k + 1) & mask];
    }
    this.items[(this.head + this.size - 1) & mask] = undefined;
    this.size--;
    if (this.mask >= SHRINK_FROM && this.size < this.mask >> 2) this.resize(this.items.length >> 1);
    return item;
  }

  /** Drops every item (a grown ring goes back to its smallest size). */
  clear(): void {
    if (this.size === 0 && this.items.length <= 8) return;
    this.items = new Array<T | undefined>(8);
    this.mask = 7;
    this.head = 0;
    this.size = 0;
  }

  /** Drops every item and the storage itself (a dead process's mailbox). */
  release(): void {
    this.items = NO_ITEMS as unknown as (T | undefined)[];
    this.mask = 0;
    this.head = 0;
    this.size = 0;
  }

  /**
   * Gives back what the ring does not need: an empty queue drops its storage
   * (as before its first push), another shrinks to the smallest power of two
   * (at least 8) that holds its items. Returns the slots freed.
   */
  compact(): number {
    const before = this.items.length;
    if (this.size === 0) this.release();
    else {
      let cap = 8;
      while (cap < this.size) cap <<= 1;
      if (cap < before) this.resize(cap);
    }
    return before - this.items.length;
  }

  /** Slots allocated (the ring's size; 0 before the first push or after `release`). */
  get capacity(): number {
    return this.items.length;
  }

  /** A copy of the items, head first. */
  toArray(): T[] {
    const out: T[] = new Array<T>(this.size);
    for (let i = 0; i < this.size; i++) out[i] = this.items[(this.head + i) & this.mask] as T;
    return out;
  }

  private grow(): void {
    this.resize(this.items.length === 0 ? 8 : this.items.length * 2);
  }

  /** Moves the items, head first, into a ring of `cap` slots (a power of two, at least `size`). */
  private resize(cap: number): void {
    const old = this.items;
    const next = new Array<T | undefined>(cap);
    for (let i = 0; i < this.size; i++) next[i] = old[(this.head + i) & this.mask];
    this.items = next;
    this.head = 0;
    this.mask = cap - 1;
  }
}
