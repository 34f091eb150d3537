/**
 * The runtime: the process table, the registry, message delivery, exit
 * signals, links, monitors, timers and the event stream. One runtime is one
 * "node"; tests may make one each.
 */
import { setImmediate } from 'node:timers';
import { BadArgError, NoProcError, UncaughtThrow } from './errors.ts';
import type { DebugEventBody, InEvent, MessageKind, NoReplyEvent, OutEvent, SysEvent } from './events.ts';
import { From } from './from.ts';
import { replyError } from './call.ts';
import { CallTimeouts } from './call-timeouts.ts';
import { defaultLogger, type LogEvent, type Logger } from './logger.ts';
import { Monitor } from './monitor.ts';
import { FlightRecorder } from './flight-recorder.ts';
import { defaultRedactor, type RedactionSite, type Redactor } from './redact.ts';
import { Carried, PROCESS_START, unwrap, type Instrumentation } from './instrumentation.ts';
import {
  NO_MESSAGE,
  Process,
  TIMEOUT,
  type Matcher,
  type ProcessBody,
  type Receiver,
  type SpawnOptions,
} from './process.ts';
import { Scheduler, type SchedulerLike, type SchedulerOptions } from './scheduler.ts';
import { RaceScheduler, type RaceOptions } from './race.ts';
import { Clock, TIMER_END, checkTimeout, type RuntimeTimer } from './clock.ts';
import {
  DownMessage,
  ExitMessage,
  Pid,
  ProcessExit,
  Ref,
  NODE,
  TimeoutMessage,
  reasonOf,
  tuple,
  type Dest,
  type ExitReason,
  type MonitorObject,
} from './terms.ts';

/** A listener of the runtime's event stream. */
export type EventListener = (event: SysEvent) => void;

/** Options of a runtime. */
export interface RuntimeOptions extends SchedulerOptions {
  /** Where log events (crash reports, supervisor reports) go. */
  logger?: Logger;
  /**
   * Test mode: the race-revealing scheduler (race.ts). Messages from different
   * senders arrive in a seeded random order (per-pair FIFO kept) and processes
   * interleave differently per seed; a seed replays its run exactly.
   */
  race?: RaceOptions;
}

interface Timer {
  handle: RuntimeTimer;
  deadline: number;
  clock: Clock;
  /** The process a timer armed to a pid goes to (null for a name): its exit cancels the timer. */
  target: Process | null;
}

/** What `processInfo` reports. */
export interface ProcessInfo {
  readonly pid: Pid;
  /** A sys-suspended process is `waiting` (in its receive), as OTP: sys:suspend is not erlang:suspend_process. */
  readonly status: 'running' | 'runnable' | 'waiting';
  readonly messageQueueLen: number;
  readonly messages: readonly unknown[];
  readonly links: readonly Pid[];
  /** `object` is what the DOWN will name: the pid, or `[name, node]` for a monitor taken by name (OTP `{process, {Name, Node}}`). */
  readonly monitors: readonly { ref: Ref; pid: Pid; object: MonitorObject }[];
  readonly monitoredBy: readonly Pid[];
  readonly registeredName: string | null;
  readonly behaviour: string;
  readonly trapExit: boolean;
  readonly parent: Pid | null;
  readonly ancestors: readonly (Pid | string)[];
  readonly initialCall: string | null;
  readonly dictionary: readonly [unknown, unknown][];
  /** Hibernating (OTP: current_function is {erlang, hibernate, 3}). */
  readonly hibernating: boolean;
}

interface Signal {
  target: Process;
  from: Process;
  reason: ExitReason;
  viaLink: boolean;
}

/** The clock of timer deadlines: the global one, so fake timers move it with `setTimeout`. */
const now = (): number => globalThis.performance.now();
/** The clock of event timestamps: Node's own, captured (real time also under fake timers; no global lookup per event). */
const eventNow: () => number = performance.now.bind(performance);

/** Armed timers of every runtime, by ref (a ref names one timer wherever it was armed). */
const timers = new Map<Ref, Timer>();

