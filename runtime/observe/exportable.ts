/**
 * Events on their way out of the process (a log pipeline, a file, a socket):
 * the stream's payload capture. In-process consumers get events as they are;
 * what leaves goes through the runtime's one redaction point. Payloads
 * (messages, replies, states, continuations, custom data, reports) pass the
 * redactor for the 'event' site and become size-limited text, or are left out
 * (the default redactor leaves them out); exit reasons pass it for the
 * 'reason' site (by default `reasonSummary`: atoms and shapes, never a state),
 * and a withheld reason leaves as its kind. Pids, refs, froms and the rest
 * become Erlang-style text, so the result is plain JSON. All text is bounded.
 */
import { map, type OperatorFunction } from 'rxjs';
import type { SysEvent } from './events.ts';
import { formatTerm } from '../kernel/format.ts';
import { DEFAULT_TEXT_LIMIT, reasonText, redactedText } from '../kernel/redact.ts';
import type { Kernel } from '../kernel/kernel.ts';

/** An event in plain JSON: the common fields, then the kind's own, as text, numbers or booleans. */
export interface ExportedEvent {
  readonly seq: number;
  /** `performance.now()` ms, as the event's `time`. */
  readonly time: number;
  /** Epoch ms of `time`. */
  readonly timestamp: number;
  readonly kind: SysEvent['kind'];
  /** `<0.N.0>`. */
  readonly pid: string;
  readonly name: string | null;
  readonly behaviour: string;
  /** The kind's own fields; payloads only as the redactor lets them out. */
  readonly [field: string]: string | number | boolean | null;
}

/** The fields that carry payloads (what a process holds or was sent), by name. */
const PAYLOADS = new Set(['message', 'reply', 'state', 'continuation', 'data', 'report']);
/** The fields that carry exit reasons. */
const REASONS = new Set(['reason']);
const COMMON = new Set(['seq', 'time', 'kind', 'pid', 'name', 'behaviour']);

/** `e` as plain JSON, its payloads through `rt`'s redactor, text cut to `limit` characters. */
export function exportEvent(e: SysEvent, rt: Kernel = e.pid.proc.runtime, limit = DEFAULT_TEXT_LIMIT): ExportedEvent {
  const out: Record<string, string | number | boolean | null> = {
    seq: e.seq,
    time: e.time,
    timestamp: e.time + globalThis.performance.timeOrigin,
    kind: e.kind,
    pid: String(e.pid),
    name: e.name,
    behaviour: e.behaviour,
  };
  for (const [field, value] of Object.entries(e)) {
    if (COMMON.has(field) || value === undefined) continue;
    if (PAYLOADS.has(field)) {
      const text = redactedText(rt.redactor, value, 'event', limit);
      if (text !== undefined) out[field] = text;
    } else if (REASONS.has(field)) {
      out[field] = reasonText(rt.redactor, value, limit);
    } else if (value === null || typeof value === 'number' || typeof value === 'boolean') {
      out[field] = value;
    } else if (typeof value === 'string') {
      out[field] = value.length > limit ? `${value.slice(0, limit)}…` : value;
    } else {
      out[field] = formatTerm(value, { chars: limit });
    }
  }
  return out as ExportedEvent;
}

/** The stream's payload capture: `events().pipe(exportable())` gives each event as `exportEvent` makes it. */
export function exportable(rt?: Kernel, limit = DEFAULT_TEXT_LIMIT): OperatorFunction<SysEvent, ExportedEvent> {
  return map((e) => exportEvent(e, rt ?? e.pid.proc.runtime, limit));
}
