/**
 * What the diagnostics endpoint keeps about a runtime, and only while a client
 * is connected (`acquire` / `release`): per-process message counts and rates
 * over the sampling interval (the runtime's counters, `countMessages`), the
 * last lifecycle event of each process and the supervisors' restarts (a
 * listener of the rare kinds only: no message builds an event for it), the
 * node header (processes, message rates, run queue, scheduler slices and
 * yields, event loop, heap). With no holder nothing is counted, listened to
 * or sampled.
 */
import { clearInterval, setInterval } from 'node:timers';
import { formatTerm, redactedText, type Process, type Runtime, type SysEvent, type SysEventKind } from '../runtime/index.ts';
import { NodeStats, type LoopStats } from './node-stats.ts';

/** The kinds the collector listens to: none of them is made per message. */
export const LIFECYCLE_KINDS: readonly SysEventKind[] = [
  'spawn',
  'exit',
  'link',
  'unlink',
  'monitor',
  'demonitor',
  'register',
  'unregister',
  'suspend',
  'resume',
  'state-replaced',
  'receive-timeout',
  'timer-fired',
  'crash-report',
  'child-started',
  'child-terminated',
  'child-restarted',
  'intensity-exceeded',
];

/** A process's counts at the last sample. */
export interface ProcSample {
  received: number;
  sent: number;
  /** Messages per second over the last sampling interval. */
  inRate: number;
  outRate: number;
  /** When its counts last changed (performance.now ms), or 0. */
  activeAt: number;
  /** The sample pass that saw it last. */
  epoch: number;
}

/** The last lifecycle event of a process. */
export interface LastEvent {
  readonly kind: string;
  /** performance.now ms. */
  readonly time: number;
}

/** One restart a supervisor made. */
export interface RestartRecord {
  /** Epoch ms. */
  readonly at: number;
  readonly childId: string;
  /** The new child. */
  readonly child: string | null;
  /** The exit reason that made it restart, as the redactor lets it out for 'log'. */
  readonly reason: string;
}

/** The node header: the runtime and Node at the last sample. */
export interface NodeHeader {
  /** Epoch ms of the sample. */
  readonly at: number;
  readonly pid: number;
  readonly node: string;
  readonly uptimeSeconds: number;
  readonly processes: number;
  readonly runQueue: number;
  /** Messages delivered and sent per second over the last interval. */
  readonly messagesInPerSecond: number;
  readonly messagesOutPerSecond: number;
  /** Scheduler slices and yields per second (null: the scheduler does not count them). */
  readonly slicesPerSecond: number | null;
  readonly yieldsPerSecond: number | null;
  readonly loop: LoopStats;
  /** How long each interval is, in ms. */
  readonly sampleMs: number;
  /** Epoch ms since when messages are counted (the first client's arrival). */
  readonly countingSince: number;
}

/** Restart records kept per supervisor. */
const HISTORY = 20;

/** Characters of a restart reason's text. */
const REASON_CHARS = 200;

/** The collector of one runtime (see the module comment). */
export class Collector {
  readonly rt: Runtime;
  readonly sampleMs: number;
  private holders = 0;
  private unsubscribe: (() => void) | null = null;
  private timer: ReturnType<typeof setInterval> | null = null;
  private readonly stats = new NodeStats();
  private epoch = 0;
  private lastAt = 0;
  private lastSlices = 0;
  private lastYields = 0;
  private lastExternalSent = 0;
  private since = 0;
  /** Per-process counts at the last sample. */
  readonly samples = new Map<Process, ProcSample>();
  /** The last lifecycle event per process. */
  readonly lastEvents = new Map<Process, LastEvent>();
  /** Which supervisor child a process is: its supervisor and child id. */
  private readonly childOf = new WeakMap<Process, { readonly sup: Process; readonly id: string }>();
  /** Restarts per supervisor and child id, and each supervisor's last restarts. */
  private readonly restarts = new Map<Process, Map<string, number>>();
  private readonly history = new Map<Process, RestartRecord[]>();
  private header: NodeHeader | null = null;
  private readonly sampleListeners = new Set<(h: NodeHeader) => void>();
  private readonly treeListeners = new Set<() => void>();

  constructor(rt: Runtime, sampleMs = 1000) {
    this.rt = rt;
    this.sampleMs = sampleMs;
  }

  /** True while a client holds the collector (it is attached to the runtime). */
  get attached(): boolean {
    return this.holders > 0;
  }

  /** A client arrived: the first one attaches (counting, the listener, the sampling timer). */
  acquire(): void {
    if (this.holders++ > 0) return;
    this.rt.countMessages(true);
    this.unsubscribe = this.rt.subscribe((e) => this.onEvent(e), { kinds: LIFECYCLE_KINDS });
    this.stats.start();
    this.since = Date.now();
    this.lastAt = performance.now();
    this.lastSlices = this.rt.scheduler.slices ?? 0;
    this.lastYields = this.rt.scheduler.yields ?? 0;
    this.lastExternalSent = 0;
    this.sample();
    this.timer = setInterval(() => this.sample(), this.sampleMs);
    this.timer.unref();
  }

  /** A client left: the last one detaches, and everything kept is dropped. */
  release(): void {
    if (this.holders === 0 || --this.holders > 0) return;
    this.rt.countMessages(false);
    this.unsubscribe?.();
    this.unsubscribe = null;
    if (this.timer !== null) clearInterval(this.timer);
    this.timer = null;
    this.stats.stop();
    this.samples.clear();
    this.lastEvents.clear();
    this.restarts.clear();
    this.history.clear();
    this.header = null;
  }

