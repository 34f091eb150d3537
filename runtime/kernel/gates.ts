/**
 * The gates of the hot paths: which flags a message checks on its way in and
 * out, recomputed whenever what is watched changes (listeners come and go, an
 * instrumentation is installed, message counting starts or stops). A message
 * makes one check on its way in (its sender's `Process.hooked`) and one on its
 * way out (its receiver's), so a process being watched costs the others
 * nothing; then one more (`detour`) while messages are counted or held.
 */
import type { Process } from './process.ts';
import type { KernelState } from './state.ts';

/** What the layer above says about its listeners. */
export interface Watchers {
  /** Anybody listens at all. */
  readonly listening: boolean;
  /** A listener of every process wants a per-message kind (send, in, out, noreply, continue). */
  readonly hot: boolean;
}

/** Recomputes `k`'s gates from its watchers, instrumentation, counting and scheduler. */
export function rehook(k: KernelState, w: Watchers): void {
  k.listening = w.listening;
  k.wantsHot = w.hot;
  const instrumented = k.instrumentation !== null;
  const all = instrumented || w.hot;
  if (all !== k.hookAll) {
    k.hookAll = all;
    // rare (an instrumentation or an every-process listener comes or goes): each process's gate follows
    k.external.hooked = all || k.external.watched;
    k.live.each((p) => {
      p.hooked = all || p.watched;
    });
  }
  k.detour = k.race !== null || k.counting > 0;
}

/** Marks `p` watched or not by a listener of its own; its gate follows. */
export function setWatched(k: KernelState, p: Process, watched: boolean): void {
  p.watched = watched;
  p.hooked = k.hookAll || watched;
}

/**
 * Starts (`on`) or stops counting messages per process (`Process.received`,
 * `Process.sent`) for one holder; counts start from 0 when the first holder
 * starts. While nobody holds it a message pays nothing for it.
 */
export function countMessages(k: KernelState, on: boolean, w: Watchers): void {
  if (on) {
    if (k.counting++ === 0) {
      k.external.received = k.external.sent = 0;
      for (const pid of k.live.pids()) pid.proc.received = pid.proc.sent = 0;
    }
  } else if (k.counting > 0) k.counting--;
  rehook(k, w);
}
