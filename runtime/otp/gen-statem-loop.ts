/**
 * The engine of a GenStatem (OTP gen_statem's loop): one event at a time —
 * the state callback, its actions (replies, next events, timeouts, postpone,
 * hibernate), the state enter call, the transition (postponed events retried
 * on a state change, the event timeout cancelled by any event, the state
 * timeout by a state change), then the queued events and zero timeouts before
 * any new message. Debug events are OTP's (`in`, `out`, `enter`, `consume`,
 * `postpone`, `start_timer`, `terminate`), built only when someone watches.
 * A callback may be async: the machine handles nothing else meanwhile.
 */
import { reply as replyTo } from '../kernel/call.ts';
import { ErlangError, ProcessExit, reasonOf } from '../kernel/errors.ts';
import { From } from '../kernel/from.ts';
import type { Process } from '../kernel/process.ts';
import { stackFrames } from '../kernel/redact.ts';
import { ExitMessage, TimeoutMessage, isNormalReason, isTuple, tuple, type ExitReason } from '../kernel/terms.ts';
import { debugStateOf } from '../observe/debug.ts';
import type { MessageKind } from '../observe/events.ts';
import { redactEvent } from '../observe/redact-event.ts';
import type { Self } from '../runtime.ts';
import { CallMessage, CastMessage } from './gen-server.ts';
import { procName } from './gen.ts';
import { StatemTimers, timeoutKey } from './gen-statem-timers.ts';
import type { CallbackMode, EnterEvent, StatemEvent } from './gen-statem-types.ts';
import { CodeChangeRefused, handleSystemMsg, SystemMessage, type SystemHooks } from './sys.ts';

/** An event in the machine's queue (OTP `{Type, Content}`). */
export interface QueuedEvent {
  readonly type: Exclude<MessageKind, 'system'>;
  readonly content: unknown;
  readonly from?: From;
  /** A generic timeout's name. */
  readonly name?: unknown;
}

/** A timeout action, parsed. */
interface TimeoutRequest {
  readonly type: 'timeout' | 'state_timeout' | 'generic_timeout';
  readonly name: unknown;
  readonly time: number | 'update';
  readonly content: unknown;
  readonly abs: boolean;
  /** OTP's option list, as the start_timer event shows it. */
  readonly options: readonly unknown[];
}

/** One transition in the making (OTP's loop arguments between the callback and `loop_done`). */
interface Transition {
  /** The event being handled, then the events queued after it. */
  readonly q: QueuedEvent[];
  /** The next state and data. */
  state: unknown;
  data: unknown;
  /** next_event actions, newest first. */
  nextEventsR: QueuedEvent[];
  hibernate: boolean;
  /** Timeout actions, newest first (the last of a type wins). */
  timeoutsR: TimeoutRequest[];
  postpone: boolean;
}

/** What a step gives: the next event queue, null (wait for a message), or a promise of either (an async callback). */
type Step = QueuedEvent[] | null | Promise<QueuedEvent[] | null>;

/** The callback module as the engine calls it (both modes). */
export interface StatemModule {
  readonly name?: string;
  readonly callbackMode: unknown;
  readonly states?: Readonly<Record<string, (event: unknown, data: unknown, self: Self) => unknown>>;
  handleEvent?(event: unknown, state: unknown, data: unknown, self: Self): unknown;
  terminate?(reason: ExitReason, state: unknown, data: unknown, self: Self): unknown;
  codeChange?(oldVsn: unknown, state: unknown, data: unknown, extra: unknown): unknown;
  formatStatus?(reason: 'normal' | 'terminate', state: unknown, data: unknown): unknown;
}

/** A callback's throw that is not an Error: OTP's `throw(Result)`, taken as the callback's result. */
function isThrow(e: unknown): boolean {
  return !(e instanceof Error);
}

