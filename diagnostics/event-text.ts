/**
 * An event as the page, `otpscope top` and live traces show it: plain JSON,
 * every term (message, reply, state, reason, report…) through the runtime's
 * redactor for the 'log' site (what `sys.trace` shows) and the bounded
 * formatter, and a one-line summary.
 */
import { formatTerm, redactEvent, redactTerm, type Redactor, type SysEvent } from '../runtime/index.ts';

/** Characters of one term's text in a shown event. */
export const TERM_CHARS = 300;

/** An event ready to leave the process. */
export interface ShownEvent {
  readonly seq: number;
  /** Epoch ms. */
  readonly at: number;
  readonly kind: SysEvent['kind'];
  readonly pid: string;
  readonly name: string | null;
  readonly label: string | null;
  /** One line: `in call subscribe from <0.7.0>`, `exit killed`, … */
  readonly text: string;
}

const t = (v: unknown): string => formatTerm(v, { chars: TERM_CHARS, nodes: 2000 });

/** The one-line summary of an event whose terms were already redacted. */
function summary(e: SysEvent): string {
  switch (e.kind) {
    case 'in':
      return `in ${e.messageKind} ${t(e.message)}${e.from === undefined ? '' : ` from ${String(e.from.pid)}`}`;
    case 'out':
      return `out ${t(e.reply)} to ${'pid' in e.to ? String(e.to.pid) : String(e.to)}${e.hasState ? `, state ${t(e.state)}` : ''}`;
    case 'noreply':
      return `noreply, state ${t(e.state)}`;
    case 'continue':
      return `continue ${t(e.continuation)}`;
    case 'custom':
      return `custom ${t(e.data)}`;
    case 'send':
      return `send ${t(e.message)} to ${String(e.to)}${e.delivered ? '' : ' (dead)'}`;
    case 'receive-timeout':
      return `receive timeout after ${e.after} ms`;
    case 'spawn':
      return `spawned${e.parent === null ? '' : ` by ${String(e.parent)}`}`;
    case 'exit':
      return `exit ${t(e.reason)}`;
    case 'link':
    case 'unlink':
      return `${e.kind} ${String(e.other)}`;
    case 'monitor':
    case 'demonitor':
      return `${e.kind} ${t(e.target)}`;
    case 'register':
    case 'unregister':
      return `${e.kind} ${e.registered}`;
    case 'suspend':
    case 'resume':
      return e.kind;
    case 'state-replaced':
      return `state replaced: ${t(e.state)}`;
    case 'timer-fired':
      return `timer fired: ${t(e.message)}`;
    case 'crash-report':
      return `${e.label} ${t(e.report)}`;
    default:
      return `${e.kind} ${t(e.childId)}${e.child === null ? '' : ` ${String(e.child)}`}${e.reason === undefined ? '' : ` reason ${t(e.reason)}`}`;
  }
}

/** The parts of a GenServer's loop this file reads: its callback module's `formatStatus`. */
interface WithFormatStatus {
  readonly mod?: { readonly name?: string; readonly formatStatus?: (reason: 'normal', state: unknown) => unknown };
}

/**
 * A state as the page shows it: through the behaviour's `formatStatus`, as
 * `sys.getStatus` shows the current one, so a trace never shows what
 * formatStatus hides (one that throws shows OTP's `Mod:format_status/2 crashed`).
 */
function formattedState(e: SysEvent, state: unknown): unknown {
  const mod = (e.pid.proc.special as WithFormatStatus | null)?.mod;
  if (typeof mod?.formatStatus !== 'function') return state;
  try {
    return mod.formatStatus('normal', state);
  } catch {
    return `${mod.name ?? 'gen_server'}:format_status/2 crashed`;
  }
}

/** `e` with its states through formatStatus, then every term as `redactor` lets it out for 'log', as plain JSON. */
export function showEvent(e: SysEvent, redactor: Redactor): ShownEvent {
  let text: string;
  try {
    const withState = 'state' in e && e.state !== undefined ? ({ ...e, state: formattedState(e, e.state) } as SysEvent) : e;
    text = summary(redactEvent(redactor, withState, 'log'));
  } catch {
    text = `${e.kind} <unprintable>`;
  }
  return {
    seq: e.seq,
    at: Math.round(e.time + performance.timeOrigin),
    kind: e.kind,
    pid: String(e.pid),
    name: e.name,
    label: e.pid.proc.labelText,
    text,
  };
}

/** The message (or reply) of an event, if it has one. */
export function messageOf(e: SysEvent): unknown {
  switch (e.kind) {
    case 'in':
    case 'send':
    case 'timer-fired':
      return e.message;
    case 'out':
      return e.reply;
    default:
      return undefined;
  }
}

/** The text of an event's message as the redactor lets it out for 'log' (null: it has none): what trace patterns match. */
export function messageText(e: SysEvent, redactor: Redactor): string | null {
  const m = messageOf(e);
  return m === undefined ? null : t(redactTerm(redactor, m, 'log'));
}
