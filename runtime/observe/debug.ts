/**
 * A process's sys debug options (OTP's `Debug` list): trace, log, statistics,
 * log_to_file and installed debug functions. All of them consume the same
 * `DebugEvent` objects; `handle` feeds one event to each.
 */
import { closeSync, openSync, writeSync } from 'node:fs';
import type { DebugEvent } from './events.ts';
import { printEvent } from './print-event.ts';
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

/** The default trace text, as the event's behaviour's print_event writes it (gen_server, gen_statem, gen_event). */
export const formatDebugEvent: DebugFormatter = (e, name) => printEvent(e, name);

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
  private traceOn = false;
  logMax = 0;
  /** Ring of the last `logMax` events, oldest first once read. */
  private logRing: DebugEvent[] | null = null;
  private logNext = 0;
  private statsOn: Statistics | null = null;
  private logFd: number | null = null;
  /** Newest first, as OTP prepends installed functions. */
  private funs: Installed[] = [];
  /** Trace, log or log_to_file is on (see `timed`); kept by `refresh`. */
  private timedOn = false;
  /** No option but installed functions is on: `handle` runs them and nothing else; kept by `refresh`. */
  private onlyFuns = true;
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

  /** sys trace: each event printed as `*DBG*` text. */
  get trace(): boolean {
    return this.traceOn;
  }
  set trace(on: boolean) {
    this.traceOn = on;
    this.refresh();
  }

  /** sys statistics counters, null while off. */
  get stats(): Statistics | null {
    return this.statsOn;
  }

  /** Recomputes the flags `handle` and the emitter read per event, after an option changed. */
  private refresh(): void {
    this.timedOn = this.traceOn || this.logRing !== null || this.logFd !== null;
    this.onlyFuns = !this.timedOn && this.statsOn === null;
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

  /**
   * The options that show or keep events (trace, log, log_to_file) read their
   * time: the process's debug events are stamped while one is on. Statistics
   * and installed functions do not ask for it (their events' `time` is NaN
   * unless a stream listener asked).
   */
  get timed(): boolean {
    return this.timedOn;
  }

  /** True when no option is on (the process can drop this object). */
  get isEmpty(): boolean {
    return this.onlyFuns && this.funs.length === 0;
  }

  /**
   * Feeds one event to every option (OTP `sys:handle_debug`); `name` is what
   * the process reports it under (default: its registered name, else its pid).
   * With installed functions only (a `sys.install` alone), it calls them and
   * nothing else.
   */
  handle(event: DebugEvent, name?: string | Pid): void {
    if (this.onlyFuns) {
      const funs = this.funs;
      if (funs.length !== 0) this.runFuns(funs, event, name === undefined ? this.procName() : name);
      return;
    }
    this.handleAll(event, name === undefined ? this.procName() : name);
  }

  /** `handle` with statistics, trace, log or log_to_file on. */
  private handleAll(event: DebugEvent, name: string | Pid): void {
    const stats = this.statsOn;
    if (stats !== null) {
      stats.reductions++;
      const dir = direction(event);
      if (dir === 'in') stats.messagesIn++;
      else if (dir === 'out') stats.messagesOut++;
    }
    if (this.funs.length > 0) this.runFuns(this.funs, event, name);
    if (this.logRing !== null) {
      if (name !== this.procName()) this.names.set(event, name);
      if (this.logRing.length < this.logMax) this.logRing.push(event);
      else {
        this.logRing[this.logNext] = event;
        this.logNext = (this.logNext + 1) % this.logMax;
      }
    }
    if (this.traceOn) writeTrace(this.line(event, name));
    if (this.logFd !== null) {
      try {
        writeSync(this.logFd, this.line(event, name) + '\n');
      } catch {
        this.closeLogFile();
      }
    }
  }

  /**
   * Calls each installed function of `funs` (the list as it was when the
   * event came: a function that installs or removes one meanwhile is safe, the
   * list is replaced, never changed in place); one that returns 'done' or
   * throws is removed (a throw silently: the process is unaffected).
   */
  private runFuns(funs: Installed[], event: DebugEvent, name: string | Pid): void {
    let gone: Installed[] | null = null;
    for (let i = 0; i < funs.length; i++) {
      const f = funs[i];
      let next: unknown;
      try {
        next = f.fun(f.state, event, name);
      } catch {
        (gone ??= []).push(f);
        continue;
      }
      // (typeof first: a state of any other type is told from 'done' without a generic comparison)
      if (typeof next === 'string' && next === 'done') (gone ??= []).push(f);
      else f.state = next;
    }
    if (gone !== null) {
      const drop = gone;
      this.funs = this.funs.filter((f) => !drop.includes(f));
    }
  }

  /** sys log true / {true, N}: keeps the last N events. Already logging: nothing changes. */
  startLog(max = 10): void {
    if (this.logRing !== null) return;
    this.logMax = Math.max(1, max);
    this.logRing = [];
    this.logNext = 0;
    this.refresh();
  }

  /** The name a logged event was reported under (for sys log print). */
  nameOf(event: DebugEvent): string | Pid {
    return this.names.get(event) ?? this.procName();
  }

  /** sys log false. */
  stopLog(): void {
    this.logRing = null;
    this.refresh();
  }

  /** The logged events, oldest first ([] when off). */
  logged(): DebugEvent[] {
    if (this.logRing === null) return [];
    return [...this.logRing.slice(this.logNext), ...this.logRing.slice(0, this.logNext)];
  }

  /** sys statistics true (keeps existing counters) / false. */
  setStatistics(on: boolean): void {
    if (!on) this.statsOn = null;
    else if (this.statsOn === null) this.statsOn = { startTime: new Date(), reductions: 0, messagesIn: 0, messagesOut: 0 };
    this.refresh();
  }

  /** sys log_to_file: returns false when the file cannot be opened. */
  logToFile(path: string | false): boolean {
    this.closeLogFile();
    if (path === false) return true;
    try {
      this.logFd = openSync(path, 'a');
      this.refresh();
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
    this.refresh();
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
    this.traceOn = false;
    this.logRing = null;
    this.statsOn = null;
    this.closeLogFile();
    this.funs = [];
    this.refresh();
  }

  /**
   * The active options as get_status shows OTP's Debug list by the first
   * element of each item: 'trace', 'log', 'statistics', 'log_to_file', and each
   * installed function by its id (the function itself when installed without
   * one, as OTP's `{Func, FuncState}`), newest first.
   */
  tags(): unknown[] {
    const t: unknown[] = [];
    if (this.traceOn) t.push('trace');
    if (this.logRing !== null) t.push('log');
    if (this.statsOn !== null) t.push('statistics');
    if (this.logFd !== null) t.push('log_to_file');
    for (const f of this.funs) t.push(f.id);
    return t;
  }

  /** Number of installed functions. */
  get installedCount(): number {
    return this.funs.length;
  }
}
