/**
 * Compile-time types of the otpscope matchers, for vitest 4 and 5 alike.
 * Vitest 4 declares `Matchers<T>` and vitest 5 `Matchers<R, T>`, so no one
 * `declare module 'vitest'` augmentation fits both; both build `expect(x)`'s
 * Assertion from Chai's, so the matchers are declared there.
 */
import type { ExitReason, Pid } from '../runtime/index.ts';
import type { WaitOptions } from './wait.ts';

/** A pattern: a value compared with `equals` (asymmetric matchers allowed), or a predicate. */
export type Pattern = unknown;

/** The otpscope matchers, as `expect(pidOrName)` offers them. */
export interface OtpscopeMatchers {
  /** The process takes in a message matching `pattern` (awaitable; `.not` waits the full timeout). */
  toReceive(pattern: Pattern, options?: WaitOptions): Promise<void>;
  /** The process takes in a message matching `pattern` and its callback returns. */
  toHandle(pattern: Pattern, options?: WaitOptions): Promise<void>;
  /** The process replies with a value matching `pattern`. */
  toReply(pattern: Pattern, options?: WaitOptions): Promise<void>;
  /** The process exits (with a reason matching `reason`, if given). */
  toExit(reason?: ExitReason, options?: WaitOptions): Promise<void>;
  /** The process is alive now. */
  toBeAlive(): void;
  /** The process's state (via sys) is or becomes `expected` (or satisfies the predicate). */
  toHaveState(expected: unknown, options?: WaitOptions): Promise<void>;
  /** The supervisor restarts the child this pid was. */
  toBeRestartedBy(supervisor: Pid | string, options?: WaitOptions): Promise<void>;
}

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Chai {
    // eslint-disable-next-line @typescript-eslint/no-empty-object-type
    interface Assertion extends OtpscopeMatchers {}
  }
}