/** One runtime instance. Most programs use the default one (`runtime()`). */
export class Runtime {
  /** The process currently running synchronously, if any. */
  current: Process | null = null;
  /** True when someone listens to the event stream. */
  listening = false;
  /**
   * True when someone listens or an instrumentation is installed: the one check
   * a message makes on its way in and out when neither is (see `deliver`, `runSlice`).
   */
  private hooked = false;
  /** Counts deliveries, so `settled` can tell a quiet runtime from a busy one. */
  private activity = 0;
  readonly scheduler: SchedulerLike;
  /** The race-revealing scheduler, when the runtime was made with `race`. */
  readonly race: RaceScheduler | null;
  /** The pid that calls made outside any process come from. It never dies and drops what it is sent. */
  readonly external: Process;
  private nextId = 1;
  private seq = 0;
  /** The live processes, oldest first: an intrusive list through `Process.prevLive/nextLive` (no map to grow). */
  private liveHead: Process | null = null;
  private liveTail: Process | null = null;
  private liveCount = 0;
  private readonly names = new Map<string, Process>();
  /** Timers armed to a pid, by target: OTP cancels them when the target exits. */
  private readonly timersTo = new Map<Process, Set<Ref>>();
  private readonly signals: Signal[] = [];
  private flushingSignals = false;
  private listeners: EventListener[] = [];
  private logger: Logger;
  private instr: Instrumentation | null = null;
  /** The one redaction point (see redact.ts). */
  redactor: Redactor = defaultRedactor;
  /** Recent events per process, when turned on (`enableFlightRecorder`). */
  flightRecorder: FlightRecorder | null = null;
  /** The runtime's timers (global, fakeable clock; counted). */
  readonly clock = new Clock();
  /** Deadlines of pending calls. */
  readonly callTimeouts = new CallTimeouts((from) => replyError(from, 'timeout'));

  constructor(opts: RuntimeOptions = {}) {
    const runSlice = (p: Process, budget: number): number => this.runSlice(p, budget);
    this.race = opts.race === undefined ? null : new RaceScheduler(runSlice, (p, item) => this.enqueue(p, item), opts.race);
    this.scheduler = this.race ?? new Scheduler(runSlice, opts);
    this.logger = opts.logger ?? defaultLogger;
    this.external = new Process(this, 0, null, null, 'external');
    for (const hook of createdHooks) hook(this);
  }

  // ---------------------------------------------------------------- spawning

  /** Spawns a process (OTP `spawn/1`); its parent is the running process, if any. */
  spawn(body: ProcessBody, opts?: SpawnOptions): Pid {
    return this.spawnFrom(this.current, body, opts);
  }

  /**
   * Runs `fn` synchronously as process `p` (what it spawns, links, sends or
   * calls is done by `p`). Async code continuing after an `await` has lost the
   * running process; this puts it back for one synchronous stretch.
   */
  runAs<T>(p: Process, fn: () => T): T {
    const prev = this.current;
    this.current = p;
    try {
      return fn();
    } finally {
      this.current = prev;
    }
  }

  /** Spawns a process whose parent is `parent`. */
  spawnFrom(parent: Process | null, body: ProcessBody, opts: SpawnOptions = {}): Pid {
    if (typeof body !== 'function') throw new BadArgError(`spawn: body must be a function, got ${typeof body}`);
    const p = new Process(this, this.nextId++, body, parent, opts.behaviour ?? 'plain');
    if (opts.name !== undefined) this.checkName(opts.name, p); // a taken name fails the spawn before anything happens
    this.addLive(p);
    if (opts.trapExit) p.trapping = true;
    if (this.instr !== null) p.spawnCtx = this.instr.capture();
    // events in the order things happen to the new process: spawned, then registered, then linked
    if (this.listening) this.emit({ ...this.base(p), kind: 'spawn', parent: parent === null ? null : parent.pid });
    if (opts.name !== undefined) this.bindName(opts.name, p);
    if (opts.link && parent !== null) this.addLink(parent, p);
    this.scheduler.schedule(p);
    return p.pid;
  }

  private addLive(p: Process): void {
    p.prevLive = this.liveTail;
    p.nextLive = null;
    if (this.liveTail === null) this.liveHead = p;
    else this.liveTail.nextLive = p;
    this.liveTail = p;
    this.liveCount++;
  }

  private removeLive(p: Process): void {
    if (p.prevLive === null && this.liveHead !== p) return; // not in the list
    if (p.prevLive === null) this.liveHead = p.nextLive;
    else p.prevLive.nextLive = p.nextLive;
    if (p.nextLive === null) this.liveTail = p.prevLive;
    else p.nextLive.prevLive = p.prevLive;
    p.prevLive = null;
    p.nextLive = null;
    this.liveCount--;
  }

  // ---------------------------------------------------------------- messages

  /** Sends `msg` to a pid or registered name (OTP `!`). Unknown names throw BadArgError; dead pids drop silently. */
  send(dest: Dest, msg: unknown, sender: Process | null = this.current): void {
    let p: Process | undefined;
    if (dest instanceof Pid) p = dest.proc;
    else {
      p = this.names.get(dest);
      if (p === undefined) throw new BadArgError(`send: no process registered as '${String(dest)}'`);
    }
    this.deliver(p, msg, sender);
  }

  /**
   * Puts `msg` in `p`'s mailbox and wakes it if it waits. The one way in for
   * messages. `carried` is a context captured earlier (a timer's); by default
   * the instrumentation, if any, captures the sender's now.
   */
  deliver(p: Process, msg: unknown, sender: Process | null, carried?: unknown): void {
    if (this.hooked) {
      this.deliverHooked(p, msg, sender, carried);
      return;
    }
    if (p.dead || p === this.external) return;
    this.activity++;
    if (this.race !== null) this.race.hold(p, msg, sender ?? this.external);
    else this.enqueue(p, msg);
  }

