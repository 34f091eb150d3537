/**
 * Exit signals, links and monitors, and the end of a process (OTP `exit/1,2`,
 * `link/1`, `unlink/1`, `monitor/2`, `demonitor/1,2`, and what a death does:
 * EXIT to trapping partners, death to the others, DOWN to watchers, pending
 * calls failed, the name freed, its timers cancelled).
 *
 * Signals are applied when sent (one thread), in the order they are made: a
 * death's link signals wait in a queue flushed after the death, so per-pair
 * order holds and nothing recurses without bound.
 */
import { checkDest, checkPid, checkRef } from './args.ts';
import { replyError } from './call.ts';
import { NoProcError, ProcessExit, UncaughtThrow, reasonOf } from './errors.ts';
import type { Kernel } from './kernel.ts';
import { Monitor } from './monitor.ts';
import { stackFrames } from './redact.ts';
import type { Process } from './process.ts';
import { DownMessage, ExitMessage, NODE, Pid, Ref, tuple, type Dest, type ExitReason } from './terms.ts';

interface Signal {
  target: Process;
  from: Process;
  reason: ExitReason;
  viaLink: boolean;
  /** The context the signal carries (instrumented runtimes: where the sender died, or sent it); undefined: none. */
  ctx: unknown;
}

/** Exits, links and monitors of one runtime. */
export class Signals {
  private readonly k: Kernel;
  private readonly queue: Signal[] = [];
  private flushing = false;

  constructor(k: Kernel) {
    this.k = k;
  }

  /** OTP `exit/2`: sends an exit signal to `pid` from `sender`. */
  exit(pid: Pid, reason: ExitReason, sender: Process | null): true {
    checkPid('exit', pid);
    const k = this.k;
    if (sender !== null) k.checkActing(sender);
    const target = pid.proc;
    const from = sender ?? k.external;
    this.queue.push({ target, from, reason, viaLink: false, ctx: k.instrumentation?.capture(from) });
    this.flush();
    if (target === from && target.dead) throw new ProcessExit(target.exitReason, k.redactor);
    return true;
  }

  /** Applies the queued signals, unless a flush is already under way (it will reach them). */
  private flush(): void {
    if (this.flushing || this.queue.length === 0) return;
    this.flushing = true;
    try {
      for (let i = 0; i < this.queue.length; i++) this.apply(this.queue[i]);
    } finally {
      this.queue.length = 0;
      this.flushing = false;
    }
  }

  private apply({ target, from, reason, viaLink, ctx }: Signal): void {
    const k = this.k;
    if (target.dead || target === k.external) return;
    if (reason === 'kill' && !viaLink) this.terminate(target, 'killed', ctx);
    else if (target.trapping) k.deliver(target, new ExitMessage(from.pid, reason), from, ctx);
    else if (reason === 'normal') {
      if (from === target) this.terminate(target, 'normal', ctx);
    } else this.terminate(target, reason, ctx);
  }

  /** Ends `p` because its code threw `thrown` (OTP: an uncaught `throw(V)` is `{nocatch, V}`). */
  crash(p: Process, thrown: unknown): void {
    if (p.dead) return;
    const k = this.k;
    const reason = thrown instanceof ProcessExit || thrown instanceof Error ? reasonOf(thrown) : new UncaughtThrow(thrown, k.redactor);
    if (p.crashHook !== null) {
      try {
        p.crashHook(thrown, reason);
      } catch (e) {
        this.fault('crash_hook_failed', p, e);
      }
    }
    this.terminate(p, reason);
  }

  /**
   * Ends `p` with `reason` now: frees its name, fires links and monitors, fails
   * pending calls, wakes what waits for its end, and releases what it held
   * (state, mailbox storage, debug options). Always runs to the end: a hook
   * that throws is logged and the rest goes on.
   */
  terminate(p: Process, reason: ExitReason, cause?: unknown): void {
    const k = this.k;
    if (p.dead || p === k.external) return;
    // instrumented: the context `p` dies in (its handling's, else the signal's that killed it) travels with its EXITs and DOWNs
    const instr = k.instrumentation;
    const ctx = instr === null ? undefined : (instr.exiting(p) ?? cause);
    if (k.listening) k.events.exited(p, reason);
    p.dead = true;
    p.exitReason = reason;
    const r = p.receiver;
    if (r !== null) k.clock.clear(r.timer);
    p.receiver = null;
    k.registry.release(p);
    k.live.remove(p);
    // the gates follow live processes only: what a dead pid still sends (its EXITs, DOWNs, noproc replies) takes the path that looks at every gate
    p.hooked = true;
    k.timers.cancelAllTo(p);
    if (p.links !== null) {
      for (const other of p.links) {
        other.links?.delete(p);
        // a trapping partner gets its EXIT now, before this death's DOWNs below (the order OTP shows); the others die after
        if (other.trapping && !other.dead) k.deliver(other, new ExitMessage(p.pid, reason), p, ctx);
        else this.queue.push({ target: other, from: p, reason, viaLink: true, ctx });
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
        k.deliver(m.watcher, new DownMessage(m.ref, m.object, reason), p, ctx);
      }
    }
    for (let from = p.pendingCalls; from !== null; from = p.pendingCalls) {
      try {
        replyError(from, reason);
      } catch (e) {
        this.fault('pending_call_failed', p, e);
      }
      if (p.pendingCalls === from) p.pendingCalls = from.nextCall; // never stuck on a call that could not be failed
    }
    p.ackHook = null;
    p.crashHook = null;
    if (p.exitHook !== null) {
      const hook = p.exitHook;
      p.exitHook = null;
      this.runHook(p, () => hook(reason));
    }
    if (p.exitWaiters !== null) {
      const waiters = p.exitWaiters;
      p.exitWaiters = null;
      for (const w of waiters) this.runHook(p, () => w(reason));
    }
    p.release();
    this.flush();
  }

