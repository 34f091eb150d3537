/**
 * One process in detail: its row, links, monitors, parent and ancestors, the
 * shapes of its first queued messages (never their content), its dictionary
 * and its state — the state only as `sys.getStatus` gives it, which runs the
 * behaviour's `formatStatus` and then the redactor's 'status' site — and its
 * recent events from the flight recorder (through the 'log' site).
 */
import { debugStateOf, formatTerm, redactKey, shapeOf, sys, unwrap, type Pid, type Process, type Runtime } from '../runtime/index.ts';
import type { Collector } from './collector.ts';
import { showEvent, type ShownEvent } from './event-text.ts';
import { rowOf, waitingCalls, type ProcessRow } from './table.ts';

/** Queued messages whose shapes the view lists. */
export const QUEUED_SHOWN = 10;
/** Characters of the state's and a dictionary value's text. */
export const STATE_CHARS = 8192;

/** The state part of the view. */
export type StateView =
  | { readonly available: true; readonly module: string; readonly status: 'running' | 'suspended'; readonly text: string }
  | { readonly available: false; readonly why: string };

/** A process in detail. */
export interface ProcessView extends ProcessRow {
  readonly trapExit: boolean;
  readonly parent: string | null;
  readonly ancestors: readonly string[];
  readonly initialCall: string | null;
  readonly links: readonly string[];
  readonly monitors: readonly { readonly ref: string; readonly target: string }[];
  readonly monitoredBy: readonly string[];
  /** Slots of the mailbox ring (what the compact action gives back). */
  readonly mailboxCapacity: number;
  /** The shapes of the first queued messages: `{subscribe,…}`, `DOWN`, `map`. */
  readonly queued: readonly string[];
  readonly dictionary: readonly (readonly [string, string])[];
  readonly state: StateView;
  /** The flight recorder's events of this process, oldest first (null: the recorder is off). */
  readonly recent: readonly ShownEvent[] | null;
  readonly debug: readonly string[];
}

/** Parses `<0.12.0>`, `0.12.0` or `12` (null: not a pid's text). */
export function parsePidText(text: string): number | null {
  const m = /^<?0\.(\d+)\.0>?$/.exec(text.trim()) ?? /^(\d+)$/.exec(text.trim());
  if (m === null) return null;
  const id = Number(m[1]);
  return Number.isSafeInteger(id) ? id : null;
}

/** The live process with serial `id`, or undefined. */
export function findProcess(rt: Runtime, id: number): Process | undefined {
  for (const pid of rt.processes()) if (pid.id === id) return pid.proc;
  return undefined;
}

const term = (v: unknown, chars = 200): string => formatTerm(v, { chars });

/** The state as `sys.getStatus` gives it, within `timeoutMs` (a plain process has none sys can read). */
async function stateOf(p: Process, timeoutMs: number): Promise<StateView> {
  if (p.special === null) return { available: false, why: 'a plain process: sys can read the state of GenServers, Supervisors and special processes only' };
  try {
    const st = await sys.getStatus(p.pid, timeoutMs);
    return { available: true, module: st.module, status: st.status, text: formatTerm(st.misc, { chars: STATE_CHARS }) };
  } catch {
    return { available: false, why: `no answer to sys.getStatus within ${timeoutMs} ms (busy in a handler, or gone)` };
  }
}

/** The view of `p`. */
export async function processView(c: Collector, p: Process, statusTimeoutMs: number): Promise<ProcessView> {
  const rt = c.rt;
  const row = rowOf(c, p, waitingCalls(rt), performance.now());
  const queued: string[] = [];
  for (let i = 0; i < Math.min(QUEUED_SHOWN, p.mailbox.length); i++) {
    // a message carried with a tracing context is unwrapped for its shape
    queued.push(shapeOf(unwrap(p.mailbox.at(i))));
  }
  const dictionary: (readonly [string, string])[] = [];
  if (p.dict !== null) {
    for (const [k, v] of p.dict) {
      dictionary.push([term(redactKey(rt.redactor, k, 'status'), 100), formatTerm(rt.redact(v, 'status'), { chars: 1000 })]);
      if (dictionary.length >= 50) break;
    }
  }
  const state = await stateOf(p, statusTimeoutMs);
  const recorder = rt.flightRecorder;
  return {
    ...row,
    trapExit: p.trapping,
    parent: p.parent === null ? null : String(p.parent),
    ancestors: p.ancestors.map((a) => (typeof a === 'string' ? a : String(a))),
    initialCall: p.initialCall,
    links: p.links === null ? [] : [...p.links].map((l) => String(l.pid)),
    monitors: p.monitors === null ? [] : [...p.monitors.values()].map((m) => ({ ref: String(m.ref), target: term(m.object) })),
    monitoredBy: p.monitoredBy === null ? [] : [...p.monitoredBy.values()].map((m) => String(m.watcher.pid)),
    mailboxCapacity: p.mailbox.capacity,
    queued,
    dictionary,
    state,
    recent: recorder === null ? null : recorder.recent(p.pid).map((e) => showEvent(e, rt.redactor)),
    debug: debugStateOf(p)?.tags() ?? [],
  };
}

/** Re-exported for the server: a pid's text. */
export function pidText(pid: Pid): string {
  return String(pid);
}
