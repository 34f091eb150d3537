/**
 * A process's sys debug options (OTP's `Debug` list): trace, log, statistics,
 * log_to_file and installed debug functions. All of them consume the same
 * `DebugEvent` objects; `handle` feeds one event to each.
 */
import { closeSync, openSync, writeSync } from 'node:fs';
import type { DebugEvent } from './events.ts';
import { formatTerm } from '../kernel/format.ts';
import { redactEvent } from './redact-event.ts';
import { defaultRedactor, type Redactor } from '../kernel/redact.ts';
import { isTuple, type Pid } from '../kernel/terms.ts';
import type { Process } from '../kernel/process.ts';

/** An installed debug function (OTP `dbg_fun()`): returns its next state, or 'done' to remove itself. */
export type DebugFun<S = unknown> = (state: S, event: DebugEvent, procName: string | Pid) => S | 'done';

/** Formats one debug event as a trace line (without the trailing newline). */
export type DebugFormatter = (event: DebugEvent, procName: string | Pid) => string;

interface Installed {
  readonly id: unknown;
  readonly fun: DebugFun;
  state: unknown;
}

/** sys statistics counters. */
export interface Statistics {
  startTime: Date;
  reductions: number;
  messagesIn: number;
  messagesOut: number;
}

/** Where trace lines go (stdout by default; tests capture it). */
export let traceSink: (line: string) => void = (line) => {
  process.stdout.write(line + '\n');
};

/** Writes one trace line; a sink that throws loses the line, never the process. */
export function writeTrace(line: string): void {
  try {
    traceSink(line);
  } catch {
    // the trace output failed (a closed stream, a throwing sink): the process goes on
  }
}

/** Replaces the trace output; returns the previous sink. */
export function setTraceSink(sink: (line: string) => void): (line: string) => void {
  const old = traceSink;
  traceSink = sink;
  return old;
}

/** The default trace text, as gen_server's print_event writes it. */
export const formatDebugEvent: DebugFormatter = (e, name) => {
  const who = typeof name === 'string' ? name : String(name);
  switch (e.kind) {
    case 'in':
      if (e.messageKind === 'call') return `*DBG* ${who} got call ${formatTerm(e.message)} from ${String(e.from?.pid)}`;
      if (e.messageKind === 'cast') return `*DBG* ${who} got cast ${formatTerm(e.message)}`;
      return `*DBG* ${who} got ${formatTerm(e.message)}`;
    case 'out': {
      const to = 'pid' in e.to ? String(e.to.pid) : String(e.to);
      return e.hasState
        ? `*DBG* ${who} sent ${formatTerm(e.reply)} to ${to}, new state ${formatTerm(e.state)}`
        : `*DBG* ${who} sent ${formatTerm(e.reply)} to ${to}`;
    }
    case 'noreply':
      return `*DBG* ${who} new state ${formatTerm(e.state)}`;
    case 'continue':
      return `*DBG* ${who} continue ${formatTerm(e.continuation)}`;
    case 'custom':
      return `*DBG* ${who} ${formatTerm(e.data)}`;
  }
};

/**
 * Whether sys statistics count an event as a message in or out: OTP counts by
 * the event term's shape, `{in, _}` / `{in, _, _}` and `{out, _, _}` / `{out, _, _, _}`,
 * which a special process's own (custom) events may have too.
 */
function direction(event: DebugEvent): 'in' | 'out' | null {
  if (event.kind === 'in' || event.kind === 'out') return event.kind;
  if (event.kind !== 'custom' || !isTuple(event.data)) return null;
  const [tag] = event.data;
  const n = event.data.length;
  if (tag === 'in' && (n === 2 || n === 3)) return 'in';
  if (tag === 'out' && (n === 3 || n === 4)) return 'out';
  return null;
}

/** The sys debug options of `p` (the kernel keeps them as its `DebugOptions`; this module made them). */
export function debugStateOf(p: Process): DebugState | null {
  return p.debug as DebugState | null;
}

/** The sys debug options of one process. */
export class DebugState {
  trace = false;
  logMax = 0;
  /** Ring of the last `logMax` events, oldest first once read. */
  private logRing: DebugEvent[] | null = null;
  private logNext = 0;
  stats: Statistics | null = null;
  private logFd: number | null = null;
  /** Newest first, as OTP prepends installed functions. */
  private funs: Installed[] = [];
  formatter: DebugFormatter = formatDebugEvent;
  /** Logged events reported under another name than the process's own (handleDebug's procName). */
  private readonly names = new WeakMap<DebugEvent, string | Pid>();
  /** The name events are reported under: registered name or pid. */
  procName: () => string | Pid;
  /** The redactor of the process's runtime (trace and log text pass its 'log' site). */
  private readonly redactor: () => Redactor;

  constructor(procName: () => string | Pid, redactor: () => Redactor = () => defaultRedactor) {
    this.procName = procName;
    this.redactor = redactor;
  }

