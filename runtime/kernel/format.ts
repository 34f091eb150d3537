/**
 * Prints values the way Erlang's `~p` prints terms, for trace and log text:
 * atom-like strings bare (`normal`), other strings quoted, arrays as lists,
 * tuples (see `tuple`) as `{a,b}`, pids as `<0.N.0>`, plain objects as maps.
 *
 * Bounded in size and time, and never throws: a depth limit (`...` below it),
 * a budget of nodes visited (`...` past it), a budget of characters produced
 * (the text is cut and ends with `…`), cycles printed as `<cycle>`, and a
 * subterm met again (a DAG) copied from the text already made, not walked
 * again. A value whose getters or proxy traps throw prints `<unprintable>`.
 */
import { DownMessage, ExitMessage, Pid, Ref, TimeoutMessage, isTuple } from './terms.ts';
import { From } from './from.ts';
import { ATOM, REASON_TERM, Redacted, className } from './kinds.ts';

/** How much one `formatTerm` may print. */
export interface FormatLimits {
  /** Nesting depth printed; deeper terms print `...` (default 20). */
  readonly depth?: number;
  /** Values visited; past it the rest prints `...` (default 10,000). */
  readonly nodes?: number;
  /** Characters produced; the text is cut there and ends with `…` (default 65,536). */
  readonly chars?: number;
}

/** The limits `formatTerm` uses when not told otherwise. */
export const DEFAULT_FORMAT_LIMITS: Required<FormatLimits> = Object.freeze({ depth: 20, nodes: 10_000, chars: 65_536 });

/** What ends a text cut at its character limit. */
export const CUT_MARK = '…';

/** Bytes of a binary printed before `...`. */
const MAX_BYTES = 64;

/** Formats one value as Erlang would print the corresponding term, within `limits`. Never throws. */
export function formatTerm(value: unknown, limits?: FormatLimits): string {
  const p = new Printer(limits);
  try {
    p.term(value, 0);
  } catch {
    p.put('<unprintable>');
  }
  return p.text();
}

/** One formatting run: the text so far and what is left of its budgets. */
class Printer {
  private out = '';
  private nodes = 0;
  private full = false;
  private readonly maxDepth: number;
  private readonly maxNodes: number;
  private readonly maxChars: number;
  /** Objects on the path from the root (a cycle comes back to one of them). */
  private path: Set<object> | null = null;
  /** Objects printed in full, with where their text is in `out` (met again: copied, not walked). */
  private printed: Map<object, readonly [number, number]> | null = null;

  constructor(limits: FormatLimits = DEFAULT_FORMAT_LIMITS) {
    this.maxDepth = limits.depth ?? DEFAULT_FORMAT_LIMITS.depth;
    this.maxNodes = limits.nodes ?? DEFAULT_FORMAT_LIMITS.nodes;
    this.maxChars = Math.max(0, limits.chars ?? DEFAULT_FORMAT_LIMITS.chars);
  }

  text(): string {
    return this.full ? this.out + CUT_MARK : this.out;
  }

  /** Appends `s`, cutting it at the character budget. */
  put(s: string): void {
    if (this.full) return;
    const room = this.maxChars - this.out.length;
    if (s.length <= room) this.out += s;
    else {
      this.out += s.slice(0, room);
      this.full = true;
    }
  }

  term(value: unknown, depth: number): void {
    if (this.full) return;
    if (depth > this.maxDepth || ++this.nodes > this.maxNodes) {
      this.put('...');
      return;
    }
    switch (typeof value) {
      case 'string':
        this.string(value);
        return;
      case 'number':
      case 'bigint':
      case 'boolean':
        this.put(String(value));
        return;
      case 'undefined':
        this.put('undefined');
        return;
      case 'symbol':
        this.string(value.description ?? 'symbol');
        return;
      case 'function':
        this.put('#Fun');
        return;
    }
    if (value === null) {
      this.put('null');
      return;
    }
    this.object(value as object, depth);
  }

  private string(s: string): void {
    if (ATOM.test(s)) {
      this.put(s);
      return;
    }
    // never quote more than can be shown: a 10 MB string costs what its cut costs
    const room = this.maxChars - this.out.length;
    const head = s.length > room ? s.slice(0, room) : s;
    this.put(JSON.stringify(head));
    if (head.length < s.length) this.full = true; // the text ends cut
  }

