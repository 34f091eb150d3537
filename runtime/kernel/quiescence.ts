/**
 * When a runtime is quiet: no process runnable and nothing delivered during
 * one full event-loop turn (async processes' continuations included). Timers
 * still pending do not count as activity. Tests and `settled()` wait on it.
 */
import { setImmediate } from 'node:timers';
import type { Kernel } from './kernel.ts';

/** Resolves when `k` is quiet (see the module comment). */
export async function settled(k: Kernel): Promise<void> {
  for (;;) {
    await k.scheduler.whenIdle();
    const mark = k.activity;
    await new Promise<void>((resolve) => setImmediate(resolve));
    if (k.scheduler.runnable === 0 && !k.scheduler.isDraining && mark === k.activity) return;
  }
}
