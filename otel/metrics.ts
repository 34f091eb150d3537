/**
 * Runtime metrics: processes alive, messages in and out (replies, `GenServer.reply`
 * included), handling duration (`messaging.process.duration`), crashes,
 * restarts by child id, dropped events; and what an operator needs to see a
 * backlog: the mailbox length per registered name now and its maximum over the
 * interval, how long messages waited in mailboxes, and the event loop's delay.
 * Labels stay bounded: never a pid; destination names through the name cap
 * (names.ts), child ids through one of their own.
 */
import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';
import type { Attributes, Counter, Histogram, Meter, ObservableGauge, ObservableResult } from '@opentelemetry/api';
import { droppedEventCount, type Process, type Runtime } from '../runtime/index.ts';
import { NameCap } from './names.ts';
import {
  ATTR_ERROR_TYPE,
  ATTR_MESSAGING_DESTINATION_NAME,
  ATTR_MESSAGING_OPERATION_NAME,
  ATTR_MESSAGING_SYSTEM_NAME,
  ATTR_OTP_BEHAVIOUR,
  ATTR_OTP_CHILD_ID,
  DURATION_BUCKETS,
  MESSAGING_SYSTEM,
  METRIC_MESSAGING_PROCESS_DURATION,
} from './semconv.ts';
import { destinationOf, type OperationName } from './spans.ts';

/**
 * Dropped events already added to `otp.events.dropped`. The drop count is the
 * process's (bounded consumers of any runtime); one baseline for every
 * instrumented runtime, so each drop is counted once, not once per runtime.
 */
let droppedReported = 0;

/** The event loop's delay is sampled every this many ms. */
const LOOP_RESOLUTION_MS = 10;

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
  readonly childIds: NameCap;
  /** The longest mailbox seen per destination label since the last collection. */
  readonly mailboxMax = new Map<string, number>();
  private readonly loop: IntervalHistogram;
  private readonly gauges: [ObservableGauge, (r: ObservableResult) => void][] = [];
  private readonly dropped: Counter;

  constructor(meter: Meter, maxNames: number) {
    this.names = new NameCap(maxNames);
    this.childIds = new NameCap(maxNames);
    this.dropped = meter.createCounter('otp.events.dropped', { unit: '{event}', description: 'Events dropped by bounded consumers' });
    this.loop = monitorEventLoopDelay({ resolution: LOOP_RESOLUTION_MS });
    this.loop.enable();
    this.gauge(meter, 'otp.processes.alive', { unit: '{process}', description: 'Live processes' }, (r) => {
      let n = 0;
      for (const rt of this.runtimes.keys()) n += rt.processCount;
      r.observe(n);
    });
    this.gauge(meter, 'otp.process.mailbox.size', { unit: '{message}', description: 'Queued messages per registered name, at collection' }, (r) => this.observeMailboxes(r));
    this.gauge(meter, 'otp.process.mailbox.max', { unit: '{message}', description: 'Longest mailbox per destination since the last collection (at each message taken in)' }, (r) => {
      for (const [name, n] of this.mailboxMax) r.observe(n, { [ATTR_MESSAGING_DESTINATION_NAME]: name });
      this.mailboxMax.clear();
    });
    this.gauge(meter, 'nodejs.eventloop.delay.max', { unit: 's', description: 'Longest event-loop delay since the last collection' }, (r) => {
      r.observe(this.loop.count > 0 ? this.loop.max / 1e9 : 0);
    });
    this.gauge(meter, 'nodejs.eventloop.delay.p99', { unit: 's', description: '99th percentile of the event-loop delay since the last collection' }, (r) => {
      r.observe(this.loop.count > 0 ? this.loop.percentile(99) / 1e9 : 0);
      this.loop.reset();
    });
    this.gauge(meter, 'otp.metrics.label_overflow', { description: 'Label values folded into (other)' }, (r) => r.observe(this.names.overflow));
  }

  private gauge(meter: Meter, name: string, o: { unit?: string; description: string }, observe: (r: ObservableResult) => void): void {
    const g = meter.createObservableGauge(name, o);
    g.addCallback(observe);
    this.gauges.push([g, observe]);
  }

  private observeMailboxes(r: ObservableResult): void {
    const perName = new Map<string, number>();
    for (const rt of this.runtimes.keys()) {
      for (const name of rt.registered()) {
        const pid = rt.whereis(name);
        const info = pid === undefined ? undefined : rt.processInfo(pid);
        if (pid === undefined || info === undefined) continue;
        const label = this.names.label(name, pid.proc);
        perName.set(label, (perName.get(label) ?? 0) + info.messageQueueLen);
      }
    }
    for (const [name, n] of perName) r.observe(n, { [ATTR_MESSAGING_DESTINATION_NAME]: name });
    const dropped = droppedEventCount();
    if (dropped > droppedReported) {
      this.dropped.add(dropped - droppedReported);
      droppedReported = dropped;
    }
  }

  /** Detaches the observable callbacks and stops sampling the event loop. */
  stop(): void {
    for (const [g, observe] of this.gauges) g.removeCallback(observe);
    this.loop.disable();
  }
}

