/**
 * Argument checks of the runtime's public functions: a garbage argument gets
 * OTP's `badarg` as a `BadArgError` that names the function and what it
 * expected, never a TypeError from deep inside and never a silent fallback.
 * The text names the kind of what was given, not its content.
 */
import { BadArgError } from './errors.ts';
import { kindOf } from './kinds.ts';
import { Pid, Ref, type Dest } from './terms.ts';

/** Throws unless `v` is a pid. */
export function checkPid(fn: string, v: unknown): asserts v is Pid {
  if (!(v instanceof Pid)) throw new BadArgError(`${fn}: expected a pid, got ${kindOf(v)}`);
}

/** Throws unless `v` is a pid or a registered name (a non-empty string). */
export function checkDest(fn: string, v: unknown): asserts v is Dest {
  if (!(v instanceof Pid) && !(typeof v === 'string' && v !== '')) throw new BadArgError(`${fn}: expected a pid or a registered name, got ${kindOf(v)}`);
}

/** Throws unless `v` is a name a process can be registered under. */
export function checkName(fn: string, v: unknown): asserts v is string {
  if (typeof v !== 'string' || v === '' || v === 'undefined') throw new BadArgError(`${fn}: expected a name (a non-empty string other than 'undefined'), got ${kindOf(v)}`);
}

/** Throws unless `v` is a reference. */
export function checkRef(fn: string, v: unknown): asserts v is Ref {
  if (!(v instanceof Ref)) throw new BadArgError(`${fn}: expected a reference, got ${kindOf(v)}`);
}

/** Throws unless `v` is a boolean. */
export function checkBoolean(fn: string, v: unknown): asserts v is boolean {
  if (typeof v !== 'boolean') throw new BadArgError(`${fn}: expected true or false, got ${kindOf(v)}`);
}
