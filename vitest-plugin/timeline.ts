/**
 * Failure text that explains itself: a target's recent events as a timeline in
 * the spirit of `sys:trace` output, and the processes still alive.
 */
import { formatTerm, redactEvent, type Pid, type Redactor, type Runtime, type SysEvent } from '../runtime/index.ts';

const MAX_TERM = 160;

/** A term, shortened for one timeline line (bounded: a huge or cyclic term costs what its cut costs). */
export function short(v: unknown): string {
  return formatTerm(v, { chars: MAX_TERM, nodes: 2_000 });
}

/** What happened, in a few words (without time and pid). */
export function describeEvent(e: SysEvent): string {
  switch (e.kind) {
    case 'in':
      return `in ${e.messageKind} ${short(e.message)}${e.from === undefined ? '' : ` from ${String(e.from.pid)}`}`;
    case 'out':
      return `out ${short(e.reply)} to ${String(e.to)}${e.hasState ? `, state ${short(e.state)}` : ''}`;
    case 'noreply':
      return `noreply, state ${short(e.state)}`;
    case 'continue':
      return `continue ${short(e.continuation)}`;
    case 'custom':
      return `event ${short(e.data)}`;
    case 'send':
      return `send ${short(e.message)} to ${String(e.to)}${e.delivered ? '' : ' (dropped: receiver dead)'}`;
    case 'receive-timeout':
      return `receive timed out after ${e.after} ms`;
    case 'spawn':
      return `spawned${e.parent === null ? '' : ` by ${String(e.parent)}`}`;
    case 'exit':
      return `exit ${short(e.reason)}`;
    case 'link':
    case 'unlink':
      return `${e.kind} ${String(e.other)}`;
    case 'monitor':
    case 'demonitor':
      return `${e.kind} ${short(e.target)}`;
    case 'register':
    case 'unregister':
      return `${e.kind} ${e.registered}`;
    case 'suspend':
    case 'resume':
      return e.kind;
    case 'state-replaced':
      return `state replaced: ${short(e.state)}`;
    case 'timer-fired':
      return `timer fired: ${short(e.message)}`;
    case 'crash-report':
      return `${e.label} ${short(e.report)}`;
    default:
      return `${e.kind} ${String(e.childId)} ${e.child === null ? '' : String(e.child)}${e.reason === undefined ? '' : ` reason ${short(e.reason)}`}`;
  }
}

/** Who an event is about: `<0.3.0> server`. */
function who(e: SysEvent): string {
  const label = e.pid.proc.labelText;
  const pid = label === null ? String(e.pid) : `${String(e.pid)} ${label}`;
  return e.name === null ? pid : `${pid} ${e.name}`;
}

/** Timeline lines: time since `origin` (ms), who, what; terms as `redactor` lets them out for 'log' (default: as they are). */
export function formatTimeline(events: readonly SysEvent[], origin: number, redactor?: Redactor): string {
  if (events.length === 0) return '  (no events)';
  const shown = redactor === undefined ? events : events.map((e) => redactEvent(redactor, e, 'log'));
  return shown.map((e) => `  +${(e.time - origin).toFixed(3).padStart(9)}ms  ${who(e)}  ${describeEvent(e)}`).join('\n');
}

/** The live processes of `rt`, one per line, with behaviour and mailbox length. */
export function formatAlive(rt: Runtime, limit = 20): string {
  const pids: Pid[] = rt.processes();
  if (pids.length === 0) return '  (none)';
  const lines = pids.slice(0, limit).map((pid) => {
    const info = rt.processInfo(pid);
    if (info === undefined) return `  ${String(pid)} (exiting)`;
    const name = info.registeredName === null ? '' : ` ${info.registeredName}`;
    return `  ${String(pid)}${name} ${info.behaviour}, ${info.status}, ${info.messageQueueLen} queued`;
  });
  if (pids.length > limit) lines.push(`  … and ${pids.length - limit} more`);
  return lines.join('\n');
}
