/**
 * Awaiting runtime events instead of sleeping: `waitForEvent`, `waitForState`
 * and `settled`. A wait is armed on the per-test event record, so it also sees
 * an event that happened between the action and the await; it resolves in the
 * listener, in the same macrotask as the event, with no timer and no polling.
 * Its own deadline runs on Node's real timers, so fake timers never hang it.
 */
import { setTimeout as realSetTimeout, clearTimeout as realClearTimeout } from 'node:timers';
import { vi } from 'vitest';
import {
  BadArgError,
  DownMessage,
  ExitMessage,
  Pid,
  kindOf,
  sys,
  type InEvent,
  type Runtime,
  type SysEvent,
  type SysEventKind,
} from '../runtime/index.ts';
import { recordOf } from './event-record.ts';
import { currentOptions, currentScope, testRuntime } from './test-context.ts';
import { formatAlive, formatTimeline } from './timeline.ts';

/** A process to watch: a pid, or a registered name in the test's runtime. */
export type Target = Pid | string;

/**
 * What to wait for: any event kind of the stream, or one of the shorthands
 * 'DOWN' / 'EXIT' (the process took in a DOWN / EXIT message), 'handled'
 * (a callback returned: `out` or `noreply`, with the new state), 'reply'
 * (`out`) and 'restart' (a supervisor restarted a child).
 */
export type WaitKind = SysEventKind | 'DOWN' | 'EXIT' | 'handled' | 'reply' | 'restart';

/** The event(s) of the union whose kind can be `K` (also for events that share a kind union, like supervisor events). */
export type EventOf<K extends SysEventKind> = SysEvent extends infer E ? (E extends SysEvent ? ([Extract<K, E['kind']>] extends [never] ? never : E) : never) : never;

/** The event a wait of kind `K` resolves with. */
export type EventFor<K extends WaitKind> = K extends 'DOWN'
  ? InEvent & { readonly message: DownMessage }
  : K extends 'EXIT'
    ? InEvent & { readonly message: ExitMessage }
    : K extends 'handled'
      ? EventOf<'out' | 'noreply'>
      : K extends 'reply'
        ? EventOf<'out'>
        : K extends 'restart'
          ? EventOf<'child-restarted'>
          : K extends SysEventKind
            ? EventOf<K>
            : never;

/** Options of a wait. */
export interface WaitOptions {
  /** Real milliseconds before the wait fails (default: the plugin's `timeout`, 1000). */
  readonly timeout?: number;
  /** With fake timers: advance the clock to the next runtime timer whenever the runtime is settled. */
  readonly advanceTimers?: boolean;
  /** The runtime of a name target (default: the test's runtime). */
  readonly runtime?: Runtime;
}

/** Raised when a wait times out; its message carries the target's timeline. */
export class WaitTimeoutError extends Error {
  override readonly name = 'WaitTimeoutError';
}

/** True when `e` is of wait kind `kind`. */
export function isKind(e: SysEvent, kind: WaitKind): boolean {
  switch (kind) {
    case 'DOWN':
      return e.kind === 'in' && e.message instanceof DownMessage;
    case 'EXIT':
      return e.kind === 'in' && e.message instanceof ExitMessage;
    case 'handled':
      return e.kind === 'out' || e.kind === 'noreply';
    case 'reply':
      return e.kind === 'out';
    case 'restart':
      return e.kind === 'child-restarted';
    default:
      return e.kind === kind;
  }
}

/** True when `e` is about `target`. */
export function isAbout(e: SysEvent, target: Target): boolean {
  return target instanceof Pid ? e.pid === target : e.name === target;
}

/** The runtime a target lives in. */
export function runtimeOf(target: Target, rt?: Runtime): Runtime {
  return target instanceof Pid ? (target.proc.runtime as Runtime) : (rt ?? testRuntime());
}

