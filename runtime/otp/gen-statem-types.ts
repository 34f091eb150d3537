/**
 * GenStatem's types: the protocol a state machine speaks (calls, casts, infos,
 * internal events — checked at compile time on both sides, as GenServer's),
 * its states and data, the events a state callback gets, the actions and the
 * OTP return tuples of callbacks, and the callback module in both callback
 * modes.
 *
 * OTP's `(EventType, EventContent)` pair is one object here, discriminated on
 * `type`: `{ type: 'call', from, content }` is `{{call, From}, Content}`,
 * `{ type: 'generic_timeout', name, content }` is `{{timeout, Name}, Content}`,
 * `{ type: 'enter', oldState }` a state enter call's `(enter, OldState)`.
 */
import type { From } from '../kernel/from.ts';
import type { Self } from '../runtime.ts';
import type { ExitReason } from '../kernel/terms.ts';
import type { CallSpec, CastOf, MaybePromise, ReplyFor, ReplyOf, RequestOf, Server } from './gen-server-types.ts';

export type { CastOf, MaybePromise, ReplyFor, ReplyOf, RequestOf };

/**
 * What a state machine accepts: `call` a union of `{ request; reply }` pairs,
 * `cast` the casts, `info` other messages, `internal` the contents of its own
 * `next_event` internal events.
 */
export interface StatemProtocol {
  readonly call: CallSpec;
  readonly cast: unknown;
  readonly info?: unknown;
  readonly internal?: unknown;
}

/** A protocol that accepts anything (state machines reached by name). */
export interface AnyStatemProtocol extends StatemProtocol {
  readonly call: { request: unknown; reply: unknown };
  readonly cast: unknown;
  readonly info: unknown;
  readonly internal: unknown;
}

/** The other messages of a protocol (unknown when it does not say). */
export type InfoOf<P extends StatemProtocol> = P extends { readonly info: infer I } ? I : unknown;
/** The internal event contents of a protocol (unknown when it does not say). */
export type InternalOf<P extends StatemProtocol> = P extends { readonly internal: infer I } ? I : unknown;

declare const statemBrand: unique symbol;
/** A pid known to be a state machine speaking `P` in states `S` with data `D` (what `GenStatem.start` gives back). */
export type Statem<P extends StatemProtocol = AnyStatemProtocol, S = unknown, D = unknown> = Server<P> & {
  readonly [statemBrand]?: readonly [S, D];
};

/** An event a state callback handles (OTP `(EventType, EventContent)`). */
export type StatemEvent<P extends StatemProtocol = AnyStatemProtocol> =
  | { readonly type: 'call'; readonly from: From<ReplyOf<P>>; readonly content: RequestOf<P> }
  | { readonly type: 'cast'; readonly content: CastOf<P> }
  | { readonly type: 'info'; readonly content: InfoOf<P> }
  | { readonly type: 'timeout'; readonly content: unknown }
  | { readonly type: 'state_timeout'; readonly content: unknown }
  | { readonly type: 'generic_timeout'; readonly name: unknown; readonly content: unknown }
  | { readonly type: 'internal'; readonly content: InternalOf<P> };

/** A state enter call (OTP `(enter, OldState, Data)`), made with `state_enter` after each state change and at start. */
export interface EnterEvent<S> {
  readonly type: 'enter';
  readonly oldState: S;
}

/** The type of an event (OTP's event types, `generic_timeout` for `{timeout, Name}`). */
export type StatemEventType = StatemEvent['type'];

/** OTP's timeout options: `{ abs: true }` for an absolute time, in `Date.now()` ms (faked with the clock by `vi.useFakeTimers()`). */
export interface TimeoutOptions {
  readonly abs?: boolean;
}

/** A generic timeout's type (OTP `{timeout, Name}`). */
export type GenericTimeout = readonly ['timeout', unknown];

/**
 * Starting, cancelling or updating a timeout (OTP's timeout actions): a bare
 * number is an event timeout whose content is the time; `Infinity` cancels.
 */
export type TimeoutAction =
  | number
  | readonly ['timeout' | 'state_timeout' | GenericTimeout, number, unknown]
  | readonly ['timeout' | 'state_timeout' | GenericTimeout, number, unknown, TimeoutOptions]
  | readonly ['timeout' | 'state_timeout' | GenericTimeout, 'cancel']
  | readonly ['timeout' | 'state_timeout' | GenericTimeout, 'update', unknown];

/** OTP `{reply, From, Reply}`. */
export type ReplyAction<P extends StatemProtocol = AnyStatemProtocol> = readonly ['reply', From<ReplyOf<P>>, ReplyOf<P>];

/** The actions a state enter call may return (OTP `enter_action()`). */
export type EnterAction<P extends StatemProtocol = AnyStatemProtocol> = 'hibernate' | readonly ['hibernate', boolean] | TimeoutAction | ReplyAction<P>;

/** OTP `{next_event, Type, Content}`: an event handled next, before any message. */
export type NextEventAction<P extends StatemProtocol = AnyStatemProtocol> =
  | readonly ['next_event', 'internal', InternalOf<P>]
  | readonly ['next_event', 'cast', CastOf<P>]
  | readonly ['next_event', 'info', InfoOf<P>]
  | readonly ['next_event', readonly ['call', From<ReplyOf<P>>], RequestOf<P>]
  | readonly ['next_event', 'timeout' | 'state_timeout' | GenericTimeout, unknown];

