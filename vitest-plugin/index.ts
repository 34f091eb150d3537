/**
 * `otpscope/vitest`: the Vitest plugin and its helpers. In `vitest.config.ts`:
 * `plugins: [otpscope()]`; in tests: `await waitForEvent(server, 'DOWN')`,
 * `await expect(pid).toReceive(…)`, `await settled()`.
 */
export { otpscope, type OtpscopePlugin } from './plugin.ts';
export type { LeakPolicy, OtpscopeVitestOptions, ResolvedOptions } from './options.ts';
export {
  settled,
  waitForEvent,
  waitForState,
  WaitTimeoutError,
  type EventFor,
  type SettledOptions,
  type Target,
  type WaitKind,
  type WaitOptions,
} from './wait.ts';
export { testRuntime, currentScope, runIsolated, trackRuntime, type TestScope } from './test-context.ts';
export { formatTimeline, describeEvent } from './timeline.ts';
export type { OtpscopeMatchers, Pattern } from './matchers-types.ts';
