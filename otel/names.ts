/**
 * The cardinality policy of metric labels and span names: at most `max`
 * destination names get their own series (and their own span name); the rest
 * share '(other)'. A slot is held by the name, not forever:
 *
 * - a name keeps its slot while a process bearing it is alive;
 * - when the cap is full, a newcomer takes the slot of a name whose last
 *   process has died (the least recently used such name first): the names of
 *   short-lived processes (`session_17`) come and go, and do not crowd out the
 *   long-lived ones (`job_queue`), which keep their series;
 * - when no slot is free that way, a supervised newcomer (its parent is a
 *   supervisor: meant to live) takes the least recently used slot of an
 *   unsupervised name; an unsupervised newcomer goes to '(other)'.
 *
 * The overflow (label values folded into '(other)') is counted.
 */
import type { Process } from '../runtime/index.ts';

/** The label of every name past the cap. */
export const OTHER = '(other)';

/** A name's slot. */
interface Slot {
  /** The last process seen bearing the name (null: none known). */
  holder: Process | null;
  /** When it was last used (the cap's own tick). */
  used: number;
}

/** True when `p`'s parent is a supervisor. */
function supervised(p: Process | null): boolean {
  const parent = p?.parent;
  return parent !== null && parent !== undefined && parent.proc.behaviour === 'supervisor';
}

/** Keeps labels bounded (see the module comment). */
export class NameCap {
  private readonly slots = new Map<string, Slot>();
  private readonly max: number;
  private tick = 0;
  /** A scan found no slot to take, and no process has died since: the next newcomer goes to '(other)' without a scan. */
  private full = false;
  /** The same for supervised newcomers. */
  private fullForSupervised = false;
  /** How many label values were folded into '(other)'. */
  overflow = 0;

  constructor(max: number) {
    this.max = Math.max(0, max);
  }

  /** Names with a slot now. */
  get size(): number {
    return this.slots.size;
  }

  /** The label to use for `name`, borne by `p` (if known). */
  label(name: string, p: Process | null = null): string {
    const s = this.slots.get(name);
    if (s !== undefined) {
      s.used = ++this.tick;
      if (p !== null && s.holder !== p && (s.holder === null || s.holder.dead)) s.holder = p;
      return name;
    }
    if (this.slots.size < this.max) {
      this.slots.set(name, { holder: p, used: ++this.tick });
      return name;
    }
    const victim = this.victim(p);
    if (victim === null) {
      this.overflow++;
      return OTHER;
    }
    this.slots.delete(victim);
    this.slots.set(name, { holder: p, used: ++this.tick });
    return name;
  }

  /** A process died: slots may be free to take again. */
  processExited(): void {
    this.full = false;
    this.fullForSupervised = false;
  }

  /** The name whose slot a newcomer borne by `p` may take, or null. */
  private victim(p: Process | null): string | null {
    const sup = supervised(p);
    if (sup ? this.fullForSupervised : this.full) return null;
    let dead: string | null = null;
    let deadUsed = Infinity;
    let loose: string | null = null;
    let looseUsed = Infinity;
    for (const [name, s] of this.slots) {
      const h = s.holder;
      if (h === null || h.dead) {
        if (s.used < deadUsed) {
          dead = name;
          deadUsed = s.used;
        }
      } else if (sup && !supervised(h) && s.used < looseUsed) {
        loose = name;
        looseUsed = s.used;
      }
    }
    const found = dead ?? loose;
    if (found === null) {
      this.full = true;
      if (sup) this.fullForSupervised = true;
    }
    return found;
  }
}