/** Any action (OTP `action()`). */
export type Action<P extends StatemProtocol = AnyStatemProtocol> = EnterAction<P> | 'postpone' | readonly ['postpone', boolean] | NextEventAction<P>;

/**
 * Actions as a callback returns them: a list (OTP also takes one action alone;
 * here only an action that is not itself an array may stand alone: 'postpone',
 * 'hibernate', a number).
 */
export type Actions<A> = readonly A[] | Extract<A, string | number>;

/** The results every state callback may return (OTP's `state_callback_result`), with actions of kind `A`. */
export type CommonResult<D, A, P extends StatemProtocol> =
  | readonly ['keep_state', D]
  | readonly ['keep_state', D, Actions<A>]
  | 'keep_state_and_data'
  | readonly ['keep_state_and_data', Actions<A>]
  | readonly ['repeat_state', D]
  | readonly ['repeat_state', D, Actions<A>]
  | 'repeat_state_and_data'
  | readonly ['repeat_state_and_data', Actions<A>]
  | 'stop'
  | readonly ['stop', ExitReason]
  | readonly ['stop', ExitReason, D]
  | readonly ['stop_and_reply', ExitReason, Actions<ReplyAction<P>>]
  | readonly ['stop_and_reply', ExitReason, Actions<ReplyAction<P>>, D];

/** What a state callback returns for an event (OTP `event_handler_result`). */
export type EventResult<S, D, P extends StatemProtocol = AnyStatemProtocol> =
  | readonly ['next_state', S, D]
  | readonly ['next_state', S, D, Actions<Action<P>>]
  | CommonResult<D, Action<P>, P>;

/**
 * What a state enter call returns (OTP `state_enter_result`): no state change
 * (`next_state` only to the same state), no postpone or next_event. The
 * callback's declared return covers both; a wrong one stops the machine with
 * OTP's `bad_state_enter_return_from_state_function`.
 */
export type EnterResult<S, D, P extends StatemProtocol = AnyStatemProtocol> =
  | readonly ['next_state', S, D]
  | readonly ['next_state', S, D, Actions<EnterAction<P>>]
  | CommonResult<D, EnterAction<P>, P>;

/** init's returns (OTP `{ok, State, Data}`, `{ok, State, Data, Actions}`, `ignore`, `{stop, R}`). */
export type StatemInitResult<S, D, P extends StatemProtocol = AnyStatemProtocol> =
  | readonly ['ok', S, D]
  | readonly ['ok', S, D, Actions<Action<P>>]
  | 'ignore'
  | readonly ['stop', ExitReason];

/** OTP's callback modes. */
export type CallbackMode = 'state_functions' | 'handle_event_function';

/** OTP `callback_mode()`'s result: a mode, or a list of a mode and `state_enter`. */
export type CallbackModeResult<M extends CallbackMode = CallbackMode> = M | readonly (M | 'state_enter')[];

/** A state function (state_functions mode): handles every event in its state, and its enter calls. */
export type StateFunction<S, D, P extends StatemProtocol = AnyStatemProtocol> = (
  event: StatemEvent<P> | EnterEvent<S>,
  data: D,
  self: Self,
) => MaybePromise<EventResult<S, D, P>>;

/** What both callback modes share. */
export interface StatemCallbacks<S, D, A, P extends StatemProtocol> {
  /** The module name shown in initial_call, status and reports (default: 'gen_statem'). */
  readonly name?: string;
  /** Sets up the first state and data. */
  init(arg: A, self: Self): MaybePromise<StatemInitResult<S, D, P>>;
  /** Cleans up when the machine stops (not when killed, nor on an untrapped exit signal). */
  terminate?(reason: ExitReason, state: S, data: D, self: Self): unknown;
  /** sys:change_code (while suspended): `['ok', state, data]`; anything else refuses (the state stays). */
  codeChange?(oldVsn: unknown, state: S, data: D, extra: unknown): unknown;
  /**
   * Decides what of the state and data leaves the process (OTP `format_status/2`
   * with `[PDict, State, Data]`): get_status ('normal') and error reports ('terminate').
   */
  formatStatus?(reason: 'normal' | 'terminate', state: S, data: D): unknown;
}

/** A state machine in state_functions mode: one function per state. */
export interface StateFunctionsStatem<S extends string, D, A = unknown, P extends StatemProtocol = AnyStatemProtocol> extends StatemCallbacks<S, D, A, P> {
  readonly callbackMode: CallbackModeResult<'state_functions'> | (() => CallbackModeResult<'state_functions'>);
  /** Every state's function (OTP `StateName/3`). */
  readonly states: { readonly [K in S]: StateFunction<S, D, P> };
}

/** A state machine in handle_event_function mode: one function for every state (states may be any term). */
export interface HandleEventStatem<S, D, A = unknown, P extends StatemProtocol = AnyStatemProtocol> extends StatemCallbacks<S, D, A, P> {
  readonly callbackMode: CallbackModeResult<'handle_event_function'> | (() => CallbackModeResult<'handle_event_function'>);
  /** OTP `handle_event/4`. */
  handleEvent(event: StatemEvent<P> | EnterEvent<S>, state: S, data: D, self: Self): MaybePromise<EventResult<S, D, P>>;
}

/** The callback module of a GenStatem, in either callback mode. */
export type GenStatemBehaviour<S, D, A = unknown, P extends StatemProtocol = AnyStatemProtocol> =
  | StateFunctionsStatem<S & string, D, A, P>
  | HandleEventStatem<S, D, A, P>;
