/**
 * The otpscope matchers: `expect(pid).toReceive(…)`, `toHandle`, `toReply`,
 * `toExit`, `toBeAlive`, `toHaveState`, `toBeRestartedBy`. The async ones wait
 * on the per-test event record (race-free, no polling) and explain a failure
 * with the target's timeline. `.not` waits for the whole timeout.
 */
import type { MatcherState } from 'vitest';
import { Pid, Supervisor, redactTerm, redactedText, type ExitReason, type Runtime, type SysEvent } from '../runtime/index.ts';
import { recordOf } from './event-record.ts';
import { currentOptions } from './test-context.ts';
import { armWait, explain, isAbout, runtimeOf, WaitTimeoutError, waitForState, type Target, type WaitOptions } from './wait.ts';

/** A matcher's result. */
interface Result {
  pass: boolean;
  message: () => string;
  actual?: unknown;
  expected?: unknown;
}

/** What the matchers accept as a target. */
function asTarget(received: unknown, matcher: string): Target {
  if (received instanceof Pid || typeof received === 'string') return received;
  throw new TypeError(`${matcher}: expected a Pid or a registered name, got ${typeof received}`);
}

/** `pattern` as a test: a function is a predicate, anything else is compared with `equals` (asymmetric matchers work). */
function tester(state: MatcherState, pattern: unknown): (v: unknown) => boolean {
  if (typeof pattern === 'function') return (v) => (pattern as (x: unknown) => boolean)(v) === true;
  return (v) => state.equals(v, pattern, state.customTesters);
}

/** Runs a wait; a timeout is a failed match (its explained message kept), anything else propagates. */
async function attempt(
  state: MatcherState,
  target: Target,
  accept: (e: SysEvent) => boolean,
  what: string,
  opts: WaitOptions | undefined,
): Promise<{ event: SysEvent | null; why: string }> {
  try {
    const event = await armWait(target, accept, what, { ...opts, timeout: opts?.timeout ?? currentOptions().timeout }).promise;
    return { event, why: '' };
  } catch (e) {
    if (e instanceof WaitTimeoutError) return { event: null, why: e.message };
    throw e;
  }
}

/**
 * A pattern or value of the test, as one line of text for a message: Vitest's
 * `stringify` without colour (its `printExpected` wraps it in ANSI codes, which
 * a reader of `error.message` — a log, a CI annotation, a test — gets verbatim).
 */
function fmt(state: MatcherState, v: unknown): string {
  return state.utils.stringify(v, 10, { min: true, maxLength: PATTERN_TEXT_LIMIT });
}

/** Characters of a pattern in a matcher's message (pretty-format's cut). */
const PATTERN_TEXT_LIMIT = 1024;

/** A process's state as text for a message: as the runtime's redactor lets it out for logs, bounded. */
function stateText(rt: Runtime, v: unknown): string {
  return redactedText(rt.redactor, v, 'log', STATE_TEXT_LIMIT) ?? String(redactTerm(rt.redactor, v, 'log'));
}

/** Characters of a state in a matcher's message. */
const STATE_TEXT_LIMIT = 1024;

function negated(state: MatcherState, what: string, target: Target, e: SysEvent): string {
  return explain(`expected ${what} not to happen, but it did (event #${e.seq})`, target, runtimeOf(target));
}

/** Waits for an event of `target` whose `pick`ed value matches `pattern`; `verb` words the message ("receive", "reply"). */
async function awaitMatching(
  state: MatcherState,
  received: unknown,
  matcher: string,
  verb: string,
  pattern: unknown,
  pick: (e: SysEvent) => { value: unknown } | null,
  opts: WaitOptions | undefined,
): Promise<Result> {
  const target = asTarget(received, matcher);
  const test = tester(state, pattern);
  const expectation = `${String(target)} to ${verb} ${fmt(state, pattern)}`;
  const accept = (e: SysEvent): boolean => {
    const v = pick(e);
    return v !== null && test(v.value);
  };
  const { event, why } = await attempt(state, target, accept, `expected ${expectation}`, opts);
  return { pass: event !== null, message: () => (event === null ? why : negated(state, expectation, target, event)) };
}

/** `await expect(pid).toReceive(pattern)`: the process takes in a message matching `pattern`. */
export function toReceive(this: MatcherState, received: unknown, pattern: unknown, opts?: WaitOptions): Promise<Result> {
  return awaitMatching(this, received, 'toReceive', 'receive', pattern, (e) => (e.kind === 'in' ? { value: e.message } : null), opts);
}

/** `await expect(pid).toReply(pattern)`: the process sends a reply matching `pattern`. */
export function toReply(this: MatcherState, received: unknown, pattern: unknown, opts?: WaitOptions): Promise<Result> {
  return awaitMatching(this, received, 'toReply', 'reply', pattern, (e) => (e.kind === 'out' ? { value: e.reply } : null), opts);
}

/**
 * `await expect(pid).toHandle(pattern)`: the process takes in a message
 * matching `pattern` and its callback returns (`out` / `noreply` follows).
 */
export async function toHandle(this: MatcherState, received: unknown, pattern: unknown, opts?: WaitOptions): Promise<Result> {
  const target = asTarget(received, 'toHandle');
  const test = tester(this, pattern);
  const what = `expected ${String(target)} to handle ${fmt(this, pattern)}`;
  const taken = await attempt(this, target, (e) => e.kind === 'in' && test(e.message), what, opts);
  if (taken.event === null) return { pass: false, message: () => taken.why };
  const after = taken.event.seq;
  const handled = await attempt(
    this,
    target,
    (e) => e.seq > after && (e.kind === 'out' || e.kind === 'noreply' || e.kind === 'exit'),
    `${what} (it was taken in, event #${after}, but its handling did not finish)`,
    opts,
  );
  const ok = handled.event !== null && handled.event.kind !== 'exit';
  return {
    pass: ok,
    message: () =>
      ok ? negated(this, `${String(target)} to handle ${fmt(this, pattern)}`, target, handled.event as SysEvent)
      : handled.event === null ? handled.why
      : explain(`${what}, but it exited while handling it`, target, runtimeOf(target)),
  };
}

