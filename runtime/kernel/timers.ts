/**
 * Process timers (OTP `erlang:send_after/3`, `start_timer/3`, `cancel_timer/1`,
 * `read_timer/1`). A ref names one timer wherever it was armed; a timer armed
 * to a pid lives no longer than its target (its exit cancels it), one armed to
 * a name resolves the name when it fires.
 */
import { checkRef } from './args.ts';
import { BadArgError } from './errors.ts';
import { TIMER_END, type Clock, type RuntimeTimer } from './clock.ts';
import type { Kernel } from './kernel.ts';
import type { Process } from './process.ts';
import { Pid, Ref, TimeoutMessage, type Dest } from './terms.ts';

interface Timer {
  handle: RuntimeTimer;
  deadline: number;
  clock: Clock;
  /** The process a timer armed to a pid goes to (null for a name): its exit cancels the timer. */
  target: Process | null;
}

/** The clock of timer deadlines: the global one, so fake timers move it with `setTimeout`. */
const now = (): number => globalThis.performance.now();

/** Armed timers of every runtime, by ref. */
const armed = new Map<Ref, Timer>();

/** The timers of one runtime. */
export class Timers {
  private readonly k: Kernel;
  /** Timers armed to a pid, by target: OTP cancels them when the target exits. */
  private readonly to = new Map<Process, Set<Ref>>();

  constructor(k: Kernel) {
    this.k = k;
  }

  /** OTP `erlang:send_after/3`: a name is resolved when the timer fires. */
  sendAfter(ms: number, dest: Dest, msg: unknown): Ref {
    return this.arm(ms, dest, () => msg);
  }

  /** OTP `erlang:start_timer/3`: delivers `TimeoutMessage(ref, msg)`. */
  startTimer(ms: number, dest: Dest, msg: unknown): Ref {
    return this.arm(ms, dest, (ref) => new TimeoutMessage(ref, msg));
  }

  private arm(ms: number, dest: Dest, make: (ref: Ref) => unknown): Ref {
    // OTP: a time of ms from now within the runtime's timer range (2^32 ms and more are fine); never infinity
    if (typeof ms !== 'number' || !(ms >= 0) || !(now() + ms <= TIMER_END)) throw new BadArgError(`timer: bad time ${String(ms)}`);
    const k = this.k;
    const ref = new Ref();
    // a timer to a pid lives no longer than its target (OTP): to a dead pid it is gone at once
    const target = dest instanceof Pid ? dest.proc : null;
    if (target !== null && target.dead) return ref;
    const carried = k.instrumentation?.capture();
    const handle = k.clock.set(() => {
      drop(ref);
      const p = dest instanceof Pid ? dest.proc : k.registry.get(dest);
      if (p === undefined) return;
      const msg = make(ref);
      if (k.listening && !p.dead) k.events.timerFired(p, ref, msg);
      k.deliver(p, msg, null, carried);
    }, ms);
    armed.set(ref, { handle, deadline: now() + ms, clock: k.clock, target });
    if (target !== null) {
      let refs = this.to.get(target);
      if (refs === undefined) this.to.set(target, (refs = new Set()));
      refs.add(ref);
    }
    return ref;
  }

  /** Cancels every timer armed to `p`, which is ending. */
  cancelAllTo(p: Process): void {
    const refs = this.to.get(p);
    if (refs === undefined) return;
    this.to.delete(p);
    for (const ref of refs) drop(ref);
  }

  /** Forgets `ref` in the set of timers armed to `target`. */
  forget(target: Process, ref: Ref): void {
    this.to.get(target)?.delete(ref);
  }

  /** OTP `cancel_timer/1`: the ms left, or false if it already fired, was cancelled, or its target pid exited. */
  cancelTimer(ref: Ref): number | false {
    checkRef('cancelTimer', ref);
    const t = drop(ref);
    return t === undefined ? false : Math.max(0, Math.round(t.deadline - now()));
  }

  /** OTP `read_timer/1`: the ms left, or false. */
  readTimer(ref: Ref): number | false {
    checkRef('readTimer', ref);
    const t = armed.get(ref);
    return t === undefined ? false : Math.max(0, Math.round(t.deadline - now()));
  }
}

/** Forgets timer `ref` (fired, cancelled, or its target gone): stops it, drops it from its target's set. */
function drop(ref: Ref): Timer | undefined {
  const t = armed.get(ref);
  if (t === undefined) return undefined;
  armed.delete(ref);
  t.clock.clear(t.handle);
  if (t.target !== null) t.target.runtime.timers.forget(t.target, ref);
  return t;
}