/** Term equality for states (OTP `=:=` on the terms states are made of): primitives, pids, lists and tuples of them. */
export function sameTerm(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length || isTuple(a) !== isTuple(b)) return false;
  for (let i = 0; i < a.length; i++) if (!sameTerm(a[i], b[i])) return false;
  return true;
}

/** An event as OTP shows it in reports and status: `{cast, M}`, `{{call, From}, Req}`, `{{timeout, Name}, C}`, … */
export function eventTerm(e: QueuedEvent): unknown {
  const type = e.type === 'call' ? tuple('call', e.from) : e.type === 'generic_timeout' ? tuple('timeout', e.name) : e.type;
  return tuple(type, e.content);
}

/** The event object a state callback gets. */
function callbackEvent(e: QueuedEvent): StatemEvent {
  switch (e.type) {
    case 'call':
      return { type: 'call', from: e.from as From, content: e.content };
    case 'generic_timeout':
      return { type: 'generic_timeout', name: e.name, content: e.content };
    default:
      return { type: e.type, content: e.content } as StatemEvent;
  }
}

const EVENT_TYPES: ReadonlySet<unknown> = new Set(['cast', 'info', 'internal', 'timeout', 'state_timeout']);

/** OTP `listify/1` for actions: a list, or one action alone (an array is one action when read as a list it could not be). */
function listify(raw: unknown): readonly unknown[] {
  if (raw === undefined) return [];
  if (!Array.isArray(raw) || isTuple(raw)) return [raw];
  const h: unknown = raw[0];
  if (h === 'reply' || h === 'next_event' || h === 'timeout' || h === 'state_timeout') return [raw];
  if ((h === 'postpone' || h === 'hibernate') && typeof raw[1] === 'boolean') return [raw];
  if (isGenericType(h) && (typeof raw[1] === 'number' || raw[1] === 'cancel' || raw[1] === 'update')) return [raw];
  return raw;
}

function isGenericType(t: unknown): t is readonly ['timeout', unknown] {
  return Array.isArray(t) && t.length === 2 && t[0] === 'timeout';
}

/** A relative time: an integer ≥ 0, or Infinity (OTP `infinity`). */
function isRelative(t: unknown): t is number {
  return t === Infinity || (Number.isInteger(t) && (t as number) >= 0);
}

/** OTP `{Class, Reason}` of a crash: exit for `exit(R)`, error for an Error, throw for any other value. */
function classOf(e: unknown): 'exit' | 'error' | 'throw' {
  return e instanceof ProcessExit ? 'exit' : e instanceof Error ? 'error' : 'throw';
}

/** The loop state of one state machine (OTP's `#params{}` and `#state{}`). */
export class StatemLoop {
  readonly self: Process;
  readonly mod: StatemModule;
  readonly module: string;
  mode: CallbackMode = 'state_functions';
  stateEnter = false;
  state: unknown;
  data: unknown;
  /** Postponed events, newest first. */
  postponed: QueuedEvent[] = [];
  readonly timers: StatemTimers;
  hibernate = false;
  /** Hibernating when a system message came: hibernate again when the loop continues. */
  resumeHibernate = false;
  /** The events under way (the error report's queue). */
  queue: QueuedEvent[] = [];
  readonly handler: (msg: unknown) => unknown;

  constructor(self: Process, mod: StatemModule, state: unknown, data: unknown) {
    this.self = self;
    this.mod = mod;
    this.module = mod.name ?? 'gen_statem';
    this.state = state;
    this.data = data;
    this.timers = new StatemTimers(self);
    this.handler = (msg) => this.handle(msg);
  }

  /** Someone watches: sys debug options, or a listener that wants this process's per-message events. */
  get observed(): boolean {
    return debugStateOf(this.self) !== null || (this.self.runtime.listening && this.self.runtime.emitsPerMessage(this.self));
  }

  /** Someone watches the rare events (enter, terminate, state changes). */
  private get watched(): boolean {
    return debugStateOf(this.self) !== null || this.self.runtime.listening;
  }

  enterLoop(): void {
    this.self.loop(this.handler);
  }