/** Describes a target for messages: `<0.3.0> (server)`. */
export function describeTarget(target: Target, rt: Runtime): string {
  if (target instanceof Pid) {
    const name = rt.processInfo(target)?.registeredName;
    return name === null || name === undefined ? String(target) : `${String(target)} (${name})`;
  }
  const pid = rt.whereis(target);
  return pid === undefined ? `'${target}' (not registered now)` : `'${target}' ${String(pid)}`;
}

/**
 * The failure text: what was expected, the target's recent events, the
 * processes alive, the seed. Never throws: if the rest cannot be printed, the
 * expectation alone is the text.
 */
export function explain(what: string, target: Target, rt: Runtime): string {
  try {
    return explainFully(what, target, rt);
  } catch (e) {
    return `${what}\n\n(the timeline could not be printed: ${e instanceof Error ? e.name : typeof e})`;
  }
}

function explainFully(what: string, target: Target, rt: Runtime): string {
  const record = recordOf(rt);
  const n = currentOptions().timelineSize;
  const mine = record.recent(n, (e) => isAbout(e, target));
  const origin = record.first?.time ?? 0;
  const seed = currentScope()?.seed;
  return [
    what,
    '',
    `Recent events of ${describeTarget(target, rt)} (last ${n}):`,
    formatTimeline(mine, origin, rt.redactor),
    '',
    'Processes alive:',
    formatAlive(rt),
    ...(seed === null || seed === undefined ? [] : ['', `Race scheduler seed: ${seed} (replay with OTPSCOPE_SEED=${seed})`]),
  ].join('\n');
}

/** A wait in progress: its promise, and how to drop it. */
export interface ArmedWait {
  readonly promise: Promise<SysEvent>;
  /** Drops the wait (its promise then never settles). */
  cancel(): void;
}

/**
 * Core of every wait: resolves with the first recorded-and-unconsumed or
 * future event about `target` that `accept` takes; rejects with an explained
 * timeout. `what` describes the expectation for the message.
 */
export function armWait(
  target: Target,
  accept: (e: SysEvent) => boolean,
  what: string,
  opts: WaitOptions = {},
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  stackFrom: Function = armWait,
): ArmedWait {
  const rt = runtimeOf(target, opts.runtime);
  const record = recordOf(rt);
  const mine = (e: SysEvent): boolean => isAbout(e, target) && accept(e);
  const past = record.take(mine);
  if (past !== undefined) return { promise: Promise.resolve(past), cancel: () => undefined };
  const timeout = opts.timeout ?? currentOptions().timeout;
  if (typeof timeout !== 'number' || !(timeout > 0)) {
    // a garbage timeout would become Node's 1 ms (with a TimeoutNaNWarning): say what is wrong instead
    const bad = new BadArgError(`${what}: timeout must be a positive number of ms, got ${kindOf(timeout)}`);
    return { promise: Promise.reject(bad), cancel: () => undefined };
  }
  let cancel: () => void = () => undefined;
  // made now, so its stack points at the test line that waited, not at a timer callback
  const timeoutError = new WaitTimeoutError(what);
  Error.captureStackTrace(timeoutError, stackFrom);
  const promise = new Promise<SysEvent>((resolve, reject) => {
    let done = false;
    const timer = timeout === Infinity ? undefined : realSetTimeout(() => {
      if (done) return;
      done = true;
      // settle first: nothing below may keep the wait from failing
      try {
        unwait();
      } finally {
        timeoutError.message = explain(`${what}: nothing within ${timeout} ms.`, target, rt);
        reject(timeoutError);
      }
    }, timeout);
    const unwait = record.wait({
      accept: mine,
      resolve: (e) => {
        done = true;
        realClearTimeout(timer);
        resolve(e);
      },
    });
    cancel = () => {
      done = true;
      realClearTimeout(timer);
      unwait();
    };
    if (opts.advanceTimers === true) void pumpTimers(rt, () => done);
  });
  return { promise, cancel };
}

