/**
 * A process: mailbox, receiver (what it is waiting for), links, monitors,
 * flags. The runtime owns processes; user code sees a process through `Self`
 * (its own view) and `Pid` (everyone else's).
 */
import type { AsyncResource } from 'node:async_hooks';
import type { From } from './from.ts';
import type { Kernel } from './kernel.ts';
import { checkBoolean } from './args.ts';
import { Queue } from './queue.ts';
import { ProcessExtras } from './process-extras.ts';
export { LABEL_TEXT_LIMIT } from './process-extras.ts';
import { unwrap, type DebugOptions } from './hooks.ts';
import { NODE, Pid, tuple, type Dest, type ExitReason, type MonitorObject, type Ref } from './terms.ts';
import type { Monitor } from './monitor.ts';
import { NO_MESSAGE, TIMEOUT, isAsyncFunction, type Matcher, type ProcessBody, type Receiver, type Self, type SpawnOptions, type Timeout } from './self.ts';

export { NO_MESSAGE, TIMEOUT, isAsyncFunction, type Matcher, type ProcessBody, type Receiver, type Self, type SpawnOptions, type Timeout };

const NO_ANCESTORS: readonly (Pid | string)[] = Object.freeze([]);

/** The runtime's record of one process. Internal: user code holds `Pid` and `Self`. */
export class Process implements Self {
  readonly pid: Pid;
  readonly runtime: Kernel;
  readonly mailbox = new Queue<unknown>(0);
  receiver: Receiver | null = null;
  /** In the run queue. */
  queued = false;
  /** Inside runSlice right now. */
  running = false;
  /** Waiting for an async handler to settle. */
  busy = false;
  /** Its body has returned (its loop, if any, keeps it alive). */
  bodyDone = false;
  /**
   * Its code may go on after an `await` (an async body, loop handler or
   * behaviour callback, or one that returned a promise): its slices run in its
   * async context, so that code still knows its process (see current.ts).
   */
  asyncContext = false;
  /** Its async context, made at its first slice in it (see current.ts `inContext`). */
  contextScope: AsyncResource | null = null;
  dead = false;
  exitReason: ExitReason = undefined;
  trapping = false;
  name: string | null = null;
  behaviour: string;
  links: Set<Process> | null = null;
  monitors: Map<Ref, Monitor> | null = null;
  monitoredBy: Map<Ref, Monitor> | null = null;
  /** Calls waiting on this process as a server: the head of a list linked through `From.nextCall`. */
  pendingCalls: From | null = null;
  /** sys debug options (trace/log/statistics/install); null when none: the fast path. */
  debug: DebugOptions | null = null;
  /** sys suspend flag. */
  suspended = false;
  /** Sleeping in hibernate (a behaviour's 'hibernate' return) until its next message. */
  hibernating = false;
  parent: Pid | null;
  ancestors: readonly (Pid | string)[];
  /** The sys hooks of a special process (GenServer, Supervisor, hand-written), if any. */
  special: unknown = null;
  body: ProcessBody | null;
  /** Neighbours in the runtime's list of live processes. */
  prevLive: Process | null = null;
  nextLive: Process | null = null;
  /**
   * A stream listener wants this process's own events (`subscribe(l, { pid })`):
   * its per-message events are built although no listener wants every process's.
   */
  watched = false;
  /**
   * This process's messages take the hooked path (gates.ts): an instrumentation
   * runs, a listener wants every process's per-message events, or this process
   * is `watched`. The one check its sends and its handling make. Always true
   * once dead (its last signals look at every gate).
   */
  hooked = false;
  /**
   * The instrumentation's slot on this process (otel/: the span of the handling
   * in progress), so it needs no map from processes; null while it has none.
   */
  trace: unknown = null;
  /** Messages delivered to this process and sent by it, while the runtime counts them (`Runtime.countMessages`). */
  received = 0;
  sent = 0;
  /** The rarely used fields, allocated on first write (an idle process stays small). */
  private extras: ProcessExtras | null = null;

