/**
 * The kind of a term, without its content: what may always leave the process
 * when a value itself may not (`atom`, `string`, `map`, `tuple`, `pid`, an
 * Error's class, `DOWN`, …), and `Redacted`, the term that stands in for a
 * value the redactor withheld. Kinds and names are all a drop-everything
 * redactor lets out.
 */
import { DownMessage, ExitMessage, Pid, Ref, TimeoutMessage, isTuple } from './terms.ts';

/** Erlang's unquoted atoms: what an atom-like string looks like (`normal`, `bad_return_value`). */
export const ATOM = /^[a-z][a-zA-Z0-9_@]*$/;

/** Atom-like strings longer than this are treated as text, not as names. */
export const MAX_ATOM_LENGTH = 64;

/** True for a string that reads as an Erlang atom (short, unquoted). */
export function isAtomLike(value: unknown): value is string {
  return typeof value === 'string' && value.length <= MAX_ATOM_LENGTH && ATOM.test(value);
}

/**
 * Marks an Error whose OTP term is its `reason` (badarg, noproc, `{nocatch, V}`):
 * the formatter prints that term instead of the message.
 */
export const REASON_TERM: unique symbol = Symbol.for('otpscope.reason-term');

/** The class name of an object as its code named it (never data: a user may set `name`, not the class). */
export function className(value: object): string {
  try {
    const ctor = (value as { constructor?: { name?: unknown } }).constructor;
    return typeof ctor?.name === 'string' && ctor.name !== '' ? ctor.name : 'Object';
  } catch {
    return 'Object';
  }
}

/**
 * The kind of `value`: `atom`, `string`, `number`, `integer` (bigint), `boolean`,
 * `undefined`, `null`, `symbol`, `fun`, `pid`, `ref`, `tuple`, `list`, `map`,
 * `set`, `date`, `binary`, `DOWN`/`EXIT`/`timeout`, an Error's or a class
 * instance's class name. Never throws.
 */
export function kindOf(value: unknown): string {
  switch (typeof value) {
    case 'string':
      return isAtomLike(value) ? 'atom' : 'string';
    case 'number':
      return 'number';
    case 'bigint':
      return 'integer';
    case 'boolean':
      return 'boolean';
    case 'undefined':
      return 'undefined';
    case 'symbol':
      return 'symbol';
    case 'function':
      return 'fun';
  }
  if (value === null) return 'null';
  try {
    if (value instanceof Redacted) return value.kind;
    if (value instanceof Pid) return 'pid';
    if (value instanceof Ref) return 'ref';
    if (value instanceof DownMessage) return 'DOWN';
    if (value instanceof ExitMessage) return 'EXIT';
    if (value instanceof TimeoutMessage) return 'timeout';
    if (Array.isArray(value)) return isTuple(value) ? 'tuple' : 'list';
    if (value instanceof Map) return 'map';
    if (value instanceof Set) return 'set';
    if (value instanceof Date) return 'date';
    if (ArrayBuffer.isView(value) || value instanceof ArrayBuffer) return 'binary';
    if (value instanceof Error) return className(value);
    const proto: unknown = Object.getPrototypeOf(value);
    if (proto === Object.prototype || proto === null) return 'map';
    return className(value as object);
  } catch {
    return 'unknown';
  }
}

/** What stands in for a value the redactor withheld: printed `<kind>`, e.g. `<map>`. */
export class Redacted {
  /** The kind of the withheld value (see `kindOf`). */
  readonly kind: string;

  constructor(kind: string) {
    this.kind = kind;
  }

  /** `<kind>`. */
  toString(): string {
    return `<${this.kind}>`;
  }

  /** JSON shows the same text. */
  toJSON(): string {
    return this.toString();
  }

  /** Node's inspector too. */
  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return this.toString();
  }
}

/** The stand-in for `value`: its kind, wrapped so the formatter prints `<kind>`. */
export function redactedKind(value: unknown): Redacted {
  return value instanceof Redacted ? value : new Redacted(kindOf(value));
}
