/**
 * Typed errors. OTP "exits the caller with {Reason, {Mod, Fun, Args}}"; here the
 * caller's promise rejects (or the call throws) with one of these, carrying the
 * same reason and the call that failed.
 *
 * Their `.message` texts are the runtime's own and never embed user terms: a
 * reason is described as the redactor lets it out for the 'reason' site (by
 * default `reasonSummary`: atoms, an Error's class and message, the shape of
 * tuples, kinds for the rest). The terms themselves stay OTP's, in `.reason`.
 */
import { REASON_TERM } from './kinds.ts';
import { defaultRedactor, reasonText, type Redactor } from './redact.ts';
import type { FailedCall } from './from.ts';
import { tuple, type ExitReason } from './terms.ts';

/** A short text for a reason in error messages: as `redactor` (default: the default policy) lets it out, else its kind. */
export function describeReason(reason: ExitReason, redactor: Redactor = defaultRedactor): string {
  return reasonText(redactor, reason);
}

/**
 * Thrown by `exit(reason)` to end the current process with `reason`
 * (OTP `erlang:exit/1`). Catching it is allowed, as `catch exit(...)` is in Erlang.
 */
export class ProcessExit extends Error {
  readonly reason: ExitReason;

  /** `redactor`: the runtime's, for the message text (default: the default policy). */
  constructor(reason: ExitReason, redactor?: Redactor) {
    super(`exit: ${describeReason(reason, redactor)}`);
    this.name = 'ProcessExit';
    this.reason = reason;
  }
}

/** The exit reason a thrown value becomes: ProcessExit → its reason; anything else as thrown. */
export function reasonOf(thrown: unknown): ExitReason {
  return thrown instanceof ProcessExit ? thrown.reason : thrown;
}

/** OTP `badarg`: a bad argument to a runtime function (name taken, unknown name, …). */
export class BadArgError extends Error {
  readonly reason = 'badarg' as const;
  /** The formatter prints the term `badarg`, as OTP. */
  readonly [REASON_TERM] = true;

  constructor(message: string) {
    super(message);
    this.name = 'BadArgError';
  }
}

/**
 * OTP `erlang:error(Reason)` with a term reason, raised by a behaviour's own
 * checks (a gen_statem's `{bad_return_from_state_function, R}`, …): the
 * process ends with it, and the formatter prints the term, as OTP's
 * `{Reason, Stack}`.
 */
export class ErlangError extends Error {
  readonly reason: unknown;
  /** The formatter prints the term `reason`, as OTP. */
  readonly [REASON_TERM] = true;

  constructor(reason: unknown, redactor?: Redactor) {
    super(`error: ${describeReason(reason, redactor)}`);
    this.name = 'ErlangError';
    this.reason = reason;
  }
}

/** OTP `error:noproc` raised by `link/1` to a dead pid when not trapping exits. */
export class NoProcError extends Error {
  readonly reason = 'noproc' as const;
  /** The formatter prints the term `noproc`, as OTP. */
  readonly [REASON_TERM] = true;

  constructor(message: string) {
    super(message);
    this.name = 'NoProcError';
  }
}

export type { FailedCall } from './from.ts';

/**
 * A call that failed: `reason` is `'timeout'`, `'noproc'`, `'calling_self'`, or the
 * server's exit reason; `call` names the function and its arguments.
 * OTP: the caller exits `{Reason, {gen_server, call, Args}}`.
 */
export class CallError extends Error {
  readonly reason: ExitReason;
  readonly call: FailedCall;

  /** `redactor`: the runtime's, for the message text (default: the default policy). The arguments never appear in it. */
  constructor(reason: ExitReason, call: FailedCall, redactor?: Redactor) {
    super(`${call.module}.${call.function} failed: ${describeReason(reason, redactor)}`);
    this.name = 'CallError';
    this.reason = reason;
    // a plain `{module, function, args}`, whatever lazy record named the call (From's CallSite builds args on failure only)
    this.call = { module: call.module, function: call.function, args: call.args };
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

  constructor(reason: unknown, redactor?: Redactor) {
    super(`sys callback failed: ${describeReason(reason, redactor)}`);
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
  /** The formatter prints the term `{nocatch, V}`, as OTP. */
  readonly [REASON_TERM] = true;

  constructor(value: unknown, redactor?: Redactor) {
    super(`uncaught throw: ${describeReason(value, redactor)}`);
    this.name = 'UncaughtThrow';
    this.value = value;
    this.reason = tuple('nocatch', value);
  }
}