  private object(value: object, depth: number): void {
    if (value instanceof Pid || value instanceof Ref || value instanceof From || value instanceof Redacted) {
      this.put(String(value));
      return;
    }
    const path = (this.path ??= new Set());
    if (path.has(value)) {
      this.put('<cycle>');
      return;
    }
    const printed = (this.printed ??= new Map());
    const seen = printed.get(value);
    if (seen !== undefined) {
      this.put(this.out.slice(seen[0], seen[1]));
      return;
    }
    const start = this.out.length;
    path.add(value);
    try {
      this.compound(value, depth + 1);
    } catch {
      // a getter or proxy trap threw: the whole value is unprintable, not half of it
      this.out = this.out.slice(0, start);
      this.full = false;
      this.put('<unprintable>');
    } finally {
      path.delete(value);
    }
    if (!this.full) printed.set(value, [start, this.out.length]);
  }

  private compound(value: object, next: number): void {
    if (value instanceof DownMessage) {
      this.put(`{'DOWN',${String(value.ref)},process,`);
      this.term(value.object, next);
      this.put(',');
      this.term(value.reason, next);
      this.put('}');
      return;
    }
    if (value instanceof ExitMessage) {
      this.put(`{'EXIT',${String(value.from)},`);
      this.term(value.reason, next);
      this.put('}');
      return;
    }
    if (value instanceof TimeoutMessage) {
      this.put(`{timeout,${String(value.ref)},`);
      this.term(value.message, next);
      this.put('}');
      return;
    }
    if (value instanceof Error) {
      // the runtime's own errors are OTP's badarg / noproc / {nocatch, V}: their reason, not their message, is the term
      this.put('{');
      const e = value as Error & { readonly [REASON_TERM]?: boolean; readonly reason?: unknown };
      this.term(e[REASON_TERM] === true ? e.reason : e.message, next);
      this.put(",'<stack>'}");
      return;
    }
    if (Array.isArray(value)) {
      const tuple = isTuple(value);
      this.put(tuple ? '{' : '[');
      this.items(value.length, (i) => value[i], next);
      this.put(tuple ? '}' : ']');
      return;
    }
    if (value instanceof Map) {
      this.put('#{');
      this.entries(value.entries(), next);
      this.put('}');
      return;
    }
    if (value instanceof Set) {
      this.put('[');
      let first = true;
      for (const v of value) {
        if (this.full || this.nodes >= this.maxNodes) {
          this.put(first ? '...' : ',...');
          break;
        }
        if (!first) this.put(',');
        first = false;
        this.term(v, next);
      }
      this.put(']');
      return;
    }
    if (value instanceof Date) {
      const t = value.getTime();
      this.put(`#Date<${Number.isNaN(t) ? 'invalid' : value.toISOString()}>`);
      return;
    }
    if (value instanceof ArrayBuffer || ArrayBuffer.isView(value)) {
      this.binary(value instanceof ArrayBuffer ? new Uint8Array(value) : new Uint8Array(value.buffer, value.byteOffset, value.byteLength));
      return;
    }
    if (value instanceof RegExp) {
      this.put('#RegExp<');
      this.put(String(value));
      this.put('>');
      return;
    }
    if (value instanceof Promise || value instanceof WeakMap || value instanceof WeakSet || value instanceof WeakRef) {
      this.put(`#${className(value)}`);
      return;
    }
    this.put('#{');
    const keys = Object.keys(value);
    const rec = value as Record<string, unknown>;
    let first = true;
    for (let i = 0; i < keys.length; i++) {
      if (this.full || this.nodes >= this.maxNodes) {
        this.put(first ? '...' : ',...');
        break;
      }
      if (!first) this.put(',');
      first = false;
      this.term(keys[i], next);
      this.put(' => ');
      let v: unknown;
      try {
        v = rec[keys[i]];
      } catch {
        this.put('<unprintable>');
        continue;
      }
      this.term(v, next);
    }
    this.put('}');
  }

  private items(length: number, at: (i: number) => unknown, next: number): void {
    for (let i = 0; i < length; i++) {
      if (this.full || this.nodes >= this.maxNodes) {
        this.put(i === 0 ? '...' : ',...');
        return;
      }
      if (i > 0) this.put(',');
      this.term(at(i), next);
    }
  }

  private entries(it: Iterator<[unknown, unknown]>, next: number): void {
    let first = true;
    for (let r = it.next(); r.done !== true; r = it.next()) {
      if (this.full || this.nodes >= this.maxNodes) {
        this.put(first ? '...' : ',...');
        return;
      }
      if (!first) this.put(',');
      first = false;
      this.term(r.value[0], next);
      this.put(' => ');
      this.term(r.value[1], next);
    }
  }

  private binary(bytes: Uint8Array): void {
    this.nodes += Math.min(bytes.length, MAX_BYTES);
    const shown = Array.from(bytes.subarray(0, MAX_BYTES)).join(',');
    this.put(`<<${shown}${bytes.length > MAX_BYTES ? ',...' : ''}>>`);
  }
}
