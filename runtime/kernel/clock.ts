/**
 * The runtime's timers: `receive … after`, send_after, GenServer timeouts,
 * start and shutdown deadlines. They run on the global (fakeable) `setTimeout`,
 * looked up at call time, so `vi.useFakeTimers()` moves them; and they are
 * counted, so a test harness can tell whether the runtime still waits on time.
 */

/** One armed timer; `clear` it at most once, or let it fire. */
export interface RuntimeTimer {
  /** The host timer. */
  readonly handle: ReturnType<typeof setTimeout>;
  /** False once it fired or was cleared. */
  armed: boolean;
}

/** Arms and counts a runtime's timers. */
export class Clock {
  /** Timers armed and not yet fired or cleared. */
  pending = 0;

  /** Calls `fn` after `ms` milliseconds of the global clock. */
  set(fn: () => void, ms: number): RuntimeTimer {
    this.pending++;
    const t: { handle: ReturnType<typeof setTimeout>; armed: boolean } = { handle: undefined as never, armed: true };
    t.handle = globalThis.setTimeout(() => {
      if (!t.armed) return;
      t.armed = false;
      this.pending--;
      fn();
    }, ms);
    return t;
  }

  /** Cancels `t` if it is still armed (null is ignored). */
  clear(t: RuntimeTimer | null): void {
    if (t === null || !t.armed) return;
    t.armed = false;
    this.pending--;
    globalThis.clearTimeout(t.handle);
  }
}