  private more(): ProcessExtras {
    return (this.extras ??= new ProcessExtras());
  }

  /** Called when the process's own code throws (proc_lib's crash report), before it ends. */
  get crashHook(): ((thrown: unknown, reason: ExitReason) => void) | null {
    return this.extras === null ? null : this.extras.crashHook;
  }
  set crashHook(v: ((thrown: unknown, reason: ExitReason) => void) | null) {
    if (v !== null || this.extras !== null) this.more().crashHook = v;
  }

  /** Called once the process has ended (proc_lib's synchronous start watches this). */
  get exitHook(): ((reason: ExitReason) => void) | null {
    return this.extras === null ? null : this.extras.exitHook;
  }
  set exitHook(v: ((reason: ExitReason) => void) | null) {
    if (v !== null || this.extras !== null) this.more().exitHook = v;
  }

  /** Callbacks run once the process has ended (GenServer.stop waits with these). */
  get exitWaiters(): ((reason: ExitReason) => void)[] | null {
    return this.extras === null ? null : this.extras.exitWaiters;
  }
  set exitWaiters(v: ((reason: ExitReason) => void)[] | null) {
    if (v !== null || this.extras !== null) this.more().exitWaiters = v;
  }

  /** The context carried at spawn (instrumented runtimes only). */
  get spawnCtx(): unknown {
    return this.extras === null ? undefined : this.extras.spawnCtx;
  }
  set spawnCtx(v: unknown) {
    if (v !== undefined || this.extras !== null) this.more().spawnCtx = v;
  }

  /** proc_lib: settles the parent's pending start with the ack value. */
  get ackHook(): ((value: unknown) => void) | null {
    return this.extras === null ? null : this.extras.ackHook;
  }
  set ackHook(v: ((value: unknown) => void) | null) {
    if (v !== null || this.extras !== null) this.more().ackHook = v;
  }

  /** proc_lib's initial call, as 'module:function/arity'. */
  get initialCall(): string | null {
    return this.extras === null ? null : this.extras.initialCall;
  }
  set initialCall(v: string | null) {
    if (v !== null || this.extras !== null) this.more().initialCall = v;
  }

  /** Process dictionary (user keys). */
  get dict(): Map<unknown, unknown> | null {
    return this.extras === null ? null : this.extras.dict;
  }
  set dict(v: Map<unknown, unknown> | null) {
    if (v !== null || this.extras !== null) this.more().dict = v;
  }

  /** `Self.setLabel`'s term (undefined: none). */
  get label(): unknown {
    return this.extras === null ? undefined : this.extras.label;
  }

  /** The label as text (at most 64 characters), or null. */
  get labelText(): string | null {
    return this.extras === null ? null : this.extras.labelText;
  }

  setLabel(label: unknown): void {
    if (label === undefined && this.extras === null) return;
    this.more().setLabel(label);
  }

  constructor(runtime: Kernel, id: number, body: ProcessBody | null, parent: Process | null, behaviour: string) {
    this.runtime = runtime;
    this.pid = new Pid(id, this);
    this.body = body;
    this.parent = parent === null ? null : parent.pid;
    this.ancestors = parent === null ? NO_ANCESTORS : parent.childAncestors();
    this.behaviour = behaviour;
  }

  /** The ancestors of a process this one spawns (one shared list per parent while its name stays the same). */
  childAncestors(): readonly (Pid | string)[] {
    const x = this.more();
    if (x.ancestorsOfChildren === null || x.ancestorsNamedAs !== this.name) {
      x.ancestorsOfChildren = [this.name ?? this.pid, ...this.ancestors];
      x.ancestorsNamedAs = this.name;
    }
    return x.ancestorsOfChildren;
  }

