/**
 * The runtime's listener registry: who listens to the event stream, and to
 * what. A listener declares its interest when it is added — every event, the
 * events of one pid, the events of some kinds, or one pid's events of some
 * kinds — and `emit` calls only the listeners interested in the event: an
 * event costs O(interested listeners), not O(all listeners), so a thousand
 * per-process subscribers cost an unrelated event nothing.
 *
 * Listeners are called in the order they were added, whatever their interest.
 * The lists are copy-on-write: a listener added while an event is being
 * delivered first gets the next event, and one removed meanwhile still gets
 * the event under way (the snapshot). A pid's entry is deleted with its last
 * listener, so dead pids leave nothing behind.
 */
import type { SysEvent, SysEventKind } from './events.ts';
import type { Pid } from '../kernel/terms.ts';

/** A listener of the runtime's event stream. */
export type EventListener = (event: SysEvent) => void;

/**
 * The kinds made once per message (a send, a message taken in, a reply, a new
 * state, a continue): the runtime builds these only for a process someone
 * wants them of (see `Listeners.hot` and `Interest.pid`), so that a listener
 * of rare kinds, or of one process, costs the other processes' messages no
 * event.
 */
export const PER_MESSAGE_KINDS: readonly SysEventKind[] = ['send', 'in', 'out', 'noreply', 'continue', 'consume', 'postpone', 'start-timer'];

/** What a listener wants; no field: every event. */
export interface Interest {
  /** Only the events of this process (its own `pid` field). */
  readonly pid?: Pid;
  /** Only events of these kinds (none: no event at all). */
  readonly kinds?: readonly SysEventKind[];
  /**
   * The listener reads `time`: while one such listener is subscribed, every
   * event reads the clock. Without one, events carry `time: NaN` and only
   * `seq` orders them (Erlang's trace timestamps are opt-in flags too).
   */
  readonly time?: boolean;
}

/** The registry as the rest of the runtime may read it (tests, emission that builds only wanted events). */
export interface ListenerInterest {
  /** Listeners added and not yet removed. */
  readonly size: number;
  /** Pids that have listeners of their own (an entry each). */
  readonly pidCount: number;
  /** Would an event of `kind` from `pid` reach any listener? */
  wants(pid: Pid, kind: SysEventKind): boolean;
  /** True when a listener of every process wants a per-message kind (`PER_MESSAGE_KINDS`). */
  readonly hot: boolean;
  /** Listeners that asked for `time` (`Interest.time`). */
  readonly timed: number;
}

interface Entry {
  readonly listener: EventListener;
  /** When it was added: listeners are called in this order. */
  readonly order: number;
  /** For a per-pid listener: the kinds it wants (null: all of them). */
  readonly kinds: ReadonlySet<SysEventKind> | null;
}

const NONE: readonly Entry[] = [];

/** The listeners of one runtime, indexed by pid and by kind. */
export class Listeners implements ListenerInterest {
  /** Listeners of every event. */
  private all: readonly Entry[] = NONE;
  /** Their functions, for `emit`'s common case (no other list: no merging by order). */
  private allFns: readonly EventListener[] = [];
  /** Listeners of one pid (with or without kinds). */
  private readonly byPid = new Map<Pid, readonly Entry[]>();
  /** Listeners of some kinds of every pid: one entry under each kind. */
  private readonly byKind = new Map<SysEventKind, readonly Entry[]>();
  /** True when `byPid` or `byKind` has entries: `emit` then looks them up. */
  private indexed = false;
  private added = 0;
  private count = 0;
  /** Told of a listener that threw (the event goes on to the others). */
  private readonly failed: (listener: EventListener, error: unknown) => void;
  /**
   * Told when a pid gets its first listener of its own that wants a per-message
   * kind (true) and loses its last (false): only such a listener makes the
   * process's messages build events (`Process.watched`).
   */
  private readonly watch: (pid: Pid, watched: boolean) => void;
  /** The pids that have a listener of their own wanting a per-message kind. */
  private readonly hotPids = new Set<Pid>();
  /** See `ListenerInterest.hot`. */
  hot = false;
  /** See `ListenerInterest.timed`. */
  timed = 0;

  constructor(failed: (listener: EventListener, error: unknown) => void, watch: (pid: Pid, watched: boolean) => void = () => undefined) {
    this.failed = failed;
    this.watch = watch;
  }

  get size(): number {
    return this.count;
  }

  get pidCount(): number {
    return this.byPid.size;
  }

