/** The plugin's options, as the user writes them and as the worker receives them. */

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

/** Fills in the defaults. */
export function resolveOptions(o: OtpscopeVitestOptions = {}): ResolvedOptions {
  return {
    timeout: o.timeout ?? 1000,
    leaks: o.leaks ?? 'warn',
    seed: o.seed ?? null,
    timelineSize: o.timelineSize ?? 20,
  };
}

declare module 'vitest' {
  interface ProvidedContext {
    /** The otpscope plugin's options, for the setup file in each worker. */
    otpscope: ResolvedOptions;
  }
}