  /** `deliver` with the stream listening or an instrumentation installed: the `send` event, the carried context. */
  private deliverHooked(p: Process, msg: unknown, sender: Process | null, carried: unknown): void {
    if (this.listening) {
      const from = sender ?? this.external;
      // one literal, not a spread of base(): this is the hottest event
      this.emit({
        seq: ++this.seq,
        time: eventNow(),
        pid: from.pid,
        name: from.name,
        behaviour: from.behaviour,
        kind: 'send',
        to: p.pid,
        message: msg,
        delivered: !p.dead && p !== this.external,
      });
    }
    if (p.dead || p === this.external) return;
    this.activity++;
    const instr = this.instr;
    let item = msg;
    if (instr !== null) {
      const ctx = carried === undefined ? instr.capture() : carried;
      if (ctx !== undefined) item = new Carried(msg, ctx);
    }
    if (this.race !== null) this.race.hold(p, item, sender ?? this.external);
    else this.enqueue(p, item);
  }

  /** Puts a (possibly carried) message into `p`'s mailbox and wakes `p` if it waits. */
  private enqueue(p: Process, item: unknown): void {
    if (p.dead) return;
    p.mailbox.push(item);
    if (p.receiver !== null && !p.queued && !p.running && !p.busy) this.scheduler.schedule(p);
  }

  /** Selective receive for an async process body. */
  receive(p: Process, match: Matcher | null, after: number | undefined): Promise<unknown> {
    if (p.dead) return new Promise(() => undefined);
    if (p.receiver !== null) throw new Error(`receive: process ${String(p.pid)} is already receiving`);
    // OTP raises on a bad `after` (negative, over 2^32 − 1 ms); Infinity waits for ever
    if (after !== undefined) checkTimeout(after, 'receive after');
    const sched = this.scheduler;
    if (sched.credit > 0 && p.mailbox.length > 0 && !p.busy) {
      const item = this.take(p, { match, deliver: noop, persistent: false, scanned: 0, timer: null });
      if (item !== NO_MESSAGE) {
        const msg = unwrap(item);
        sched.credit--;
        sched.armReset();
        if (this.listening && p.behaviour === 'plain') this.emitIn(p, msg);
        return Promise.resolve(msg);
      }
    }
    return new Promise((resolve) => {
      const r: Receiver = { match, deliver: resolve, persistent: false, scanned: 0, timer: null };
      p.receiver = r;
      if (after !== undefined && after !== Infinity) {
        if (after <= 0 && p.mailbox.length === 0) {
          p.receiver = null;
          resolve(TIMEOUT);
          return;
        }
        r.timer = this.clock.set(() => {
          if (p.receiver !== r || p.dead) return;
          p.receiver = null;
          const late = this.take(p, r);
          if (late !== NO_MESSAGE) {
            // a match arrived but the scheduler had not run yet: OTP takes it too (and it is an `in` like any other)
            const msg = unwrap(late);
            if (this.listening && p.behaviour === 'plain') this.emitIn(p, msg);
            resolve(msg);
            return;
          }
          if (this.listening) this.emit({ ...this.base(p), kind: 'receive-timeout', after });
          resolve(TIMEOUT);
        }, after);
      }
      if (p.mailbox.length > 0 && !p.queued) this.scheduler.schedule(p);
    });
  }

  /** Installs a persistent message handler (see `Self.loop`). */
  setLoop(p: Process, handler: (msg: unknown) => unknown, match: Matcher | null): void {
    if (p.dead) return;
    if (typeof handler !== 'function') throw new BadArgError('loop: handler must be a function');
    const old = p.receiver;
    if (old !== null) this.clock.clear(old.timer);
    p.receiver = { match, deliver: handler, persistent: true, scanned: 0, timer: null };
    if (p.mailbox.length > 0 && !p.running && !p.busy) this.scheduler.schedule(p);
  }

  /**
   * Hands `item` to the receiver with the stream listening or an instrumentation
   * installed: a plain process's `in` event (behaviours report their own, with
   * the message's kind), the handling run inside the carried context.
   */
  private handleHooked(p: Process, r: Receiver, item: unknown): unknown {
    const carried = item instanceof Carried;
    const msg = carried ? item.msg : item;
    if (this.listening && p.behaviour === 'plain') this.emitIn(p, msg);
    const instr = this.instr;
    return instr === null ? r.deliver(msg) : instr.handle(p, msg, carried ? item.ctx : undefined, () => r.deliver(msg));
  }

