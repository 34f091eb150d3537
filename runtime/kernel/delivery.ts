/**
 * Messages in and out of mailboxes: delivery (the one way in), selective
 * receive for async bodies, loop handlers, and the run slice the scheduler
 * gives a process. The hot paths: an unobserved message makes one check on
 * its way in (`deliver`: its sender's `hooked`) and one on its way out
 * (`runSlice`: its receiver's).
 */
import { checkDest } from './args.ts';
import { checkTimeout } from './clock.ts';
import { describeName } from './names.ts';
import { BadArgError } from './errors.ts';
import { inContext, inheritedContext, outsideProcesses } from './current.ts';
import { Carried, PROCESS_START, unwrap } from './hooks.ts';
import type { Kernel } from './kernel.ts';
import { NO_MESSAGE, TIMEOUT, isAsyncFunction, type Matcher, type Process, type ProcessBody, type Receiver } from './process.ts';
import { Pid, type Dest } from './terms.ts';

function noop(): void {}

/** `d.slice(p, budget)` as a plain function (what `inContext` calls). */
function sliceOf(d: Delivery, p: Process, budget: number): number {
  return d.slice(p, budget);
}

/** Delivery and receive of one runtime. */
export class Delivery {
  private readonly k: Kernel;

  constructor(k: Kernel) {
    this.k = k;
  }

  /** Sends `msg` to a pid or registered name (OTP `!`). Unknown names throw BadArgError; dead pids drop silently. */
  send(dest: Dest, msg: unknown, sender: Process | null): void {
    let p: Process | undefined;
    if (dest instanceof Pid) p = dest.proc;
    else {
      p = typeof dest === 'string' ? this.k.registry.get(dest) : undefined;
      if (p === undefined) {
        checkDest('send', dest);
        if (typeof dest !== 'string') p = this.k.registry.resolveName(dest);
        if (p === undefined) throw new BadArgError(`send: no process registered as ${typeof dest === 'string' ? `'${dest}'` : describeName(dest)}`);
      }
    }
    this.deliver(p, msg, sender);
  }

  /**
   * Puts `msg` in `p`'s mailbox and wakes it if it waits. `carried` is a
   * context captured earlier (a timer's); by default the instrumentation, if
   * any, captures the sender's now.
   */
  deliver(p: Process, msg: unknown, sender: Process | null, carried?: unknown): void {
    const k = this.k;
    if ((sender ?? k.external).hooked) {
      this.deliverHooked(p, msg, sender, carried);
      return;
    }
    if (p.dead || p === k.external) return;
    k.activity++;
    // one check, as before counting existed: counting, or the race scheduler's hold, take the detour
    if (k.detour) {
      if (k.counting > 0) {
        p.received++;
        (sender ?? k.external).sent++;
      }
      if (k.race !== null) {
        k.race.hold(p, msg, sender ?? k.external);
        return;
      }
    }
    this.enqueue(p, msg);
  }

  /** `deliver` when someone may want the message's events or an instrumentation runs: the `send` event, the carried context. */
  private deliverHooked(p: Process, msg: unknown, sender: Process | null, carried: unknown): void {
    const k = this.k;
    const from = sender ?? k.external;
    if (k.listening && (k.wantsHot || from.watched)) k.events.sent(from, p, msg, !p.dead && p !== k.external);
    if (p.dead || p === k.external) return;
    k.activity++;
    if (k.counting > 0) {
      p.received++;
      from.sent++;
    }
    const instr = k.instrumentation;
    let item = msg;
    if (instr !== null) item = carried === undefined ? instr.wrap(msg, sender) : Carried.of(msg, carried);
    if (k.race !== null) k.race.hold(p, item, sender ?? k.external);
    else this.enqueue(p, item);
  }

  /** Puts a (possibly carried) message into `p`'s mailbox and wakes `p` if it waits. */
  enqueue(p: Process, item: unknown): void {
    if (p.dead) return;
    p.mailbox.push(item);
    if (p.receiver !== null && !p.queued && !p.running && !p.busy) this.k.scheduler.schedule(p);
  }

  /** Selective receive for an async process body. */
  receive(p: Process, match: Matcher | null, after: number | undefined): Promise<unknown> {
    const k = this.k;
    if (p.dead) return new Promise(() => undefined);
    if (p.receiver !== null) throw new Error(`receive: process ${String(p.pid)} is already receiving`);
    // OTP raises on a bad `after` (negative, over 2^32 − 1 ms); Infinity waits for ever
    if (after !== undefined) checkTimeout(after, 'receive after');
    const sched = k.scheduler;
    if (sched.credit > 0 && p.mailbox.length > 0 && !p.busy) {
      const item = this.take(p, { match, deliver: noop, persistent: false, scanned: 0, timer: null });
      if (item !== NO_MESSAGE) {
        const msg = unwrap(item);
        sched.credit--;
        sched.armReset();
        if (p.hooked) this.receivedHooked(p, item, msg);
        return Promise.resolve(msg);
      }
    }
    // the body waits again: what it took in before is handled (its span ends)
    k.instrumentation?.waiting(p);
    return new Promise((resolve) => {
      const r: Receiver = { match, deliver: resolve, persistent: false, scanned: 0, timer: null };
      p.receiver = r;
      if (after !== undefined && after !== Infinity) {
        if (after <= 0 && p.mailbox.length === 0) {
          p.receiver = null;
          resolve(TIMEOUT);
          return;
        }
        r.timer = k.clock.set(() => {
          if (p.receiver !== r || p.dead) return;
          p.receiver = null;
          const late = this.take(p, r);
          if (late !== NO_MESSAGE) {
            // a match arrived but the scheduler had not run yet: OTP takes it too (and it is an `in` like any other)
            const msg = unwrap(late);
            if (p.hooked) this.receivedHooked(p, late, msg);
            resolve(msg);
            return;
          }
          if (k.listening) k.events.receiveTimedOut(p, after);
          resolve(TIMEOUT);
        }, after);
      }
      if (p.mailbox.length > 0 && !p.queued) sched.schedule(p);
    });
  }

