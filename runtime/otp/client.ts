/**
 * The one shape every client function shares for its caller and its timeout.
 *
 * A client function (`GenServer.call/cast/stop`, every `sys.*`, every
 * `Supervisor.*` child function) takes, as its last argument, a timeout in ms
 * where OTP's has one, or a `ClientOptions` object `{ timeout?, caller? }`.
 * Start functions (`GenServer.start`, `Supervisor.start`, `procLib.start*`,
 * `procLib.spawn*`) take their options object, which has the same `caller`.
 *
 * The caller is found without help: the process running synchronously, or
 * the process whose async code goes on after an `await` (its async context,
 * see runtime/kernel/current.ts); code outside any process calls from the
 * external pid `<0.0.0>`. `caller` is for the rare code that runs as a process
 * but outside its async context (a callback from a library that queues its
 * callbacks itself, a `.then` of a promise a synchronous handler left
 * floating), or to act for a process on purpose.
 */
import type { Kernel } from '../kernel/kernel.ts';
import type { Process } from '../kernel/process.ts';
import type { Self } from '../runtime.ts';

/** The options every client function takes as its last argument. */
export interface ClientOptions {
  /** ms to wait for the answer (Infinity allowed); default: the function's own, as OTP's (5000 for calls and sys). */
  readonly timeout?: number;
  /** The calling process (default: the process whose code is running; outside any process, `<0.0.0>`). */
  readonly caller?: Self;
}

/** A client function's last argument: a timeout in ms, or `ClientOptions`. */
export type TimeoutOrOptions = number | ClientOptions;

/** True for a process's `Self` (the old last-argument caller of `cast` and `Supervisor.*`). */
export function isSelf(x: unknown): x is Self {
  return typeof x === 'object' && x !== null && typeof (x as Partial<Self>).receive === 'function' && 'pid' in x;
}

/** The options in a last argument (a number is a timeout; a bare `Self` is the deprecated caller shape). */
export function optionsOf(last: TimeoutOrOptions | Self | undefined): ClientOptions {
  if (last === undefined) return NO_OPTIONS;
  if (typeof last === 'number') return { timeout: last };
  if (isSelf(last)) return { caller: last };
  return last;
}

const NO_OPTIONS: ClientOptions = Object.freeze({});

/** The calling process: the given `caller`, else the acting process of `rt`, else null (the external pid). */
export function callerOf(rt: Kernel, opts: ClientOptions): Process | null {
  return opts.caller === undefined ? rt.acting() : (opts.caller as Process);
}
