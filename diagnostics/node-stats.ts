/**
 * The node header's figures that come from Node itself: event-loop
 * utilization and delay percentiles (`perf_hooks`), heap and RSS. The delay
 * histogram runs only between `start()` and `stop()` (while a diagnostics
 * client is connected); each `read()` covers the time since the previous one.
 */
import { monitorEventLoopDelay, performance, type EventLoopUtilization, type IntervalHistogram } from 'node:perf_hooks';

/** Event-loop and memory figures over one sampling interval. */
export interface LoopStats {
  /** Event-loop utilization over the interval, 0…1. */
  readonly utilization: number;
  /** Event-loop delay percentiles over the interval, in ms (null before the histogram has a sample). */
  readonly delayMs: { readonly p50: number; readonly p90: number; readonly p99: number; readonly max: number } | null;
  readonly heapUsed: number;
  readonly heapTotal: number;
  readonly rss: number;
}

/** Samples the event loop and memory. */
export class NodeStats {
  private histogram: IntervalHistogram | null = null;
  private elu: EventLoopUtilization | null = null;

  /** Starts the delay histogram (10 ms resolution) and the utilization baseline. */
  start(): void {
    if (this.histogram !== null) return;
    this.histogram = monitorEventLoopDelay({ resolution: 10 });
    this.histogram.enable();
    this.elu = performance.eventLoopUtilization();
  }

  /** The figures since the previous read (or `start`); resets the histogram. */
  read(): LoopStats {
    const elu = performance.eventLoopUtilization();
    const utilization = this.elu === null ? elu.utilization : performance.eventLoopUtilization(elu, this.elu).utilization;
    this.elu = elu;
    const h = this.histogram;
    let delayMs: LoopStats['delayMs'] = null;
    if (h !== null && h.count > 0) {
      const ms = (ns: number): number => Math.round(ns / 1e4) / 100;
      delayMs = { p50: ms(h.percentile(50)), p90: ms(h.percentile(90)), p99: ms(h.percentile(99)), max: ms(h.max) };
      h.reset();
    }
    const mem = process.memoryUsage();
    return { utilization: Math.round(utilization * 1000) / 1000, delayMs, heapUsed: mem.heapUsed, heapTotal: mem.heapTotal, rss: mem.rss };
  }

  /** Stops the histogram. */
  stop(): void {
    this.histogram?.disable();
    this.histogram = null;
    this.elu = null;
  }
}