  // ------------------------------------------------------------ start

  /**
   * OTP `enter/8` after init: the callback mode, the `enter` event, then init's
   * actions as those of a fake `{internal, init_state}` event (consumed, never
   * handled), with a state enter call into the first state.
   */
  start(actions: unknown): unknown {
    const bad = this.readCallbackMode();
    if (bad !== undefined) return this.terminate(bad.cls, bad.reason, bad.thrown, []);
    if (this.watched) this.self.runtime.emitDebug(this.self, { kind: 'enter', module: this.module, state: this.state });
    const q: QueuedEvent[] = [{ type: 'internal', content: 'init_state' }];
    this.queue = q;
    const tr = this.transition(q);
    const step = this.afterActions(tr, true, true, [...listify(actions), tuple('postpone', false)]);
    const done = this.drive(step);
    if (done instanceof Promise) return done.then(() => this.enterLoop());
    this.enterLoop();
    return undefined;
  }

  /** Reads `callbackMode` (OTP `callback_mode/0`): undefined when good, else why the machine stops. */
  readCallbackMode(): { cls: 'exit' | 'error' | 'throw'; reason: ExitReason; thrown?: unknown } | undefined {
    let r: unknown;
    try {
      r = typeof this.mod.callbackMode === 'function' ? (this.mod.callbackMode as () => unknown).call(this.mod) : this.mod.callbackMode;
    } catch (e) {
      if (!isThrow(e)) return { cls: classOf(e), reason: reasonOf(e), thrown: e };
      r = e;
    }
    let mode: CallbackMode | undefined;
    let enter = false;
    for (const m of Array.isArray(r) ? r : [r]) {
      if (m === 'state_functions' || m === 'handle_event_function') mode = m;
      else if (m === 'state_enter') enter = true;
      else mode = undefined;
      if (mode === undefined && m !== 'state_enter') break;
    }
    if (mode === undefined) return { cls: 'error', reason: tuple('bad_return_from_callback_mode', r) };
    this.mode = mode;
    this.stateEnter = enter;
    return undefined;
  }

  // ------------------------------------------------------------ messages

  /** One message from the mailbox (OTP `loop_receive`). */
  handle(msg: unknown): unknown {
    const p = this.self;
    const wasHibernating = p.hibernating;
    p.hibernating = false;
    if (msg instanceof SystemMessage) {
      this.resumeHibernate = wasHibernating;
      const rt = p.runtime;
      if (rt.listening) rt.emit({ ...rt.base(p), kind: 'in', messageKind: 'system', message: msg.request, from: msg.from });
      return handleSystemMsg(p, msg, statemHooks, this);
    }
    let e: QueuedEvent;
    if (msg instanceof CallMessage) e = { type: 'call', from: msg.from, content: msg.request };
    else if (msg instanceof CastMessage) e = { type: 'cast', content: msg.request };
    else if (msg instanceof ExitMessage && p.trapping && p.parent !== null && msg.from === p.parent) {
      return this.terminate('exit', msg.reason, undefined, []);
    } else {
      const fired = msg instanceof TimeoutMessage ? this.timers.take(msg) : undefined;
      e = fired === undefined ? { type: 'info', content: msg } : { type: fired.type, content: fired.content, name: fired.name };
    }
    this.debugIn(e, this.state);
    return this.drive([e]);
  }

  /** Runs events until none is queued (OTP `loop_event` … `loop_done`); a promise while an async callback runs. */
  private drive(first: Step): unknown {
    let step = first;
    for (;;) {
      if (step === null) {
        if (this.hibernate) this.self.hibernating = true;
        return undefined;
      }
      if (step instanceof Promise) return step.then((next) => this.drive(next));
      step = this.runEvent(step);
    }
  }

  /** Handles the first event of `q` with the state callback. */
  private runEvent(q: QueuedEvent[]): Step {
    this.queue = q;
    const tr = this.transition(q);
    return this.callState(tr, callbackEvent(q[0] as QueuedEvent), true);
  }

