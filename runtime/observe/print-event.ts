/**
 * The trace text of a debug event, as each behaviour's `print_event/3` writes
 * it (`*DBG* …` lines of sys trace, log print and log_to_file): gen_server's
 * (also for hand-written processes), gen_statem's and gen_event's. The
 * behaviour is the one the event was stamped with.
 */
import type { DebugEvent, InEvent, MessageKind } from './events.ts';
import { formatTerm } from '../kernel/format.ts';
import { tuple, type Pid } from '../kernel/terms.ts';

const p = (v: unknown): string => formatTerm(v);

/** gen_server's print_event (and sys's default for other special processes). */
export function printServerEvent(e: DebugEvent, who: string): string {
  switch (e.kind) {
    case 'in':
      if (e.messageKind === 'call') return `*DBG* ${who} got call ${p(e.message)} from ${String(e.from?.pid)}`;
      if (e.messageKind === 'cast') return `*DBG* ${who} got cast ${p(e.message)}`;
      return `*DBG* ${who} got ${p(e.message)}`;
    case 'out': {
      const to = 'pid' in e.to ? String(e.to.pid) : String(e.to);
      return e.hasState ? `*DBG* ${who} sent ${p(e.reply)} to ${to}, new state ${p(e.state)}` : `*DBG* ${who} sent ${p(e.reply)} to ${to}`;
    }
    case 'noreply':
      return `*DBG* ${who} new state ${p(e.state)}`;
    case 'continue':
      return `*DBG* ${who} continue ${p(e.continuation)}`;
    case 'custom':
      return `*DBG* ${who} ${p(e.data)}`;
    default:
      return printStatemEvent(e, who);
  }
}

/** A gen_statem event type as OTP writes it (`~w`): `cast`, `{timeout,Name}`, `state_timeout`, … */
export function statemEventType(kind: MessageKind, timeoutName?: unknown): unknown {
  return kind === 'generic_timeout' ? tuple('timeout', timeoutName) : kind;
}

/** OTP gen_statem's `event_string/1`: `call Req from Pid`, or `Type Content`. */
function eventString(e: Pick<InEvent, 'messageKind' | 'message' | 'from' | 'timeoutName'>): string {
  if (e.messageKind === 'call') return `call ${p(e.message)} from ${String(e.from?.pid)}`;
  return `${p(statemEventType(e.messageKind, e.timeoutName))} ${p(e.message)}`;
}

/** gen_statem's print_event. */
export function printStatemEvent(e: DebugEvent, who: string): string {
  switch (e.kind) {
    case 'in':
      return `*DBG* ${who} receive ${eventString(e)} in state ${p(e.state)}`;
    case 'out':
      return `*DBG* ${who} send ${p(e.reply)} to ${'pid' in e.to ? String(e.to.pid) : String(e.to)}`;
    case 'enter':
      return `*DBG* ${who} enter ${p(e.module)} in state ${p(e.state)}`;
    case 'start-timer': {
      const action = tuple(statemEventType(e.timeoutType, e.timeoutName), e.after, e.content, e.options);
      return `*DBG* ${who} start_timer ${p(action)} in state ${p(e.state)}`;
    }
    case 'terminate':
      return `*DBG* ${who} terminate ${p(e.reason)} in state ${p(e.state)}`;
    case 'consume':
    case 'postpone': {
      const states = e.nextState === e.state ? p(e.state) : `${p(e.state)} => ${p(e.nextState)}`;
      return `*DBG* ${who} ${e.kind} ${eventString(e)} in state ${states}`;
    }
    default:
      return printServerEvent(e, who);
  }
}

/** gen_event's print_event: `got event E`, `Name(Handler) got call Q`, `got Msg` (the manager's raw message), `Name : Event`. */
export function printManagerEvent(e: DebugEvent, who: string): string {
  if (e.kind !== 'in') return `*DBG* ${who} : ${p(e)}`;
  if (e.messageKind === 'cast') return `*DBG* ${who} got event ${p(e.message)}`;
  if (e.messageKind === 'call' && e.from !== undefined) {
    const cmd = e.message;
    if (Array.isArray(cmd) && cmd[0] === 'call' && cmd.length === 3) return `*DBG* ${who}(${p(cmd[1])}) got call ${p(cmd[2])}`;
    return `*DBG* ${who} got ${p(tuple(e.from.pid, tuple(e.from.pid, e.from.tag), cmd))}`;
  }
  return `*DBG* ${who} got ${p(e.message)}`;
}

/** The trace text of `e` as its behaviour prints it; `name` is what the process goes by. */
export function printEvent(e: DebugEvent, name: string | Pid): string {
  const who = typeof name === 'string' ? name : String(name);
  switch (e.behaviour) {
    case 'gen_statem':
      return printStatemEvent(e, who);
    case 'gen_event':
      return printManagerEvent(e, who);
    default:
      return printServerEvent(e, who);
  }
}
