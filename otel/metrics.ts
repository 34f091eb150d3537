/**
 * Runtime metrics: processes alive, messages in and out, mailbox length per
 * registered name (observable: costs nothing per message), handling duration,
 * crashes, restarts, dropped events. Labels stay bounded: never a pid; at most
 * `maxNames` destination names get their own series, the rest share
 * '(other)' and the overflow is counted.
 */
import type { Attributes, Counter, Histogram, Meter, ObservableGauge, ObservableResult, UpDownCounter } from '@opentelemetry/api';
import { droppedEventCount, type Runtime } from '../runtime/index.ts';
import { METRIC_MESSAGING_PROCESS_DURATION, ATTR_MESSAGING_DESTINATION_NAME, ATTR_OTP_BEHAVIOUR } from './semconv.ts';


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

/** The instruments of one instrumented runtime. */
export class RuntimeMetrics {
  readonly messagesIn: Counter;
  readonly messagesOut: Counter;
  readonly duration: Histogram;
  readonly crashes: Counter;
  readonly restarts: Counter;
  private readonly alive: ObservableGauge;
  private readonly mailbox: ObservableGauge;
  private readonly dropped: UpDownCounter;
  private readonly overflowGauge: ObservableGauge;
  private droppedSeen = 0;
  readonly names: NameCap;
  private readonly observeAlive: (r: ObservableResult) => void;
  private readonly observeMailbox: (r: ObservableResult) => void;
  private readonly observeOverflow: (r: ObservableResult) => void;

  constructor(meter: Meter, rt: Runtime, maxNames: number) {
    this.names = new NameCap(maxNames);
    this.messagesIn = meter.createCounter('otp.messages.in', { unit: '{message}', description: 'Messages taken in by processes' });
    this.messagesOut = meter.createCounter('otp.messages.out', { unit: '{message}', description: 'Replies sent by processes' });
    this.duration = meter.createHistogram(METRIC_MESSAGING_PROCESS_DURATION, {
      unit: 's',
      description: 'Time to handle one message',
      advice: { explicitBucketBoundaries: [1e-6, 5e-6, 1e-5, 5e-5, 1e-4, 5e-4, 1e-3, 5e-3, 1e-2, 0.1, 1] },
    });
    this.crashes = meter.createCounter('otp.process.crashes', { unit: '{process}', description: 'Processes that ended abnormally' });
    this.restarts = meter.createCounter('otp.supervisor.restarts', { unit: '{restart}', description: 'Children restarted by supervisors' });
    this.dropped = meter.createUpDownCounter('otp.events.dropped', { unit: '{event}', description: 'Events dropped by bounded consumers' });
    this.alive = meter.createObservableGauge('otp.processes.alive', { unit: '{process}', description: 'Live processes' });
    this.mailbox = meter.createObservableGauge('otp.process.mailbox.size', { unit: '{message}', description: 'Queued messages per registered name' });
    this.overflowGauge = meter.createObservableGauge('otp.metrics.label_overflow', { description: 'Label values folded into (other)' });
    this.observeAlive = (r) => r.observe(rt.processCount);
    this.observeMailbox = (r) => {
      const perName = new Map<string, number>();
      for (const name of rt.registered()) {
        const pid = rt.whereis(name);
        const info = pid === undefined ? undefined : rt.processInfo(pid);
        if (info === undefined) continue;
        const label = this.names.label(name);
        perName.set(label, (perName.get(label) ?? 0) + info.messageQueueLen);
      }
      for (const [name, n] of perName) r.observe(n, { [ATTR_MESSAGING_DESTINATION_NAME]: name });
      const dropped = droppedEventCount();
      if (dropped !== this.droppedSeen) {
        this.dropped.add(dropped - this.droppedSeen);
        this.droppedSeen = dropped;
      }
    };
    this.observeOverflow = (r) => r.observe(this.names.overflow);
    this.alive.addCallback(this.observeAlive);
    this.mailbox.addCallback(this.observeMailbox);
    this.overflowGauge.addCallback(this.observeOverflow);
  }

  /** Bounded attributes for a destination and behaviour. */
  attrs(destination: string, behaviour: string): Attributes {
    return { [ATTR_MESSAGING_DESTINATION_NAME]: this.names.label(destination), [ATTR_OTP_BEHAVIOUR]: behaviour };
  }

  /** Detaches the observable callbacks. */
  stop(): void {
    this.alive.removeCallback(this.observeAlive);
    this.mailbox.removeCallback(this.observeMailbox);
    this.overflowGauge.removeCallback(this.observeOverflow);
  }
}
