/**
 * GenServer's types: the protocol a server speaks (checked at compile time on
 * both sides), the callback module, and the OTP return tuples of callbacks.
 */
import type { From } from '../kernel/from.ts';
import type { Self } from '../runtime.ts';
import type { ExitReason, Pid } from '../kernel/terms.ts';

/** One call a server answers: its request and the reply it gets. */
export interface CallSpec {
  readonly request: unknown;
  readonly reply: unknown;
}

/**
 * What a server accepts: `call` is a union of `{ request; reply }` pairs, `cast`
 * the union of casts, `info` the union of other messages it expects.
 */
export interface Protocol {
  readonly call: CallSpec;
  readonly cast: unknown;
  readonly info?: unknown;
}

/** A protocol that accepts anything (servers reached by name). */
export interface AnyProtocol extends Protocol {
  readonly call: { request: unknown; reply: unknown };
  readonly cast: unknown;
  readonly info: unknown;
}

/** The requests of a protocol. */
export type RequestOf<P extends Protocol> = P['call']['request'];
/** Every reply of a protocol (what handleCall may answer). */
export type ReplyOf<P extends Protocol> = P['call']['reply'];
/** The reply to request `Q` under protocol `P`. */
export type ReplyFor<P extends Protocol, Q> = P['call'] extends infer C
  ? C extends { request: infer R; reply: infer X }
    ? Q extends R
      ? X
      : never
    : never
  : never;
/** The casts of a protocol. */
export type CastOf<P extends Protocol> = P['cast'];

declare const protocolBrand: unique symbol;
/** A pid known to speak protocol `P` (what `GenServer.start` gives back). */
export type Server<P extends Protocol = AnyProtocol> = Pid & { readonly [protocolBrand]?: P };

/** What may follow a callback's state: a timeout (ms), 'hibernate', or a continue. */
export type Action = number | 'hibernate' | readonly ['continue', unknown];

/** init's returns (OTP `{ok, S}`, `{ok, S, Action}`, `ignore`, `{stop, R}`). */
export type InitResult<S> = readonly ['ok', S] | readonly ['ok', S, Action] | 'ignore' | readonly ['stop', ExitReason];

/** handleCall's returns. */
export type CallResult<R, S> =
  | readonly ['reply', R, S]
  | readonly ['reply', R, S, Action]
  | readonly ['noreply', S]
  | readonly ['noreply', S, Action]
  | readonly ['stop', ExitReason, R, S]
  | readonly ['stop', ExitReason, S];

/** handleCast / handleInfo / handleContinue returns. */
export type NoReplyResult<S> = readonly ['noreply', S] | readonly ['noreply', S, Action] | readonly ['stop', ExitReason, S];

/** A value or a promise of it: any callback may be async (the server handles nothing else meanwhile). */
export type MaybePromise<T> = T | Promise<T>;

/** The callback module of a GenServer. Only `init` is required. */
export interface GenServerBehaviour<S, A = unknown, P extends Protocol = AnyProtocol> {
  /** The module name shown in initial_call and reports (default: 'gen_server'). */
  readonly name?: string;
  /** Sets up the state. */
  init(arg: A, self: Self): MaybePromise<InitResult<S>>;
  /** Answers a call. Return 'noreply' and use `GenServer.reply(from, …)` to answer later. */
  handleCall?(request: RequestOf<P>, from: From<ReplyOf<P>>, state: S, self: Self): MaybePromise<CallResult<ReplyOf<P>, S>>;
  /** Handles a cast. */
  handleCast?(msg: CastOf<P>, state: S, self: Self): MaybePromise<NoReplyResult<S>>;
  /** Handles any other message: DOWN, EXIT (when trapping), 'timeout', plain sends. */
  handleInfo?(msg: unknown, state: S, self: Self): MaybePromise<NoReplyResult<S>>;
  /** Runs a `['continue', C]` before the next message. */
  handleContinue?(continuation: unknown, state: S, self: Self): MaybePromise<NoReplyResult<S>>;
  /** Cleans up when the server stops (not when killed, nor on an untrapped exit signal). */
  terminate?(reason: ExitReason, state: S, self: Self): unknown;
  /** sys:change_code (while suspended): `['ok', newState]`, or `['error', reason]` to refuse (the state stays). */
  codeChange?(oldVsn: unknown, state: S, extra: unknown): readonly ['ok', S] | readonly ['error', unknown];
  /** Decides what of the state leaves the process: get_status ('normal') and error reports ('terminate'). */
  formatStatus?(reason: 'normal' | 'terminate', state: S): unknown;
}
