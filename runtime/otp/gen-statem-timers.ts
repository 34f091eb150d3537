/**
 * A state machine's running timeouts (OTP gen_statem's `timers` map and its
 * zero-timeout queue `t0q`): one per type — the event timeout, the state
 * timeout, each generic timeout by name. A timeout of 0 ms is queued, not
 * armed: it fires once the event queue is empty, before any new message. Any
 * other runs on the runtime's timers (`startTimer` to the machine itself,
 * fakeable); cancelling one that already fired drops its message from the
 * mailbox, as OTP's `cancel_timer/1` flushes it.
 */
import { termKey } from '../kernel/names.ts';
import type { Process } from '../kernel/process.ts';
import { Ref, TimeoutMessage, tuple } from '../kernel/terms.ts';
import type { StatemTimeoutType } from '../observe/events.ts';

/** A timeout that fired: its type, its generic name, its content. */
export interface FiredTimeout {
  readonly type: StatemTimeoutType;
  readonly name: unknown;
  readonly content: unknown;
}

interface Running {
  readonly type: StatemTimeoutType;
  readonly name: unknown;
  /** The runtime timer's ref, or 0 for a zero timeout waiting in the queue. */
  ref: Ref | 0;
  content: unknown;
}

/** The key of a timeout type (a generic one by its name's term). */
export function timeoutKey(type: StatemTimeoutType, name?: unknown): string {
  return type === 'generic_timeout' ? `g${termKey(name)}` : type;
}

/** The running timeouts of one state machine. */
export class StatemTimers {
  private readonly p: Process;
  private readonly byKey = new Map<string, Running>();
  /** Zero timeouts, in the order they fire. */
  private zeroQueue: string[] = [];

  constructor(p: Process) {
    this.p = p;
  }

  /** True when a timeout of this key runs (or waits in the zero queue). */
  has(key: string): boolean {
    return this.byKey.has(key);
  }

  /** How many run. */
  get size(): number {
    return this.byKey.size;
  }

  /**
   * (Re)starts the timeout of `type`/`name` with `content` after `ms` (0: the
   * zero queue, fired in the order started). A running one of the same key is
   * cancelled first. Returns whether it went to the zero queue.
   */
  start(type: StatemTimeoutType, name: unknown, ms: number, content: unknown): void {
    const key = timeoutKey(type, name);
    this.cancel(key);
    if (ms === 0) {
      this.byKey.set(key, { type, name, ref: 0, content });
      this.zeroQueue.push(key);
      return;
    }
    const ref = this.p.runtime.startTimer(ms, this.p.pid, key);
    this.byKey.set(key, { type, name, ref, content });
  }

  /** OTP `update`: a running timeout gets the new content; otherwise it fires at once (a zero timeout). */
  update(type: StatemTimeoutType, name: unknown, content: unknown): void {
    const r = this.byKey.get(timeoutKey(type, name));
    if (r !== undefined) r.content = content;
    else this.start(type, name, 0, content);
  }

  /** Cancels the timeout of `key`, if one runs; a fired one's message is dropped from the mailbox. */
  cancel(key: string): void {
    const r = this.byKey.get(key);
    if (r === undefined) return;
    this.byKey.delete(key);
    if (r.ref === 0) {
      this.zeroQueue = this.zeroQueue.filter((k) => k !== key);
      return;
    }
    const ref = r.ref;
    if (this.p.runtime.cancelTimer(ref) === false) this.p.removeMessage((m) => m instanceof TimeoutMessage && m.ref === ref);
  }

  /** The event of a timer message from the mailbox if it is one of ours (and still running), else undefined. */
  take(msg: TimeoutMessage): FiredTimeout | undefined {
    if (typeof msg.message !== 'string') return undefined;
    const r = this.byKey.get(msg.message);
    if (r === undefined || r.ref !== msg.ref) return undefined;
    this.byKey.delete(msg.message);
    return { type: r.type, name: r.name, content: r.content };
  }

  /** The next zero timeout, taken out, or undefined. */
  nextZero(): FiredTimeout | undefined {
    const key = this.zeroQueue.shift();
    if (key === undefined) return undefined;
    const r = this.byKey.get(key);
    this.byKey.delete(key);
    return r === undefined ? undefined : { type: r.type, name: r.name, content: r.content };
  }

  /** True when a zero timeout waits. */
  get zeroPending(): boolean {
    return this.zeroQueue.length > 0;
  }

  /**
   * OTP's `{NumTimers, [{TimeoutType, Content}]}` of get_status and reports, in
   * OTP's order (its map's keys, last first: generic timeouts, then `timeout`,
   * then `state_timeout`).
   */
  list(): readonly [number, readonly (readonly [unknown, unknown])[]] {
    const rank = (r: Running): string => (r.type === 'generic_timeout' ? `2${termKey(r.name)}` : r.type === 'timeout' ? '1' : '0');
    const sorted = [...this.byKey.values()].sort((a, b) => (rank(a) < rank(b) ? 1 : rank(a) > rank(b) ? -1 : 0));
    return tuple(sorted.length, sorted.map((r) => tuple(r.type === 'generic_timeout' ? tuple('timeout', r.name) : r.type, r.content)));
  }
}
