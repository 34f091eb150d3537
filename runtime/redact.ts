/**
 * The one redaction point. Whatever of a state or a message may leave the
 * process — crash reports, `sys.getStatus`, span attributes, the stream's
 * payload capture, log output — goes through the runtime's redactor, and
 * text is cut to a size limit. By default payloads are not exported to
 * telemetry ('span', 'event') and stay as OTP shows them in-process
 * diagnostics ('crash-report', 'status', 'log'). A behaviour's `formatStatus`
 * runs first, for its own state.
 */
import { formatTerm } from './format.ts';

/** Where a value is about to go. */
export type RedactionSite = 'crash-report' | 'status' | 'span' | 'event' | 'log';

/** Decides what of `value` may go to `site`: return a replacement, or undefined to drop it. */
export type Redactor = (value: unknown, site: RedactionSite) => unknown;

/** Telemetry gets no payloads; diagnostics get them as they are. */
export const defaultRedactor: Redactor = (value, site) => (site === 'span' || site === 'event' ? undefined : value);

/** Lets everything through (opt-in payload capture). */
export const recordEverything: Redactor = (value) => value;

/** Default size limit of redacted text, in characters. */
export const DEFAULT_TEXT_LIMIT = 1024;

/** Formats a redacted value as Erlang-style text cut to `limit` characters (undefined when dropped). */
export function redactedText(redactor: Redactor, value: unknown, site: RedactionSite, limit = DEFAULT_TEXT_LIMIT): string | undefined {
  let v: unknown;
  try {
    v = redactor(value, site);
  } catch {
    return '<redactor failed>';
  }
  if (v === undefined) return undefined;
  const text = typeof v === 'string' ? v : formatTerm(v);
  return text.length > limit ? `${text.slice(0, limit)}…(${text.length - limit} more)` : text;
}

/** The shape of a message without its content: DOWN, EXIT, timeout, a class name, or a type. */
export function shapeOf(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value !== 'object') return typeof value === 'string' ? 'atom' : typeof value;
  const t = (value as { type?: unknown }).type;
  if (typeof t === 'string' && (t === 'DOWN' || t === 'EXIT' || t === 'timeout')) return t;
  if (Array.isArray(value)) return typeof value[0] === 'string' ? `{${value[0]},…}` : 'list';
  return (value as object).constructor?.name ?? 'object';
}
