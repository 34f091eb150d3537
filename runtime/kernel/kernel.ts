/**
 * The kernel: the process table and the parts that act on it — delivery and
 * receive (delivery.ts), exit signals, links and monitors (signals.ts), names
 * (registry.ts), timers (timers.ts) — with the scheduler, the clock and call
 * deadlines. It knows nothing of the event stream, OpenTelemetry or sys: it
 * tells `events` what happens while someone listens, runs handlings through
 * an `instrumentation` when one is installed, and reports its own faults
 * through `log`. `Runtime` (runtime.ts) is the one kind of kernel made.
 */
import { checkPid } from './args.ts';
import { contextProcess, inContext, runAsIn } from './current.ts';
import { Delivery } from './delivery.ts';
import { BadArgError, ProcessExit } from './errors.ts';
import type { LogEvent } from './hooks.ts';
import { processInfo, type ProcessInfo } from './info.ts';
import { Process, isAsyncFunction, type Matcher, type ProcessBody, type SpawnOptions } from './process.ts';
import { RaceScheduler, type RaceOptions } from './race.ts';
import { Registry } from './registry.ts';
import { Scheduler, type SchedulerLike, type SchedulerOptions } from './scheduler.ts';
import { settled } from './quiescence.ts';
import { Signals } from './signals.ts';
import { KernelState } from './state.ts';
import { Timers } from './timers.ts';
import type { Dest, ExitReason, Pid, Ref } from './terms.ts';

export type { ProcessInfo } from './info.ts';

/** Options of a runtime's kernel. */
export interface KernelOptions extends SchedulerOptions {
  /**
   * Test mode: the race-revealing scheduler (race.ts). Messages from different
   * senders arrive in a seeded random order (per-pair FIFO kept) and processes
   * interleave differently per seed; a seed replays its run exactly.
   */
  race?: RaceOptions;
}

/** The process model of one runtime ("node"). Made only as a `Runtime`. */
export abstract class Kernel extends KernelState {
  readonly scheduler: SchedulerLike;
  /** The race-revealing scheduler, when the runtime was made with `race`. */
  readonly race: RaceScheduler | null;
  /** The pid that calls made outside any process come from. It never dies and drops what it is sent. */
  readonly external: Process;
  readonly registry = new Registry(this);
  readonly timers = new Timers(this);
  readonly signals = new Signals(this);
  readonly delivery = new Delivery(this);
  private nextId = 1;

  constructor(opts: KernelOptions = {}) {
    super();
    const runSlice = (p: Process, budget: number): number => this.delivery.runSlice(p, budget);
    this.race = opts.race === undefined ? null : new RaceScheduler(runSlice, (p, item) => this.delivery.enqueue(p, item), opts.race, this);
    this.scheduler = this.race ?? new Scheduler(runSlice, opts, this);
    this.detour = this.race !== null;
    this.external = new Process(this, 0, null, null, 'external');
  }

  /** Where the runtime's log events go (crash reports, its own faults). */
  abstract log(event: LogEvent): void;

  /**
   * The process whose code is running: the one running synchronously
   * (`current`), else the process whose async code goes on after an `await`
   * (its async context, if it is of this runtime), else null (code outside any
   * process: its calls come from the external pid). What every client function
   * takes as its caller when it is given none.
   */
  acting(): Process | null {
    const p = this.current;
    if (p !== null) return p;
    const q = contextProcess();
    return q !== undefined && q.runtime === this ? q : null;
  }

  /** Spawns a process (OTP `spawn/1`); its parent is the acting process, if any. */
  spawn(body: ProcessBody, opts?: SpawnOptions): Pid {
    return this.spawnFrom(this.acting(), body, opts);
  }

  /** Spawns a process whose parent is `parent`. */
  spawnFrom(parent: Process | null, body: ProcessBody, opts: SpawnOptions = {}): Pid {
    if (typeof body !== 'function') throw new BadArgError(`spawn: body must be a function, got ${typeof body}`);
    if (parent !== null) this.checkActing(parent);
    const p = new Process(this, this.nextId++, body, parent, opts.behaviour ?? 'plain');
    if (opts.name !== undefined) this.registry.check(opts.name, p); // a taken name fails the spawn before anything happens
    this.live.add(p);
    p.hooked = this.hookAll;
    if (opts.trapExit) p.trapping = true;
    if (opts.asyncContext === true || isAsyncFunction(body)) p.asyncContext = true;
    if (this.instrumentation !== null) p.spawnCtx = this.instrumentation.capture(parent);
    // events in the order things happen to the new process: spawned, then registered, then linked
    if (this.listening) this.events.spawned(p, parent);
    if (opts.name !== undefined) this.registry.bind(opts.name, p);
    if (opts.link && parent !== null) this.signals.addLink(parent, p);
    this.scheduler.schedule(p);
    return p.pid;
  }

  /**
   * Runs `fn` as process `p`: what it spawns, links, sends or calls is done by
   * `p`, also in what it goes on to do after an `await` (it runs in `p`'s async
   * context).
   */
  runAs<T>(p: Process, fn: () => T): T {
    return inContext(p, runAsIn, this, p, fn);
  }

  /**
   * Throws the exit of `p` if it is dead: a killed process's code that goes on
   * after an `await` has no effect on the world (OTP: a dead process runs no
   * code). Its sends are dropped (see `Process.send`); anything else throws.
   */
  checkActing(p: Process): void {
    if (p.dead) throw new ProcessExit(p.exitReason, this.redactor);
  }

  /** `checkActing` for the acting process, if any (the module functions that act without a `self`). */
  checkCaller(): void {
    const p = this.acting();
    if (p !== null && p.dead) throw new ProcessExit(p.exitReason, this.redactor);
  }