  /** Installs a persistent message handler (see `Self.loop`). */
  setLoop(p: Process, handler: (msg: unknown) => unknown, match: Matcher | null): void {
    if (p.dead) return;
    if (typeof handler !== 'function') throw new BadArgError('loop: handler must be a function');
    const old = p.receiver;
    if (old !== null) this.k.clock.clear(old.timer);
    if (!p.asyncContext && isAsyncFunction(handler)) p.asyncContext = true;
    p.receiver = { match, deliver: handler, persistent: true, scanned: 0, timer: null };
    if (p.mailbox.length > 0 && !p.running && !p.busy) this.k.scheduler.schedule(p);
  }

  /**
   * Hands `item` to the receiver with the stream listening or an instrumentation
   * installed: a plain process's `in` event (behaviours report their own, with
   * the message's kind), the handling run inside the carried context.
   */
  private handleHooked(p: Process, r: Receiver, item: unknown): unknown {
    const k = this.k;
    const carried = item instanceof Carried;
    const msg = carried ? item.msg : item;
    if (!r.persistent) {
      // a `receive` of an async body: the handling is the body's code until it waits again
      this.receivedHooked(p, item, msg);
      return r.deliver(msg);
    }
    if (k.listening && k.emitsPerMessage(p) && p.behaviour === 'plain') k.events.received(p, msg);
    const instr = k.instrumentation;
    if (!carried) return instr === null ? r.deliver(msg) : instr.handle(p, msg, undefined, r.deliver, msg);
    const ctx = item.ctx;
    const at = item.at;
    // the envelope is read and out of the mailbox: reused for the next message
    Carried.release(item);
    return instr === null ? r.deliver(msg) : instr.handle(p, msg, ctx, r.deliver, msg, at);
  }

  /** A `receive` took `item` in, with the stream listening or an instrumentation installed: the `in` event, the instrumentation told. */
  private receivedHooked(p: Process, item: unknown, msg: unknown): void {
    const k = this.k;
    if (k.listening && k.emitsPerMessage(p) && p.behaviour === 'plain') k.events.received(p, msg);
    const instr = k.instrumentation;
    if (item instanceof Carried) {
      const ctx = item.ctx;
      const at = item.at;
      Carried.release(item);
      instr?.received(p, msg, ctx, at);
    } else instr?.received(p, msg, undefined, 0);
  }

  /**
   * Runs one process for up to `budget` messages. Called by the scheduler only.
   * A process whose code may go on after an `await` runs its body and its loop
   * handlers in its async context (one switch of context per slice); a
   * slice that only hands a message to a pending `receive` runs no code of the
   * process (the awaiting code keeps the context it had at its `await`). Any
   * other process runs as it is, or outside every async context when the drain
   * was woken from one (the promises and timers its code makes are not the
   * waking process's).
   */
  runSlice(p: Process, budget: number): number {
    if (p.dead) return 0;
    if (p.asyncContext) {
      if (p.body !== null || (p.receiver !== null && p.receiver.persistent)) return inContext(p, sliceOf, this, p, budget);
    } else if (inheritedContext()) return outsideProcesses(sliceOf, this, p, budget);
    return this.slice(p, budget);
  }

  /** @internal The run slice itself (see `runSlice`). */
  slice(p: Process, budget: number): number {
    const k = this.k;
    const prev = k.current;
    k.current = p;
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
          k.clock.clear(r.timer);
        }
        // (a message carried while an instrumentation was on is unwrapped also after it is gone)
        const result = p.hooked ? this.handleHooked(p, r, item) : r.deliver(item instanceof Carried ? item.msg : item);
        if (result !== undefined && result !== null && typeof (result as PromiseLike<unknown>).then === 'function') {
          p.busy = true;
          // its code goes on asynchronously: from its next slice on, in its async context
          p.asyncContext = true;
          (result as PromiseLike<unknown>).then(
            () => this.handlerSettled(p),
            (e: unknown) => k.signals.crash(p, e),
          );
        }
      }
    } catch (e) {
      k.signals.crash(p, e);
    } finally {
      p.running = false;
      k.current = prev;
    }
    if (!p.dead && !p.busy && !p.queued && p.receiver !== null && p.mailbox.length > p.receiver.scanned) {
      k.scheduler.schedule(p);
    }
    return n;
  }

  private handlerSettled(p: Process): void {
    p.busy = false;
    if (!p.dead && p.receiver !== null && p.mailbox.length > 0) this.k.scheduler.schedule(p);
  }

  private startBody(p: Process): void {
    const body = p.body as ProcessBody;
    p.body = null;
    const instr = this.k.instrumentation;
    const result = instr === null ? body(p) : instr.handle(p, PROCESS_START, p.spawnCtx, body, p);
    if (result !== undefined && result !== null && typeof (result as PromiseLike<unknown>).then === 'function') {
      p.asyncContext = true;
      (result as PromiseLike<unknown>).then(
        () => this.bodyReturned(p),
        (e: unknown) => this.k.signals.crash(p, e),
      );
    } else {
      this.bodyReturned(p);
    }
  }

  private bodyReturned(p: Process): void {
    if (p.dead) return;
    p.bodyDone = true;
    if (p.receiver === null || !p.receiver.persistent) this.k.signals.terminate(p, 'normal');
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
}
