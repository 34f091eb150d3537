/**
 * Bounded live tracing, on recon_trace's model. A trace names its processes
 * (a pid, a registered name, a label or a behaviour: never "everything"), the
 * event kinds and an optional message pattern, and must have a limit — a
 * count of events, or a rate (N events per interval) — and a duration cap.
 * It stops itself when the count is reached, the rate is exceeded, the
 * duration is over, its targets have all exited, its client cannot keep up
 * or disconnects, and says why.
 *
 * Each target gets a listener of its own pid (`rt.subscribe(l, { pid, kinds })`),
 * so untraced processes pay nothing. The listener is the minimal tracer: it
 * matches, counts, checks the limit and queues the event; a separate
 * formatter, run on `setImmediate`, redacts ('log' site) and formats the
 * queued events and hands them to the client, so the traced process never
 * waits for text or I/O, and a backlog stops the trace instead of growing.
 */
import { setImmediate } from 'node:timers';
import { clearTimeout, setTimeout } from 'node:timers';
import { shapeOf, type Process, type Runtime, type SysEvent, type SysEventKind } from '../runtime/index.ts';
import { messageOf, messageText, showEvent, type ShownEvent } from './event-text.ts';
import { Refused } from './http.ts';
import { findProcess, parsePidText } from './process-view.ts';

/** Every event kind (what a trace may ask for). */
export const ALL_KINDS: readonly SysEventKind[] = [
  'in',
  'out',
  'noreply',
  'continue',
  'custom',
  'send',
  'receive-timeout',
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
  'timer-fired',
  'crash-report',
  'child-started',
  'child-terminated',
  'child-restarted',
  'intensity-exceeded',
];

/** The bounds a trace request must stay within. */
export const TRACE_BOUNDS = {
  /** Most events of a count limit. */
  maxCount: 10_000,
  /** Most events per interval of a rate limit, and the interval's range in ms. */
  maxRate: 1_000,
  minPerMs: 10,
  maxPerMs: 60_000,
  /** Duration cap: default and most, in ms. */
  defaultDurationMs: 60_000,
  maxDurationMs: 600_000,
  /** Most processes one trace may name (a behaviour matching more is refused). */
  maxTargets: 50,
  /** Events queued for the formatter before the trace stops (its client is not keeping up). */
  maxQueued: 1_000,
  /** Characters of a pattern. */
  maxPattern: 200,
} as const;

/** A trace's limit: a count of events, or a rate. */
export type TraceLimit = { readonly count: number } | { readonly rate: number; readonly perMs: number };

/** What a trace asks for, checked. */
export interface TraceSpec {
  readonly targets: readonly Process[];
  /** How the targets were named, for the client: `pid <0.5.0>`, `behaviour gen_server`, … */
  readonly target: string;
  readonly kinds: readonly SysEventKind[];
  readonly pattern: string | null;
  readonly limit: TraceLimit;
  readonly durationMs: number;
}

/** Why a trace stopped. */
export type StopReason = 'count' | 'rate' | 'duration' | 'targets-exited' | 'backlog' | 'client-disconnected' | 'stopped' | 'endpoint-closed';

/** What a stopped trace reports. */
export interface TraceStopped {
  readonly id: string;
  readonly reason: StopReason;
  /** A sentence saying why. */
  readonly message: string;
  /** Events sent to the client. */
  readonly events: number;
}

/** Where a trace's output goes (its client's event stream). */
export interface TraceSink {
  event(id: string, e: ShownEvent): void;
  stopped(s: TraceStopped): void;
  /** True when the client's connection is backed up (the trace stops rather than queue). */
  readonly backedUp: boolean;
}

const kindSet = new Set<string>(ALL_KINDS);

/** A positive whole number within `max`, or a 400 naming the field. */
function whole(v: unknown, field: string, min: number, max: number): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) {
    throw new Refused(400, 'bad_trace', `${field} must be a whole number from ${min} to ${max}`);
  }
  return v;
}

/**
 * Checks a trace request and resolves its targets. Refuses (400) a request
 * with no limit, a limit out of bounds, no target or more than one way of
 * naming it, unknown kinds, a target matching too many processes; 404 when
 * nothing matches.
 */