  /** Runs one process for up to `budget` messages. Called by the scheduler only. */
  private runSlice(p: Process, budget: number): number {
    if (p.dead) return 0;
    const prev = this.current;
    this.current = p;
    p.running = true;
    let n = 0;
    try {
      if (p.body !== null) {
        n++;
        this.startBody(p);
      }
      while (n < budget && !p.dead && !p.busy) {
        const r = p.receiver;
        if (r === null) break;
        const item = this.take(p, r);
        if (item === NO_MESSAGE) break;
        n++;
        if (!r.persistent) {
          p.receiver = null;
          this.clock.clear(r.timer);
        }
        // (a message carried while an instrumentation was on is unwrapped also after it is gone)
        const result = this.hooked ? this.handleHooked(p, r, item) : r.deliver(item instanceof Carried ? item.msg : item);
        if (result !== undefined && result !== null && typeof (result as PromiseLike<unknown>).then === 'function') {
          p.busy = true;
          (result as PromiseLike<unknown>).then(
            () => this.handlerSettled(p),
            (e: unknown) => this.crash(p, e),
          );
        }
      }
    } catch (e) {
      this.crash(p, e);
    } finally {
      p.running = false;
      this.current = prev;
    }
    if (!p.dead && !p.busy && !p.queued && p.receiver !== null && p.mailbox.length > p.receiver.scanned) {
      this.scheduler.schedule(p);
    }
    return n;
  }

  private handlerSettled(p: Process): void {
    p.busy = false;
    if (!p.dead && p.receiver !== null && p.mailbox.length > 0) this.scheduler.schedule(p);
  }

  private startBody(p: Process): void {
    const body = p.body as ProcessBody;
    p.body = null;
    const instr = this.instr;
    const result = instr === null ? body(p) : instr.handle(p, PROCESS_START, p.spawnCtx, () => body(p));
    if (result !== undefined && result !== null && typeof (result as PromiseLike<unknown>).then === 'function') {
      (result as PromiseLike<unknown>).then(
        () => this.bodyReturned(p),
        (e: unknown) => this.crash(p, e),
      );
    } else {
      this.bodyReturned(p);
    }
  }

  private bodyReturned(p: Process): void {
    if (p.dead) return;
    p.bodyDone = true;
    if (p.receiver === null || !p.receiver.persistent) this.terminate(p, 'normal');
  }

  /** Takes the first message matching `r` from the mailbox, scanning only what `r` has not seen. */
  private take(p: Process, r: Receiver): unknown {
    const box = p.mailbox;
    const match = r.match;
    if (match === null) return box.length > 0 ? box.shift() : NO_MESSAGE;
    for (let i = r.scanned; i < box.length; i++) {
      if (match(unwrap(box.at(i)))) {
        r.scanned = i;
        return box.removeAt(i);
      }
    }
    r.scanned = box.length;
    return NO_MESSAGE;
  }

  /** Ends `p` because its code threw `thrown`. */
  crash(p: Process, thrown: unknown): void {
    if (p.dead) return;
    // OTP: an uncaught throw(V) ends the process with {{nocatch, V}, Stack}
    const reason = thrown instanceof ProcessExit || thrown instanceof Error ? reasonOf(thrown) : new UncaughtThrow(thrown);
    if (p.crashHook !== null) {
      try {
        p.crashHook(thrown, reason);
      } catch (e) {
        this.log({ level: 'error', label: 'crash_hook_failed', report: { pid: p.pid, error: e } });
      }
    }
    this.terminate(p, reason);
  }

  // ---------------------------------------------------------------- exits

  /** OTP `exit/2`: sends an exit signal to `pid` from `sender`. */
  exit(pid: Pid, reason: ExitReason, sender: Process | null = this.current): true {
    const target = pid.proc;
    const from = sender ?? this.external;
    this.signal(target, from, reason, false);
    if (target === from && target.dead) {
      throw new ProcessExit(target.exitReason);
    }
    return true;
  }

  /** OTP `exit/1` for the running process: throws so its code stops here. */
  exitSelf(reason: ExitReason): never {
    throw new ProcessExit(reason);
  }

  private signal(target: Process, from: Process, reason: ExitReason, viaLink: boolean): void {
    this.signals.push({ target, from, reason, viaLink });
    if (this.flushingSignals) return;
    this.flushingSignals = true;
    try {
      for (let i = 0; i < this.signals.length; i++) this.applySignal(this.signals[i]);
    } finally {
      this.signals.length = 0;
      this.flushingSignals = false;
    }
  }

  private applySignal({ target, from, reason, viaLink }: Signal): void {
    if (target.dead || target === this.external) return;
    if (reason === 'kill' && !viaLink) {
      this.terminate(target, 'killed');
    } else if (target.trapping) {
      this.deliver(target, new ExitMessage(from.pid, reason), from);
    } else if (reason === 'normal') {
      if (from === target) this.terminate(target, 'normal');
    } else {
      this.terminate(target, reason);
    }
  }

