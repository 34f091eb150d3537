/**
 * What an operator may do to a live system through the endpoint: suspend or
 * resume a special process (`sys.suspend`/`sys.resume`), kill a process,
 * give its mailbox ring's unused slots back, and set the runtime's log level.
 * All refused unless the endpoint was started with `actions: true`; every
 * action done is logged on the runtime's logger (`diagnostics:action`,
 * level warning, so the default logger prints it) whatever the log level.
 */
import { sys, type LogEvent, type Logger, type Process, type Runtime } from '../runtime/index.ts';
import { Refused } from './http.ts';
import { findProcess, parsePidText } from './process-view.ts';

/** The actions. */
export const ACTIONS = ['suspend', 'resume', 'kill', 'compact-mailbox', 'log-level'] as const;
/** One action. */
export type ActionName = (typeof ACTIONS)[number];

/** The log levels `log-level` takes: the least severe reported ('none': nothing). */
export const LOG_LEVELS = ['info', 'notice', 'warning', 'error', 'none'] as const;
type Level = (typeof LOG_LEVELS)[number];

const SEVERITY: Readonly<Record<LogEvent['level'], number>> = { info: 0, notice: 1, warning: 2, error: 3 };

/** The label of the log event every action writes. */
export const ACTION_LOG_LABEL = 'diagnostics:action';

/** The level the log-level action set, per runtime (its filter sits in front of the runtime's logger). */
const levels = new WeakMap<Runtime, { level: Level }>();

/** Sets `rt`'s log level: events less severe than `level` are dropped (the action log always passes). */
function setLogLevel(rt: Runtime, level: Level): void {
  const existing = levels.get(rt);
  if (existing !== undefined) {
    existing.level = level;
    return;
  }
  const state = { level };
  let inner: Logger = () => undefined;
  const filter: Logger = (e) => {
    if (e.label !== ACTION_LOG_LABEL && (state.level === 'none' || SEVERITY[e.level] < SEVERITY[state.level])) return;
    inner(e);
  };
  inner = rt.setLogger(filter);
  levels.set(rt, state);
}

/** The result of an action. */
export interface ActionResult {
  readonly action: ActionName;
  readonly pid: string | null;
  readonly result: string;
}

/** The process an action names, or a 4xx. */
function target(rt: Runtime, body: Record<string, unknown>): Process {
  if (typeof body.pid !== 'string') throw new Refused(400, 'pid_required', 'this action needs "pid": "<0.N.0>"');
  const id = parsePidText(body.pid);
  if (id === null) throw new Refused(400, 'bad_pid', `${JSON.stringify(body.pid.slice(0, 40))} is not a pid (<0.N.0>)`);
  const p = findProcess(rt, id);
  if (p === undefined) throw new Refused(404, 'no_such_process', `no live process ${body.pid.slice(0, 40)}`);
  return p;
}

/**
 * Does `body.action` (already allowed by the caller); logs it with `who`
 * (the client's address). 400/404/409 for a bad request.
 */
export async function runAction(rt: Runtime, body: Record<string, unknown>, who: string, timeoutMs: number): Promise<ActionResult> {
  const action = body.action;
  if (typeof action !== 'string' || !(ACTIONS as readonly string[]).includes(action)) {
    throw new Refused(400, 'unknown_action', `action must be one of ${ACTIONS.join(', ')}`);
  }
  const name = action as ActionName;
  let pid: string | null = null;
  let result: string;
  switch (name) {
    case 'suspend':
    case 'resume': {
      const p = target(rt, body);
      pid = String(p.pid);
      if (p.special === null) throw new Refused(409, 'not_special', `${pid} is a plain process: sys.${name} works on GenServers, Supervisors and special processes`);
      try {
        await (name === 'suspend' ? sys.suspend(p.pid, timeoutMs) : sys.resume(p.pid, timeoutMs));
      } catch {
        throw new Refused(409, 'no_answer', `${pid} did not answer sys.${name} within ${timeoutMs} ms`);
      }
      result = name === 'suspend' ? 'suspended' : 'resumed';
      break;
    }
    case 'kill': {
      const p = target(rt, body);
      pid = String(p.pid);
      rt.exit(p.pid, 'kill');
      result = 'killed';
      break;
    }
    case 'compact-mailbox': {
      const p = target(rt, body);
      pid = String(p.pid);
      result = `${p.mailbox.compact()} slots freed`;
      break;
    }
    case 'log-level': {
      const level = body.level;
      if (typeof level !== 'string' || !(LOG_LEVELS as readonly string[]).includes(level)) {
        throw new Refused(400, 'bad_level', `level must be one of ${LOG_LEVELS.join(', ')}`);
      }
      setLogLevel(rt, level as Level);
      result = `log level ${level}`;
      break;
    }
  }
  rt.log({ level: 'warning', label: ACTION_LOG_LABEL, report: { action: name, pid, result, by: who } });
  return { action: name, pid, result };
}