export function traceSpec(rt: Runtime, body: Record<string, unknown>): TraceSpec {
  const limit = body.limit;
  if (limit === undefined || limit === null) {
    throw new Refused(
      400,
      'limit_required',
      `a trace needs a limit: {"count": N} (at most ${TRACE_BOUNDS.maxCount} events) or {"rate": N, "perMs": M} (at most ${TRACE_BOUNDS.maxRate} events per interval); it stops itself when the limit trips`,
    );
  }
  if (typeof limit !== 'object' || Array.isArray(limit)) throw new Refused(400, 'bad_trace', 'limit must be {"count": N} or {"rate": N, "perMs": M}');
  const l = limit as Record<string, unknown>;
  let checked: TraceLimit;
  if (l.count !== undefined && l.rate === undefined) checked = { count: whole(l.count, 'limit.count', 1, TRACE_BOUNDS.maxCount) };
  else if (l.rate !== undefined && l.count === undefined) {
    checked = { rate: whole(l.rate, 'limit.rate', 1, TRACE_BOUNDS.maxRate), perMs: whole(l.perMs ?? 1000, 'limit.perMs', TRACE_BOUNDS.minPerMs, TRACE_BOUNDS.maxPerMs) };
  } else throw new Refused(400, 'bad_trace', 'limit must be {"count": N} or {"rate": N, "perMs": M}, one of the two');
  const durationMs = body.durationMs === undefined ? TRACE_BOUNDS.defaultDurationMs : whole(body.durationMs, 'durationMs', 1, TRACE_BOUNDS.maxDurationMs);

  let kinds: readonly SysEventKind[] = ALL_KINDS;
  if (body.kinds !== undefined) {
    if (!Array.isArray(body.kinds) || body.kinds.length === 0) throw new Refused(400, 'bad_trace', 'kinds must be a non-empty list of event kinds');
    const bad = body.kinds.filter((k) => typeof k !== 'string' || !kindSet.has(k));
    if (bad.length > 0) throw new Refused(400, 'bad_trace', `unknown event kinds ${JSON.stringify(bad).slice(0, 200)}; known: ${ALL_KINDS.join(', ')}`);
    kinds = [...new Set(body.kinds as SysEventKind[])];
  }
  let pattern: string | null = null;
  if (body.pattern !== undefined && body.pattern !== null && body.pattern !== '') {
    if (typeof body.pattern !== 'string' || body.pattern.length > TRACE_BOUNDS.maxPattern) {
      throw new Refused(400, 'bad_trace', `pattern must be text of at most ${TRACE_BOUNDS.maxPattern} characters`);
    }
    pattern = body.pattern;
  }

  const t = body.target;
  if (typeof t !== 'object' || t === null || Array.isArray(t)) {
    throw new Refused(400, 'target_required', 'a trace needs a target: {"pid": "<0.5.0>"}, {"name": "server"}, {"label": "…"} or {"behaviour": "gen_server"}; tracing everything is refused');
  }
  const target = t as Record<string, unknown>;
  const ways = ['pid', 'name', 'label', 'behaviour'].filter((k) => target[k] !== undefined);
  if (ways.length !== 1 || typeof target[ways[0]] !== 'string' || target[ways[0]] === '') {
    throw new Refused(400, 'target_required', 'name the target one way: pid, name, label or behaviour (a non-empty string); tracing everything is refused');
  }
  const way = ways[0];
  const value = target[way] as string;
  let targets: Process[];
  if (way === 'pid') {
    const id = parsePidText(value);
    if (id === null) throw new Refused(400, 'bad_pid', `${JSON.stringify(value.slice(0, 40))} is not a pid (<0.N.0>)`);
    const p = findProcess(rt, id);
    targets = p === undefined ? [] : [p];
  } else if (way === 'name') {
    const p = rt.resolve(value);
    targets = p === undefined ? [] : [p];
  } else {
    targets = rt
      .processes()
      .map((pid) => pid.proc)
      .filter((p) => (way === 'label' ? p.labelText === value : p.behaviour === value));
  }
  if (targets.length === 0) throw new Refused(404, 'no_such_process', `no live process has ${way} ${JSON.stringify(value.slice(0, 100))}`);
  if (targets.length > TRACE_BOUNDS.maxTargets) {
    throw new Refused(
      400,
      'too_many_targets',
      `${way} ${JSON.stringify(value.slice(0, 100))} matches ${targets.length} processes; a trace may name at most ${TRACE_BOUNDS.maxTargets} (trace one by pid, or by a label)`,
    );
  }
  return { targets, target: `${way} ${value}`, kinds, pattern, limit: checked, durationMs };
}

/** True when `e`'s message matches `pattern`: its shape's tag, or its text as the redactor lets it out ('log'). */
function matches(e: SysEvent, pattern: string, rt: Runtime): boolean {
  const m = messageOf(e);
  if (m === undefined) return false;
  if (m === pattern) return true;
  const shape = shapeOf(m);
  if (shape === `{${pattern},…}`) return true;
  return (messageText(e, rt.redactor) ?? '').includes(pattern);
}