  /** Ends `p` with `reason` now: frees its name, fires links and monitors, fails pending calls. */
  terminate(p: Process, reason: ExitReason): void {
    if (p.dead || p === this.external) return;
    if (this.listening) this.emit({ ...this.base(p), kind: 'exit', reason });
    p.dead = true;
    p.exitReason = reason;
    const r = p.receiver;
    if (r !== null) this.clock.clear(r.timer);
    p.receiver = null;
    if (p.name !== null) {
      this.names.delete(p.name);
      p.name = null;
    }
    this.removeLive(p);
    const armed = this.timersTo.get(p);
    if (armed !== undefined) {
      this.timersTo.delete(p);
      for (const ref of armed) this.dropTimer(ref);
    }
    if (p.links !== null) {
      for (const other of p.links) {
        other.links?.delete(p);
        // a trapping partner gets its EXIT now, before this death's DOWNs below (the order OTP shows); the others die after
        if (other.trapping && !other.dead) this.deliver(other, new ExitMessage(p.pid, reason), p);
        else this.signals.push({ target: other, from: p, reason, viaLink: true });
      }
      p.links = null;
    }
    if (p.monitors !== null) {
      for (const m of p.monitors.values()) m.target.monitoredBy?.delete(m.ref);
      p.monitors = null;
    }
    if (p.monitoredBy !== null) {
      const downs = p.monitoredBy;
      p.monitoredBy = null;
      for (const m of downs.values()) {
        m.watcher.monitors?.delete(m.ref);
        this.deliver(m.watcher, new DownMessage(m.ref, m.object, reason), p);
      }
    }
    for (let from = p.pendingCalls; from !== null; from = p.pendingCalls) replyError(from, reason);
    p.mailbox.clear();
    p.ackHook = null;
    p.crashHook = null;
    if (p.exitHook !== null) {
      const hook = p.exitHook;
      p.exitHook = null;
      hook(reason);
    }
    if (p.exitWaiters !== null) {
      const waiters = p.exitWaiters;
      p.exitWaiters = null;
      for (const w of waiters) w(reason);
    }
    if (!this.flushingSignals && this.signals.length > 0) {
      this.flushingSignals = true;
      try {
        for (let i = 0; i < this.signals.length; i++) this.applySignal(this.signals[i]);
      } finally {
        this.signals.length = 0;
        this.flushingSignals = false;
      }
    }
  }

  // ---------------------------------------------------------------- links and monitors

  /** OTP `link/1` from `self`. */
  link(self: Process, pid: Pid): true {
    const other = pid.proc;
    if (other === self) return true;
    if (other.dead) {
      if (self.trapping) {
        this.deliver(self, new ExitMessage(pid, 'noproc'), other);
        return true;
      }
      throw new NoProcError(`link: ${String(pid)} is not alive`);
    }
    this.addLink(self, other);
    return true;
  }

  private addLink(a: Process, b: Process): void {
    if (a === this.external || b === this.external) return;
    if (a.links === null) a.links = new Set();
    if (b.links === null) b.links = new Set();
    if (a.links.has(b)) return;
    a.links.add(b);
    b.links.add(a);
    if (this.listening) this.emit({ ...this.base(a), kind: 'link', other: b.pid });
  }

  /** OTP `unlink/1` from `self`. */
  unlink(self: Process, pid: Pid): true {
    const other = pid.proc;
    if (self.links?.delete(other)) {
      other.links?.delete(self);
      if (this.listening) this.emit({ ...this.base(self), kind: 'unlink', other: pid });
    }
    return true;
  }

  /** OTP `monitor(process, Target)` from `watcher`. */
  monitor(watcher: Process, target: Dest): Ref {
    const ref = new Ref();
    let p: Process | undefined;
    let byName: string | null = null;
    if (target instanceof Pid) p = target.proc;
    else {
      byName = target;
      p = this.names.get(target);
    }
    if (p === undefined || p.dead) {
      const object = target instanceof Pid ? target : tuple(target, NODE);
      this.deliver(watcher, new DownMessage(ref, object, 'noproc'), p ?? null);
      return ref;
    }
    if (p === watcher || p === this.external) return ref;
    const m = new Monitor(ref, watcher, p, p.monitorObject(byName));
    if (watcher.monitors === null) watcher.monitors = new Map();
    if (p.monitoredBy === null) p.monitoredBy = new Map();
    watcher.monitors.set(ref, m);
    p.monitoredBy.set(ref, m);
    if (this.listening) this.emit({ ...this.base(watcher), kind: 'monitor', ref, target: m.object });
    return ref;
  }

  /** OTP `demonitor/2`: `info` → whether an active monitor was removed; `flush` drops a queued DOWN. */
  demonitor(watcher: Process, ref: Ref, opts: { flush?: boolean; info?: boolean } = {}): boolean {
    const m = watcher.monitors?.get(ref);
    if (m !== undefined) {
      watcher.monitors?.delete(ref);
      m.target.monitoredBy?.delete(ref);
      if (this.listening) this.emit({ ...this.base(watcher), kind: 'demonitor', ref, target: m.object });
    }
    if (opts.flush) watcher.removeMessage((msg) => msg instanceof DownMessage && msg.ref === ref);
    return opts.info ? m !== undefined : true;
  }

  // ---------------------------------------------------------------- registry

