/**
 * The flight recorder: a small ring of each process's recent events, kept
 * only while it is on, and read when a process crashes (its crash report
 * carries them; otel/ exports them as span events), so the trace of a crash
 * shows what led to it without tracing everything always.
 */
import type { SysEvent } from './events.ts';
import type { Kernel } from '../kernel/kernel.ts';
import type { Pid } from '../kernel/terms.ts';

/** Per-process rings of recent events. */
export class FlightRecorder {
  private readonly rings = new Map<Pid, SysEvent[]>();
  private readonly heads = new Map<Pid, number>();
  private readonly size: number;
  private readonly unsubscribe: () => void;

  constructor(rt: Kernel, size = 16) {
    this.size = Math.max(1, size);
    this.unsubscribe = rt.subscribe((e) => this.record(e));
  }

  private record(e: SysEvent): void {
    let ring = this.rings.get(e.pid);
    if (ring === undefined) {
      ring = [];
      this.rings.set(e.pid, ring);
    }
    if (ring.length < this.size) ring.push(e);
    else {
      const h = this.heads.get(e.pid) ?? 0;
      ring[h] = e;
      this.heads.set(e.pid, (h + 1) % this.size);
    }
    // forget a process a turn after it ends: its crash report and restart have read the ring by then
    if (e.kind === 'exit') queueMicrotask(() => this.forget(e.pid));
  }

  /** The recent events of `pid`, oldest first. */
  recent(pid: Pid): SysEvent[] {
    const ring = this.rings.get(pid);
    if (ring === undefined) return [];
    const h = this.heads.get(pid) ?? 0;
    return [...ring.slice(h), ...ring.slice(0, h)];
  }

  private forget(pid: Pid): void {
    this.rings.delete(pid);
    this.heads.delete(pid);
  }

  /** Stops recording and drops every ring. */
  stop(): void {
    this.unsubscribe();
    this.rings.clear();
    this.heads.clear();
  }
}
