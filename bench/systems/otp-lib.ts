/**
 * The otpscope module the otpscope workloads run against. Normally the
 * project's own runtime/; the emission check loads a generated copy with the
 * event-stream guards compiled out (see no-emit.ts) and passes it instead.
 */
import * as otp from '../../runtime/index.ts';
import type { Runtime } from '../../runtime/index.ts';

/** The shape of runtime/index.ts. */
export type OtpLib = typeof otp;

/** The project's runtime/. */
export const projectLib: OtpLib = otp;

/** How an otpscope run is set up. */
export interface OtpOptions {
  /** Which copy of the runtime (default: the project's). */
  readonly lib?: OtpLib;
  /** Attaches an observer to the fresh runtime (a stream subscriber, OTel); returns its detach function. */
  readonly observe?: (rt: Runtime) => () => void;
  /** spawn: idle processes as `async` bodies awaiting `receive` instead of `loop` handlers. */
  readonly asyncIdle?: boolean;
}

/** A fresh runtime that logs nothing, with the run's observer attached; and the detach function. */
export function freshRuntime(opts: OtpOptions): { rt: Runtime; lib: OtpLib; detach: () => void } {
  const lib = opts.lib ?? projectLib;
  const rt = new lib.Runtime({ logger: lib.silentLogger });
  const detach = opts.observe?.(rt) ?? ((): void => undefined);
  return { rt, lib, detach };
}