  /** OTP `register/2`. Throws BadArgError when the name is taken, the pid is dead or already named. */
  register(name: string, pid: Pid): true {
    const p = pid.proc;
    this.checkName(name, p);
    this.bindName(name, p);
    return true;
  }

  /** Throws the BadArgError `register` would for `name` and `p`. */
  private checkName(name: string, p: Process): void {
    if (typeof name !== 'string' || name === '' || name === 'undefined') {
      throw new BadArgError(`register: invalid name ${String(name)}`);
    }
    if (p.dead || p === this.external) throw new BadArgError(`register: ${String(p.pid)} is not alive`);
    const holder = this.names.get(name);
    if (holder !== undefined) throw new BadArgError(`register: name '${name}' is already registered to ${String(holder.pid)}`);
    if (p.name !== null) throw new BadArgError(`register: ${String(p.pid)} is already registered as '${p.name}'`);
  }

  /** Registers `p` as `name` (already checked). */
  private bindName(name: string, p: Process): void {
    this.names.set(name, p);
    p.name = name;
    if (this.listening) this.emit({ ...this.base(p), kind: 'register', registered: name });
  }

  /** OTP `unregister/1`. Throws BadArgError for an unknown name. */
  unregister(name: string): true {
    const p = this.names.get(name);
    if (p === undefined) throw new BadArgError(`unregister: no process registered as '${name}'`);
    if (this.listening) this.emit({ ...this.base(p), kind: 'unregister', registered: name });
    this.names.delete(name);
    p.name = null;
    return true;
  }

  /** OTP `whereis/1`: the pid registered as `name`, or undefined. */
  whereis(name: string): Pid | undefined {
    return this.names.get(name)?.pid;
  }

  /** OTP `registered/0`. */
  registered(): string[] {
    return [...this.names.keys()];
  }

  /** The live process a pid or name stands for, or undefined. */
  resolve(dest: Dest): Process | undefined {
    const p = dest instanceof Pid ? dest.proc : this.names.get(dest);
    return p === undefined || p.dead ? undefined : p;
  }

  // ---------------------------------------------------------------- timers

  /** OTP `erlang:send_after/3`: a name is resolved when the timer fires. */
  sendAfter(ms: number, dest: Dest, msg: unknown): Ref {
    return this.armTimer(ms, dest, () => msg);
  }

  /** OTP `erlang:start_timer/3`: delivers `TimeoutMessage(ref, msg)`. */
  startTimer(ms: number, dest: Dest, msg: unknown): Ref {
    return this.armTimer(ms, dest, (ref) => new TimeoutMessage(ref, msg));
  }

  private armTimer(ms: number, dest: Dest, make: (ref: Ref) => unknown): Ref {
    // OTP: a time of ms from now within the runtime's timer range (2^32 ms and more are fine); never infinity
    if (typeof ms !== 'number' || !(ms >= 0) || !(now() + ms <= TIMER_END)) throw new BadArgError(`timer: bad time ${String(ms)}`);
    const ref = new Ref();
    // a timer to a pid lives no longer than its target (OTP): to a dead pid it is gone at once
    const target = dest instanceof Pid ? dest.proc : null;
    if (target !== null && target.dead) return ref;
    const carried = this.instr?.capture();
    const handle = this.clock.set(() => {
      this.dropTimer(ref);
      const p = dest instanceof Pid ? dest.proc : this.names.get(dest);
      if (p === undefined) return;
      const msg = make(ref);
      if (this.listening && !p.dead) this.emit({ ...this.base(p), kind: 'timer-fired', ref, message: msg });
      this.deliver(p, msg, null, carried);
    }, ms);
    timers.set(ref, { handle, deadline: now() + ms, clock: this.clock, target });
    if (target !== null) {
      let armed = this.timersTo.get(target);
      if (armed === undefined) this.timersTo.set(target, (armed = new Set()));
      armed.add(ref);
    }
    return ref;
  }

  /** Forgets timer `ref` (fired, cancelled, or its target gone): stops it, drops it from its target's set. */
  private dropTimer(ref: Ref): Timer | undefined {
    const t = timers.get(ref);
    if (t === undefined) return undefined;
    timers.delete(ref);
    t.clock.clear(t.handle);
    if (t.target !== null) t.target.runtime.timersTo.get(t.target)?.delete(ref);
    return t;
  }

  /** OTP `cancel_timer/1`: the ms left, or false if it already fired, was cancelled, or its target pid exited. */
  cancelTimer(ref: Ref): number | false {
    const t = this.dropTimer(ref);
    return t === undefined ? false : Math.max(0, Math.round(t.deadline - now()));
  }

  /** OTP `read_timer/1`: the ms left, or false. */
  readTimer(ref: Ref): number | false {
    const t = timers.get(ref);
    return t === undefined ? false : Math.max(0, Math.round(t.deadline - now()));
  }

  // ---------------------------------------------------------------- introspection

  /** OTP `is_process_alive/1`. */
  isAlive(pid: Pid): boolean {
    return !pid.proc.dead;
  }

