/**
 * Request/reply between processes: the machinery under `GenServer.call` and
 * every `sys` function. The caller's promise is settled by `reply(from, v)`
 * directly; the server's death, a timeout or a dead target fail it with a
 * `CallError` naming the call, as OTP exits the caller.
 */
import { CallError, ProcessExit, type FailedCall } from './errors.ts';
import { From } from './from.ts';
import { CallTimeouts } from './deadlines.ts';
import { isTimeout, timeoutError } from './clock.ts';
import type { Process } from './process.ts';
import type { Kernel } from './kernel.ts';
import { tuple, type ExitReason } from './terms.ts';

/** Default call timeout (ms), as OTP. */
export const DEFAULT_TIMEOUT = 5000;

/**
 * Sends `makeMessage(from, arg)` to `target` and waits for `reply(from, …)`.
 * `caller` defaults to the acting process (the one running, or the one whose
 * async code goes on after an `await`), else the runtime's external pid.
 * (`makeMessage` is a plain function given its argument, not a closure: a
 * call allocates nothing it does not keep.)
 */
export function request<R, A>(
  rt: Kernel,
  target: Process | undefined,
  makeMessage: (from: From, arg: A) => unknown,
  arg: A,
  timeout: number,
  failed: FailedCall,
  caller: Process | null = rt.acting(),
): Promise<R> {
  const self = caller ?? rt.external;
  // a killed process's code going on after an await asks nothing of anyone
  if (self.dead) return Promise.reject(new ProcessExit(self.exitReason, rt.redactor));
  // OTP's caller waits in `receive … after Timeout`: a bad timeout fails the call (nothing is sent)
  if (!isTimeout(timeout)) return Promise.reject(timeoutError(timeout, `${failed.module}.${failed.function}`));
  if (target === undefined) return Promise.reject(new CallError('noproc', failed, rt.redactor));
  if (target === self) return Promise.reject(new CallError('calling_self', failed, rt.redactor));
  const from = new From(self.pid);
  from.failed = failed;
  const outer = filling;
  filling = from;
  const promise = new Promise<R>(fill);
  filling = outer;
  from.server = target;
  const head = target.pendingCalls;
  if (head !== null) {
    from.nextCall = head;
    head.prevCall = from;
  }
  target.pendingCalls = from;
  if (timeout !== Infinity) {
    from.timeout = timeout;
    rt.callTimeouts.arm(from, timeout);
  }
  rt.delivery.deliver(target, makeMessage(from, arg), self);
  return promise;
}

/** The From whose promise is being made (what `fill` fills; kept across a nested call). */
let filling: From | null = null;

/** The executor of every call's promise: one function for all, not a closure per call. */
function fill(resolve: (value: never) => void, reject: (error: unknown) => void): void {
  const from = filling as From;
  from.resolve = resolve as (value: unknown) => void;
  from.reject = reject;
}

/**
 * Answers a call (OTP `gen_server:reply/2`). A hand-made From gets `{Tag, Reply}`
 * in its mailbox; a second reply to one call arrives as such a stray message;
 * a reply after the caller gave up is dropped.
 */
export function reply<R>(from: From<R>, value: R): 'ok' {
  switch (from.state) {
    case 'pending': {
      const resolve = from.resolve as (v: R) => void;
      const k = from.pid.proc.runtime;
      // a reply out, for the instrumentation's count and outcome (GenServer.reply too); the server until settled
      if (k.instrumentation !== null) k.instrumentation.replied(k.current ?? from.server);
      settle(from as From);
      resolve(value);
      break;
    }
    case 'replied':
    case 'manual':
      from.pid.proc.runtime.deliver(from.pid.proc, tuple(from.tag, value), from.pid.proc.runtime.acting());
      break;
    case 'abandoned':
      break;
  }
  return 'ok';
}

/** Fails a pending call with `reason` (the caller's promise rejects with a CallError). */
export function replyError(from: From, reason: ExitReason): void {
  if (from.state === 'pending') replyRaise(from, new CallError(reason, from.failed as FailedCall, from.pid.proc.runtime.redactor));
}

/** Fails a pending call by raising `error` in the caller (its promise rejects with it). */
export function replyRaise(from: From, error: unknown): void {
  if (from.state !== 'pending') return;
  const reject = from.reject as (e: unknown) => void;
  settle(from);
  from.state = 'abandoned';
  reject(error);
}

function settle(from: From): void {
  from.state = 'replied';
  from.resolve = null;
  from.reject = null;
  const server = from.server;
  if (server !== null) {
    const { prevCall, nextCall } = from;
    if (prevCall !== null) prevCall.nextCall = nextCall;
    else if (server.pendingCalls === from) server.pendingCalls = nextCall;
    if (nextCall !== null) nextCall.prevCall = prevCall;
    from.prevCall = from.nextCall = null;
    from.server = null;
  }
  if (from.bucket !== null) CallTimeouts.settled(from);
}
