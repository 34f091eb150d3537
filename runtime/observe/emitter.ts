/**
 * Emission: where the one typed event union is made. The kernel tells the
 * emitter what happens (it implements the kernel's `KernelEvents` hook); the
 * behaviours report their sys debug events here too (`debugIn`, `debugOut`,
 * …). Each event is stamped once — sequence number, time (read only while a
 * listener or the process's sys trace/log asked for it; NaN otherwise), pid,
 * name, behaviour — and handed to the listeners that want it (listeners.ts), and a
 * debug event also to the process's sys debug options. Nothing here runs while
 * nobody listens: the kernel checks `listening` first, the behaviours check
 * `p.debug !== null || listening`.
 */
import type { From } from '../kernel/from.ts';
import type { KernelEvents } from '../kernel/hooks.ts';
import type { Kernel } from '../kernel/kernel.ts';
import type { Process } from '../kernel/process.ts';
import { stackFrames } from '../kernel/redact.ts';
import type { ExitReason, MonitorObject, Pid, Ref } from '../kernel/terms.ts';
import { debugStateOf, type DebugState } from './debug.ts';
import type { DebugEventBody, InEvent, MessageKind, NoReplyEvent, OutEvent, SysEvent } from './events.ts';
import { Listeners, type EventListener, type Interest, type ListenerInterest } from './listeners.ts';

/** The clock of event timestamps: Node's own, captured (real time also under fake timers; no global lookup per event). */
const eventNow: () => number = performance.now.bind(performance);

/** What `time` holds when no listener asked for time (see `Interest.time`). */
export const NO_TIME = NaN;

/** The fields every event carries. */
export interface EventStamp {
  seq: number;
  time: number;
  pid: Pid;
  name: string | null;
  behaviour: string;
}

/** Makes, stamps and publishes the events of one runtime. */
export class Emitter implements KernelEvents {
  private readonly k: Kernel;
  private seq = 0;
  /** The stream's listeners, indexed by the pid and kinds they want (listeners.ts). */
  private readonly listeners = new Listeners(
    (listener, e) => this.listenerFailed(listener, e),
    (pid, watched) => {
      this.k.setWatched(pid.proc, watched);
    },
  );
  private readonly failedListeners = new WeakSet<EventListener>();
  /** Some listener asked for time (`Interest.time`): events read the clock. Else `time` is NaN. */
  private timed = false;

  constructor(k: Kernel) {
    this.k = k;
  }

  /**
   * Adds a listener for the events it declares interest in (default: all;
   * `{ pid }`, `{ kinds }` or both: only those); returns its remover.
   */
  subscribe(listener: EventListener, interest?: Interest): () => void {
    const remove = this.listeners.add(listener, interest);
    this.tellKernel();
    return () => {
      remove();
      this.tellKernel();
    };
  }

  /** Tells the kernel what is watched now, so its gates follow. */
  private tellKernel(): void {
    const l = this.listeners;
    this.timed = l.timed > 0;
    this.k.watch({ listening: l.size > 0, hot: l.hot });
  }

  /** What the listeners want: their number, the pids they watch, whether an event would reach one. */
  get interest(): ListenerInterest {
    return this.listeners;
  }

  /** The fields every event of `p` carries, with the next sequence number and the time now (NaN when no listener asked for time). */
  base(p: Process): EventStamp {
    return { seq: ++this.seq, time: this.timed ? eventNow() : NO_TIME, pid: p.pid, name: p.name, behaviour: p.behaviour };
  }

  /** The time of a debug event of a process with debug options `d`: read when a listener or its own sys trace/log asked for it. */
  private debugTime(d: DebugState | null): number {
    return this.timed || (d !== null && d.timed) ? eventNow() : NO_TIME;
  }

  /**
   * Publishes an event to the listeners that want it, in the order they
   * subscribed; one that throws is reported and skipped. The events made here
   * are published through the runtime's `emit` (which calls this): one
   * publishing point, which a tool may wrap.
   */
  emit(event: SysEvent): void {
    this.listeners.emit(event);
  }

  private listenerFailed(listener: EventListener, e: unknown): void {
    if (this.failedListeners.has(listener)) return;
    this.failedListeners.add(listener);
    this.k.log({ level: 'error', label: 'event_listener_failed', report: { error: this.k.redact(e, 'crash-report'), stack: stackFrames(e) } });
  }

  // ---------------------------------------------------------------- what the kernel tells

  spawned(p: Process, parent: Process | null): void {
    this.k.emit({ ...this.base(p), kind: 'spawn', parent: parent === null ? null : parent.pid });
  }

  exited(p: Process, reason: ExitReason): void {
    this.k.emit({ ...this.base(p), kind: 'exit', reason });
  }