  /** The live processes, oldest first (OTP `processes/0`). */
  processes(): Pid[] {
    const out: Pid[] = [];
    for (let p = this.liveHead; p !== null; p = p.nextLive) out.push(p.pid);
    return out;
  }

  /** OTP `process_info/1`, or undefined for a dead pid. */
  processInfo(pid: Pid): ProcessInfo | undefined {
    const p = pid.proc;
    if (p.dead || p === this.external) return undefined;
    return {
      pid,
      status: p.running ? 'running' : p.queued ? 'runnable' : 'waiting',
      messageQueueLen: p.mailbox.length,
      messages: p.messages(),
      links: p.links === null ? [] : [...p.links].map((l) => l.pid),
      monitors: p.monitors === null ? [] : [...p.monitors.values()].map((m) => ({ ref: m.ref, pid: m.target.pid, object: m.object })),
      monitoredBy: p.monitoredBy === null ? [] : [...p.monitoredBy.values()].map((m) => m.watcher.pid),
      registeredName: p.name,
      behaviour: p.behaviour,
      trapExit: p.trapping,
      parent: p.parent,
      ancestors: p.ancestors,
      initialCall: p.initialCall,
      dictionary: p.dict === null ? [] : [...p.dict.entries()],
      hibernating: p.hibernating,
    };
  }

  // ---------------------------------------------------------------- events and logging

  /** The tracing hooks (otel/ installs them); null: none, and messages are stored bare. */
  get instrumentation(): Instrumentation | null {
    return this.instr;
  }

  set instrumentation(hooks: Instrumentation | null) {
    this.instr = hooks;
    this.hooked = this.listening || hooks !== null;
  }

  /** Adds a listener to the event stream; returns the function that removes it. */
  subscribe(listener: EventListener): () => void {
    this.listeners = [...this.listeners, listener];
    this.listening = true;
    this.hooked = true;
    return () => {
      this.listeners = this.listeners.filter((l) => l !== listener);
      this.listening = this.listeners.length > 0;
      this.hooked = this.listening || this.instr !== null;
    };
  }

  /** The fields every event of `p` carries. */
  base(p: Process): { seq: number; time: number; pid: Pid; name: string | null; behaviour: string } {
    return { seq: ++this.seq, time: eventNow(), pid: p.pid, name: p.name, behaviour: p.behaviour };
  }

  private emitIn(p: Process, msg: unknown): void {
    this.emit({ seq: ++this.seq, time: eventNow(), pid: p.pid, name: p.name, behaviour: p.behaviour, kind: 'in', messageKind: 'info', message: msg });
  }

  /** Publishes an event to the stream's listeners. A listener that throws is reported and skipped. */
  emit(event: SysEvent): void {
    const ls = this.listeners;
    for (let i = 0; i < ls.length; i++) {
      try {
        ls[i](event);
      } catch (e) {
        this.reportListenerError(ls[i], e);
      }
    }
  }

  /**
   * Emits a sys debug event of `p` (OTP `sys:handle_debug`): to its debug options
   * (trace, log, statistics, installed functions) and to the stream. Callers check
   * `p.debug !== null || rt.listening` first, so an unobserved process pays nothing.
   */
  emitDebug(p: Process, body: DebugEventBody, procName?: string | Pid): void {
    const event = { seq: ++this.seq, time: eventNow(), pid: p.pid, name: p.name, behaviour: p.behaviour, ...body } as SysEvent;
    if (p.debug !== null) p.debug.handle(event as Parameters<typeof p.debug.handle>[0], procName);
    if (this.listening) this.emit(event);
  }

  /** A behaviour's `{in, Msg}` debug event (one literal: the hot path of every GenServer message). */
  debugIn(p: Process, messageKind: MessageKind, message: unknown, from?: From): void {
    const e: InEvent = { seq: ++this.seq, time: eventNow(), pid: p.pid, name: p.name, behaviour: p.behaviour, kind: 'in', messageKind, message, from };
    if (p.debug !== null) p.debug.handle(e);
    if (this.listening) this.emit(e);
  }

  /** A behaviour's `{out, Reply, To, State}` debug event. */
  debugOut(p: Process, reply: unknown, to: From | Pid, state: unknown): void {
    const e: OutEvent = { seq: ++this.seq, time: eventNow(), pid: p.pid, name: p.name, behaviour: p.behaviour, kind: 'out', reply, to, state, hasState: true };
    if (p.debug !== null) p.debug.handle(e);
    if (this.listening) this.emit(e);
  }

  /** A behaviour's `{noreply, State}` debug event. */
  debugNoReply(p: Process, state: unknown): void {
    const e: NoReplyEvent = { seq: ++this.seq, time: eventNow(), pid: p.pid, name: p.name, behaviour: p.behaviour, kind: 'noreply', state };
    if (p.debug !== null) p.debug.handle(e);
    if (this.listening) this.emit(e);
  }

