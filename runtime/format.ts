/**
 * Prints values the way Erlang's `~p` prints terms, for trace and log text:
 * atom-like strings bare (`normal`), other strings quoted, arrays as lists,
 * tuples (see `tuple`) as `{a,b}`, pids as `<0.N.0>`, plain objects as maps.
 */
import { DownMessage, ExitMessage, Pid, Ref, TimeoutMessage, isTuple } from './terms.ts';
import { From } from './from.ts';
import { BadArgError, NoProcError, UncaughtThrow } from './errors.ts';

const ATOM = /^[a-z][a-zA-Z0-9_@]*$/;

/** Formats one value as Erlang would print the corresponding term. */
export function formatTerm(value: unknown, depth = 0): string {
  if (depth > 20) return '...';
  switch (typeof value) {
    case 'string':
      return ATOM.test(value) ? value : JSON.stringify(value);
    case 'number':
    case 'bigint':
      return String(value);
    case 'boolean':
      return String(value);
    case 'undefined':
      return 'undefined';
    case 'symbol':
      return value.description ?? 'symbol';
    case 'function':
      return '#Fun';
  }
  if (value === null) return 'null';
  if (value instanceof Pid || value instanceof Ref || value instanceof From) return String(value);
  const next = depth + 1;
  if (value instanceof DownMessage) {
    return `{'DOWN',${formatTerm(value.ref)},process,${formatTerm(value.object, next)},${formatTerm(value.reason, next)}}`;
  }
  if (value instanceof ExitMessage) return `{'EXIT',${formatTerm(value.from)},${formatTerm(value.reason, next)}}`;
  if (value instanceof TimeoutMessage) return `{timeout,${formatTerm(value.ref)},${formatTerm(value.message, next)}}`;
  // the runtime's own errors are OTP's badarg / noproc / {nocatch, V}: their reason, not their message, is the term
  if (value instanceof BadArgError || value instanceof NoProcError || value instanceof UncaughtThrow) {
    return `{${formatTerm(value.reason, next)},'<stack>'}`;
  }
  if (value instanceof Error) return `{${formatTerm(value.message, next)},'<stack>'}`;
  if (Array.isArray(value)) {
    const items = value.map((v) => formatTerm(v, next)).join(',');
    return isTuple(value) ? `{${items}}` : `[${items}]`;
  }
  if (value instanceof Map) {
    return `#{${[...value.entries()].map(([k, v]) => `${formatTerm(k, next)} => ${formatTerm(v, next)}`).join(',')}}`;
  }
  if (value instanceof Set) return `[${[...value].map((v) => formatTerm(v, next)).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>);
  return `#{${entries.map(([k, v]) => `${formatTerm(k, next)} => ${formatTerm(v, next)}`).join(',')}}`;
}
