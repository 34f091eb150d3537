/**
 * The race-revealing scheduler, a test mode. Every message waits in a FIFO
 * channel per (sender → receiver) pair; each step, chosen by a seeded random
 * generator, either delivers the head of one channel or lets one runnable
 * process handle one message. So messages from different senders reach a
 * mailbox in any order OTP allows (one sender's stay in order), processes
 * interleave differently per seed, and a seed replays its run exactly.
 *
 * One step per macrotask (`setImmediate`): between two steps every microtask
 * runs, so async processes' continuations and the test's own code settle first.
 */
import { setImmediate } from 'node:timers';
import type { Process } from './process.ts';
import type { SchedulerLike } from './scheduler.ts';

/** Options of the race scheduler. */
export interface RaceOptions {
  /** The seed (any integer); the same seed and program give the same interleaving. */
  readonly seed: number;
}

/** mulberry32: a small, fast, seeded PRNG giving floats in [0, 1). */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Channel {
  readonly to: Process;
  readonly items: unknown[];
  head: number;
  /** Index in `live` while non-empty, else -1. */
  slot: number;
}

/** See the module comment. Used by a Runtime made with `{ race: { seed } }`. */
export class RaceScheduler implements SchedulerLike {
  /** Always 0: no synchronous fast path may bypass a step. */
  credit = 0;
  readonly seed: number;
  private readonly random: () => number;
  private readonly runSlice: (p: Process, budget: number) => number;
  private readonly put: (p: Process, item: unknown) => void;
  private readonly ready: Process[] = [];
  private readonly channels = new Map<Process, Map<Process, Channel>>();
  private readonly live: Channel[] = [];
  private held = 0;
  private pending = false;
  private stepping = false;
  private readonly idleWaiters: (() => void)[] = [];
  private readonly stepBound = (): void => this.step();

  constructor(
    runSlice: (p: Process, budget: number) => number,
    put: (p: Process, item: unknown) => void,
    opts: RaceOptions,
  ) {
    this.runSlice = runSlice;
    this.put = put;
    this.seed = opts.seed;
    this.random = seededRandom(opts.seed);
  }

  /** Holds a message sent by `from` to `to` in their channel until a step delivers it. */
  hold(to: Process, item: unknown, from: Process): void {
    let byReceiver = this.channels.get(from);
    if (byReceiver === undefined) {
      byReceiver = new Map();
      this.channels.set(from, byReceiver);
    }
    let ch = byReceiver.get(to);
    if (ch === undefined) {
      ch = { to, items: [], head: 0, slot: -1 };
      byReceiver.set(to, ch);
    }
    ch.items.push(item);
    this.held++;
    if (ch.slot < 0) {
      ch.slot = this.live.length;
      this.live.push(ch);
    }
    this.request();
  }

  schedule(p: Process): void {
    if (p.queued) return;
    p.queued = true;
    this.ready.push(p);
    this.request();
  }

  get runnable(): number {
    return this.ready.length + this.held;
  }

  get isDraining(): boolean {
    return this.stepping;
  }

  whenIdle(): Promise<void> {
    if (this.runnable === 0 && !this.stepping) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  armReset(): void {}

  private request(): void {
    if (this.pending || this.stepping) return;
    this.pending = true;
    setImmediate(this.stepBound);
  }

  /** One random step: deliver a channel's head, or run one process for one message. */
  private step(): void {
    this.pending = false;
    const choices = this.live.length + this.ready.length;
    if (choices > 0) {
      this.stepping = true;
      try {
        const k = Math.floor(this.random() * choices);
        if (k < this.live.length) this.deliverHead(this.live[k]);
        else this.runOne(k - this.live.length);
      } finally {
        this.stepping = false;
      }
    }
    if (this.runnable > 0) this.request();
    else if (this.idleWaiters.length > 0) for (const w of this.idleWaiters.splice(0)) w();
  }

  private deliverHead(ch: Channel): void {
    const item = ch.items[ch.head];
    ch.items[ch.head++] = undefined;
    this.held--;
    if (ch.head === ch.items.length) {
      ch.items.length = 0;
      ch.head = 0;
      const last = this.live.pop() as Channel;
      if (last !== ch) {
        this.live[ch.slot] = last;
        last.slot = ch.slot;
      }
      ch.slot = -1;
    }
    this.put(ch.to, item);
  }

  private runOne(i: number): void {
    const p = this.ready[i];
    const last = this.ready.pop() as Process;
    if (last !== p) this.ready[i] = last;
    p.queued = false;
    this.runSlice(p, 1);
  }
}