  private transition(q: QueuedEvent[]): Transition {
    return { q, state: this.state, data: this.data, nextEventsR: [], hibernate: false, timeoutsR: [], postpone: false };
  }

  /** Calls the state callback (an event, or a state enter call) with the transition's state and data. */
  private callState(tr: Transition, event: StatemEvent | EnterEvent<unknown>, stateCall: boolean): Step {
    let r: unknown;
    try {
      r = this.invoke(event, tr.state, tr.data);
    } catch (e) {
      if (!isThrow(e)) return this.crash(e, tr);
      r = e;
    }
    if (r instanceof Promise) {
      return r.then(
        (v: unknown) => this.afterCallback(tr, v, stateCall),
        (e: unknown) => (isThrow(e) ? this.afterCallback(tr, e, stateCall) : this.crash(e, tr)),
      );
    }
    return this.afterCallback(tr, r, stateCall);
  }

  private invoke(event: StatemEvent | EnterEvent<unknown>, state: unknown, data: unknown): unknown {
    const mod = this.mod;
    if (this.mode === 'handle_event_function') {
      if (typeof mod.handleEvent !== 'function') throw new ErlangError('undef');
      return mod.handleEvent(event, state, data, this.self);
    }
    const fn = typeof state === 'string' && mod.states !== undefined && Object.hasOwn(mod.states, state) ? mod.states[state] : undefined;
    // OTP calls Module:State/3: a state without its function is undef
    if (typeof fn !== 'function') throw new ErlangError('undef');
    return fn.call(mod.states, event, data, this.self);
  }

  /** A callback crashed: the machine ends in the state it was in (OTP: the callback's results are not applied). */
  private crash(e: unknown, tr: Transition): never | Promise<never> {
    return this.terminate(classOf(e), reasonOf(e), e, tr.q);
  }

  // ------------------------------------------------------------ results and actions

  /** OTP `loop_state_callback_result`: what the callback returned. */
  private afterCallback(tr: Transition, r: unknown, stateCall: boolean): Step {
    const state = tr.state;
    const fail = (tag: string): never | Promise<never> => this.stopWith(tr, 'error', new ErlangError(tuple(tag, r), this.self.runtime.redactor));
    if (r === 'keep_state_and_data') return this.afterActions(tr, false, stateCall, []);
    if (r === 'repeat_state_and_data') return this.afterActions(tr, true, stateCall, []);
    if (r === 'stop') return this.stopWith(tr, 'exit', new ProcessExit('normal'));
    if (!Array.isArray(r)) return fail('bad_return_from_state_function');
    const n = r.length;
    switch (r[0]) {
      case 'next_state':
        if (n !== 3 && n !== 4) break;
        if (sameTerm(r[1], state)) {
          tr.data = r[2];
          return this.afterActions(tr, false, stateCall, r[3]);
        }
        if (!stateCall) return fail('bad_state_enter_return_from_state_function');
        tr.state = r[1];
        tr.data = r[2];
        return this.afterActions(tr, true, stateCall, r[3]);
      case 'keep_state':
        if (n !== 2 && n !== 3) break;
        tr.data = r[1];
        return this.afterActions(tr, false, stateCall, r[2]);
      case 'keep_state_and_data':
        if (n !== 2) break;
        return this.afterActions(tr, false, stateCall, r[1]);
      case 'repeat_state':
        if (n !== 2 && n !== 3) break;
        tr.data = r[1];
        return this.afterActions(tr, true, stateCall, r[2]);
      case 'repeat_state_and_data':
        if (n !== 2) break;
        return this.afterActions(tr, true, stateCall, r[1]);
      case 'stop':
        if (n !== 2 && n !== 3) break;
        if (n === 3) tr.data = r[2];
        return this.stopWith(tr, 'exit', new ProcessExit(r[1], this.self.runtime.redactor));
      case 'stop_and_reply':
        if (n !== 3 && n !== 4) break;
        if (n === 4) tr.data = r[3];
        return this.replyThenStop(tr, r[1], r[2]);
    }
    return fail('bad_return_from_state_function');
  }

