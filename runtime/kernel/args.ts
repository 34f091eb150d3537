/**
 * Argument checks of the runtime's public functions: a garbage argument gets
 * OTP's `badarg` as a `BadArgError` that names the function and what it
 * expected, never a TypeError from deep inside and never a silent fallback.
 * The text names the kind of what was given, not its content.
 */
import { BadArgError } from './errors.ts';
import { formatTerm } from './format.ts';
import { kindOf } from './kinds.ts';
import { isRemoteName } from './names.ts';
import { Pid, Ref, type Dest } from './terms.ts';

/** Throws unless `v` is a pid. */
export function checkPid(fn: string, v: unknown): asserts v is Pid {
  if (!(v instanceof Pid)) throw new BadArgError(`${fn}: expected a pid, got ${kindOf(v)}`);
}

/** Throws unless `v` is a pid, a registered name (a non-empty string), or a via/global name. */
export function checkDest(fn: string, v: unknown): asserts v is Dest {
  if (!(v instanceof Pid) && !(typeof v === 'string' && v !== '') && !isRemoteName(v)) {
    throw new BadArgError(`${fn}: expected a pid, a registered name, { via, name } or { global }, got ${kindOf(v)}`);
  }
}

/** Throws unless `v` is a name a process can be registered under. */
export function checkName(fn: string, v: unknown): asserts v is string {
  if (typeof v !== 'string' || v === '' || v === 'undefined') throw new BadArgError(nameError(fn, v));
}

/**
 * Why `v` is no name here: OTP's `{global, N}` and `{via, M, N}` tuples are
 * named as such, with the form that takes them (`{ global: N }`,
 * `{ via: registry, name: N }`); anything else by its kind.
 */
export function nameError(fn: string, v: unknown): string {
  if (Array.isArray(v) && (v[0] === 'global' || v[0] === 'via')) {
    return `${fn}: ${formatTerm(v, { chars: 120, nodes: 50 })} is OTP's {${v[0] as string}, …} tuple: here a local name is a non-empty string, and ${v[0] === 'global' ? '{ global: name }' : '{ via: registry, name }'} is the ${v[0] as string} name (where a name is taken: start, call, cast, send, monitor)`;
  }
  return `${fn}: expected a name (a non-empty string other than 'undefined'), got ${kindOf(v)}`;
}

/** Throws unless `v` is a reference. */
export function checkRef(fn: string, v: unknown): asserts v is Ref {
  if (!(v instanceof Ref)) throw new BadArgError(`${fn}: expected a reference, got ${kindOf(v)}`);
}

/** Throws unless `v` is a boolean. */
export function checkBoolean(fn: string, v: unknown): asserts v is boolean {
  if (typeof v !== 'boolean') throw new BadArgError(`${fn}: expected true or false, got ${kindOf(v)}`);
}

/** Why `v` is no server name for `fn` (a start): OTP's tuples as `nameError` says, anything else by the forms taken. */
export function serverNameError(fn: string, v: unknown): string {
  if (Array.isArray(v) && (v[0] === 'global' || v[0] === 'via')) return nameError(fn, v);
  return `${fn}: name must be a non-empty string, { via, name } or { global }`;
}
