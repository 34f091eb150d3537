/**
 * proc_lib: processes that record their initial call and ancestors, write a
 * crash report when their own code fails, and can be started synchronously
 * (`startLink` waits for the child's `initAck`).
 */
import { BadArgError } from '../kernel/errors.ts';
import type { SysEvent } from '../observe/events.ts';
import type { Process, SpawnOptions } from '../kernel/process.ts';
import { runtime, type ProcessBody, type Runtime, type Self } from '../runtime.ts';
import { isTimeout, timeoutError, type RuntimeTimer } from '../kernel/clock.ts';
import { ProcessExit } from '../kernel/errors.ts';
import { redactEvent } from '../observe/redact-event.ts';
import { redactKey, stackFrames } from '../kernel/redact.ts';
import { ExitMessage, isNormalReason, tuple, type ExitReason, type Pid } from '../kernel/terms.ts';

/** Options of proc_lib spawns and starts. */
export interface ProcLibOptions extends SpawnOptions {
  /** What `initial_call` reports (OTP `{M, F, Arity}`); defaults to the body's function name. */
  initialCall?: string;
  /** The runtime to start in (default: the running process's, else the default runtime). */
  runtime?: Runtime;
  /** The spawning process, its parent and first ancestor (default: the running process; pass it after an `await`). */
  caller?: Self;
}

/** OTP proc_lib's crash report (`{proc_lib, crash}`), one per abnormal end of a proc_lib process. */
export interface CrashReport {
  readonly initialCall: string | null;
  readonly pid: Pid;
  readonly registeredName: string | null;
  readonly errorInfo: { readonly class: 'exit' | 'error' | 'throw'; readonly reason: ExitReason; readonly stack: string | undefined };
  readonly ancestors: readonly (Pid | string)[];
  readonly messageQueueLen: number;
  readonly messages: readonly unknown[];
  readonly links: readonly Pid[];
  readonly dictionary: readonly (readonly [unknown, unknown])[];
  readonly trapExit: boolean;
  readonly status: 'running';
  /** OTP's second report element: the processes linked to it, directly or through others, that do not trap exits. */
  readonly neighbours: readonly NeighbourReport[];
  /** The flight recorder's recent events of the process, when it is on. */
  readonly recentEvents?: readonly SysEvent[];
}

/** OTP proc_lib's `{neighbour, Info}`: a linked process the crash is likely to take down too. */
export interface NeighbourReport {
  readonly pid: Pid;
  readonly registeredName: string | null;
  readonly initialCall: string | null;
  readonly ancestors: readonly (Pid | string)[];
  readonly messageQueueLen: number;
  readonly links: readonly Pid[];
  readonly trapExit: boolean;
}

/** OTP proc_lib's neighbours: linked processes that do not trap exits, followed through their links (at most 15). */
function neighbours(p: Process): NeighbourReport[] {
  const seen = new Set<Process>([p]);
  const out: NeighbourReport[] = [];
  const visit = (q: Process): void => {
    for (const n of q.links ?? []) {
      if (seen.size > 15) return;
      if (seen.has(n) || n.dead || n.trapping) continue;
      seen.add(n);
      out.push({
        pid: n.pid,
        registeredName: n.name,
        initialCall: n.initialCall,
        ancestors: n.ancestors,
        messageQueueLen: n.mailbox.length,
        links: n.links === null ? [] : [...n.links].map((l) => l.pid),
        trapExit: n.trapping,
      });
      visit(n);
    }
  };
  visit(p);
  return out;
}

function rtOf(opts: ProcLibOptions | undefined): Runtime {
  return opts?.runtime ?? opts?.caller?.runtime ?? runtime();
}

/** Builds the crash report of `p` dying of `thrown`. */
export function crashReport(p: Process, thrown: unknown, reason: ExitReason): CrashReport {
  const rt = p.runtime;
  const cls = thrown instanceof ProcessExit ? 'exit' : thrown instanceof Error ? 'error' : 'throw';
  return {
    initialCall: p.initialCall,
    pid: p.pid,
    registeredName: p.name,
    errorInfo: { class: cls, reason: rt.redact(reason, 'crash-report'), stack: stackFrames(thrown) },
    ancestors: p.ancestors,
    messageQueueLen: p.mailbox.length,
    messages: p.messages().map((m) => rt.redact(m, 'crash-report')),
    links: p.links === null ? [] : [...p.links].map((l) => l.pid),
    dictionary: p.dict === null ? [] : [...p.dict.entries()].map(([k, v]) => tuple(redactKey(rt.redactor, k, 'crash-report'), rt.redact(v, 'crash-report'))),
    trapExit: p.trapping,
    status: 'running',
    neighbours: neighbours(p),
    ...(rt.flightRecorder === null ? {} : { recentEvents: rt.flightRecorder.recent(p.pid).map((e) => redactEvent(rt.redactor, e, 'crash-report')) }),
  };
}

