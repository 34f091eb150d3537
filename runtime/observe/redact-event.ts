/**
 * An event on its way into a report or a trace line: a copy whose payloads
 * (message, reply, state, continuation, custom data, report) and exit reason
 * passed the redactor for one site. Pids, names, kinds and the rest are kept.
 */
import type { SysEvent } from './events.ts';
import { redactTerm, type RedactionSite, type Redactor } from '../kernel/redact.ts';

/** The fields of an event that hold terms a process held or was sent, or an exit reason. */
export const TERM_FIELDS: ReadonlySet<string> = new Set(['message', 'reply', 'state', 'continuation', 'data', 'report', 'reason']);

/** A copy of `e` with every term field as `redactor` lets it out for `site` (withheld: its kind). */
export function redactEvent<E extends SysEvent>(redactor: Redactor, e: E, site: RedactionSite): E {
  const out: Record<string, unknown> = { ...e };
  for (const field of TERM_FIELDS) {
    if (field in out && out[field] !== undefined) out[field] = redactTerm(redactor, out[field], site);
  }
  return out as E;
}
