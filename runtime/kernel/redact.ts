/**
 * The one redaction point. Every term on its way out of the process passes the
 * runtime's redactor with the site it is going to, and becomes text through the
 * bounded formatter:
 *
 * | site | what | default |
 * |---|---|---|
 * | `span` | a message payload in a span (`capturePayloads`) | left out |
 * | `event` | a payload of an exported event (`exportable()`) | left out |
 * | `reason` | an exit reason or thrown value in telemetry (span status, exception, `otp.exit.reason`, exported reasons) and in the runtime's error messages | `reasonSummary`: atoms, numbers, pids and the shape of tuples and lists; an Error's class and message; anything else by kind |
 * | `crash-report` | terms in log reports (crash, terminate and supervisor reports) | as they are (OTP's reports show them) |
 * | `status` | `sys.getStatus`'s state and dictionary | as they are (after the behaviour's `formatStatus`) |
 * | `log` | `sys.trace` / `sys.log` text, `log_to_file`, test timelines | as they are (OTP's trace shows them) |
 *
 * A redactor returns the term to let out, or undefined to withhold it: a
 * withheld value leaves as its kind (`<map>`, `<string>`, see kinds.ts), so
 * with `dropEverything` nothing but kinds and names leaves. A redactor that
 * throws is treated as one that withheld.
 */
import { formatTerm } from './format.ts';
import { ATOM, REASON_TERM, Redacted, className, isAtomLike, kindOf, redactedKind } from './kinds.ts';
import { Pid, Ref, isTuple, tuple } from './terms.ts';

/** Where a value is about to go (see the table above). */
export type RedactionSite = 'span' | 'event' | 'reason' | 'crash-report' | 'status' | 'log';

/** Decides what of `value` may go to `site`: return a replacement, or undefined to withhold it. */
export type Redactor = (value: unknown, site: RedactionSite) => unknown;

/** Elements of a tuple or list a reason summary shows before `…`. */
const SUMMARY_ITEMS = 8;
/** Nesting a reason summary shows. */
const SUMMARY_DEPTH = 4;
/** Characters of an Error's message a reason summary keeps. */
const SUMMARY_MESSAGE = 256;

/**
 * The default policy for exit reasons and thrown values leaving in telemetry
 * and error messages. Kept: atom-like strings (`normal`, `timeout`,
 * `my_error`), numbers, booleans, null/undefined, pids and refs, and the
 * structure of tuples and lists (up to 8 elements, 4 deep); an Error as
 * `Class: message` (the message is code's text, cut to 256 characters; the
 * runtime's own errors as their OTP term: `badarg`, `{nocatch, <kind>}`).
 * Everything else — strings that are not atoms, maps, objects, sets, a state
 * inside `{bad_return_value, S}` — by its kind: `{bad_return_value,<map>}`.
 */
export function reasonSummary(reason: unknown): unknown {
  return summarize(reason, 0);
}

function summarize(v: unknown, depth: number): unknown {
  switch (typeof v) {
    case 'string':
      return isAtomLike(v) ? v : redactedKind(v);
    case 'number':
    case 'boolean':
    case 'undefined':
      return v;
    case 'bigint':
      return redactedKind(v);
  }
  if (v === null || v instanceof Pid || v instanceof Ref || v instanceof Redacted) return v;
  try {
    if (v instanceof Error) {
      const e = v as Error & { readonly [REASON_TERM]?: boolean; readonly reason?: unknown };
      if (e[REASON_TERM] === true) return summarize(e.reason, depth);
      const message = typeof e.message === 'string' ? e.message : '';
      const text = `${className(e)}${message === '' ? '' : `: ${message}`}`;
      return text.length > SUMMARY_MESSAGE ? `${text.slice(0, SUMMARY_MESSAGE)}…` : text;
    }
    if (Array.isArray(v)) {
      if (depth >= SUMMARY_DEPTH) return redactedKind(v);
      const n = Math.min(v.length, SUMMARY_ITEMS);
      const items: unknown[] = [];
      for (let i = 0; i < n; i++) items.push(summarize(v[i], depth + 1));
      if (v.length > n) items.push(new Redacted(`${v.length - n} more`));
      return isTuple(v) ? tuple(...items) : items;
    }
  } catch {
    return new Redacted('unprintable');
  }
  return redactedKind(v);
}

