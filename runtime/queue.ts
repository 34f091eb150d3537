/** The storage of every queue made with capacity 0 until its first push: empty, never written. */
const NO_ITEMS: readonly never[] = Object.freeze([]);

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

  /** Removes and returns the head, or undefined when empty. */
  shift(): T | undefined {
    if (this.size === 0) return undefined;
    const item = this.items[this.head];
    this.items[this.head] = undefined;
    this.head = (this.head + 1) & this.mask;
    this.size--;
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
    return item;
  }

  /** Drops every item. */
  clear(): void {
    if (this.size === 0) return;
    this.items = new Array<T | undefined>(8);
    this.mask = 7;
    this.head = 0;
    this.size = 0;
  }

  /** A copy of the items, head first. */
  toArray(): T[] {
    const out: T[] = new Array<T>(this.size);
    for (let i = 0; i < this.size; i++) out[i] = this.items[(this.head + i) & this.mask] as T;
    return out;
  }

  private grow(): void {
    const old = this.items;
    const cap = old.length === 0 ? 8 : old.length * 2;
    const next = new Array<T | undefined>(cap);
    for (let i = 0; i < this.size; i++) next[i] = old[(this.head + i) & this.mask];
    this.items = next;
    this.head = 0;
    this.mask = cap - 1;
  }
}
