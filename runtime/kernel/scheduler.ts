/**
 * The cooperative scheduler: a FIFO run queue of processes with messages to
 * handle. A process gets up to `sliceBudget` messages per turn, then goes to the
 * back of the queue. One macrotask runs at most `yieldBudget` messages or
 * `yieldMs` milliseconds, whichever comes first; then the scheduler continues on
 * `setImmediate`, so Node's timers, I/O and call deadlines run in between, also
 * when each message is slow.
 *
 * The clock is not read per message (a read costs more than a fast message):
 * `credit` counts the messages until the next look at it, a number that adapts
 * to the pace seen so far in the macrotask (small for slow messages, up to
 * MAX_CHECK_EVERY for fast ones). A process whose turn such a look cut short
 * goes on with it: at once when there is time left, first thing after the yield
 * otherwise. So the order in which processes run depends on the counts only,
 * not on the clock (what timers and I/O deliver during a yield aside).
 *
 * It drains in a loop, never recursively: a long chain of messages uses no stack.
 * `setImmediate` comes from `node:timers` and the clock is Node's own
 * `performance.now`, captured, so that fake timers in tests neither freeze the
 * scheduler nor stop its clock (the runtime's own timers use the global,
 * fakeable clock).
 */
import { setImmediate } from 'node:timers';
import { Queue } from './queue.ts';
import type { Process } from './process.ts';

/** Tuning knobs. */
export interface SchedulerOptions {
  /** Messages one process handles per turn before others get to run (default 100). */
  sliceBudget?: number;
  /** Messages handled in one macrotask before yielding to the event loop (default 20,000). */
  yieldBudget?: number;
  /** Milliseconds of handling in one macrotask before yielding to the event loop (default 5; Infinity: by count only). */
  yieldMs?: number;
  /** The clock `yieldMs` is measured on, in ms (default Node's `performance.now`, real time also under fake timers). For tests. */
  yieldClock?: () => number;
}

/** What the runtime needs of a scheduler (the default one, or the race-revealing one in race.ts). */
export interface SchedulerLike {
  /** Messages still allowed before the scheduler looks at its budgets; 0 disables the synchronous receive fast path. */
  credit: number;
  /** Puts `p` in the run queue (once) and makes sure it will run. */
  schedule(p: Process): void;
  /** Work waiting: runnable processes (and, in race mode, messages in flight). */
  readonly runnable: number;
  /** True while a process runs inside the scheduler. */
  readonly isDraining: boolean;
  /** Resolves when nothing is runnable. */
  whenIdle(): Promise<void>;
  /** Slices run so far (a process's turn of up to `sliceBudget` messages), if the scheduler counts them. */
  readonly slices?: number;
  /** Times it yielded to Node's event loop (`setImmediate`) with work left, if it counts them. */
  readonly yields?: number;
  /** Arms the per-macrotask credit refill. */
  armReset(): void;
}

/** Default `yieldMs`: a 10 ms timer fires a few ms late under load, for a yield cost below 0.1% (bench/README.md). */
export const DEFAULT_YIELD_MS = 5;
/** Messages between two looks at the clock, at most (a look costs about 50 ns, a fast message 30). */
const MAX_CHECK_EVERY = 256;
/** Each look lets the next come at most this many times as many messages later. */
const CHECK_GROWTH = 4;

const realNow: () => number = performance.now.bind(performance);

/** Runs processes that have work; see the module comment. */
export class Scheduler implements SchedulerLike {
  private readonly runQueue = new Queue<Process>(64);
  private readonly sliceBudget: number;
  private readonly yieldBudget: number;
  private readonly yieldMs: number;
  private readonly clock: () => number;
  /** Messages still allowed before the next look at the budgets. */
  credit: number;
  /** Slices run so far (for diagnostics: counted per drain, not per message). */
  slices = 0;
  /** Yields to the event loop with work left. */
  yields = 0;
  /** The credit given at the last look (what `credit` counts down from). */
  private interval: number;
  /** The interval is shorter than a slice (slow messages): turns are cut where the credit runs out. */
  private cutting = false;
  /** Messages handled in this macrotask before the last look. */
  private used = 0;
  /** The clock when this macrotask's work began. */
  private started = 0;
  /** A process whose turn a yield cut short: it goes on first in the next macrotask (still marked queued). */
  private carried: Process | null = null;
  /** What is left of the carried process's turn. */
  private carriedBudget = 0;
  private pending: 'none' | 'micro' | 'macro' = 'none';
  private draining = false;
  private readonly runSlice: (p: Process, budget: number) => number;
  private readonly drainBound = (): void => this.drain();
  private readonly macroBound = (): void => {
    this.yields++;
    this.refill();
    this.drain();
  };
  private readonly idleWaiters: (() => void)[] = [];
  private resetArmed = false;
  private readonly resetBound = (): void => {
    this.resetArmed = false;
    this.refill();
  };

  constructor(runSlice: (p: Process, budget: number) => number, opts: SchedulerOptions = {}) {
    this.runSlice = runSlice;
    this.sliceBudget = opts.sliceBudget ?? 100;
    this.yieldBudget = opts.yieldBudget ?? 20_000;
    this.yieldMs = opts.yieldMs ?? DEFAULT_YIELD_MS;
    this.clock = opts.yieldClock ?? realNow;
    this.credit = this.interval = 0;
    this.refill();
  }

