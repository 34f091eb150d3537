/**
 * The live processes of a runtime, oldest first: an intrusive doubly linked
 * list through `Process.prevLive/nextLive`, so adding and removing cost O(1)
 * and no map grows with the process count.
 */
import type { Process } from './process.ts';
import type { Pid } from './terms.ts';

/** The live processes, in spawn order. */
export class LiveList {
  private head: Process | null = null;
  private tail: Process | null = null;
  private count = 0;

  /** Number of live processes. */
  get size(): number {
    return this.count;
  }

  /** Appends `p` (a process just spawned). */
  add(p: Process): void {
    p.prevLive = this.tail;
    p.nextLive = null;
    if (this.tail === null) this.head = p;
    else this.tail.nextLive = p;
    this.tail = p;
    this.count++;
  }

  /** Removes `p` (a process ending); nothing if it is not in the list. */
  remove(p: Process): void {
    if (p.prevLive === null && this.head !== p) return;
    if (p.prevLive === null) this.head = p.nextLive;
    else p.prevLive.nextLive = p.nextLive;
    if (p.nextLive === null) this.tail = p.prevLive;
    else p.nextLive.prevLive = p.prevLive;
    p.prevLive = null;
    p.nextLive = null;
    this.count--;
  }

  /** Calls `fn` on each live process, oldest first. */
  each(fn: (p: Process) => void): void {
    for (let p = this.head; p !== null; p = p.nextLive) fn(p);
  }

  /** The pids, oldest first. */
  pids(): Pid[] {
    const out: Pid[] = [];
    for (let p = this.head; p !== null; p = p.nextLive) out.push(p.pid);
    return out;
  }
}
