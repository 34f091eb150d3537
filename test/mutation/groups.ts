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

/** A row of equivalent mutants sharing a reason: mutator, original text, replacement, and its line where the text repeats. */
type Row = readonly [mutator: string, original: string, replacement: string, line?: number];

/** Equivalent mutants of `file` that share one reason; `line` applies to the rows that give none. */
function alike(file: string, reason: string, rows: readonly Row[], line?: number): Equivalent[] {
  return rows.map(([mutator, original, replacement, own]) => {
    const at = own ?? line;
    return at === undefined ? { file, mutator, original, replacement, reason } : { file, mutator, original, replacement, line: at, reason };
  });
}

/** Equivalent mutants of `file`, each with its own line and reason. */
function each(file: string, rows: readonly (readonly [mutator: string, original: string, replacement: string, line: number, reason: string])[]): Equivalent[] {
  return rows.map(([mutator, original, replacement, line, reason]) => ({ file, mutator, original, replacement, line, reason }));
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
    description: 'runtime/kernel/format.ts, redact.ts, kinds.ts, runtime/observe/exportable.ts, redact-event.ts: the bounded formatter, the one redaction point, exported events',
    mutate: ['runtime/kernel/format.ts', 'runtime/kernel/redact.ts', 'runtime/kernel/kinds.ts', 'runtime/observe/exportable.ts', 'runtime/observe/redact-event.ts'],
    testFiles: ['test/runtime/format.test.ts', 'test/runtime/format-kinds.test.ts', 'test/redaction.test.ts', 'test/redaction.property.test.ts', 'test/stream.test.ts', 'test/exportable.test.ts'],
    equivalent: [
      { file: 'runtime/kernel/format.ts', mutator: 'ConditionalExpression', original: 'this.full', replacement: 'false', line: 71, reason: 'once full there is no room left: the else branch appends an empty slice and sets full again (under load Stryker may report it as a timeout)' },
      { file: 'runtime/kernel/format.ts', mutator: 'ConditionalExpression', original: 'this.full', replacement: 'false', line: 81, reason: 'once full, put() drops everything and the list, map, set and object loops stop on full: only work is saved, the text is the same' },
      { file: 'runtime/kernel/format.ts', mutator: 'EqualityOperator', original: 's.length > room', replacement: 's.length >= room', reason: 'the cut in put() gives the same text; slicing the string first only bounds the cost of quoting a huge one' },
      { file: 'runtime/kernel/format.ts', mutator: 'ConditionalExpression', original: 's.length > room', replacement: 'false', reason: 'quoting the whole string, put() cuts the quoted text at the same place (the head is never shorter than the room, so the quote is cut either way)' },
      { file: 'runtime/kernel/format.ts', mutator: 'EqualityOperator', original: 's.length > room', replacement: 's.length <= room', reason: 'as above: quoting all of it or all of what fits, put() cuts at the same character' },
      { file: 'runtime/kernel/format.ts', mutator: 'MethodExpression', original: 's.slice(0, room)', replacement: 's', reason: 'as above: the slice only bounds the work' },
      { file: 'runtime/kernel/format.ts', mutator: 'ConditionalExpression', original: 'head.length < s.length', replacement: 'false', reason: 'a cut head quoted is at least room + 2 characters, so put() has already set full' },
      { file: 'runtime/kernel/format.ts', mutator: 'ArithmeticOperator', original: 'this.maxChars - this.out.length', replacement: 'this.maxChars + this.out.length', reason: 'a larger room only quotes more of the string before put() cuts it: the quoted text is cut at the same character (as for s.length > room above)' },
      { file: 'runtime/kernel/format.ts', mutator: 'ConditionalExpression', original: 's.length > room', replacement: 'true', reason: 'slicing a string that fits to the room gives the same string' },
      { file: 'runtime/kernel/kinds.ts', mutator: 'OptionalChaining', original: 'ctor?.name', replacement: 'ctor.name', reason: "an object without a constructor then throws reading name, and the catch gives the same 'Object'" },
      { file: 'runtime/kernel/kinds.ts', mutator: 'ConditionalExpression', original: 'value instanceof Error', replacement: 'false', reason: "an Error's prototype is never Object.prototype or null, so it reaches the same className(value) at the end" },
      { file: 'runtime/kernel/redact.ts', mutator: 'ConditionalExpression', original: "case 'bigint':\n      return redactedKind(v);", replacement: "case 'bigint':", reason: 'a bigint falling through reaches the same return redactedKind(v) at the end' },
      { file: 'runtime/kernel/redact.ts', mutator: 'StringLiteral', original: "'bigint'", replacement: '""', reason: 'as above: without the case a bigint reaches the same return' },
      { file: 'runtime/kernel/redact.ts', mutator: 'BlockStatement', original: '{\n    return undefined;\n  }', replacement: '{}', line: 114, reason: 'a function whose catch is empty returns undefined too' },
      { file: 'runtime/kernel/redact.ts', mutator: 'BlockStatement', original: '{\n    return undefined;\n  }', replacement: '{}', line: 169, reason: 'the stack stays undefined, and the next line returns undefined for a stack that is not text' },
    ],
  },
  plugin: {
    description: 'vitest-plugin/wait.ts, event-record.ts: waitForEvent / waitForState / settled and the per-test event record',
    mutate: ['vitest-plugin/wait.ts', 'vitest-plugin/event-record.ts'],
    testFiles: ['test/vitest-plugin/wait-for-event.test.ts', 'test/vitest-plugin/fake-timers.test.ts', 'test/vitest-plugin/matchers.test.ts', 'test/vitest-plugin/event-record.test.ts', 'test/vitest-plugin/wait-details.test.ts', 'test/vitest-plugin/wait-arguments.test.ts'],
    equivalent: [
      { file: 'vitest-plugin/wait.ts', mutator: 'ConditionalExpression', original: 'done', replacement: 'false', line: 177, reason: 'the deadline timer is cleared wherever done is set (resolve and cancel), so it never runs after' },
      { file: 'vitest-plugin/wait.ts', mutator: 'CallExpression', original: 'realClearTimeout(timer);', replacement: ';', line: 197, reason: 'a cancelled wait whose deadline still fires finds done set and does nothing (only the timer lives on until then)' },
      { file: 'vitest-plugin/wait.ts', mutator: 'ConditionalExpression', original: "e.kind === 'out'", replacement: 'true', line: 226, reason: 'only out events carry hasState' },
      { file: 'vitest-plugin/wait.ts', mutator: 'LogicalOperator', original: '!vi.isFakeTimers() || !rt.hasPendingTimers()', replacement: '!vi.isFakeTimers() && !rt.hasPendingTimers()', reason: 'with fake timers but no runtime timer due, advancing to the next fake timer moves nothing the runtime waits on: the pump loops busier instead of every 5 ms' },
      { file: 'vitest-plugin/wait.ts', mutator: 'ArrowFunction', original: '(r) => realSetTimeout(r, 5)', replacement: '() => undefined', reason: 'the pump then waits forever, which only stops it: the wait itself resolves from its listener' },
      { file: 'vitest-plugin/event-record.ts', mutator: 'CallExpression', original: 'this.waiters.clear();', replacement: ';', reason: 'after unsubscribe no event reaches the record, so the waits left in it can never be resolved either way' },
    ],
  },
  call: {
    description: 'runtime/kernel/monitor.ts, call.ts, deadlines.ts, queue.ts: monitors, request/reply, call deadlines, the ring buffer under mailboxes',
    mutate: ['runtime/kernel/monitor.ts', 'runtime/kernel/call.ts', 'runtime/kernel/deadlines.ts', 'runtime/kernel/queue.ts'],
    testFiles: [
      'test/runtime/queue.test.ts',
      'test/runtime/calls.test.ts',
      'test/runtime/links-monitors.test.ts',
      'test/runtime/processes.test.ts',
      'test/runtime/gen-server.test.ts',
      'test/runtime/long-timers.test.ts',
      'test/runtime/kernel/parts.test.ts',
    ],
    equivalent: [
      { file: 'runtime/kernel/queue.ts', mutator: 'ConditionalExpression', original: 'i === 0', replacement: 'false', reason: 'removeAt(0) through the general path moves every item one slot left and shrinks the same way: the same items in the same order as shift() gives (shift is the cheaper path)' },
      { file: 'runtime/kernel/queue.ts', mutator: 'EqualityOperator', original: 'i < 0', replacement: 'i <= 0', line: 72, reason: 'i = 0 was handled by shift() on the line before' },
      { file: 'runtime/kernel/queue.ts', mutator: 'EqualityOperator', original: 'k < this.size - 1', replacement: 'k <= this.size - 1', reason: 'the one extra copy lands in the last slot, which the next line clears' },
      { file: 'runtime/kernel/queue.ts', mutator: 'EqualityOperator', original: 'this.items.length <= 8', replacement: 'this.items.length < 8', reason: 'an empty 8-slot ring is replaced by a new empty 8-slot ring: the same queue, one allocation more' },
      { file: 'runtime/kernel/queue.ts', mutator: 'ArrayDeclaration', original: 'new Array<T>(this.size)', replacement: 'new Array()', reason: 'toArray fills every index 0..size-1 either way: the same array, preallocated or grown' },
      { file: 'runtime/kernel/call.ts', mutator: 'ConditionalExpression', original: "from.state === 'pending'", replacement: 'true', line: 100, reason: 'replyRaise checks the same state first thing' },
      { file: 'runtime/kernel/call.ts', mutator: 'StringLiteral', original: "'abandoned'", replacement: '""', line: 108, reason: "a From in state '' is treated as 'abandoned' everywhere: no case of reply's switch, not 'pending' for replyError/replyRaise" },
      { file: 'runtime/kernel/call.ts', mutator: 'ConditionalExpression', original: "case 'abandoned':\n      break;", replacement: "case 'abandoned':", reason: "the last case of the switch: without its break nothing follows" },
      { file: 'runtime/kernel/call.ts', mutator: 'StringLiteral', original: "'abandoned'", replacement: '""', line: 92, reason: 'without the case an abandoned From matches no case, which does nothing, as the case did' },
      { file: 'runtime/kernel/call.ts', mutator: 'ConditionalExpression', original: 'server !== null', replacement: 'true', reason: 'settle() runs only for a pending From, which always has its server (it is set to null only here)' },
      { file: 'runtime/kernel/call.ts', mutator: 'ConditionalExpression', original: 'server.pendingCalls === from', replacement: 'true', reason: "a pending call without a previous one is the head of its server's list" },
      ...alike('runtime/kernel/queue.ts', 'cap is never more than the ring it replaces: the mutant only resizes a ring that fits into one of the same size (the same items in the same order)', [
        ['ConditionalExpression', 'cap < before', 'true'],
        ['EqualityOperator', 'cap < before', 'cap <= before'],
      ]),
      ...alike('runtime/kernel/deadlines.ts', 'reading the clock for every call instead of once per event-loop turn only makes deadlines exact (never early by a turn): the cache saves the reads', [
        ['ConditionalExpression', '!this.clockFresh', 'true', 63],
        ['BooleanLiteral', 'true', 'false', 65],
      ]),
      ...alike('runtime/kernel/deadlines.ts', "a bucket with calls is always armed, so its timer is there, and Node's and the fake timers' Timeout both have ref/unref; ref on a timer already ref'd does nothing", [
        ['OptionalChaining', 'b.timer?.ref?.()', 'b.timer?.ref()'],
        ['OptionalChaining', 'b.timer?.ref', 'b.timer.ref'],
        ['OptionalChaining', 'b.timer?.unref?.()', 'b.timer?.unref()'],
        ['OptionalChaining', 'b.timer?.unref', 'b.timer.unref'],
      ]),
      ...alike('runtime/kernel/deadlines.ts', 'the head of a bucket is always a pending call (settled() and expire() drop settled calls from the head), so the first item already answers: a non-empty bucket has a pending call', [
        ['UpdateOperator', 'i++', 'i--'],
        ['ConditionalExpression', "(b.calls.at(i) as From).state === 'pending'", 'true'],
      ], 98),
      ...each('runtime/kernel/deadlines.ts', [
        ['BooleanLiteral', 'false', 'true', 88, 'a new bucket is scheduled at once, which sets refd: its first value is never read'],
        ['ConditionalExpression', '!b.refd', 'true', 79, "ref on a timer already ref'd does nothing: only a call into libuv more"],
        ['ConditionalExpression', 'q.length === 0 && b.refd && !b.unrefQueued', 'true', 111, "the turn's end unrefs only a bucket that is empty and ref'd then (it checks again): queuing more buckets only costs"],
        ['LogicalOperator', 'q.length === 0 && b.refd && !b.unrefQueued', 'q.length === 0 && b.refd || !b.unrefQueued', 111, 'as above: the turn-end check decides'],
        ['ConditionalExpression', 'q.length === 0 && b.refd', 'true', 111, 'as above: the turn-end check decides'],
        ['LogicalOperator', 'q.length === 0 && b.refd', 'q.length === 0 || b.refd', 111, 'as above: the turn-end check decides'],
        ['ConditionalExpression', 'q.length === 0', 'true', 111, 'as above: the turn-end check decides'],
        ['ConditionalExpression', 'this.emptied.length === 0', 'true', 115, 'one setImmediate more per emptied bucket: the first one drains the list, the others find it empty'],
        ['BooleanLiteral', 'true', 'false', 116, 'a bucket listed twice in one turn is unref\'d once (the second finds it unref\'d): the list only grows within the turn'],
      ]),
      ...alike('runtime/kernel/deadlines.ts', 'a miss of the last-bucket cache looks the bucket up in the map: the same bucket, one lookup more', [
        ['ConditionalExpression', 'last !== null && last.ms === ms', 'false'],
      ], 74),
      { file: 'runtime/kernel/deadlines.ts', mutator: 'EqualityOperator', original: 'delay > MAX_HOST_DELAY', replacement: 'delay >= MAX_HOST_DELAY', reason: 'at exactly the limit both branches wait MAX_HOST_DELAY' },
      { file: 'runtime/kernel/deadlines.ts', mutator: 'CallExpression', original: 'q.shift();', replacement: ';', line: 140, reason: 'the expired call left at the head is no longer pending: the next turn of the loop drops it (the branch for settled heads) and goes on the same way' },
    ],
  },
  supervisor: {
    description: 'runtime/otp/supervisor.ts: starting, stopping and restarting children (strategies, intensity, try_again_restart)',
    mutate: [{ file: 'runtime/otp/supervisor.ts', from: '// ---------------------------------------------------------------- starting and stopping children', to: '// ---------------------------------------------------------------- the GenServer callbacks' }],
    testFiles: ['test/runtime/supervisor.test.ts', 'test/runtime/supervisor-restarts.test.ts', 'test/conformance/conformance.test.ts'],
    equivalent: [
      ...[142, 173, 175, 228, 252].map((line) => ({
        file: 'runtime/otp/supervisor.ts',
        mutator: 'ConditionalExpression',
        original: 'rt.listening',
        replacement: 'true',
        line,
        reason: 'an event emitted while nobody listens reaches no listener: the check only saves building it',
      })),
      ...alike('runtime/otp/supervisor.ts', 'an EXIT left queued from a child the supervisor stopped itself is handled later as an EXIT from a non-child: ignored (the child no longer has that pid)', [
        ['BlockStatement', '{\n  sup.removeMessage((m) => m instanceof ExitMessage && m.from === pid);\n}', '{}'],
        ['ArrowFunction', '(m) => m instanceof ExitMessage && m.from === pid', '() => undefined'],
        ['ConditionalExpression', 'm instanceof ExitMessage && m.from === pid', 'false'],
      ]),
      { file: 'runtime/otp/supervisor.ts', mutator: 'CallExpression', original: 'st.dynamic.clear();', replacement: ';', reason: 'shutdownAll runs as the supervisor terminates: its state dies with it' },
      { file: 'runtime/otp/supervisor.ts', mutator: 'ConditionalExpression', original: "st.flags.autoShutdown !== 'all_significant'", replacement: 'false', reason: "only significant children reach autoShutdownNow, and checkSpec refuses significant children unless auto_shutdown is any_significant or all_significant (any_significant returned on the line before)" },
      ...alike('runtime/otp/supervisor.ts', 'past the intensity the supervisor stops on the next line: how it lists the child dies with it', [
        ['ConditionalExpression', "child.pid === 'restarting'", 'true'],
        ['ConditionalExpression', "child.pid === 'restarting'", 'false'],
        ['EqualityOperator', "child.pid === 'restarting'", "child.pid !== 'restarting'"],
        ['StringLiteral', "'restarting'", '""'],
      ], 253),
      { file: 'runtime/otp/supervisor.ts', mutator: 'CallExpression', original: 'st.retrying.delete(key);', replacement: ';', reason: 'a used retry left in the map is never used again: a later try again finds its child running and stops there, and a new failure overwrites the entry' },
      { file: 'runtime/otp/supervisor.ts', mutator: 'ConditionalExpression', original: 'st.template !== null', replacement: 'true', line: 282, reason: 'a static supervisor has no dynamic children: deleting from the empty map does nothing' },
      ...alike('runtime/otp/supervisor.ts', 'stopping a child that is not running (no pid, or restarting) resolves at once with noproc and leaves it without a pid, which the start that follows sets', [
        ['ConditionalExpression', 'c !== child && isPid(c.pid)', 'true'],
        ['LogicalOperator', 'c !== child && isPid(c.pid)', 'c !== child || isPid(c.pid)'],
        ['ConditionalExpression', 'c !== child', 'true'],
      ]),
      { file: 'runtime/otp/supervisor.ts', mutator: 'ConditionalExpression', original: 'c === child', replacement: 'false', reason: 'the child being restarted is never temporary (a temporary child is not restarted), so the last clause keeps it anyway' },
      { file: 'runtime/otp/supervisor.ts', mutator: 'BlockStatement', original: '{\n    from = idx;\n  }', replacement: '{}', reason: 'from is already idx for one_for_one' },
    ],
  },
  gates: {
    description: "runtime/kernel/gates.ts, live-list.ts: each process's gate (Process.hooked) following the listeners, instrumentation and counting; the live list it walks",
    mutate: ['runtime/kernel/gates.ts', 'runtime/kernel/live-list.ts'],
    testFiles: [
      'test/runtime/observe-hooks.test.ts',
      'test/stream-interest.test.ts',
      'test/stream.test.ts',
      'test/runtime/links-monitors.test.ts',
      'test/runtime/kernel/parts.test.ts',
      'test/otel.test.ts',
      'test/vitest-plugin/race-scheduler.test.ts',
      'test/monitoring-race-seeds.test.ts',
    ],
    equivalent: [
      ...alike(
        'runtime/kernel/gates.ts',
        'an open gate only sends a message down the hooked path, which checks each of its conditions again (a listener that wants the event, an instrumentation, counting, the race hold): it costs, it never changes what happens',
        [
          ['ConditionalExpression', 'k.instrumentation !== null', 'true'],
          ['ConditionalExpression', 'instrumented || w.hot', 'true'],
          ['ConditionalExpression', 'all !== k.hookAll', 'true'],
          ['ConditionalExpression', 'all || k.external.watched', 'true'],
          ['ConditionalExpression', 'all || p.watched', 'true'],
          ['ConditionalExpression', 'k.hookAll || watched', 'true'],
        ],
      ),
      ...alike('runtime/kernel/gates.ts', 'the detour counts only while counting and holds only with a race scheduler (it checks both again): taken for nothing, it only costs', [
        ['ConditionalExpression', 'k.race !== null || k.counting > 0', 'true'],
        ['EqualityOperator', 'k.counting > 0', 'k.counting >= 0'],
      ], 34),
    ],
  },
  'otel-clock': {
    description: "otel/instrument.ts, the parts of a traced message's handling that read the clock and look up the sender's span context: spanContextOf/unsampled, takeIn, unsampledTimed",
    mutate: [
      { file: 'otel/instrument.ts', from: '/** The last context whose span context was looked up', to: 'Runs `run(arg)` in `ctx` (undefined: as it is)' },
      { file: 'otel/instrument.ts', from: "/** The time `p`'s message sent at `at` waited", to: '  const hooks: Instrumentation = {' },
    ],
    testFiles: ['test/otel.test.ts', 'test/otel-causality.test.ts', 'test/otel-spans.property.test.ts', 'test/otel-reliability.test.ts'],
    equivalent: [
      ...each('otel/instrument.ts', [
        ['ConditionalExpression', 'ctx === lookedUp', 'false', 120, 'the remembered answer is only a shortcut: looking the span context up again gives the same one (a context never changes)'],
      ]),
      ...alike(
        'otel/instrument.ts',
        "a send that takes an unsampled context for a sampled one only stamps the message with its send time: its handling checks the sender's flags itself and makes no span, and nothing records the stamp",
        [
          ['BlockStatement', '{\n  const sc = spanContextOf(ctx);\n  return sc !== undefined && (sc.traceFlags & TraceFlags.SAMPLED) === 0;\n}', '{}', 126],
          ['ConditionalExpression', 'sc !== undefined && (sc.traceFlags & TraceFlags.SAMPLED) === 0', 'false', 128],
        ],
      ),
      ...each('otel/instrument.ts', [
        ['ConditionalExpression', 'm === null', 'false', 246, 'unsampledTimed is called only with metrics on (its callers return earlier when m is null)'],
      ]),
    ],
  },
  debug: {
    description: "runtime/observe/debug.ts: a process's sys debug options (trace, log, statistics, log_to_file, installed functions)",
    mutate: ['runtime/observe/debug.ts'],
    testFiles: ['test/runtime/sys-install.test.ts', 'test/runtime/sys-errors.test.ts', 'test/runtime/observe-hooks.test.ts', 'test/runtime/faults.test.ts', 'test/stream-time.test.ts', 'test/redaction.test.ts', 'test/conformance/conformance.test.ts'],
    equivalent: [
      ...each('runtime/observe/debug.ts', [
        ['ConditionalExpression', 'this.onlyFuns', 'false', 163, 'with nothing but installed functions on, the full handling runs the same functions and nothing else (every other option is off): the fast path only saves the checks'],
        ['ConditionalExpression', 'funs.length !== 0', 'true', 165, 'running an empty list of functions does nothing'],
        ['ConditionalExpression', 'this.funs.length > 0', 'true', 180, 'running an empty list of functions does nothing'],
        ['EqualityOperator', 'this.funs.length > 0', 'this.funs.length >= 0', 180, 'running an empty list of functions does nothing'],
        ['EqualityOperator', 'i < funs.length', 'i <= funs.length', 207, 'the step past the end calls undefined, which throws; the catch records undefined as gone, and filtering undefined out of the list removes nothing'],
        ['ArrayDeclaration', '[]', '["Stryker was here"]', 213, 'the gone list also holding a string removes no installed function more: the filter compares functions'],
        ['ArrayDeclaration', '[]', '["Stryker was here"]', 217, 'the gone list also holding a string removes no installed function more: the filter compares functions'],
        ['ConditionalExpression', "typeof next === 'string'", 'true', 217, "the comparison with 'done' that follows decides alone; the typeof only spares it for states of other types"],
      ]),
    ],
  },
  exits: {
    description: 'runtime/kernel/signals.ts, monitor.ts: exits, links and monitors (exit/2, exit signals, terminate, link/unlink, monitor/demonitor)',
    mutate: ['runtime/kernel/signals.ts', 'runtime/kernel/monitor.ts'],
    testFiles: [
      'test/runtime/processes.test.ts',
      'test/runtime/property.test.ts',
      'test/runtime/lifecycle.property.test.ts',
      'test/runtime/links-monitors.test.ts',
      'test/runtime/faults.test.ts',
      'test/runtime/kernel/parts.test.ts',
      'test/runtime/registry-timers.test.ts',
      'test/runtime/long-timers.test.ts',
      'test/stream.test.ts',
      'test/conformance/conformance.test.ts',
    ],
    equivalent: [
      ...[101, 198, 209, 233, 246].map((line) => ({
        file: 'runtime/kernel/signals.ts',
        mutator: 'ConditionalExpression',
        original: 'k.listening',
        replacement: 'true',
        line,
        reason: 'an event emitted while nobody listens reaches no listener: the check only saves building it',
      })),
      ...alike('runtime/kernel/signals.ts', 'the set is never null there: links are symmetric and a monitor is held by both ends until both let go of it', [
        ['OptionalChaining', 'other.links?.delete', 'other.links.delete', 114],
        ['OptionalChaining', 'm.target.monitoredBy?.delete', 'm.target.monitoredBy.delete', 122],
        ['OptionalChaining', 'm.watcher.monitors?.delete', 'm.watcher.monitors.delete', 129],
        ['OptionalChaining', 'other.links?.delete', 'other.links.delete', 208],
        ['OptionalChaining', 'watcher.monitors?.delete', 'watcher.monitors.delete', 244],
        ['OptionalChaining', 'm.target.monitoredBy?.delete', 'm.target.monitoredBy.delete', 245],
      ]),
      { file: 'runtime/kernel/signals.ts', mutator: 'ConditionalExpression', original: 'target === k.external', replacement: 'false', reason: 'terminate() refuses the external pid too' },
      ...alike('runtime/kernel/signals.ts', 'a dead process never reaches terminate again (every caller checks), and the external pid takes no signal, link or monitor that could end it', [
        ['ConditionalExpression', 'p.dead || p === k.external', 'false'],
        ['LogicalOperator', 'p.dead || p === k.external', 'p.dead && p === k.external'],
        ['ConditionalExpression', 'p === k.external', 'false'],
      ], 97),
      { file: 'runtime/kernel/signals.ts', mutator: 'ConditionalExpression', original: 'p.pendingCalls === from', replacement: 'false', reason: 'replyError settles the call it fails, which moves the head of the list on; only a throwing replyError would leave it, and no call made by request() can make it throw' },
      ...alike('runtime/kernel/signals.ts', "no test reaches it: replyError only rejects a pending call's own promise, which cannot throw, so the catch that logs pending_call_failed is a guard no call made by request() can trip", [
        ['BlockStatement', "{\n        this.fault('pending_call_failed', p, e);\n      }", '{}'],
        ['StringLiteral', "'pending_call_failed'", '""'],
      ]),
      ...alike(
        'runtime/kernel/signals.ts',
        'a nested flush (from the terminate a signal causes) walks the same queue from its start in the same order: the signals already applied find their targets dead (only non-trapping partners are queued, and applying one ends it or ignores normal again), the rest are applied in queue order, and the outer loop then finds the queue emptied; an empty flush does nothing',
        [
          ['ConditionalExpression', 'this.flushing || this.queue.length === 0', 'false'],
          ['LogicalOperator', 'this.flushing || this.queue.length === 0', 'this.flushing && this.queue.length === 0'],
          ['ConditionalExpression', 'this.queue.length === 0', 'false'],
          ['BooleanLiteral', 'true', 'false', 55],
        ],
      ),
      { file: 'runtime/kernel/signals.ts', mutator: 'ConditionalExpression', original: 'a === k.external', replacement: 'false', reason: "addLink's first end is the spawning parent or the process calling link, never the external pid: it runs no code, and a spawn from outside any process has no parent to link" },
      { file: 'runtime/kernel/signals.ts', mutator: 'ConditionalExpression', original: 'p.dead', replacement: 'false', line: 76, reason: "a dead process's crash hook was dropped when it died, and terminate refuses it again: a late throw from a killed process's code does nothing either way" },
    ],
  },
};
