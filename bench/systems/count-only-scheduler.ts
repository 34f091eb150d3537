/**
 * The count-only scheduler of runtime/scheduler.ts before the time budget
 * (commit c94a185), kept verbatim for the bench (scheduler.ts): a runtime copy
 * with this file as its scheduler.ts is the 'before' of the same-run
 * comparisons. Only the two import paths differ (they are rewritten back when
 * it is copied).
 */
/**
 * The cooperative scheduler: a FIFO run queue of processes with messages to
 * handle. A process gets up to `sliceBudget` messages per turn, then goes to the
 * back of the queue; after `yieldBudget` messages in one macrotask the scheduler
 * continues on `setImmediate`, so Node's timers and I/O run in between.
 *
 * It drains in a loop, never recursively: a long chain of messages uses no stack.
 * `setImmediate` comes from `node:timers` so that fake timers in tests do not
 * freeze the scheduler (the runtime's own timers use the global, fakeable clock).
 */
import { setImmediate } from 'node:timers';
import { Queue } from '../../runtime/kernel/queue.ts';
import type { Process } from '../../runtime/kernel/process.ts';

/** Tuning knobs. */
export interface SchedulerOptions {
  /** Messages one process handles per turn before others get to run. */
  sliceBudget?: number;
  /** Messages handled in one macrotask before yielding to the event loop. */
  yieldBudget?: number;
}

/** What the runtime needs of a scheduler (the default one, or the race-revealing one in race.ts). */
export interface SchedulerLike {
  /** Messages still allowed in this macrotask; 0 disables the synchronous receive fast path. */
  credit: number;
  /** Puts `p` in the run queue (once) and makes sure it will run. */
  schedule(p: Process): void;
  /** Work waiting: runnable processes (and, in race mode, messages in flight). */
  readonly runnable: number;
  /** True while a process runs inside the scheduler. */
  readonly isDraining: boolean;
  /** Resolves when nothing is runnable. */
  whenIdle(): Promise<void>;
  /** Arms the per-macrotask credit refill. */
  armReset(): void;
}

/** Runs processes that have work; see the module comment. */
export class Scheduler implements SchedulerLike {
  private readonly runQueue = new Queue<Process>(64);
  private readonly sliceBudget: number;
  private readonly yieldBudget: number;
  /** Messages still allowed before the next macrotask yield. */
  credit: number;
  private pending: 'none' | 'micro' | 'macro' = 'none';
  private draining = false;
  private readonly runSlice: (p: Process, budget: number) => number;
  private readonly drainBound = (): void => this.drain();
  private readonly macroBound = (): void => {
    this.credit = this.yieldBudget;
    this.drain();
  };
  private readonly idleWaiters: (() => void)[] = [];
  private resetArmed = false;
  private readonly resetBound = (): void => {
    this.resetArmed = false;
    this.credit = this.yieldBudget;
  };

  constructor(runSlice: (p: Process, budget: number) => number, opts: SchedulerOptions = {}) {
    this.runSlice = runSlice;
    this.sliceBudget = opts.sliceBudget ?? 100;
    this.yieldBudget = opts.yieldBudget ?? 20_000;
    this.credit = this.yieldBudget;
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
    return this.runQueue.length;
  }

  /** True while the scheduler is inside a drain. */
  get isDraining(): boolean {
    return this.draining;
  }

  /** Resolves when the run queue is empty (processes may still await I/O or timers). */
  whenIdle(): Promise<void> {
    if (this.runQueue.length === 0 && !this.draining) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private requestDrain(): void {
    if (this.credit > 0) {
      this.pending = 'micro';
      queueMicrotask(this.drainBound);
    } else {
      this.pending = 'macro';
      setImmediate(this.macroBound);
    }
  }

  /**
   * Arms a credit refill for the next macrotask: work done inside one macrotask
   * (drains and async processes' microtasks alike) shares one credit.
   */
  armReset(): void {
    if (this.resetArmed) return;
    this.resetArmed = true;
    setImmediate(this.resetBound);
  }

  private drain(): void {
    this.pending = 'none';
    if (this.draining) return;
    this.armReset();
    this.draining = true;
    const q = this.runQueue;
    try {
      while (q.length > 0 && this.credit > 0) {
        const p = q.shift() as Process;
        p.queued = false;
        this.credit -= this.runSlice(p, this.sliceBudget);
      }
    } finally {
      this.draining = false;
    }
    if (q.length > 0) {
      this.requestDrain();
    } else if (this.idleWaiters.length > 0) {
      const waiters = this.idleWaiters.splice(0);
      for (const w of waiters) w();
    }
  }
}