  /** Puts `p` in the run queue (once) and makes sure a drain is coming. */
  schedule(p: Process): void {
    if (p.queued) return;
    p.queued = true;
    this.runQueue.push(p);
    if (!this.draining && this.pending === 'none') this.requestDrain();
  }

  /** Number of processes waiting to run. */
  get runnable(): number {
    return this.runQueue.length + (this.carried === null ? 0 : 1);
  }

  /** True while the scheduler is inside a drain. */
  get isDraining(): boolean {
    return this.draining;
  }

  /** Resolves when the run queue is empty (processes may still await I/O or timers). */
  whenIdle(): Promise<void> {
    if (this.runnable === 0 && !this.draining) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private requestDrain(): void {
    if (this.credit > 0 || this.look()) {
      this.pending = 'micro';
      queueMicrotask(this.drainBound);
    } else {
      this.pending = 'macro';
      setImmediate(this.macroBound);
    }
  }

  /**
   * Arms a credit refill for the next macrotask: work done inside one macrotask
   * (drains and async processes' microtasks alike) shares one budget, counted
   * from here.
   */
  armReset(): void {
    if (this.resetArmed) return;
    this.resetArmed = true;
    setImmediate(this.resetBound);
    if (this.yieldMs !== Infinity) this.started = this.clock();
  }

  /** A new macrotask: its budgets are whole again; the first look comes after one message (count only: none before yieldBudget). */
  private refill(): void {
    this.used = 0;
    this.credit = this.interval = this.yieldMs === Infinity ? this.yieldBudget : 1;
    this.cutting = this.interval < this.sliceBudget;
  }

  /**
   * The credit ran out: looks at the budgets. True (with a new credit) when the
   * macrotask may go on, false (credit 0) when it must yield. Calling it again
   * before any message is handled answers the same.
   */
  private look(): boolean {
    // (a whole slice may have overdrawn the credit: what it took counts)
    const used = (this.used += this.interval - this.credit);
    const last = this.interval;
    this.credit = this.interval = 0;
    const left = this.yieldBudget - used;
    if (left <= 0) return false;
    let next = left;
    if (this.yieldMs !== Infinity) {
      const elapsed = this.clock() - this.started;
      const rest = this.yieldMs - elapsed;
      if (rest <= 0) return false;
      // at the pace so far, the messages that fill half the time left; growing slowly, and never past the count budget
      const pace = elapsed > 0 ? Math.floor((used * rest) / (2 * elapsed)) : MAX_CHECK_EVERY;
      const cap = last * CHECK_GROWTH < MAX_CHECK_EVERY ? last * CHECK_GROWTH : MAX_CHECK_EVERY;
      next = pace < cap ? (pace > 1 ? pace : 1) : cap;
      if (next > left) next = left;
    }
    this.credit = this.interval = next;
    this.cutting = next < this.sliceBudget;
    return true;
  }

  private drain(): void {
    this.pending = 'none';
    if (this.draining) return;
    this.armReset();
    this.draining = true;
    const q = this.runQueue;
    const slice = this.sliceBudget;
    let slices = 0;
    try {
      const c = this.carried;
      if (c !== null) {
        this.carried = null;
        this.turn(c, this.carriedBudget);
      }
      // the mode changes only at a look: one loop per mode, the fast one as it was before the time budget
      for (;;) {
        if (this.cutting) {
          while (this.cutting && q.length > 0 && this.credit > 0) this.turn(q.shift() as Process, slice);
        } else {
          while (q.length > 0 && this.credit > 0) {
            const p = q.shift() as Process;
            p.queued = false;
            slices++;
            // fast messages: a whole slice, even if it overdraws the credit a little
            this.credit -= this.runSlice(p, slice);
          }
        }
        if (q.length === 0) break;
        // credit left: a look inside a turn ended the cutting mode; none left: look now
        if (this.credit <= 0 && !this.look()) break;
      }
    } finally {
      this.draining = false;
      this.slices += slices;
    }
    if (q.length > 0 || this.carried !== null) {
      this.requestDrain();
    } else if (this.idleWaiters.length > 0) {
      const waiters = this.idleWaiters.splice(0);
      for (const w of waiters) w();
    }
  }

  /**
   * Runs `p`'s turn of up to `budget` messages: one slice, or several when the
   * credit runs out first (the budgets are looked at there). A look that finds
   * time left lets `p` go on; one that must yield keeps `p` first for the next
   * macrotask, with what is left of its turn.
   */
  private turn(p: Process, budget: number): void {
    p.queued = false;
    this.slices++;
    for (;;) {
      const ask = budget < this.credit ? budget : this.credit;
      const n = this.runSlice(p, ask);
      // the common case: the slice ended before the credit did
      if ((this.credit -= n) > 0) return;
      const goOn = this.look();
      const q = this.runQueue;
      // p's turn is over, or it has nothing more to do (runSlice queues it last when it has)
      if ((budget -= n) <= 0 || q.length === 0 || q.at(q.length - 1) !== p) return;
      q.pop();
      if (!goOn) {
        // still marked queued: nobody queues it again while it waits to go on first
        this.carried = p;
        this.carriedBudget = budget;
        return;
      }
      p.queued = false;
    }
  }
}