  /**
   * `emitDebug` for the behaviours' own hot paths: `body` is a fresh literal
   * the caller gives away, and the event fields are written onto it (no copy).
   */
  emitDebugOwned(p: Process, body: DebugEventBody): void {
    const event = body as DebugEventBody & { seq: number; time: number; pid: Pid; name: string | null; behaviour: string };
    event.seq = ++this.seq;
    event.time = eventNow();
    event.pid = p.pid;
    event.name = p.name;
    event.behaviour = p.behaviour;
    if (p.debug !== null) p.debug.handle(event as Parameters<typeof p.debug.handle>[0]);
    if (this.listening) this.emit(event as SysEvent);
  }

  private readonly failedListeners = new WeakSet<EventListener>();

  private reportListenerError(listener: EventListener, e: unknown): void {
    if (this.failedListeners.has(listener)) return;
    this.failedListeners.add(listener);
    this.log({ level: 'error', label: 'event_listener_failed', report: { error: e } });
  }

  /** Passes `value` through the redactor for `site` (undefined: it must not leave). */
  redact(value: unknown, site: RedactionSite): unknown {
    try {
      return this.redactor(value, site);
    } catch {
      return '<redactor failed>';
    }
  }

  /** Replaces the redactor; returns the previous one. */
  setRedactor(redactor: Redactor): Redactor {
    const old = this.redactor;
    this.redactor = redactor;
    return old;
  }

  /** Turns the flight recorder on (a ring of `size` recent events per process) or off (0). */
  enableFlightRecorder(size = 16): void {
    this.flightRecorder?.stop();
    this.flightRecorder = size > 0 ? new FlightRecorder(this, size) : null;
  }

  /** Number of live processes. */
  get processCount(): number {
    return this.liveCount;
  }

  /** Replaces the logger (OTP: a logger handler). Returns the previous one. */
  setLogger(logger: Logger): Logger {
    const old = this.logger;
    this.logger = logger;
    return old;
  }

  /** Logs a report. */
  log(event: LogEvent): void {
    try {
      this.logger(event);
    } catch {
      // a failing logger must not take a process down
    }
  }

  /** True when a runtime timer (receive after, send_after, timeouts, call deadlines) is still to fire. */
  hasPendingTimers(): boolean {
    return this.clock.pending > 0 || this.callTimeouts.hasPending();
  }

  /** Resolves when no process is runnable (all wait for messages, timers or I/O). */
  idle(): Promise<void> {
    return this.scheduler.whenIdle();
  }

  /**
   * Resolves when the runtime is quiet: no process runnable and nothing
   * delivered during one full event-loop turn (async processes' continuations
   * included). Timers still pending do not count as activity.
   */
  async settled(): Promise<void> {
    for (;;) {
      await this.scheduler.whenIdle();
      const mark = this.activity;
      await new Promise<void>((resolve) => setImmediate(resolve));
      if (this.scheduler.runnable === 0 && !this.scheduler.isDraining && mark === this.activity) return;
    }
  }
}

function noop(): void {}


const createdHooks: ((rt: Runtime) => void)[] = [];

/** Calls `hook` for every runtime made from now on (the otel agent instruments them); returns the remover. */
export function onRuntimeCreated(hook: (rt: Runtime) => void): () => void {
  createdHooks.push(hook);
  return () => {
    const i = createdHooks.indexOf(hook);
    if (i >= 0) createdHooks.splice(i, 1);
  };
}

let defaultRuntime: Runtime | null = null;

/** Decides which runtime is the current one in a context (the Vitest plugin: the running test's). */
export interface RuntimeResolver {
  /** The runtime of the current context, or undefined to fall back to the default one. */
  current(): Runtime | undefined;
  /** `setRuntime` inside a context: replace that context's runtime; return the previous one, or undefined if not in a context. */
  replace(rt: Runtime): Runtime | undefined;
}

let resolver: RuntimeResolver | null = null;

/** The current runtime: the resolver's for the current context, else the default one (made on first use). */
export function runtime(): Runtime {
  if (resolver !== null) {
    const rt = resolver.current();
    if (rt !== undefined) return rt;
  }
  if (defaultRuntime === null) defaultRuntime = new Runtime();
  return defaultRuntime;
}

/** Replaces the current runtime (the context's, under a resolver; else the default one); returns the previous one. */
export function setRuntime(rt: Runtime): Runtime | null {
  if (resolver !== null) {
    const old = resolver.replace(rt);
    if (old !== undefined) return old;
  }
  const old = defaultRuntime;
  defaultRuntime = rt;
  return old;
}

/**
 * Installs a resolver: `runtime()` and `setRuntime()` ask it first (the Vitest
 * plugin's answers with the running test's runtime, so concurrent tests each
 * get their own). Returns the previous resolver.
 */
export function setRuntimeResolver(r: RuntimeResolver | null): RuntimeResolver | null {
  const old = resolver;
  resolver = r;
  return old;
}

export { From };