  /**
   * The trace text of `event`: its terms through the redactor's 'log' site,
   * then the formatter. A formatter that throws gives a line naming the event's
   * kind, never an exception in the process.
   */
  line(event: DebugEvent, name: string | Pid): string {
    try {
      // an unnamed process with a label (`self.setLabel`) is shown as `<0.5.0> {worker,1}`
      const label = typeof name === 'string' ? null : name.proc.labelText;
      return this.formatter(redactEvent(this.redactor(), event, 'log'), label === null ? name : `${String(name)} ${label}`);
    } catch {
      return `*DBG* ${typeof name === 'string' ? name : String(name)} <unprintable ${event.kind} event>`;
    }
  }

  /** True when no option is on (the process can drop this object). */
  get isEmpty(): boolean {
    return !this.trace && this.logRing === null && this.stats === null && this.logFd === null && this.funs.length === 0;
  }

  /**
   * Feeds one event to every option (OTP `sys:handle_debug`); `name` is what
   * the process reports it under (default: its registered name, else its pid).
   */
  handle(event: DebugEvent, name: string | Pid = this.procName()): void {
    if (this.stats !== null) {
      this.stats.reductions++;
      const dir = direction(event);
      if (dir === 'in') this.stats.messagesIn++;
      else if (dir === 'out') this.stats.messagesOut++;
    }
    if (this.funs.length > 0) this.runFuns(event, name);
    if (this.logRing !== null) {
      if (name !== this.procName()) this.names.set(event, name);
      if (this.logRing.length < this.logMax) this.logRing.push(event);
      else {
        this.logRing[this.logNext] = event;
        this.logNext = (this.logNext + 1) % this.logMax;
      }
    }
    if (this.trace) writeTrace(this.line(event, name));
    if (this.logFd !== null) {
      try {
        writeSync(this.logFd, this.line(event, name) + '\n');
      } catch {
        this.closeLogFile();
      }
    }
  }

  private runFuns(event: DebugEvent, name: string | Pid): void {
    const keep: Installed[] = [];
    for (const f of this.funs) {
      try {
        const next = f.fun(f.state, event, name);
        if (next === 'done') continue;
        f.state = next;
        keep.push(f);
      } catch {
        // a crashing debug function is removed silently; the process is unaffected
      }
    }
    if (keep.length !== this.funs.length) this.funs = keep;
  }

  /** sys log true / {true, N}: keeps the last N events. Already logging: nothing changes. */
  startLog(max = 10): void {
    if (this.logRing !== null) return;
    this.logMax = Math.max(1, max);
    this.logRing = [];
    this.logNext = 0;
  }

  /** The name a logged event was reported under (for sys log print). */
  nameOf(event: DebugEvent): string | Pid {
    return this.names.get(event) ?? this.procName();
  }

  /** sys log false. */
  stopLog(): void {
    this.logRing = null;
  }

  /** The logged events, oldest first ([] when off). */
  logged(): DebugEvent[] {
    if (this.logRing === null) return [];
    return [...this.logRing.slice(this.logNext), ...this.logRing.slice(0, this.logNext)];
  }

  /** sys statistics true (keeps existing counters) / false. */
  setStatistics(on: boolean): void {
    if (!on) this.stats = null;
    else if (this.stats === null) this.stats = { startTime: new Date(), reductions: 0, messagesIn: 0, messagesOut: 0 };
  }

  /** sys log_to_file: returns false when the file cannot be opened. */
  logToFile(path: string | false): boolean {
    this.closeLogFile();
    if (path === false) return true;
    try {
      this.logFd = openSync(path, 'a');
      return true;
    } catch {
      return false;
    }
  }

  private closeLogFile(): void {
    if (this.logFd === null) return;
    try {
      closeSync(this.logFd);
    } catch {
      // already closed
    }
    this.logFd = null;
  }

  /** sys install: an already installed function (same fun, or same id) keeps its state. */
  install(fun: DebugFun, state: unknown, id: unknown = fun): void {
    if (this.funs.some((f) => f.id === id)) return;
    this.funs = [{ id, fun, state }, ...this.funs];
  }

  /** sys remove by fun or id. */
  remove(funOrId: unknown): void {
    this.funs = this.funs.filter((f) => f.id !== funOrId && f.fun !== funOrId);
  }

  /** sys no_debug: everything off. */
  clear(): void {
    this.trace = false;
    this.logRing = null;
    this.stats = null;
    this.closeLogFile();
    this.funs = [];
  }

  /** The active option tags, as OTP's get_status shows the Debug list. */
  tags(): string[] {
    const t: string[] = [];
    if (this.trace) t.push('trace');
    if (this.logRing !== null) t.push('log');
    if (this.stats !== null) t.push('statistics');
    if (this.logFd !== null) t.push('log_to_file');
    for (let i = 0; i < this.funs.length; i++) t.push('install');
    return t;
  }

  /** Number of installed functions. */
  get installedCount(): number {
    return this.funs.length;
  }
}