/** `await expect(pid).toExit(reason?)`: the process ends (with `reason`, if given). */
export async function toExit(this: MatcherState, received: unknown, reason?: unknown, opts?: WaitOptions): Promise<Result> {
  if (!(received instanceof Pid)) throw new TypeError('toExit: expected a Pid');
  const test = reason === undefined ? () => true : tester(this, reason);
  const what = `expected ${String(received)} to exit${reason === undefined ? '' : ` with ${fmt(this, reason)}`}`;
  const proc = received.proc;
  // already dead: a process exits once, and its reason is kept
  if (proc.dead) {
    const pass = test(proc.exitReason);
    return { pass, actual: proc.exitReason, expected: reason, message: () => `${what}; it had exited with ${fmt(this, proc.exitReason)}` };
  }
  const { event, why } = await attempt(this, received, (e) => e.kind === 'exit', what, opts);
  if (event === null) return { pass: false, message: () => why };
  const actual = (event as SysEvent & { reason: ExitReason }).reason;
  const pass = test(actual);
  return {
    pass,
    actual,
    expected: reason,
    message: () => (pass ? `expected ${String(received)} not to exit${reason === undefined ? '' : ` with ${fmt(this, reason)}`}, but it did` : explain(`${what}; it exited with ${fmt(this, actual)}`, received, runtimeOf(received))),
  };
}

/** `expect(pid).toBeAlive()`: synchronous, like `is_process_alive/1`. */
export function toBeAlive(this: MatcherState, received: unknown): Result {
  const target = asTarget(received, 'toBeAlive');
  const rt = runtimeOf(target);
  const pid = target instanceof Pid ? target : rt.whereis(target);
  const pass = pid !== undefined && rt.isAlive(pid);
  return {
    pass,
    message: () => explain(`expected ${String(target)} ${pass ? 'not ' : ''}to be alive`, target, rt),
  };
}

/** `await expect(pid).toHaveState(expected | predicate)`: its state (via sys) is or becomes one that matches. */
export async function toHaveState(this: MatcherState, received: unknown, expected: unknown, opts?: WaitOptions): Promise<Result> {
  const target = asTarget(received, 'toHaveState');
  const test = tester(this, expected);
  try {
    const state = await waitForState(target, test, { ...opts, timeout: opts?.timeout ?? currentOptions().timeout });
    const rt = runtimeOf(target, opts?.runtime);
    return { pass: true, message: () => `expected ${String(target)} not to have state ${fmt(this, expected)}, but it has ${stateText(rt, state)}` };
  } catch (e) {
    if (e instanceof WaitTimeoutError) {
      const rt = runtimeOf(target, opts?.runtime);
      const last = e.lastState;
      const msg = e.message.replace(/^waitForState\(([^\n]*), <predicate>\)/, (_all, who: string) => `expected ${who} to have state ${fmt(this, expected)}`);
      // the state it has goes right under the expectation (the first line), before the timeline
      const cut = msg.indexOf('\n');
      const text = last === undefined ? msg : `${cut < 0 ? msg : msg.slice(0, cut)}\n\nIts state now: ${stateText(rt, last.state)}${cut < 0 ? '' : msg.slice(cut)}`;
      return { pass: false, message: () => text };
    }
    throw e;
  }
}

/**
 * `await expect(childPid).toBeRestartedBy(supervisor)`: the supervisor
 * restarts the child that `childPid` was (found by the child id it was started under).
 */
export async function toBeRestartedBy(this: MatcherState, received: unknown, supervisor: Target, opts?: WaitOptions): Promise<Result> {
  if (!(received instanceof Pid)) throw new TypeError('toBeRestartedBy: expected the child\'s Pid');
  const rt = runtimeOf(supervisor);
  const record = recordOf(rt);
  const started = record.find(
    (e) => isAbout(e, supervisor) && (e.kind === 'child-started' || e.kind === 'child-restarted') && e.child === received,
  );
  let childId: unknown = started === undefined ? undefined : (started as SysEvent & { childId: unknown }).childId;
  if (childId === undefined) {
    const children = await Supervisor.whichChildren(supervisor);
    childId = children.find((c) => c.pid === received)?.id;
  }
  const what = `expected ${String(received)} to be restarted by ${String(supervisor)}`;
  if (childId === undefined) {
    return { pass: false, message: () => explain(`${what}, but it is not one of its children`, supervisor, rt) };
  }
  const after = started?.seq ?? 0;
  const { event, why } = await attempt(
    this,
    supervisor,
    (e) => e.kind === 'child-restarted' && e.seq > after && this.equals(e.childId, childId),
    `${what} (child id ${fmt(this, childId)})`,
    opts,
  );
  return {
    pass: event !== null,
    message: () => (event === null ? why : `expected ${String(received)} not to be restarted by ${String(supervisor)}, but it was (new pid ${String((event as SysEvent & { child: Pid | null }).child)})`),
  };
}

/** All matchers, for `expect.extend`. */
export const otpscopeMatchers = { toReceive, toReply, toHandle, toExit, toBeAlive, toHaveState, toBeRestartedBy };