  /** Ends the machine from a callback's result, in the transition's state and data. */
  private stopWith(tr: Transition, cls: 'exit' | 'error', error: Error): never | Promise<never> {
    this.state = tr.state;
    this.data = tr.data;
    this.hibernate = tr.hibernate;
    return this.terminate(cls, reasonOf(error), error, tr.q);
  }

  /** OTP `reply_then_terminate`: the replies (each an `out` event), then the end. */
  private replyThenStop(tr: Transition, reason: ExitReason, replies: unknown): never | Promise<never> {
    for (const r of listify(replies)) {
      if (!Array.isArray(r) || r.length !== 3 || r[0] !== 'reply' || !(r[1] instanceof From)) {
        return this.stopWith(tr, 'error', new ErlangError(tuple('bad_reply_action_from_state_function', r), this.self.runtime.redactor));
      }
      this.reply(r[1], r[2]);
    }
    return this.stopWith(tr, 'exit', new ProcessExit(reason, this.self.runtime.redactor));
  }

  private reply(from: From, value: unknown): void {
    replyTo(from, value);
    if (this.observed) this.self.runtime.emitDebugOwned(this.self, { kind: 'out', reply: value, to: from, hasState: false });
  }

  /** OTP `loop_actions_list`: each action in order, then the state enter call or the transition. */
  private afterActions(tr: Transition, callEnter: boolean, stateCall: boolean, raw: unknown): Step {
    const bad = (tag: string, action: unknown): never | Promise<never> =>
      this.stopWith(tr, 'error', new ErlangError(tuple(tag, action), this.self.runtime.redactor));
    for (const a of listify(raw)) {
      if (a === 'hibernate') tr.hibernate = true;
      else if (a === 'postpone') {
        if (!stateCall) return bad('bad_state_enter_action_from_state_function', a);
        tr.postpone = true;
      } else if (typeof a === 'number') {
        if (!isRelative(a)) return bad('bad_action_from_state_function', a);
        tr.timeoutsR.unshift({ type: 'timeout', name: undefined, time: a, content: a, abs: false, options: [] });
      } else if (Array.isArray(a)) {
        const tag: unknown = a[0];
        if (tag === 'reply' && a.length === 3) {
          if (!(a[1] instanceof From)) return bad('bad_action_from_state_function', a);
          this.reply(a[1], a[2]);
        } else if (tag === 'hibernate' && a.length === 2 && typeof a[1] === 'boolean') tr.hibernate = a[1];
        else if (tag === 'postpone' && a.length === 2 && typeof a[1] === 'boolean' && (!a[1] || stateCall)) tr.postpone = a[1];
        else if (tag === 'next_event' && a.length === 3) {
          const e = nextEvent(a[1], a[2]);
          if (e === undefined || !stateCall) return bad(stateCall ? 'bad_action_from_state_function' : 'bad_state_enter_action_from_state_function', a);
          this.debugIn(e, tr.state);
          tr.nextEventsR.unshift(e);
        } else {
          const t = timeoutRequest(a);
          if (t === undefined) return bad('bad_action_from_state_function', a);
          tr.timeoutsR.unshift(t);
        }
      } else return bad('bad_action_from_state_function', a);
    }
    if (this.stateEnter && callEnter) return this.callState(tr, { type: 'enter', oldState: this.state }, false);
    return this.finish(tr);
  }