  /** Re-reads whether `pid`'s own listeners want a per-message kind; tells `watch` when that changes. */
  private rewatch(pid: Pid): void {
    const own = this.byPid.get(pid) ?? NONE;
    const hot = own.some((e) => e.kinds === null || PER_MESSAGE_KINDS.some((k) => (e.kinds as ReadonlySet<SysEventKind>).has(k)));
    if (hot === this.hotPids.has(pid)) return;
    if (hot) this.hotPids.add(pid);
    else this.hotPids.delete(pid);
    this.watch(pid, hot);
  }

  /** Adds `listener` with its interest; returns the function that removes it (again: nothing). */
  add(listener: EventListener, interest: Interest = {}): () => void {
    const { pid, kinds, time } = interest;
    const entry: Entry = { listener, order: this.added++, kinds: pid !== undefined && kinds !== undefined ? new Set(kinds) : null };
    this.count++;
    if (time === true) this.timed++;
    if (pid !== undefined) {
      this.byPid.set(pid, [...(this.byPid.get(pid) ?? NONE), entry]);
      this.rewatch(pid);
    } else if (kinds !== undefined) {
      for (const k of new Set(kinds)) this.byKind.set(k, [...(this.byKind.get(k) ?? NONE), entry]);
    } else {
      this.all = [...this.all, entry];
      this.allFns = this.all.map((e) => e.listener);
    }
    this.indexed = this.byPid.size > 0 || this.byKind.size > 0;
    this.hot = this.all.length > 0 || PER_MESSAGE_KINDS.some((k) => this.byKind.has(k));
    let removed = false;
    return () => {
      if (removed) return;
      removed = true;
      this.count--;
      if (time === true) this.timed--;
      if (pid !== undefined) {
        drop(this.byPid, pid, entry);
        this.rewatch(pid);
      } else if (kinds !== undefined) for (const k of new Set(kinds)) drop(this.byKind, k, entry);
      else {
        this.all = this.all.filter((e) => e !== entry);
        this.allFns = this.all.map((e) => e.listener);
      }
      this.indexed = this.byPid.size > 0 || this.byKind.size > 0;
      this.hot = this.all.length > 0 || PER_MESSAGE_KINDS.some((k) => this.byKind.has(k));
    };
  }

  /** Calls the listeners interested in `event`, in the order they were added. */
  emit(event: SysEvent): void {
    if (this.indexed) {
      this.emitIndexed(event);
      return;
    }
    // the common case (only listeners of every event), as cheap as the plain array of functions it was
    const ls = this.allFns;
    for (let i = 0; i < ls.length; i++) {
      try {
        ls[i](event);
      } catch (e) {
        this.failed(ls[i], e);
      }
    }
  }

  wants(pid: Pid, kind: SysEventKind): boolean {
    if (this.all.length > 0 || this.byKind.has(kind)) return true;
    const own = this.byPid.get(pid);
    return own !== undefined && own.some((e) => e.kinds === null || e.kinds.has(kind));
  }

  /** The all-events listeners, the pid's and the kind's, merged by the order they were added. */
  private emitIndexed(event: SysEvent): void {
    const a = this.all;
    const p = this.byPid.get(event.pid) ?? NONE;
    const k = this.byKind.get(event.kind) ?? NONE;
    if (p.length === 0 && k.length === 0) {
      const ls = this.allFns;
      for (let x = 0; x < ls.length; x++) {
        try {
          ls[x](event);
        } catch (e) {
          this.failed(ls[x], e);
        }
      }
      return;
    }
    let i = 0;
    let j = 0;
    let l = 0;
    for (;;) {
      const oa = i < a.length ? a[i].order : Infinity;
      const op = j < p.length ? p[j].order : Infinity;
      const ok = l < k.length ? k[l].order : Infinity;
      let entry: Entry;
      if (oa < op && oa < ok) entry = a[i++];
      else if (op < ok) entry = p[j++];
      else if (ok !== Infinity) entry = k[l++];
      else return;
      if (entry.kinds !== null && !entry.kinds.has(event.kind)) continue;
      try {
        entry.listener(event);
      } catch (e) {
        this.failed(entry.listener, e);
      }
    }
  }
}

/** Removes `entry` from `key`'s list, and the key with its last entry. */
function drop<K>(map: Map<K, readonly Entry[]>, key: K, entry: Entry): void {
  const rest = (map.get(key) ?? NONE).filter((e) => e !== entry);
  if (rest.length > 0) map.set(key, rest);
  else map.delete(key);
}
