/**
 * What the kernel's parts read on the hot paths, and what changes it: the
 * gates a message checks on its way in and out (see gates.ts), the counters,
 * the clock and call deadlines, the redactor, the list of live processes and
 * the instrumentation. `Kernel` (kernel.ts) adds the process table's parts and
 * operations on top.
 */
import { replyError } from './call.ts';
import { Clock } from './clock.ts';
import { CallTimeouts } from './deadlines.ts';
import { countMessages, rehook, setWatched, type Watchers } from './gates.ts';
import { NO_EVENTS, type Instrumentation, type KernelEvents } from './hooks.ts';
import { LiveList } from './live-list.ts';
import type { Process } from './process.ts';
import type { RaceScheduler } from './race.ts';
import { defaultRedactor, redactTerm, type RedactionSite, type Redactor } from './redact.ts';

/** The kernel's state and gates (see the module comment). */
export abstract class KernelState {
  /** The process currently running synchronously, if any. */
  current: Process | null = null;
  /** True when someone listens to the events: `events` is told what happens. */
  listening = false;
  /** A listener of every process wants per-message kinds. */
  wantsHot = false;
  /** Every process is hooked (an instrumentation, or `wantsHot`); else only the watched ones. */
  hookAll = false;
  /** The bare delivery takes its detour: the race scheduler holds messages, or messages are counted. */
  detour = false;
  /** Holders of `countMessages(true)`. */
  counting = 0;
  /** Deliveries so far, so `settled` can tell a quiet runtime from a busy one. */
  activity = 0;
  /** Who is told what happens while `listening` (the runtime's emitter). */
  events: KernelEvents = NO_EVENTS;
  /** The runtime's timers (global, fakeable clock; counted). */
  readonly clock = new Clock();
  /** Deadlines of pending calls. */
  readonly callTimeouts = new CallTimeouts((from) => replyError(from, 'timeout'));
  /** The one redaction point (see redact.ts). */
  redactor: Redactor = defaultRedactor;
  /** The live processes, oldest first. */
  readonly live = new LiveList();
  /** The pid that calls made outside any process come from. It never dies and drops what it is sent. */
  abstract readonly external: Process;
  /** The race-revealing scheduler, when the runtime was made with `race`. */
  abstract readonly race: RaceScheduler | null;
  private instr: Instrumentation | null = null;
  private watchers: Watchers = { listening: false, hot: false };

  /** The tracing hooks (otel/ installs them); null: none, and messages are stored bare. */
  get instrumentation(): Instrumentation | null {
    return this.instr;
  }

  set instrumentation(hooks: Instrumentation | null) {
    this.instr = hooks;
    rehook(this, this.watchers);
  }

  /** What the listeners watch (the emitter says it as they come and go); the gates follow. */
  watch(w: Watchers): void {
    this.watchers = w;
    rehook(this, w);
  }

  /** Marks `p` as watched (or not) by a listener of its own (the emitter says so); its gate follows. */
  setWatched(p: Process, watched: boolean): void {
    setWatched(this, p, watched);
  }

  /** Whether `p`'s per-message events (send, in, out, noreply, continue) are wanted: by a listener of every process, or one of `p`'s own. */
  emitsPerMessage(p: Process): boolean {
    return this.wantsHot || p.watched;
  }

  /** Counts messages per process (`Process.received`/`sent`) while at least one holder asks (`true` adds one, `false` removes one). */
  countMessages(on: boolean): void {
    countMessages(this, on, this.watchers);
  }

  /** True while messages are counted. */
  get countingMessages(): boolean {
    return this.counting > 0;
  }

  /** What the redactor lets out of `value` for `site`, as a term: a withheld value (or one whose redactor threw) becomes its kind (`<map>`). */
  redact(value: unknown, site: RedactionSite): unknown {
    return redactTerm(this.redactor, value, site);
  }

  /** Replaces the redactor; returns the previous one. */
  setRedactor(redactor: Redactor): Redactor {
    const old = this.redactor;
    this.redactor = redactor;
    return old;
  }
}