  /** OTP `loop_state_transition` … `loop_done`: the new state, postponed events, timeouts, the next event. */
  private finish(tr: Transition): Step {
    const p = this.self;
    const e = tr.q[0] as QueuedEvent;
    const rest = tr.q.slice(1);
    const previous = this.state;
    let postponed = tr.postpone ? [e, ...this.postponed] : this.postponed;
    if (this.observed) {
      p.runtime.emitDebugOwned(p, {
        kind: tr.postpone ? 'postpone' : 'consume',
        ...eventFields(e),
        state: previous,
        nextState: tr.state,
        data: tr.data,
      });
    }
    const changed = !sameTerm(tr.state, previous);
    let events = rest;
    this.timers.cancel('timeout');
    if (changed) {
      // a state change retries the postponed events, oldest first, before the queued ones
      events = [...[...postponed].reverse(), ...rest];
      postponed = [];
      this.timers.cancel('state_timeout');
    }
    this.state = tr.state;
    this.data = tr.data;
    this.postponed = postponed;
    this.hibernate = tr.hibernate;
    this.startTimeouts(tr.timeoutsR);
    if (changed && p.runtime.listening) p.runtime.emit({ ...p.runtime.base(p), kind: 'state-changed', previous, state: this.state, data: this.data });
    const next = tr.nextEventsR.length === 0 ? events : [...[...tr.nextEventsR].reverse(), ...events];
    if (next.length > 0) return next;
    const zero = this.timers.nextZero();
    if (zero === undefined) return null;
    const z: QueuedEvent = { type: zero.type, content: zero.content, name: zero.name };
    this.debugIn(z, this.state);
    return [z];
  }

  /** OTP `loop_timeouts`: the last action of each type wins; Infinity cancels; each start is a start_timer event. */
  private startTimeouts(timeoutsR: readonly TimeoutRequest[]): void {
    if (timeoutsR.length === 0) return;
    // the last action of each type wins; the winners start in the order they were given (zero timeouts fire so)
    const seen = new Set<string>();
    const winners: TimeoutRequest[] = [];
    for (const t of timeoutsR) {
      const key = timeoutKey(t.type, t.name);
      if (seen.has(key)) continue;
      seen.add(key);
      winners.push(t);
    }
    for (let i = winners.length - 1; i >= 0; i--) {
      const t = winners[i] as TimeoutRequest;
      const key = timeoutKey(t.type, t.name);
      if (t.time === Infinity) this.timers.cancel(key);
      else if (t.time === 'update') this.timers.update(t.type, t.name, t.content);
      else {
        if (this.observed) {
          this.self.runtime.emitDebugOwned(this.self, {
            kind: 'start-timer',
            timeoutType: t.type,
            ...(t.type === 'generic_timeout' ? { timeoutName: t.name } : {}),
            after: t.time,
            content: t.content,
            options: t.options,
            state: this.state,
          });
        }
        const ms = t.abs ? Math.max(0, Math.ceil(t.time - Date.now())) : t.time;
        this.timers.start(t.type, t.name, ms, t.content);
      }
    }
  }

  private debugIn(e: QueuedEvent, state: unknown): void {
    if (this.observed) this.self.runtime.emitDebugOwned(this.self, { kind: 'in', ...eventFields(e), state });
  }

  // ------------------------------------------------------------ stopping

  /**
   * OTP `terminate/7`: runs the module's terminate; a normal reason is a
   * `terminate` event, any other an error report; then the process ends with
   * `reason` (throws, or a promise that rejects after an async terminate).
   */
  terminate(cls: 'exit' | 'error' | 'throw', reason: ExitReason, thrown: unknown, q: readonly QueuedEvent[]): never | Promise<never> {
    this.queue = [...q];
    // an error without an Error of its own (a bad callback mode) ends as OTP's {Reason, Stack}
    if (cls === 'error' && thrown === undefined) {
      thrown = new ErlangError(reason, this.self.runtime.redactor);
      reason = thrown;
    }
    const t = this.mod.terminate;
    if (t !== undefined) {
      let r: unknown;
      try {
        // OTP's terminate gets an error's bare Reason; the process exits with {Reason, Stack}
        r = t.call(this.mod, thrown instanceof ErlangError ? thrown.reason : reason, this.state, this.data, this.self);
      } catch (e) {
        if (!isThrow(e)) return this.end(classOf(e), reasonOf(e), e);
      }
      if (r instanceof Promise) {
        return r.then(
          () => this.end(cls, reason, thrown),
          (e: unknown) => (isThrow(e) ? this.end(cls, reason, thrown) : this.end(classOf(e), reasonOf(e), e)),
        );
      }
    }
    return this.end(cls, reason, thrown);
  }

