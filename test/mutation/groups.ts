/**
 * The mutation-testing groups (`npm run mutation [-- group…]`): for each, the
 * source it mutates and the test files Stryker may run against it, and the
 * surviving mutants accepted as equivalent (they change nothing observable),
 * each with its reason. This is the file to edit when code moves (the kernel
 * split: list the new files), when a group gains tests, or when a mutant is
 * shown to be equivalent. stryker.config.mjs reads it; run.ts runs the groups
 * and scores them without the equivalents.
 */

/**
 * What a group mutates: a glob or path (`runtime/queue.ts`, Stryker's
 * `file:from-to` line ranges allowed), or the part of a file between two
 * marker lines, without the lines that contain any of `skip` (resolved to line
 * ranges when Stryker starts, so edits elsewhere in the file do not shift it).
 */
export type MutateTarget =
  | string
  | { readonly file: string; readonly from: string; readonly to: string; readonly skip?: readonly string[] };

/**
 * A surviving mutant accepted as equivalent: matched by file, mutator, the
 * exact source text it replaces and its replacement (and `line`, when that
 * text occurs more than once). A listed mutant that no longer occurs is
 * reported as stale by run.ts.
 */
export interface Equivalent {
  readonly file: string;
  readonly mutator: string;
  readonly original: string;
  readonly replacement: string;
  readonly line?: number;
  /** Why no test can tell the mutant from the code. */
  readonly reason: string;
}

/** One group: what it mutates and the tests that guard it. */
export interface MutationGroup {
  readonly description: string;
  readonly mutate: readonly MutateTarget[];
  /** Test files (globs) Stryker runs for this group; perTest coverage then runs only the tests that reach a mutant. */
  readonly testFiles: readonly string[];
  readonly equivalent: readonly Equivalent[];
}

/** The groups by name, in the order `npm run mutation` runs them. */
export const GROUPS: Readonly<Record<string, MutationGroup>> = {
  format: {
    description: 'runtime/format.ts, redact.ts, exportable.ts, kinds.ts, redact-event.ts: the bounded formatter, the one redaction point, exported events',
    mutate: ['runtime/format.ts', 'runtime/redact.ts', 'runtime/exportable.ts', 'runtime/kinds.ts', 'runtime/redact-event.ts'],
    testFiles: ['test/runtime/format.test.ts', 'test/runtime/format-kinds.test.ts', 'test/redaction.test.ts', 'test/redaction.property.test.ts', 'test/stream.test.ts', 'test/exportable.test.ts'],
    equivalent: [],
  },
  plugin: {
    description: 'vitest-plugin/wait.ts, event-record.ts: waitForEvent / waitForState / settled and the per-test event record',
    mutate: ['vitest-plugin/wait.ts', 'vitest-plugin/event-record.ts'],
    testFiles: ['test/vitest-plugin/wait-for-event.test.ts', 'test/vitest-plugin/fake-timers.test.ts', 'test/vitest-plugin/matchers.test.ts', 'test/vitest-plugin/event-record.test.ts'],
    equivalent: [],
  },
  call: {
    // call-timeouts.ts joins this group once the long-timer / time-sliced scheduler work on it has merged
    description: 'runtime/monitor.ts, call.ts, queue.ts: monitors, request/reply, the ring buffer under mailboxes',
    mutate: ['runtime/monitor.ts', 'runtime/call.ts', 'runtime/queue.ts'],
    testFiles: ['test/runtime/queue.test.ts', 'test/runtime/calls.test.ts', 'test/runtime/links-monitors.test.ts', 'test/runtime/processes.test.ts', 'test/runtime/gen-server.test.ts'],
    equivalent: [],
  },
  supervisor: {
    description: 'runtime/supervisor.ts: starting, stopping and restarting children (strategies, intensity, try_again_restart)',
    mutate: [{ file: 'runtime/supervisor.ts', from: '// ---------------------------------------------------------------- starting and stopping children', to: '// ---------------------------------------------------------------- the GenServer callbacks' }],
    testFiles: ['test/runtime/supervisor.test.ts', 'test/runtime/supervisor-restarts.test.ts', 'test/conformance/conformance.test.ts'],
    equivalent: [],
  },
  exits: {
    // the timer lines of terminate() are left to the scheduler/timer work in progress elsewhere
    description: 'runtime/runtime.ts exits, links and monitors (exit/2, exit signals, terminate, link/unlink, monitor/demonitor)',
    mutate: [
      {
        file: 'runtime/runtime.ts',
        from: '// ---------------------------------------------------------------- exits',
        to: '// ---------------------------------------------------------------- registry',
        skip: ['timersTo', 'dropTimer', 'armed', 'clock.'],
      },
    ],
    testFiles: [
      'test/runtime/processes.test.ts',
      'test/runtime/property.test.ts',
      'test/runtime/lifecycle.property.test.ts',
      'test/runtime/links-monitors.test.ts',
      'test/runtime/faults.test.ts',
      'test/stream.test.ts',
      'test/conformance/conformance.test.ts',
    ],
    equivalent: [],
  },
};