  /** Calls `fn` with each new header (returns the remover). */
  onSample(fn: (h: NodeHeader) => void): () => void {
    this.sampleListeners.add(fn);
    return () => void this.sampleListeners.delete(fn);
  }

  /** Calls `fn` when a supervisor starts, stops or restarts a child (returns the remover). */
  onTreeChange(fn: () => void): () => void {
    this.treeListeners.add(fn);
    return () => void this.treeListeners.delete(fn);
  }

  /** The header of the last sample (one is taken now if there is none yet). */
  node(): NodeHeader {
    return this.header ?? this.sample();
  }

  /** Restarts of `p`'s child slot (as a supervisor's child), or, for a supervisor, of all its children. */
  restartsOf(p: Process): number {
    const own = this.restarts.get(p);
    let n = 0;
    if (own !== undefined) for (const v of own.values()) n += v;
    const slot = this.childOf.get(p);
    if (slot !== undefined) n += this.restarts.get(slot.sup)?.get(slot.id) ?? 0;
    return n;
  }

  /** Restarts of one child slot of `sup`. */
  restartsOfChild(sup: Process, id: string): number {
    return this.restarts.get(sup)?.get(id) ?? 0;
  }

  /** The last restarts `sup` made (oldest first). */
  restartHistory(sup: Process): readonly RestartRecord[] {
    return this.history.get(sup) ?? [];
  }

  /** The last thing seen of `p`: its last lifecycle event or, if later, message activity. */
  lastEventOf(p: Process): LastEvent | null {
    const e = this.lastEvents.get(p) ?? null;
    const s = this.samples.get(p);
    if (s !== undefined && s.activeAt > 0 && (e === null || s.activeAt > e.time)) return { kind: 'message', time: s.activeAt };
    return e;
  }

  /** Takes a sample now: every live process's counts and rates, and the node header. */
  sample(): NodeHeader {
    const now = performance.now();
    const dt = Math.max(1, now - this.lastAt) / 1000;
    const epoch = ++this.epoch;
    let totalIn = 0;
    let totalOut = 0;
    for (const pid of this.rt.processes()) {
      const p = pid.proc;
      let s = this.samples.get(p);
      if (s === undefined) {
        s = { received: 0, sent: 0, inRate: 0, outRate: 0, activeAt: 0, epoch };
        this.samples.set(p, s);
      }
      const dIn = p.received - s.received;
      const dOut = p.sent - s.sent;
      s.inRate = Math.round(dIn / dt);
      s.outRate = Math.round(dOut / dt);
      if (dIn !== 0 || dOut !== 0) s.activeAt = now;
      s.received = p.received;
      s.sent = p.sent;
      s.epoch = epoch;
      totalIn += dIn;
      totalOut += dOut;
    }
    for (const [p, s] of this.samples) if (s.epoch !== epoch) this.samples.delete(p);
    const ext = this.rt.external.sent;
    totalOut += ext - this.lastExternalSent;
    this.lastExternalSent = ext;
    const sched = this.rt.scheduler;
    const slices = sched.slices;
    const yields = sched.yields;
    const header: NodeHeader = {
      at: Date.now(),
      pid: process.pid,
      node: process.version,
      uptimeSeconds: Math.round(process.uptime()),
      processes: this.rt.processCount,
      runQueue: sched.runnable,
      messagesInPerSecond: Math.round(totalIn / dt),
      messagesOutPerSecond: Math.round(totalOut / dt),
      slicesPerSecond: slices === undefined ? null : Math.round((slices - this.lastSlices) / dt),
      yieldsPerSecond: yields === undefined ? null : Math.round((yields - this.lastYields) / dt),
      loop: this.stats.read(),
      sampleMs: this.sampleMs,
      countingSince: this.since,
    };
    this.lastSlices = slices ?? 0;
    this.lastYields = yields ?? 0;
    this.lastAt = now;
    this.header = header;
    for (const fn of this.sampleListeners) {
      try {
        fn(header);
      } catch {
        // a session that fails to take a header is its own problem
      }
    }
    return header;
  }

  private onEvent(e: SysEvent): void {
    const p = e.pid.proc;
    if (e.kind === 'exit') {
      this.lastEvents.delete(p);
      this.samples.delete(p);
      this.restarts.delete(p);
      this.history.delete(p);
      return;
    }
    this.lastEvents.set(p, { kind: e.kind, time: e.time });
    switch (e.kind) {
      case 'child-started':
      case 'child-restarted': {
        const id = childIdText(e.childId);
        if (e.child !== null) this.childOf.set(e.child.proc, { sup: p, id });
        if (e.kind === 'child-restarted') {
          let own = this.restarts.get(p);
          if (own === undefined) this.restarts.set(p, (own = new Map()));
          own.set(id, (own.get(id) ?? 0) + 1);
          let h = this.history.get(p);
          if (h === undefined) this.history.set(p, (h = []));
          h.push({
            at: Date.now(),
            childId: id,
            child: e.child === null ? null : String(e.child),
            reason: redactedText(this.rt.redactor, e.reason, 'log', REASON_CHARS) ?? `<${typeof e.reason}>`,
          });
          if (h.length > HISTORY) h.shift();
        }
        this.treeChanged();
        break;
      }
      case 'child-terminated':
      case 'intensity-exceeded':
        this.treeChanged();
        break;
      default:
        break;
    }
  }

  private treeChanged(): void {
    for (const fn of this.treeListeners) {
      try {
        fn();
      } catch {
        // as for samples
      }
    }
  }
}

/** A child id as text (ids are names given by code: strings, or terms printed bounded). */
export function childIdText(id: unknown): string {
  return typeof id === 'string' ? id.slice(0, 100) : formatTerm(id, { chars: 100 });
}