  /** Logs a fault of the kernel's own bookkeeping around `p` (a hook that threw): reported, never thrown. */
  private fault(label: string, p: Process, e: unknown): void {
    const k = this.k;
    k.log({ level: 'error', label, report: { pid: p.pid, error: k.redact(e, 'crash-report'), stack: stackFrames(e) } });
  }

  private runHook(p: Process, hook: () => void): void {
    try {
      hook();
    } catch (e) {
      this.fault('exit_hook_failed', p, e);
    }
  }

  /** OTP `link/1` from `self`. */
  link(self: Process, pid: Pid): true {
    checkPid('link', pid);
    const k = this.k;
    k.checkActing(self);
    const other = pid.proc;
    if (other === self) return true;
    if (other.dead) {
      if (self.trapping) {
        k.deliver(self, new ExitMessage(pid, 'noproc'), other);
        return true;
      }
      throw new NoProcError(`link: ${String(pid)} is not alive`);
    }
    this.addLink(self, other);
    return true;
  }

  /** Links `a` and `b` (both alive; nothing for the external pid). */
  addLink(a: Process, b: Process): void {
    const k = this.k;
    if (a === k.external || b === k.external) return;
    if (a.links === null) a.links = new Set();
    if (b.links === null) b.links = new Set();
    if (a.links.has(b)) return;
    a.links.add(b);
    b.links.add(a);
    if (k.listening) k.events.linked(a, b);
  }

  /** OTP `unlink/1` from `self`. */
  unlink(self: Process, pid: Pid): true {
    checkPid('unlink', pid);
    const k = this.k;
    k.checkActing(self);
    const other = pid.proc;
    if (self.links?.delete(other)) {
      other.links?.delete(self);
      if (k.listening) k.events.unlinked(self, other);
    }
    return true;
  }

  /** OTP `monitor(process, Target)` from `watcher`. */
  monitor(watcher: Process, target: Dest): Ref {
    checkDest('monitor', target);
    const k = this.k;
    k.checkActing(watcher);
    const ref = new Ref();
    const byName = typeof target === 'string' ? target : null;
    const p = target instanceof Pid ? target.proc : typeof target === 'string' ? k.registry.get(target) : k.registry.resolveName(target);
    if (p === undefined || p.dead) {
      const object = target instanceof Pid ? target : typeof target === 'string' ? tuple(target, NODE) : p === undefined ? target : p.pid;
      k.deliver(watcher, new DownMessage(ref, object, 'noproc'), p ?? null);
      return ref;
    }
    if (p === watcher || p === k.external) return ref;
    const m = new Monitor(ref, watcher, p, p.monitorObject(byName));
    if (watcher.monitors === null) watcher.monitors = new Map();
    if (p.monitoredBy === null) p.monitoredBy = new Map();
    watcher.monitors.set(ref, m);
    p.monitoredBy.set(ref, m);
    if (k.listening) k.events.monitored(watcher, ref, m.object);
    return ref;
  }

  /** OTP `demonitor/2`: `info` → whether an active monitor was removed; `flush` drops a queued DOWN. */
  demonitor(watcher: Process, ref: Ref, opts: { flush?: boolean; info?: boolean } = {}): boolean {
    checkRef('demonitor', ref);
    const k = this.k;
    k.checkActing(watcher);
    const m = watcher.monitors?.get(ref);
    if (m !== undefined) {
      watcher.monitors?.delete(ref);
      m.target.monitoredBy?.delete(ref);
      if (k.listening) k.events.demonitored(watcher, ref, m.object);
    }
    if (opts.flush) watcher.removeMessage((msg) => msg instanceof DownMessage && msg.ref === ref);
    return opts.info ? m !== undefined : true;
  }
}
