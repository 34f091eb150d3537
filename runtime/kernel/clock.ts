/**
 * The runtime's timers: `receive … after`, send_after, GenServer timeouts,
 * start and shutdown deadlines. They run on the global (fakeable) `setTimeout`,
 * looked up at call time, so `vi.useFakeTimers()` moves them; and they are
 * counted, so a test harness can tell whether the runtime still waits on time.
 *
 * Also the limits of time values, as OTP has them. Node fires a timer of 2^31 ms
 * or more after 1 ms (with a warning); a longer runtime timer is armed in steps
 * of at most 2^31 − 1 ms, counting down what is left, so it fires at its time
 * (exactly, under fake timers). `Infinity` (OTP's `infinity`) arms nothing and
 * never fires.
 */
import { BadArgError } from './errors.ts';

/** Node's longest timer delay, 2^31 − 1 ms (about 24.8 days): it fires a longer one after 1 ms. */
export const MAX_HOST_DELAY = 2 ** 31 - 1;

/**
 * OTP's longest finite `receive … after` timeout, 2^32 − 1 ms (about 49.7 days):
 * the limit of GenServer, call, start and stop timeouts too (OTP raises
 * `timeout_value` above it). `Infinity` is also a timeout: none.
 */
export const MAX_TIMEOUT = 2 ** 32 - 1;

/**
 * The end of OTP's timer range, in ms of the clock (`performance.now()`, 0 at
 * start): `erlang:send_after` / `start_timer` raise badarg for a timer that
 * would expire after the runtime's end time, 2^63 − 1 ns after its start
 * (about 292 years; OTP 25 accepts 2^32 ms and more, not `infinity`).
 */
export const TIMER_END = 9_223_372_036_854;

/** True for an OTP `timeout()`: `Infinity`, or 0 to 2^32 − 1 ms. */
export function isTimeout(ms: unknown): ms is number {
  return typeof ms === 'number' && ((ms >= 0 && ms <= MAX_TIMEOUT) || ms === Infinity);
}

/** The BadArgError for a time value that is not an OTP `timeout()`, naming `what` took it. */
export function timeoutError(ms: unknown, what: string): BadArgError {
  return new BadArgError(`${what}: bad timeout ${String(ms)} (a number of ms from 0 to ${MAX_TIMEOUT}, or Infinity)`);
}

/** `ms` if it is an OTP `timeout()` (see `isTimeout`); else throws `timeoutError`. */
export function checkTimeout(ms: unknown, what: string): number {
  if (isTimeout(ms)) return ms;
  throw timeoutError(ms, what);
}

/** One armed timer; `clear` it at most once, or let it fire. */
export interface RuntimeTimer {
  /** The host timer armed now (a long timer re-arms in steps); undefined for one that never fires. */
  handle: ReturnType<typeof setTimeout> | undefined;
  /** False once it fired or was cleared (always false for an `Infinity` timer). */
  armed: boolean;
}

/** Arms and counts a runtime's timers. */
export class Clock {
  /** Timers armed and not yet fired or cleared. */
  pending = 0;

  /**
   * Calls `fn` after `ms` milliseconds of the global clock: longer than Node's
   * limit in steps, never for `Infinity` (not counted as pending).
   */
  set(fn: () => void, ms: number): RuntimeTimer {
    if (ms > MAX_HOST_DELAY) return ms === Infinity ? { handle: undefined, armed: false } : this.setLong(fn, ms);
    this.pending++;
    const t: RuntimeTimer = { handle: undefined, armed: true };
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

  /** A timer beyond Node's limit: steps of at most MAX_HOST_DELAY, the rest counted down (no clock read, so the total is exact). */
  private setLong(fn: () => void, ms: number): RuntimeTimer {
    this.pending++;
    const t: RuntimeTimer = { handle: undefined, armed: true };
    let left = ms;
    const step = (): void => {
      if (!t.armed) return;
      if (left > 0) {
        const d = left > MAX_HOST_DELAY ? MAX_HOST_DELAY : left;
        left -= d;
        t.handle = globalThis.setTimeout(step, d);
        return;
      }
      t.armed = false;
      this.pending--;
      fn();
    };
    step();
    return t;
  }
}