  /**
   * Sends `msg` to a pid or registered name (OTP `!`), from the acting process
   * by default. Unknown names throw BadArgError; dead pids drop silently; a dead
   * sender's code (going on after an `await`) sends nothing.
   */
  send(dest: Dest, msg: unknown, sender: Process | null = this.acting()): void {
    if (sender !== null && sender.dead) return;
    this.delivery.send(dest, msg, sender);
  }

  /** Puts `msg` in `p`'s mailbox (see `Delivery.deliver`). */
  deliver(p: Process, msg: unknown, sender: Process | null, carried?: unknown): void {
    this.delivery.deliver(p, msg, sender, carried);
  }

  /** Selective receive for an async process body. */
  receive(p: Process, match: Matcher | null, after: number | undefined): Promise<unknown> {
    return this.delivery.receive(p, match, after);
  }

  /** Installs a persistent message handler (see `Self.loop`). */
  setLoop(p: Process, handler: (msg: unknown) => unknown, match: Matcher | null): void {
    this.delivery.setLoop(p, handler, match);
  }

  /** OTP `exit/2`: sends an exit signal to `pid` from `sender` (default: the acting process). */
  exit(pid: Pid, reason: ExitReason, sender: Process | null = this.acting()): true {
    return this.signals.exit(pid, reason, sender);
  }

  /** OTP `exit/1` for the running process: throws so its code stops here. */
  exitSelf(reason: ExitReason): never {
    throw new ProcessExit(reason, this.redactor);
  }

  /** Ends `p` with `reason` now (see `Signals.terminate`). */
  terminate(p: Process, reason: ExitReason): void {
    this.signals.terminate(p, reason);
  }

  /** Ends `p` because its code threw `thrown`. */
  crash(p: Process, thrown: unknown): void {
    this.signals.crash(p, thrown);
  }

  /** OTP `link/1` from `self`. */
  link(self: Process, pid: Pid): true {
    return this.signals.link(self, pid);
  }

  /** OTP `unlink/1` from `self`. */
  unlink(self: Process, pid: Pid): true {
    return this.signals.unlink(self, pid);
  }

  /** OTP `monitor(process, Target)` from `watcher`. */
  monitor(watcher: Process, target: Dest): Ref {
    return this.signals.monitor(watcher, target);
  }

  /** OTP `demonitor/2`: `info` → whether an active monitor was removed; `flush` drops a queued DOWN. */
  demonitor(watcher: Process, ref: Ref, opts?: { flush?: boolean; info?: boolean }): boolean {
    return this.signals.demonitor(watcher, ref, opts);
  }

  /** OTP `register/2`. Throws BadArgError when the name is taken, the pid is dead or already named. */
  register(name: string, pid: Pid): true {
    return this.registry.register(name, pid);
  }

  /** OTP `unregister/1`. Throws BadArgError for an unknown name. */
  unregister(name: string): true {
    return this.registry.unregister(name);
  }

  /** OTP `whereis/1`: the pid registered as `name`, or undefined. */
  whereis(name: string): Pid | undefined {
    return this.registry.whereis(name);
  }

  /** OTP `registered/0`. */
  registered(): string[] {
    return this.registry.registered();
  }

  /** The live process a pid or name stands for, or undefined. */
  resolve(dest: Dest): Process | undefined {
    return this.registry.resolve(dest);
  }

  /** OTP `erlang:send_after/3`: a name is resolved when the timer fires. */
  sendAfter(ms: number, dest: Dest, msg: unknown): Ref {
    return this.timers.sendAfter(ms, dest, msg);
  }

  /** OTP `erlang:start_timer/3`: delivers `TimeoutMessage(ref, msg)`. */
  startTimer(ms: number, dest: Dest, msg: unknown): Ref {
    return this.timers.startTimer(ms, dest, msg);
  }

  /** OTP `cancel_timer/1`: the ms left, or false if it already fired, was cancelled, or its target pid exited. */
  cancelTimer(ref: Ref): number | false {
    return this.timers.cancelTimer(ref);
  }

  /** OTP `read_timer/1`: the ms left, or false. */
  readTimer(ref: Ref): number | false {
    return this.timers.readTimer(ref);
  }

  /** OTP `is_process_alive/1`. */
  isAlive(pid: Pid): boolean {
    checkPid('isAlive', pid);
    return !pid.proc.dead;
  }

  /** The live processes, oldest first (OTP `processes/0`). */
  processes(): Pid[] {
    return this.live.pids();
  }

  /** Number of live processes. */
  get processCount(): number {
    return this.live.size;
  }

  /** OTP `process_info/1`, or undefined for a dead pid. */
  processInfo(pid: Pid): ProcessInfo | undefined {
    return processInfo(this, pid);
  }

  /** True when a runtime timer (receive after, send_after, timeouts, call deadlines) is still to fire. */
  hasPendingTimers(): boolean {
    return this.clock.pending > 0 || this.callTimeouts.hasPending();
  }

  /**
   * Messages sent to `pid` that have not reached its mailbox yet: under the
   * race scheduler, those still held in their sender → receiver channels
   * (always 0 under the normal scheduler, which delivers at once).
   */
  inTransit(pid: Pid): number {
    return this.race === null ? 0 : this.race.inTransitTo(pid.proc);
  }

  /** Resolves when no process is runnable (all wait for messages, timers or I/O). */
  idle(): Promise<void> {
    return this.scheduler.whenIdle();
  }

  /** Resolves when the runtime is quiet: nothing runnable, nothing delivered during a full event-loop turn (see quiescence.ts). */
  settled(): Promise<void> {
    return settled(this);
  }
}