/** Telemetry gets no payloads and reasons as `reasonSummary` shows them; local diagnostics get terms as OTP shows them. */
export const defaultRedactor: Redactor = (value, site) => {
  switch (site) {
    case 'span':
    case 'event':
      return undefined;
    case 'reason':
      return reasonSummary(value);
    default:
      return value;
  }
};

/** Withholds everything: only kinds (`<map>`) and names (registered names, pids, behaviours) leave. */
export const dropEverything: Redactor = () => undefined;

/** Lets everything through (opt-in payload capture; mind what your states hold). */
export const recordEverything: Redactor = (value) => value;

/** Default size limit of redacted text, in characters. */
export const DEFAULT_TEXT_LIMIT = 1024;

/** Size limit of a reason's text in spans and error messages. */
export const REASON_TEXT_LIMIT = 256;

/** What `redactor` lets out of `value` for `site`, or undefined (withheld, or the redactor threw). */
export function applyRedactor(redactor: Redactor, value: unknown, site: RedactionSite): unknown {
  try {
    return redactor(value, site);
  } catch {
    return undefined;
  }
}

/** What `redactor` lets out of `value` for `site` as a term: withheld values become their kind (`<map>`). */
export function redactTerm(redactor: Redactor, value: unknown, site: RedactionSite): unknown {
  const v = applyRedactor(redactor, value, site);
  return v === undefined && value !== undefined ? redactedKind(value) : v;
}

/** A key of a dictionary or map on its way out: an atom-like key is a name and stays; any other as the redactor lets it out. */
export function redactKey(redactor: Redactor, key: unknown, site: RedactionSite): unknown {
  return isAtomLike(key) ? key : redactTerm(redactor, key, site);
}

/**
 * Formats what `redactor` lets out of `value` for `site` as Erlang-style text
 * of at most `limit` characters (cut text ends with `…`); a string the
 * redactor returns is the text itself. Undefined when withheld.
 */
export function redactedText(redactor: Redactor, value: unknown, site: RedactionSite, limit = DEFAULT_TEXT_LIMIT): string | undefined {
  const v = applyRedactor(redactor, value, site);
  if (v === undefined) return undefined;
  if (typeof v === 'string') return v.length > limit ? `${v.slice(0, limit)}…` : v;
  return formatTerm(v, { chars: limit });
}

/** The text of a reason for telemetry and error messages: as `redactor` lets it out for 'reason', else its kind (`<map>`). */
export function reasonText(redactor: Redactor, reason: unknown, limit = REASON_TEXT_LIMIT): string {
  return redactedText(redactor, reason, 'reason', limit) ?? String(redactedKind(reason));
}

/**
 * The low-cardinality `error.type` of a reason: an Error's class, the reason
 * if the redactor lets it out as an atom, the atom tag of a tuple reason
 * (`bad_return_value`), else its kind.
 */
export function errorTypeOf(redactor: Redactor, reason: unknown): string {
  if (reason instanceof Error && (reason as { [REASON_TERM]?: boolean })[REASON_TERM] !== true) return className(reason);
  const v = applyRedactor(redactor, reason instanceof Error ? (reason as { reason?: unknown }).reason : reason, 'reason');
  if (isAtomLike(v)) return v;
  if (Array.isArray(v) && isAtomLike(v[0])) return v[0];
  return kindOf(reason);
}

/**
 * An Error's stack without its message: `Class` then the frames (code
 * locations, never data). Undefined for a value that is not an Error.
 */
export function stackFrames(error: unknown): string | undefined {
  if (!(error instanceof Error)) return undefined;
  let stack: unknown;
  try {
    stack = error.stack;
  } catch {
    return undefined;
  }
  if (typeof stack !== 'string') return undefined;
  const at = stack.indexOf('\n    at ');
  return at < 0 ? className(error) : className(error) + stack.slice(at);
}

/**
 * The shape of a message without its content: DOWN, EXIT, timeout, a tuple's
 * atom tag (`{subscribe,…}`), a class name, or a kind. Safe for any sink.
 */
export function shapeOf(value: unknown): string {
  if (Array.isArray(value)) {
    const head: unknown = value[0];
    return typeof head === 'string' && ATOM.test(head) && head.length <= 64 ? `{${head},…}` : isTuple(value) ? 'tuple' : 'list';
  }
  return kindOf(value);
}