/** One running trace. */
export class Trace {
  readonly id: string;
  readonly spec: TraceSpec;
  private readonly rt: Runtime;
  private readonly sink: TraceSink;
  private readonly unsubscribes = new Map<Process, () => void>();
  private readonly queue: SysEvent[] = [];
  private draining = false;
  private timer: ReturnType<typeof setTimeout> | null;
  private counted = 0;
  private sent = 0;
  private windowStart = 0;
  private inWindow = 0;
  private stoppedWith: StopReason | null = null;
  private readonly onStop: (t: Trace) => void;

  constructor(id: string, rt: Runtime, spec: TraceSpec, sink: TraceSink, onStop: (t: Trace) => void) {
    this.id = id;
    this.rt = rt;
    this.spec = spec;
    this.sink = sink;
    this.onStop = onStop;
    this.windowStart = performance.now();
    for (const p of spec.targets) {
      // the exit is always watched, to know when every target is gone
      const kinds = spec.kinds.includes('exit') ? spec.kinds : [...spec.kinds, 'exit' as const];
      this.unsubscribes.set(p, rt.subscribe((e) => this.tracer(e), { pid: p.pid, kinds }));
    }
    this.timer = setTimeout(() => this.stop('duration'), spec.durationMs);
    this.timer.unref();
  }

  /** Events counted so far. */
  get count(): number {
    return this.counted;
  }

  /** Why it stopped (null: running). */
  get stopped(): StopReason | null {
    return this.stoppedWith;
  }

  /** The tracer: match, count, check the limit, queue. No formatting, no I/O. */
  private tracer(e: SysEvent): void {
    if (this.stoppedWith !== null) return;
    const wanted = this.spec.kinds.includes(e.kind) && (this.spec.pattern === null || matches(e, this.spec.pattern, this.rt));
    if (wanted) {
      const limit = this.spec.limit;
      if ('rate' in limit) {
        const now = performance.now();
        if (now - this.windowStart >= limit.perMs) {
          this.windowStart = now;
          this.inWindow = 0;
        }
        if (++this.inWindow > limit.rate) {
          this.stop('rate');
          return;
        }
      }
      this.counted++;
      if (this.queue.length >= TRACE_BOUNDS.maxQueued || this.sink.backedUp) {
        this.stop('backlog');
        return;
      }
      this.queue.push(e);
      this.scheduleDrain();
      if ('count' in limit && this.counted >= limit.count) {
        this.stop('count');
        return;
      }
    }
    if (e.kind === 'exit') {
      const p = e.pid.proc;
      this.unsubscribes.get(p)?.();
      this.unsubscribes.delete(p);
      if (this.unsubscribes.size === 0) this.stop('targets-exited');
    }
  }

  private scheduleDrain(): void {
    if (this.draining) return;
    this.draining = true;
    setImmediate(() => this.drain());
  }

  /** The formatter: redacts and formats the queued events, and sends them. */
  private drain(): void {
    this.draining = false;
    const batch = this.queue.splice(0);
    for (const e of batch) {
      this.sink.event(this.id, showEvent(e, this.rt.redactor));
      this.sent++;
    }
    if (this.stoppedWith !== null) this.report();
  }

  /** Stops the trace (idempotent); its queued events are still sent, then the stop. */
  stop(reason: StopReason): void {
    if (this.stoppedWith !== null) return;
    this.stoppedWith = reason;
    for (const u of this.unsubscribes.values()) u();
    this.unsubscribes.clear();
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    this.onStop(this);
    if (reason === 'client-disconnected' || reason === 'endpoint-closed') {
      this.queue.length = 0;
      return;
    }
    if (this.queue.length > 0 || this.draining) this.scheduleDrain();
    else this.report();
  }

  private report(): void {
    const reason = this.stoppedWith as StopReason;
    this.sink.stopped({ id: this.id, reason, message: stopMessage(reason, this.spec), events: this.sent });
  }
}

/** The sentence a stop reports. */
export function stopMessage(reason: StopReason, spec: TraceSpec): string {
  const l = spec.limit;
  switch (reason) {
    case 'count':
      return `trace limit reached: ${'count' in l ? l.count : 0} events`;
    case 'rate':
      return `trace rate limit tripped: more than ${'rate' in l ? l.rate : 0} events in ${'rate' in l ? l.perMs : 0} ms`;
    case 'duration':
      return `trace duration cap reached: ${spec.durationMs} ms`;
    case 'targets-exited':
      return 'every traced process has exited';
    case 'backlog':
      return 'the client did not keep up with the trace; stopped rather than queue';
    case 'client-disconnected':
      return 'the client disconnected';
    case 'stopped':
      return 'stopped by the client';
    case 'endpoint-closed':
      return 'the diagnostics endpoint closed';
  }
}