/** The shared gauges of each meter in use. */
const gaugesOf = new WeakMap<Meter, SharedGauges>();

/** The instruments of one instrumented runtime. */
export class RuntimeMetrics {
  readonly messagesIn: Counter;
  readonly messagesOut: Counter;
  readonly duration: Histogram;
  readonly waited: Histogram;
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
    this.messagesOut = meter.createCounter('otp.messages.out', { unit: '{message}', description: 'Replies sent by processes (GenServer.reply included)' });
    const advice = { explicitBucketBoundaries: [...DURATION_BUCKETS] };
    this.duration = meter.createHistogram(METRIC_MESSAGING_PROCESS_DURATION, { unit: 's', description: 'Time to handle one message', advice });
    this.waited = meter.createHistogram('otp.mailbox.wait', { unit: 's', description: 'Time a message waited in a mailbox before its handling began', advice });
    this.crashes = meter.createCounter('otp.process.crashes', { unit: '{process}', description: 'Processes that ended abnormally' });
    this.restarts = meter.createCounter('otp.supervisor.restarts', { unit: '{restart}', description: 'Children restarted by supervisors, by supervisor and child id' });
  }

  /** The bounded label of `p`'s destination. */
  label(p: Process): string {
    return this.names.label(destinationOf(p), p);
  }

  /** Bounded attributes of `p`. */
  attrs(p: Process): Attributes {
    return { [ATTR_MESSAGING_DESTINATION_NAME]: this.label(p), [ATTR_OTP_BEHAVIOUR]: p.behaviour };
  }

  /** `p` takes in a message of `op` that waited `waited` ms (-1: not recorded), with `queued` more behind it. */
  took(p: Process, op: OperationName, waited: number, queued: number): void {
    const label = this.label(p);
    const attrs = { [ATTR_MESSAGING_DESTINATION_NAME]: label, [ATTR_OTP_BEHAVIOUR]: p.behaviour, [ATTR_MESSAGING_OPERATION_NAME]: op };
    this.messagesIn.add(1, attrs);
    if (waited >= 0) this.waited.record(waited / 1000, attrs);
    const max = this.gauges.mailboxMax;
    const length = queued + 1;
    if ((max.get(label) ?? -1) < length) max.set(label, length);
  }

  /** `messaging.process.duration` of one handling by `p`: system, operation name, destination, `error.type` when it failed. */
  handled(p: Process, op: OperationName, seconds: number, errorType: string | null): void {
    const attrs: Attributes = {
      [ATTR_MESSAGING_SYSTEM_NAME]: MESSAGING_SYSTEM,
      [ATTR_MESSAGING_OPERATION_NAME]: op,
      [ATTR_MESSAGING_DESTINATION_NAME]: this.label(p),
      [ATTR_OTP_BEHAVIOUR]: p.behaviour,
    };
    if (errorType !== null) attrs[ATTR_ERROR_TYPE] = errorType;
    this.duration.record(seconds, attrs);
  }

  /** A supervisor restarted the child `childId`. */
  restarted(sup: Process, childId: unknown): void {
    this.restarts.add(1, { ...this.attrs(sup), [ATTR_OTP_CHILD_ID]: this.gauges.childIds.label(String(childId)) });
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
