/**
 * Typed errors. OTP "exits the caller with {Reason, {Mod, Fun, Args}}"; here the
 * caller's promise rejects (or the call throws) with one of these, carrying the
 * same reason and the call that failed.
 */
import { describeReason, tuple, type ExitReason } from './terms.ts';

/** OTP `badarg`: a bad argument to a runtime function (name taken, unknown name, …). */
export class BadArgError extends Error {
  readonly reason = 'badarg' as const;

  constructor(message: string) {
    super(message);
    this.name = 'BadArgError';
  }
}

/** OTP `error:noproc` raised by `link/1` to a dead pid when not trapping exits. */
export class NoProcError extends Error {
  readonly reason = 'noproc' as const;

  constructor(message: string) {
    super(message);
    this.name = 'NoProcError';
  }
}

/** Where a failed call came from: `{Module, Function, Args}` as OTP reports it. */
export interface FailedCall {
  readonly module: string;
  readonly function: string;
  readonly args: readonly unknown[];
}

/**
 * A call that failed: `reason` is `'timeout'`, `'noproc'`, `'calling_self'`, or the
 * server's exit reason; `call` names the function and its arguments.
 * OTP: the caller exits `{Reason, {gen_server, call, Args}}`.
 */
export class CallError extends Error {
  readonly reason: ExitReason;
  readonly call: FailedCall;

  constructor(reason: ExitReason, call: FailedCall) {
    super(`${call.module}.${call.function} failed: ${describeReason(reason)}`);
    this.name = 'CallError';
    this.reason = reason;
    this.call = call;
  }

  /** The OTP exit term `[Reason, [Module, Function, Args]]`. */
  get exitTerm(): readonly [ExitReason, readonly [string, string, readonly unknown[]]] {
    return tuple(this.reason, tuple(this.call.module, this.call.function, this.call.args));
  }
}

/**
 * OTP `error({callback_failed, {Mod, Callback}, {Class, Reason}})` raised in the
 * caller of `sys.getState` / `sys.replaceState` when the target's callback (or
 * the replace function) failed; the target keeps running with its old state.
 */
export class CallbackFailedError extends Error {
  readonly reason: unknown;

  constructor(reason: unknown) {
    super(`sys callback failed: ${describeReason(reason)}`);
    this.name = 'CallbackFailedError';
    this.reason = reason;
  }
}

/** Raised when a behaviour is given something that is not a function where a callback belongs. */
export class BadCallbackError extends TypeError {
  constructor(behaviour: string, callback: string, got: unknown) {
    super(`${behaviour}: callback '${callback}' must be a function, got ${typeof got}`);
    this.name = 'BadCallbackError';
  }
}

/**
 * The exit reason of a process whose code threw a value that is not an Error:
 * OTP's uncaught `throw(V)`, which ends the process with `{{nocatch, V}, Stack}`.
 */
export class UncaughtThrow extends Error {
  /** The term `{nocatch, V}`. */
  readonly reason: readonly ['nocatch', unknown];
  /** The thrown value. */
  readonly value: unknown;

  constructor(value: unknown) {
    super(`uncaught throw: ${describeReason(value)}`);
    this.name = 'UncaughtThrow';
    this.value = value;
    this.reason = tuple('nocatch', value);
  }
}
