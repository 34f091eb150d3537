/** The plugin's options, as the user writes them and as the worker receives them, checked. */
import { BadArgError } from '../runtime/index.ts';

/** What to do with processes still alive when a test ends. */
export type LeakPolicy = 'fail' | 'warn' | 'off';

/** Options of `otpscope()` in `vitest.config.ts`. */
export interface OtpscopeVitestOptions {
  /** Default timeout of `waitForEvent`, `waitForState` and the async matchers, in real ms (default 1000). */
  readonly timeout?: number;
  /** Processes of the test's runtime left alive at its end: fail the test, warn, or ignore (default 'warn'). They are killed either way. */
  readonly leaks?: LeakPolicy;
  /**
   * The race-revealing scheduler: a seed (number) runs every test's runtime
   * under it with that seed; 'random' picks a fresh seed per test (printed on
   * failure); null/undefined keeps the ordinary deterministic scheduler.
   * The environment variable OTPSCOPE_SEED overrides it, to replay a failure.
   */
  readonly seed?: number | 'random' | null;
  /** How many recent events a failure message shows (default 20). */
  readonly timelineSize?: number;
}

/** The options after defaults, as provided to the workers. */
export interface ResolvedOptions {
  readonly timeout: number;
  readonly leaks: LeakPolicy;
  readonly seed: number | 'random' | null;
  readonly timelineSize: number;
}

/** Fills in the defaults; a bad option throws a BadArgError naming it (a plugin misconfigured is not run half-configured). */
export function resolveOptions(o: OtpscopeVitestOptions = {}): ResolvedOptions {
  const timeout = o.timeout ?? 1000;
  if (typeof timeout !== 'number' || !(timeout > 0)) throw new BadArgError(`otpscope(): timeout must be a positive number of ms, got ${String(timeout)}`);
  const leaks = o.leaks ?? 'warn';
  if (leaks !== 'fail' && leaks !== 'warn' && leaks !== 'off') throw new BadArgError(`otpscope(): leaks must be 'fail', 'warn' or 'off', got ${String(leaks)}`);
  const seed = o.seed ?? null;
  if (seed !== null && seed !== 'random' && !isSeed(seed)) throw new BadArgError(`otpscope(): seed must be an integer from 0 to 4294967295, 'random' or null, got ${String(seed)}`);
  const timelineSize = o.timelineSize ?? 20;
  if (!Number.isInteger(timelineSize) || timelineSize < 0) throw new BadArgError(`otpscope(): timelineSize must be a non-negative integer, got ${String(timelineSize)}`);
  return { timeout, leaks, seed, timelineSize };
}

function isSeed(n: unknown): n is number {
  return typeof n === 'number' && Number.isInteger(n) && n >= 0 && n <= 0xffffffff;
}

/**
 * The seed `OTPSCOPE_SEED` names: a decimal integer from 0 to 4294967295, or
 * null when unset or empty. Anything else throws a BadArgError (a replay under
 * a seed that silently became 0 would replay the wrong run).
 */
export function parseSeed(text: string | undefined): number | null {
  if (text === undefined || text.trim() === '') return null;
  const n = /^\s*\d+\s*$/.test(text) ? Number(text) : Number.NaN;
  if (!isSeed(n)) throw new BadArgError(`OTPSCOPE_SEED must be an integer from 0 to 4294967295, got ${JSON.stringify(text.slice(0, 40))}`);
  return n;
}

declare module 'vitest' {
  interface ProvidedContext {
    /** The otpscope plugin's options, for the setup file in each worker. */
    otpscope: ResolvedOptions;
  }
}