  private end(cls: 'exit' | 'error' | 'throw', reason: ExitReason, thrown: unknown): never {
    const p = this.self;
    if (isNormalReason(reason)) {
      if (this.watched) p.runtime.emitDebug(p, { kind: 'terminate', reason, state: this.state });
    } else this.errorReport(cls, reason, thrown);
    if (thrown instanceof ProcessExit || thrown instanceof Error) throw reasonOf(thrown) === reason ? thrown : new ProcessExit(reason, p.runtime.redactor);
    throw new ProcessExit(reason, p.runtime.redactor);
  }

  /** OTP `error_info/7`: the `{gen_statem, terminate}` report, every term through the redactor's 'crash-report' site. */
  errorReport(cls: 'exit' | 'error' | 'throw', reason: ExitReason, thrown: unknown): void {
    const p = this.self;
    const rt = p.runtime;
    const red = (v: unknown): unknown => rt.redact(v, 'crash-report');
    const first = this.queue[0];
    const report = {
      name: procName(p),
      queue: this.queue.map((e) => red(eventTerm(e))),
      postponed: this.postponed.map((e) => red(eventTerm(e))),
      modules: [this.module],
      callbackMode: this.mode,
      stateEnter: this.stateEnter,
      state: red(this.mod.formatStatus ? this.formattedStatus('terminate') : tuple(this.state, this.data)),
      timeouts: red(this.timers.list()),
      log: (debugStateOf(p)?.logged() ?? []).map((e) => redactEvent(rt.redactor, e, 'crash-report')),
      reason: tuple(cls, red(reason)),
      stack: stackFrames(thrown),
      clientInfo: first?.type === 'call' ? first.from?.pid : undefined,
    };
    if (rt.listening) rt.emit({ ...rt.base(p), kind: 'crash-report', label: 'gen_statem:terminate', report });
    rt.log({ level: 'error', label: 'gen_statem:terminate', report });
  }

  /**
   * The module's `formatStatus(reason, state, data)`; one that throws gives
   * what OTP gives (`{State, {'EXIT', …}}`-like: the state name and the crash
   * text, never the data it was meant to hide).
   */
  formattedStatus(reason: 'normal' | 'terminate'): unknown {
    try {
      return this.mod.formatStatus?.(reason, this.state, this.data);
    } catch {
      const crashed = `${this.module}:format_status/2 crashed`;
      return reason === 'normal' ? [tuple('data', [tuple('State', tuple(this.state, crashed))])] : tuple(this.state, crashed);
    }
  }
}

/** The event's fields as debug events carry them. */
function eventFields(e: QueuedEvent): { messageKind: QueuedEvent['type']; message: unknown; from?: From; timeoutName?: unknown } {
  if (e.type === 'call') return { messageKind: 'call', message: e.content, from: e.from };
  if (e.type === 'generic_timeout') return { messageKind: 'generic_timeout', message: e.content, timeoutName: e.name };
  return { messageKind: e.type, message: e.content };
}

/** A `{next_event, Type, Content}` action's event, or undefined for a bad type. */
function nextEvent(type: unknown, content: unknown): QueuedEvent | undefined {
  if (EVENT_TYPES.has(type)) return { type: type as QueuedEvent['type'], content };
  if (isGenericType(type)) return { type: 'generic_timeout', name: type[1], content };
  if (Array.isArray(type) && type.length === 2 && type[0] === 'call' && type[1] instanceof From) return { type: 'call', from: type[1], content };
  return undefined;
}