/**
 * `await waitForEvent(server, 'DOWN')`: resolves with the event when `target`
 * emits an event of `kind` (and `match`, if given, accepts it).
 */
export function waitForEvent<K extends WaitKind>(
  target: Target,
  kind: K,
  match?: ((e: EventFor<K>) => boolean) | WaitOptions,
  options?: WaitOptions,
): Promise<EventFor<K>> {
  const pred = typeof match === 'function' ? match : undefined;
  const opts = typeof match === 'object' ? match : (options ?? {});
  const accept = (e: SysEvent): boolean => isKind(e, kind) && (pred === undefined || pred(e as EventFor<K>));
  const rt = runtimeOf(target, opts.runtime);
  const what = `waitForEvent(${describeTarget(target, rt)}, '${kind}'${pred === undefined ? '' : ', <match>'})`;
  return armWait(target, accept, what, opts, waitForEvent).promise as Promise<EventFor<K>>;
}

/** The state an event carries, if any. */
function stateOf(e: SysEvent): { state: unknown } | null {
  if (e.kind === 'noreply' || e.kind === 'state-replaced') return { state: e.state };
  if (e.kind === 'out' && e.hasState) return { state: e.state };
  return null;
}

/**
 * Resolves with the first state of `target` that satisfies `predicate`: its
 * current one (read with `sys.getState`), or one a later event shows.
 */
export async function waitForState<S = unknown>(
  target: Target,
  predicate: (state: S) => boolean,
  opts: WaitOptions = {},
): Promise<S> {
  const rt = runtimeOf(target, opts.runtime);
  const accept = (e: SysEvent): boolean => {
    const s = stateOf(e);
    return s !== null && predicate(s.state as S);
  };
  // armed before asking, so a change between the question and the answer is seen
  const changed = armWait(target, accept, `waitForState(${describeTarget(target, rt)}, <predicate>)`, opts, waitForState);
  let now: S;
  try {
    now = await sys.getState<S>(target, opts.timeout ?? currentOptions().timeout);
  } catch (e) {
    changed.cancel();
    throw e;
  }
  if (predicate(now)) {
    changed.cancel();
    return now;
  }
  return stateOf(await changed.promise)?.state as S;
}

/** Options of `settled`. */
export interface SettledOptions {
  /** With fake timers: whenever the runtime is settled and a runtime timer is pending, advance to the next timer and go on. */
  readonly advanceTimers?: boolean;
  /** Stop after advancing this many timers (a periodic timer would go on forever; default 10 000). */
  readonly maxTimers?: number;
  /** The runtime (default: the test's). */
  readonly runtime?: Runtime;
}

/**
 * Resolves when every mailbox of the test's runtime is empty and no process is
 * running. With `advanceTimers` (fake timers only) it also runs the runtime's
 * timers, advancing the fake clock to each next one, until none is pending.
 */
export async function settled(opts: SettledOptions = {}): Promise<void> {
  const rt = opts.runtime ?? testRuntime();
  const max = opts.maxTimers ?? 10_000;
  for (let fired = 0; ; fired++) {
    await rt.settled();
    if (opts.advanceTimers !== true || !rt.hasPendingTimers()) return;
    if (!vi.isFakeTimers()) throw new Error('settled({ advanceTimers: true }) needs fake timers: call vi.useFakeTimers() first');
    if (fired >= max) throw new Error(`settled: runtime timers still pending after advancing ${max} of them (a periodic timer?)`);
    vi.advanceTimersToNextTimer();
  }
}

/** While `done()` is false: each time the runtime settles with fake timers and a pending runtime timer, advance to it. */
async function pumpTimers(rt: Runtime, done: () => boolean): Promise<void> {
  while (!done()) {
    await rt.settled();
    if (done()) return;
    if (!vi.isFakeTimers() || !rt.hasPendingTimers()) {
      await new Promise<void>((r) => realSetTimeout(r, 5));
      continue;
    }
    vi.advanceTimersToNextTimer();
  }
}