/** Makes `p` a proc_lib process: initial call recorded, crash report on an abnormal end. */
export function initProcLib(p: Process, initialCall: string): void {
  p.initialCall = initialCall;
  p.crashHook = (thrown, reason) => {
    if (isNormalReason(reason)) return;
    const report = crashReport(p, thrown, reason);
    const rt = p.runtime;
    if (rt.listening) rt.emit({ ...rt.base(p), kind: 'crash-report', label: 'proc_lib:crash', report });
    rt.log({ level: 'error', label: 'proc_lib:crash', report });
  };
}

function spawnIn(rt: Runtime, parent: Process | null, body: ProcessBody, opts: ProcLibOptions = {}): Process {
  if (typeof body !== 'function') throw new BadArgError(`proc_lib: body must be a function, got ${typeof body}`);
  const pid = rt.spawnFrom(parent, body, opts);
  initProcLib(pid.proc, opts.initialCall ?? (body.name || 'anonymous'));
  return pid.proc;
}

/** OTP `proc_lib:spawn/1`. */
export function spawn(body: ProcessBody, opts?: ProcLibOptions): Pid {
  const rt = rtOf(opts);
  return spawnIn(rt, (opts?.caller === undefined ? rt.current : (opts.caller as Process)), body, opts).pid;
}

/** OTP `proc_lib:spawn_link/1`. */
export function spawnLink(body: ProcessBody, opts?: ProcLibOptions): Pid {
  const rt = rtOf(opts);
  return spawnIn(rt, (opts?.caller === undefined ? rt.current : (opts.caller as Process)), body, { ...opts, link: true }).pid;
}

/** Options of a synchronous start. */
export interface StartOptions extends ProcLibOptions {
  /** ms to wait for `initAck` (default Infinity, as OTP). */
  timeout?: number;
}

/**
 * OTP `proc_lib:start_link/3,4`: spawns a linked child and waits until it calls
 * `initAck(value)`, then resolves with that value. A child that dies first
 * gives `['error', reason]` (its EXIT consumed); no ack within `timeout` gives
 * `['error', 'timeout']` and the child is killed.
 */
export function startLink<T = unknown>(body: ProcessBody, opts: StartOptions = {}): Promise<T | readonly ['error', ExitReason]> {
  return start(body, { ...opts, link: true });
}

/** OTP `proc_lib:start/3,4`: `startLink` without the link. */
export function start<T = unknown>(body: ProcessBody, opts: StartOptions = {}): Promise<T | readonly ['error', ExitReason]> {
  const rt = opts.caller?.runtime ?? rtOf(opts);
  const caller = (opts.caller === undefined ? undefined : (opts.caller as Process)) ?? rt.current;
  const timeout = opts.timeout ?? Infinity;
  if (!isTimeout(timeout)) return Promise.reject(timeoutError(timeout, 'proc_lib start'));
  return new Promise((resolve, reject) => {
    let child: Process;
    try {
      child = spawnIn(rt, caller, body, { ...opts, link: opts.link === true && caller !== null });
    } catch (e) {
      reject(e);
      return;
    }
    let timer: RuntimeTimer | null = null;
    const done = (value: T | readonly ['error', ExitReason]): void => {
      child.ackHook = null;
      rt.clock.clear(timer);
      resolve(value);
    };
    child.ackHook = (value) => {
      child.exitHook = null;
      done(value as T);
    };
    child.exitHook = (reason) => {
      // the EXIT reaches the caller once the runtime has flushed this death's signals
      if (caller !== null && opts.link) queueMicrotask(() => dropExit(caller, child.pid));
      done(tuple('error', reason));
    };
    if (timeout !== Infinity) {
      timer = rt.clock.set(() => {
        if (child.ackHook === null) return;
        child.ackHook = null;
        child.exitHook = null;
        if (caller !== null) rt.unlink(caller, child.pid);
        rt.terminate(child, 'killed');
        resolve(tuple('error', 'timeout'));
      }, timeout);
    }
  });
}

/** Removes the EXIT of `child` from `caller`'s mailbox (sync start consumes it, as OTP). */
function dropExit(caller: Process, child: Pid): void {
  caller.removeMessage((m) => m instanceof ExitMessage && m.from === child);
}

/** OTP `proc_lib:init_ack/1`: tells the starter that init is done, handing it `value`. */
export function initAck(self: Self, value: unknown): void {
  const p = (self as Process);
  const hook = p.ackHook;
  p.ackHook = null;
  if (hook !== null) hook(value);
}

/** OTP `proc_lib:initial_call/1` (here: the recorded name), or false when not a proc_lib process. */
export function initialCall(pid: Pid): string | false {
  return pid.proc.initialCall ?? false;
}
