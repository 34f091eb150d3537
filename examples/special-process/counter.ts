/**
 * A counter written by hand as an OTP special process: no GenServer, just
 * `procLib` (synchronous start, `initAck`, crash reports) and `sys` (system
 * messages, debug events). It is the shape of OTP's hand-written special
 * processes:
 *
 * ```erlang
 * init(Parent, N) ->
 *     Deb = sys:debug_options(Opts),
 *     proc_lib:init_ack(Parent, {ok, self()}),
 *     loop(Parent, Deb, N).
 *
 * loop(Parent, Deb, N) ->
 *     receive
 *         {system, From, Req} -> sys:handle_system_msg(Req, From, Parent, ?MODULE, Deb, N);
 *         {'EXIT', Parent, R} -> exit(R);
 *         Msg -> Deb1 = sys:handle_debug(Deb, fun print/3, N, {in, Msg}), ...
 *     end.
 * ```
 *
 * Messages: `'inc'`, `['add', n]`, `['get', replyTo, ref]` (answered with
 * `[ref, count]`), `'reset'`. Every one is reported as exactly one `in` debug
 * event; a change of count adds a `noreply` event, an answer an `out` event.
 */
import {
  ProcessExit,
  isExit,
  procLib,
  sys,
  tuple,
  makeRef,
  type ExitReason,
  type Pid,
  type Ref,
  type Runtime,
  type Self,
} from '../../runtime/index.ts';

/** What the counter accepts (besides system messages). */
export type CounterMessage = 'inc' | 'reset' | readonly ['add', number] | readonly ['get', Pid, Ref];

/** Options of `startCounter` / `startCounterLink`. */
export interface CounterOptions {
  /** The count to start from (default 0). */
  initial?: number;
  /** Register the counter under this name. */
  name?: string;
  /** sys debug options from the start (OTP `{debug, Opts}`). */
  debug?: readonly sys.DebugOption[];
  /** Trap exits, so the parent's death arrives as an EXIT the loop handles (as OTP's special processes do). */
  trapExit?: boolean;
  /** The starting process (default: the running one, else the runtime's external pid). */
  caller?: Self;
  /** The runtime to start in. */
  runtime?: Runtime;
}

/** What a start gives: OTP `{ok, Pid}` or `{error, Reason}`. */
export type CounterStart = readonly ['ok', Pid] | readonly ['error', ExitReason];

/** The behaviour name the counter's events and process info carry. */
export const COUNTER_BEHAVIOUR = 'special';

/** True for a message the counter understands. */
function isCounterMessage(msg: unknown): msg is CounterMessage {
  if (msg === 'inc' || msg === 'reset') return true;
  if (!Array.isArray(msg)) return false;
  if (msg[0] === 'add') return msg.length === 2 && typeof msg[1] === 'number';
  return msg[0] === 'get' && msg.length === 3;
}

/**
 * The sys hooks (OTP's `system_continue/3`, `system_terminate/4`,
 * `system_get_state/1`, `system_replace_state/2`). `Misc` is the count.
 * `continueWith` resumes the receive loop with the (possibly replaced) count.
 */
function systemHooks(continueWith: (count: number) => void): sys.SystemHooks<number> {
  return {
    module: 'counter',
    systemContinue(self, count) {
      // while suspended, sys kept a system-messages-only loop installed: remove it before receiving again
      self.stopLoop();
      continueWith(count);
    },
    systemTerminate(self, reason) {
      self.exit(reason);
    },
    systemGetState: (count) => count,
    systemReplaceState(fn, count) {
      const next = fn(count);
      if (typeof next !== 'number') throw new TypeError(`counter: state must be a number, got ${typeof next}`);
      return [next, next];
    },
    formatStatus: (self, status, count) => [
      tuple('header', `Status for counter ${String(self.pid)}`),
      tuple('data', [tuple('Status', status), tuple('Count', count)]),
    ],
  };
}

/** Answers one system message; resolves with the count to continue with (rejects when terminated). */
function systemMessage(self: Self, msg: sys.SystemMessage, count: number): Promise<number> {
  return new Promise((resolve) => {
    sys.handleSystemMsg(self, msg, systemHooks(resolve), count);
  });
}

/** Handles one ordinary message: the new count. */
function handle(self: Self, msg: CounterMessage, count: number): number {
  if (msg === 'inc' || msg === 'reset' || msg[0] === 'add') {
    const next = msg === 'inc' ? count + 1 : msg === 'reset' ? 0 : count + msg[1];
    sys.handleDebug(self, { kind: 'noreply', state: next });
    return next;
  }
  const [, replyTo, ref] = msg;
  const answer = tuple(ref, count);
  self.send(replyTo, answer);
  sys.handleDebug(self, { kind: 'out', reply: answer, to: replyTo, state: count, hasState: true });
  return count;
}

/** The receive loop (OTP `loop/3`). */
async function loop(self: Self, parent: Pid | null, count: number): Promise<never> {
  for (;;) {
    const msg = await self.receive();
    if (sys.isSystemMessage(msg)) {
      count = await systemMessage(self, msg, count);
    } else if (isExit(msg) && msg.from === parent) {
      self.exit(msg.reason);
    } else {
      sys.handleDebug(self, { kind: 'in', messageKind: 'info', message: msg });
      if (isCounterMessage(msg)) count = handle(self, msg, count);
      // what it does not understand is reported and dropped
      else sys.handleDebug(self, { kind: 'custom', data: tuple('unexpected', msg) });
    }
  }
}

/** The process body: debug options, ack the starter, loop (OTP `init/2`). */
function counterBody(opts: CounterOptions) {
  return async function counter(self: Self): Promise<never> {
    if (opts.debug !== undefined) sys.debugOptions(self, opts.debug);
    const parent = self.runtime.processInfo(self.pid)?.parent ?? null;
    procLib.initAck(self, tuple('ok', self.pid));
    return loop(self, parent, opts.initial ?? 0);
  };
}

function startOptions(opts: CounterOptions): procLib.StartOptions {
  return {
    name: opts.name,
    trapExit: opts.trapExit,
    caller: opts.caller,
    runtime: opts.runtime,
    behaviour: COUNTER_BEHAVIOUR,
    initialCall: 'counter:init/1',
  };
}

/** Starts a counter and waits until it runs (OTP `proc_lib:start/3`). */
export function startCounter(opts: CounterOptions = {}): Promise<CounterStart> {
  return procLib.start<CounterStart>(counterBody(opts), startOptions(opts));
}

/** Starts a counter linked to the caller (OTP `proc_lib:start_link/3`). */
export function startCounterLink(opts: CounterOptions = {}): Promise<CounterStart> {
  return procLib.startLink<CounterStart>(counterBody(opts), startOptions(opts));
}

/** Narrows a start result to the pid. */
export function okCounter(result: CounterStart): Pid {
  if (result[0] === 'ok') return result[1];
  throw new ProcessExit(result[1]);
}

/** Asks the counter for its count from process `self` (a message round trip, no sys). */
export async function count(self: Self, counter: Pid): Promise<number> {
  const ref = makeRef();
  self.send(counter, tuple('get', self.pid, ref));
  const answer = (await self.receive((m) => Array.isArray(m) && m[0] === ref)) as readonly [Ref, number];
  return answer[1];
}
