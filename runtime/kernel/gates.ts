/**
 * The gates of the hot paths: which flags a message checks on its way in and
 * out, recomputed whenever what is watched changes (listeners come and go, an
 * instrumentation is installed, message counting starts or stops). A message
 * makes one check (`hooked`) when nobody may want its events, no
 * instrumentation runs and nothing is counted.
 */
import type { KernelState } from './state.ts';

/** What the layer above says about its listeners. */
export interface Watchers {
  /** Anybody listens at all. */
  readonly listening: boolean;
  /** A listener of every process wants a per-message kind (send, in, out, noreply, continue). */
  readonly hot: boolean;
  /** Some process has listeners of its own (then `Process.watched` marks it). */
  readonly anyWatched: boolean;
}

/** Recomputes `k`'s gates from its watchers, instrumentation, counting and scheduler. */
export function rehook(k: KernelState, w: Watchers): void {
  k.listening = w.listening;
  k.wantsHot = w.hot;
  const instrumented = k.instrumentation !== null;
  k.hookAll = instrumented || w.hot;
  k.hookedIn = k.hookAll || w.anyWatched;
  k.hooked = k.hookedIn;
  k.detour = k.race !== null || k.counting > 0;
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