  linked(a: Process, b: Process): void {
    this.k.emit({ ...this.base(a), kind: 'link', other: b.pid });
  }

  unlinked(a: Process, b: Process): void {
    this.k.emit({ ...this.base(a), kind: 'unlink', other: b.pid });
  }

  monitored(watcher: Process, ref: Ref, target: MonitorObject): void {
    this.k.emit({ ...this.base(watcher), kind: 'monitor', ref, target });
  }

  demonitored(watcher: Process, ref: Ref, target: MonitorObject): void {
    this.k.emit({ ...this.base(watcher), kind: 'demonitor', ref, target });
  }

  registered(p: Process, name: string): void {
    this.k.emit({ ...this.base(p), kind: 'register', registered: name });
  }

  unregistered(p: Process, name: string): void {
    this.k.emit({ ...this.base(p), kind: 'unregister', registered: name });
  }

  /** The hottest event: one literal, not a spread of base(). */
  sent(from: Process, to: Process, msg: unknown, delivered: boolean): void {
    this.k.emit({ seq: ++this.seq, time: this.timed ? eventNow() : NO_TIME, pid: from.pid, name: from.name, behaviour: from.behaviour, kind: 'send', to: to.pid, message: msg, delivered });
  }

  received(p: Process, msg: unknown): void {
    this.k.emit({ seq: ++this.seq, time: this.timed ? eventNow() : NO_TIME, pid: p.pid, name: p.name, behaviour: p.behaviour, kind: 'in', messageKind: 'info', message: msg });
  }

  receiveTimedOut(p: Process, after: number): void {
    this.k.emit({ ...this.base(p), kind: 'receive-timeout', after });
  }

  timerFired(p: Process, ref: Ref, msg: unknown): void {
    this.k.emit({ ...this.base(p), kind: 'timer-fired', ref, message: msg });
  }

  // ---------------------------------------------------------------- sys debug events of behaviours

  /**
   * A sys debug event of `p` (OTP `sys:handle_debug`): to its debug options
   * (trace, log, statistics, installed functions) and to the listeners.
   */
  debug(p: Process, body: DebugEventBody, procName?: string | Pid): void {
    const d = debugStateOf(p);
    const event = { seq: ++this.seq, time: this.debugTime(d), pid: p.pid, name: p.name, behaviour: p.behaviour, ...body } as SysEvent;
    if (d !== null) d.handle(event as Parameters<typeof d.handle>[0], procName);
    if (this.k.listening) this.k.emit(event);
  }

  /** A behaviour's `{in, Msg}` (one literal: the hot path of every GenServer message). */
  debugIn(p: Process, messageKind: MessageKind, message: unknown, from?: From): void {
    const d = debugStateOf(p);
    const e: InEvent = { seq: ++this.seq, time: this.timed || (d !== null && d.timed) ? eventNow() : NO_TIME, pid: p.pid, name: p.name, behaviour: p.behaviour, kind: 'in', messageKind, message, from };
    if (d !== null) d.handle(e);
    if (this.k.listening) this.k.emit(e);
  }

  /** A behaviour's `{out, Reply, To, State}`. */
  debugOut(p: Process, reply: unknown, to: From | Pid, state: unknown): void {
    const d = debugStateOf(p);
    const e: OutEvent = { seq: ++this.seq, time: this.timed || (d !== null && d.timed) ? eventNow() : NO_TIME, pid: p.pid, name: p.name, behaviour: p.behaviour, kind: 'out', reply, to, state, hasState: true };
    if (d !== null) d.handle(e);
    if (this.k.listening) this.k.emit(e);
  }

  /** A behaviour's `{noreply, State}`. */
  debugNoReply(p: Process, state: unknown): void {
    const d = debugStateOf(p);
    const e: NoReplyEvent = { seq: ++this.seq, time: this.debugTime(d), pid: p.pid, name: p.name, behaviour: p.behaviour, kind: 'noreply', state };
    if (d !== null) d.handle(e);
    if (this.k.listening) this.k.emit(e);
  }

  /** `debug` for the behaviours' own hot paths: `body` is a fresh literal the caller gives away, stamped in place (no copy). */
  debugOwned(p: Process, body: DebugEventBody): void {
    const event = body as DebugEventBody & EventStamp;
    const d = debugStateOf(p);
    event.seq = ++this.seq;
    event.time = this.debugTime(d);
    event.pid = p.pid;
    event.name = p.name;
    event.behaviour = p.behaviour;
    if (d !== null) d.handle(event as Parameters<typeof d.handle>[0]);
    if (this.k.listening) this.k.emit(event as SysEvent);
  }
}