/** A timeout action (`[type, time, content]`, with options, `cancel` or `update`), or undefined when malformed. */
function timeoutRequest(a: readonly unknown[]): TimeoutRequest | undefined {
  const kind: unknown = a[0];
  const type = kind === 'timeout' || kind === 'state_timeout' ? kind : isGenericType(kind) ? 'generic_timeout' : undefined;
  if (type === undefined) return undefined;
  const name = isGenericType(kind) ? kind[1] : undefined;
  if (a.length === 2 && a[1] === 'cancel') return { type, name, time: Infinity, content: undefined, abs: false, options: [] };
  if (a.length === 3 && a[1] === 'update') return { type, name, time: 'update', content: a[2], abs: false, options: [] };
  if (a.length === 3 && isRelative(a[1])) return { type, name, time: a[1], content: a[2], abs: false, options: [] };
  if (a.length === 4) {
    const o = a[3] as { abs?: unknown } | null;
    if (typeof o !== 'object' || o === null || (o.abs !== undefined && typeof o.abs !== 'boolean')) return undefined;
    const abs = o.abs === true;
    const time = a[1];
    if (abs ? typeof time !== 'number' || !Number.isFinite(time) : !isRelative(time)) return undefined;
    return { type, name, time: time as number, content: a[2], abs, options: o.abs === undefined ? [] : [tuple('abs', abs)] };
  }
  return undefined;
}

/** The sys hooks every GenStatem shares (OTP gen_statem's system_* functions). */
export const statemHooks: SystemHooks<StatemLoop> = {
  module: 'gen_statem',
  systemContinue(_self, loop) {
    loop.enterLoop();
    if (loop.resumeHibernate) {
      loop.resumeHibernate = false;
      loop.self.hibernating = true;
    }
  },
  systemTerminate(_self, reason, loop) {
    return loop.terminate('exit', reason, undefined, []);
  },
  systemGetState(loop) {
    return tuple(loop.state, loop.data);
  },
  systemReplaceState(fn, loop) {
    const next = fn(tuple(loop.state, loop.data));
    if (!Array.isArray(next) || next.length !== 2) throw new ErlangError(tuple('badmatch', next), loop.self.runtime.redactor);
    loop.state = next[0];
    loop.data = next[1];
    const st = tuple(loop.state, loop.data);
    return [st, loop];
  },
  systemCodeChange(loop, _module, oldVsn, extra) {
    if (loop.mod.codeChange === undefined) throw new Error('undef');
    let r: unknown;
    try {
      r = loop.mod.codeChange(oldVsn, loop.state, loop.data, extra);
    } catch (e) {
      if (!isThrow(e)) throw e;
      r = e;
    }
    if (Array.isArray(r) && r.length === 3 && r[0] === 'ok') {
      const before = { mode: loop.mode, enter: loop.stateEnter };
      const bad = loop.readCallbackMode();
      if (bad !== undefined) {
        loop.mode = before.mode;
        loop.stateEnter = before.enter;
        throw bad.thrown ?? new ErlangError(bad.reason);
      }
      loop.state = r[1];
      loop.data = r[2];
      return loop;
    }
    if (Array.isArray(r) && r.length === 2 && r[0] === 'ok') throw new ErlangError(tuple('case_clause', r));
    throw new CodeChangeRefused(r);
  },
  formatStatus(self, status, loop) {
    const p = self as Process;
    const state = loop.mod.formatStatus ? loop.formattedStatus('normal') : [tuple('data', [tuple('State', tuple(loop.state, loop.data))])];
    return [
      tuple('header', `Status for state machine ${String(procName(p))}`),
      tuple('data', [
        tuple('Status', status),
        tuple('Parent', p.parent),
        tuple('Modules', [loop.module]),
        tuple('Time-outs', loop.timers.list()),
        tuple('Logged Events', debugStateOf(p)?.logged() ?? []),
        tuple('Postponed', loop.postponed.map(eventTerm)),
      ]),
      // OTP splices a list that format_status returns into the status; any other term is one item
      ...(Array.isArray(state) && !isTuple(state) ? state : [state]),
    ];
  },
};
