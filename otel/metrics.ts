/**
 * Runtime metrics: processes alive, messages in and out, mailbox length per
 * registered name (observable: costs nothing per message), handling duration,
 * crashes, restarts, dropped events. Labels stay bounded: never a pid; at most
 * `maxNames` destination names get their own series, the rest share
 * '(other)' and the overflow is counted.
 */
import type { Attributes, Counter, Histogram, Meter, ObservableGauge, ObservableResult } from '@opentelemetry/api';
import { droppedEventCount, type Runtime } from '../runtime/index.ts';
import { METRIC_MESSAGING_PROCESS_DURATION, ATTR_MESSAGING_DESTINATION_NAME, ATTR_OTP_BEHAVIOUR } from './semconv.ts';

/**
 * Dropped events already added to `otp.events.dropped`. The drop count is the
 * process's (bounded consumers of any runtime); one baseline for every
 * instrumented runtime, so each drop is counted once, not once per runtime.
 */
let droppedReported = 0;

/** Keeps metric labels bounded. */
export class NameCap {
  private readonly known = new Set<string>();
  private readonly max: number;
  /** How many label values were folded into '(other)'. */
  overflow = 0;

  constructor(max: number) {
    this.max = max;
  }

  /** The label to use for `name`. */
  label(name: string): string {
    if (this.known.has(name)) return name;
    if (this.known.size < this.max) {
      this.known.add(name);
      return name;
    }
    this.overflow++;
    return '(other)';
  }
}

/**
 * The observable instruments of one meter, shared by every runtime
 * instrumented with it: an observable reports one value per attribute set, so
 * the live processes and the mailbox sizes are summed over the runtimes here,
 * and the label cap is the meter's (its series are shared too).
 */
class SharedGauges {
  /** The runtimes reported, with how many RuntimeMetrics hold each (a runtime may be instrumented twice). */
  readonly runtimes = new Map<Runtime, number>();
  readonly names: NameCap;
  private readonly alive: ObservableGauge;
  private readonly mailbox: ObservableGauge;
  private readonly overflowGauge: ObservableGauge;
  private readonly dropped: Counter;
  private readonly observeAlive: (r: ObservableResult) => void;
  private readonly observeMailbox: (r: ObservableResult) => void;
  private readonly observeOverflow: (r: ObservableResult) => void;

  constructor(meter: Meter, maxNames: number) {
    this.names = new NameCap(maxNames);
    this.dropped = meter.createCounter('otp.events.dropped', { unit: '{event}', description: 'Events dropped by bounded consumers' });
    this.alive = meter.createObservableGauge('otp.processes.alive', { unit: '{process}', description: 'Live processes' });
    this.mailbox = meter.createObservableGauge('otp.process.mailbox.size', { unit: '{message}', description: 'Queued messages per registered name' });
    this.overflowGauge = meter.createObservableGauge('otp.metrics.label_overflow', { description: 'Label values folded into (other)' });
    this.observeAlive = (r) => {
      let n = 0;
      for (const rt of this.runtimes.keys()) n += rt.processCount;
      r.observe(n);
    };
    this.observeMailbox = (r) => {
      const perName = new Map<string, number>();
      for (const rt of this.runtimes.keys()) {
        for (const name of rt.registered()) {
          const pid = rt.whereis(name);
          const info = pid === undefined ? undefined : rt.processInfo(pid);
          if (info === undefined) continue;
          const label = this.names.label(name);
          perName.set(label, (perName.get(label) ?? 0) + info.messageQueueLen);
        }
      }
      for (const [name, n] of perName) r.observe(n, { [ATTR_MESSAGING_DESTINATION_NAME]: name });
      const dropped = droppedEventCount();
      if (dropped > droppedReported) {
        this.dropped.add(dropped - droppedReported);
        droppedReported = dropped;
      }
    };
    this.observeOverflow = (r) => r.observe(this.names.overflow);
    this.alive.addCallback(this.observeAlive);
    this.mailbox.addCallback(this.observeMailbox);
    this.overflowGauge.addCallback(this.observeOverflow);
  }

  /** Detaches the observable callbacks. */
  stop(): void {
    this.alive.removeCallback(this.observeAlive);
    this.mailbox.removeCallback(this.observeMailbox);
    this.overflowGauge.removeCallback(this.observeOverflow);
  }
}

/** The shared gauges of each meter in use. */
const gaugesOf = new WeakMap<Meter, SharedGauges>();

/** The instruments of one instrumented runtime. */
export class RuntimeMetrics {
  readonly messagesIn: Counter;
  readonly messagesOut: Counter;
  readonly duration: Histogram;
  readonly crashes: Counter;
  readonly restarts: Counter;
  /** The label cap (the meter's, shared with other runtimes instrumented with it). */
  readonly names: NameCap;
  private readonly meter: Meter;
  private readonly rt: Runtime;
  private readonly gauges: SharedGauges;
  private stopped = false;

  constructor(meter: Meter, rt: Runtime, maxNames: number) {
    this.meter = meter;
    this.rt = rt;
    let gauges = gaugesOf.get(meter);
    if (gauges === undefined) {
      gauges = new SharedGauges(meter, maxNames);
      gaugesOf.set(meter, gauges);
    }
    gauges.runtimes.set(rt, (gauges.runtimes.get(rt) ?? 0) + 1);
    this.gauges = gauges;
    this.names = gauges.names;
    this.messagesIn = meter.createCounter('otp.messages.in', { unit: '{message}', description: 'Messages taken in by processes' });
    this.messagesOut = meter.createCounter('otp.messages.out', { unit: '{message}', description: 'Replies sent by processes' });
    this.duration = meter.createHistogram(METRIC_MESSAGING_PROCESS_DURATION, {
      unit: 's',
      description: 'Time to handle one message',
      advice: { explicitBucketBoundaries: [1e-6, 5e-6, 1e-5, 5e-5, 1e-4, 5e-4, 1e-3, 5e-3, 1e-2, 0.1, 1] },
    });
    this.crashes = meter.createCounter('otp.process.crashes', { unit: '{process}', description: 'Processes that ended abnormally' });
    this.restarts = meter.createCounter('otp.supervisor.restarts', { unit: '{restart}', description: 'Children restarted by supervisors' });
  }

  /** Bounded attributes for a destination and behaviour. */
  attrs(destination: string, behaviour: string): Attributes {
    return { [ATTR_MESSAGING_DESTINATION_NAME]: this.names.label(destination), [ATTR_OTP_BEHAVIOUR]: behaviour };
  }

  /** Leaves the shared gauges (the last runtime of a meter detaches their callbacks). Idempotent. */
  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    const holders = (this.gauges.runtimes.get(this.rt) ?? 1) - 1;
    if (holders > 0) this.gauges.runtimes.set(this.rt, holders);
    else this.gauges.runtimes.delete(this.rt);
    if (this.gauges.runtimes.size === 0 && gaugesOf.get(this.meter) === this.gauges) {
      this.gauges.stop();
      gaugesOf.delete(this.meter);
    }
  }
}