  receive<T = unknown>(match?: Matcher<T> | null): Promise<T>;
  receive<T = unknown>(match: Matcher<T> | null | undefined, after: number): Promise<T | Timeout>;
  receive<T = unknown>(match?: Matcher<T> | null, after?: number): Promise<T | Timeout> {
    return this.runtime.receive(this, match ?? null, after) as Promise<T | Timeout>;
  }

  loop(handler: (msg: unknown) => unknown, match: Matcher | null = null): void {
    this.runtime.setLoop(this, handler, match);
  }

  stopLoop(): void {
    if (this.receiver !== null && this.receiver.persistent) this.receiver = null;
    if (this.bodyDone && !this.dead && this.receiver === null) this.runtime.terminate(this, 'normal');
  }

  send(dest: Dest, msg: unknown): void {
    // a killed process's code may still run after its current await: it sends nothing more
    if (this.dead) return;
    this.runtime.delivery.send(dest, msg, this); // straight to the part: one call less on the hottest path
  }

  spawn(body: ProcessBody, opts?: SpawnOptions): Pid {
    return this.runtime.spawnFrom(this, body, opts);
  }

  spawnLink(body: ProcessBody, opts?: SpawnOptions): Pid {
    return this.runtime.spawnFrom(this, body, { ...opts, link: true });
  }

  spawnMonitor(body: ProcessBody, opts?: SpawnOptions): [Pid, Ref] {
    const pid = this.runtime.spawnFrom(this, body, opts);
    return [pid, this.runtime.monitor(this, pid)];
  }

  link(pid: Pid): true {
    return this.runtime.link(this, pid);
  }

  unlink(pid: Pid): true {
    return this.runtime.unlink(this, pid);
  }

  monitor(target: Dest): Ref {
    return this.runtime.monitor(this, target);
  }

  demonitor(ref: Ref, opts?: { flush?: boolean; info?: boolean }): boolean {
    return this.runtime.demonitor(this, ref, opts);
  }

  trapExit(flag: boolean): boolean {
    checkBoolean('trapExit', flag);
    const old = this.trapping;
    this.trapping = flag;
    return old;
  }

  exit(reason: ExitReason): never {
    return this.runtime.exitSelf(reason);
  }

  exitSignal(pid: Pid, reason: ExitReason): true {
    return this.runtime.exit(pid, reason, this);
  }

  register(name: string, pid: Pid = this.pid): true {
    this.runtime.checkActing(this);
    return this.runtime.register(name, pid);
  }

  put(key: unknown, value: unknown): unknown {
    if (this.dict === null) this.dict = new Map();
    const old = this.dict.get(key);
    this.dict.set(key, value);
    return old;
  }

  get(key: unknown): unknown {
    return this.dict?.get(key);
  }

  /**
   * Drops what a dead process holds: its mailbox storage, its behaviour's loop
   * state, debug options (closing a log file), body, dictionary and carried
   * context. The record keeps its pid, exit reason and ancestry.
   */
  release(): void {
    this.mailbox.release();
    this.special = null;
    if (this.debug !== null) {
      this.debug.clear();
      this.debug = null;
    }
    this.body = null;
    this.extras?.release();
  }

  /** The messages in the mailbox, oldest first (without carried contexts). */
  messages(): unknown[] {
    return this.mailbox.toArray().map(unwrap);
  }

  /** Removes the first queued message satisfying `pred`; true if one was removed. */
  removeMessage(pred: (msg: unknown) => boolean): boolean {
    const box = this.mailbox;
    for (let i = 0; i < box.length; i++) {
      if (pred(unwrap(box.at(i)))) {
        box.removeAt(i);
        if (this.receiver !== null && this.receiver.scanned > i) this.receiver.scanned--;
        return true;
      }
    }
    return false;
  }

  /** The object monitors of this process report. */
  monitorObject(byName: string | null): MonitorObject {
    return byName === null ? this.pid : tuple(byName, NODE);
  }
}
