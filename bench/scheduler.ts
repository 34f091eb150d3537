/**
 * Issue 9, item 4: the scheduler yields to the event loop by time as well as by
 * count. Two runtime copies, loaded the same way (temp folders, own module
 * instances, see no-emit.ts): `count-only`, runtime/ with the scheduler as it
 * was before (systems/count-only-scheduler.ts), and `time budget`, runtime/
 * verbatim. In one run:
 *
 * - how late a 10 ms timer fires while the runtime is saturated (a GenServer
 *   with a deep queue of 10 µs calls; the same with ping-pong flooding too),
 *   p50/p99/max over every firing of a fixed stretch of time, per copy;
 * - ping-pong and call throughput of both copies (and the project's runtime),
 *   taking turns, as ratios: the time budget must keep ≥ 0.97 of count-only;
 * - the drain loop alone (two fake processes bouncing through each copy's
 *   Scheduler class): its cost per slice, the part of a message the time
 *   budget can change, measured with far less noise than a whole workload.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { DEFAULT_YIELD_MS } from '../runtime/kernel/scheduler.ts';
import type { GenServer as GS, Pid } from '../runtime/index.ts';
import { deferred, measureRounds, median, quantile, summarise, type Contender, type MeasureOptions, type SystemName, type TableRow } from './harness.ts';
import { loadRuntimeCopy, type RuntimeCopy } from './no-emit.ts';
import type { Check } from './observability.ts';
import { scaled, type Sizes } from './sizes.ts';
import type { OtpLib, OtpOptions } from './systems/otp-lib.ts';
import type { Workload } from './workloads/index.ts';

/** The timer whose lateness is measured, re-armed at each firing (ms). */
const PERIOD_MS = 10;
/** What one call costs the server: a busy wait (ms). */
const CALL_MS = 0.01;
/** Callers, each with one call outstanding: the server's queue depth. */
const CALLERS = 1000;

/** The two copies. */
export interface SchedulerCopies {
  /** runtime/ with the count-only scheduler of before. */
  readonly countOnly: RuntimeCopy;
  /** runtime/ verbatim. */
  readonly timeBudget: RuntimeCopy;
}

/** Loads both copies (remove them when done). */
export async function loadSchedulerCopies(): Promise<SchedulerCopies> {
  const old = readFileSync(fileURLToPath(new URL('./systems/count-only-scheduler.ts', import.meta.url)), 'utf8')
    .replaceAll("from '../../runtime/kernel/queue.ts'", "from './queue.ts'")
    .replaceAll("from '../../runtime/kernel/process.ts'", "from './process.ts'");
  return { countOnly: await loadRuntimeCopy(false, { 'kernel/scheduler.ts': old }), timeBudget: await loadRuntimeCopy(false) };
}

/** How late the timer fired, over one stretch of saturation. */
export interface Lateness {
  /** Firings measured. */
  readonly firings: number;
  /** Lateness quantiles and maximum, ms (firing time − (arming time + PERIOD_MS), taken in the handler). */
  readonly p50: number;
  readonly p99: number;
  readonly max: number;
  /** Work done meanwhile, per second: calls answered, ping-pong messages. */
  readonly callsPerSec: number;
  readonly bouncesPerSec: number;
}

type WorkProtocol = { call: { request: 'work'; reply: 'done' }; cast: never };

/** A server whose every call busy-waits CALL_MS. */
const slowServer: GS.GenServerBehaviour<null, null, WorkProtocol> = {
  init: () => ['ok', null],
  handleCall: (_req, _from, s) => {
    const end = performance.now() + CALL_MS;
    while (performance.now() < end) {
      // busy: a handler that computes
    }
    return ['reply', 'done', s];
  },
};

/** What keeps the runtime busy. */
export type Saturation = 'idle' | 'slow calls' | 'slow calls + ping-pong';

/**
 * Saturates a fresh runtime of `lib` for `seconds` (CALLERS callers keep the
 * slow server's queue full; with ping-pong, two processes also bounce a message
 * without end) while a prober re-arms a PERIOD_MS `sendAfter` to itself at each
 * firing and records how late each one reached it.
 */
export async function timerLateness(lib: OtpLib, seconds: number, load: Saturation, yieldMs?: number): Promise<Lateness> {
  const rt = new lib.Runtime({ logger: lib.silentLogger, ...(yieldMs === undefined ? {} : { yieldMs }) });
  const server = lib.GenServer.okPid(await lib.GenServer.start(slowServer, null, { runtime: rt }));
  let running = true;
  let calls = 0;
  let bounces = 0;
  for (let i = 0; i < (load === 'idle' ? 0 : CALLERS); i++) {
    rt.spawn(async (self) => {
      while (running) {
        await lib.GenServer.call(server, 'work', { caller: self, timeout: Infinity });
        calls++;
      }
    });
  }
  const bounce = (other: () => Pid) => (msg: unknown): void => {
    bounces++;
    if (running) rt.send(other(), msg);
  };
  if (load === 'slow calls + ping-pong') {
    const a: Pid = rt.spawn((self) => self.loop(bounce(() => b)));
    const b: Pid = rt.spawn((self) => self.loop(bounce(() => a)));
    rt.send(a, 'ball');
  }
  const late: number[] = [];
  const done = deferred();
  const t0 = performance.now();
  rt.spawn((self) => {
    let armed = performance.now();
    rt.sendAfter(PERIOD_MS, self.pid, 'tick');
    self.loop(() => {
      const t = performance.now();
      late.push(t - armed - PERIOD_MS);
      if (t - t0 >= seconds * 1000) {
        done.resolve();
        return;
      }
      armed = t;
      rt.sendAfter(PERIOD_MS, self.pid, 'tick');
    });
  });
  await done.promise;
  const elapsed = (performance.now() - t0) / 1000;
  running = false;
  for (const pid of rt.processes()) rt.exit(pid, 'kill');
  await rt.idle();
  return {
    firings: late.length,
    p50: median(late),
    p99: quantile(late, 0.99),
    max: Math.max(...late),
    callsPerSec: calls / elapsed,
    bouncesPerSec: bounces / elapsed,
  };
}

/** The lateness table: one line per copy. */
export function formatLateness(rows: readonly LatenessRow[], seconds: number): string[] {
  const head = ['load', 'scheduler', 'firings', 'p50 late', 'p99 late', 'max late', 'calls/s', 'bounces/s'];
  const ms = (x: number): string => `${x.toFixed(1)} ms`;
  const k = (x: number): string => (x >= 1e6 ? `${(x / 1e6).toFixed(2)}M` : `${(x / 1e3).toFixed(1)}k`);
  const lines = [head, ...rows.map(({ load, label, l }) => [load, label, String(l.firings), ms(l.p50), ms(l.p99), ms(l.max), k(l.callsPerSec), k(l.bouncesPerSec)])];
  const widths = head.map((_, i) => Math.max(...lines.map((l) => l[i].length)));
  const fmt = (l: string[]): string => `  ${l.map((c, i) => (i < 2 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ')}`;
  return [
    `a ${PERIOD_MS} ms timer while the runtime is saturated (a GenServer with ${CALLERS} callers and ${CALL_MS * 1000} µs calls; the same with ping-pong flooding too), ${seconds} s each, one after the other:`,
    fmt(lines[0]),
    ...lines.slice(1).map(fmt),
  ];
}

/** One line of the lateness table. */
export interface LatenessRow {
  readonly load: Saturation;
  readonly label: string;
  readonly l: Lateness;
}

/** Lateness for both copies under each load: count-only first, then the time budget. */
export async function latenessRows(copies: SchedulerCopies, seconds: number): Promise<LatenessRow[]> {
  const out: LatenessRow[] = [];
  for (const load of ['idle', 'slow calls', 'slow calls + ping-pong'] as const) {
    out.push({ load, label: 'count-only (before, copy)', l: await timerLateness(copies.countOnly.lib, seconds, load) });
    out.push({ load, label: `time budget ${DEFAULT_YIELD_MS} ms (copy)`, l: await timerLateness(copies.timeBudget.lib, seconds, load) });
  }
  return out;
}

/** Throughput of one workload: the rows, and the time-budget copy's rate ÷ count-only's in each round. */
export interface Throughput {
  /** 'otpscope' (the project's runtime), 'otpscope-count-only', 'otpscope-copy' (the time budget's copy). */
  readonly rows: readonly [TableRow, TableRow, TableRow];
  /** Per round (the two ran back to back): time-budget copy ÷ count-only copy. */
  readonly ratios: readonly number[];
}

/**
 * Throughput of one workload for the project's runtime and both copies, taking
 * turns, five times the repetitions (a 3% target needs them on a shared machine).
 */
export async function throughput(w: Workload, base: Sizes, copies: SchedulerCopies, opts: MeasureOptions): Promise<Throughput> {
  const variant = (system: SystemName, otp: OtpOptions): Contender => ({
    system,
    run: () => w.run.otpscope(base, otp),
    warm: () => w.run.otpscope(scaled(base, 0.1), otp),
    expected: w.expected(base),
  });
  const trio = [variant('otpscope', {}), variant('otpscope-count-only', { lib: copies.countOnly.lib }), variant('otpscope-copy', { lib: copies.timeBudget.lib })];
  const samples = await measureRounds(w.name, trio, { ...opts, reps: opts.reps * 5 });
  const rate = (s: { ops: number; seconds: number }): number => s.ops / s.seconds;
  const rows = trio.map((c, k) => summarise(w.name, c.system, samples[k])) as [TableRow, TableRow, TableRow];
  return { rows, ratios: samples[2].map((s, i) => rate(s) / rate(samples[1][i])) };
}

/**
 * The 3% check, like with like: the median over rounds of time-budget copy ÷
 * count-only copy (each round runs them back to back, so the drift of a shared
 * machine cancels out better than in a ratio of medians, also printed), with
 * the quartiles of those ratios; and the project's runtime for reference.
 */
export function throughputCheck(workload: string, t: Throughput): Check {
  const [project, countOnly, copy] = t.rows;
  const r = median(t.ratios);
  const rate = (x: TableRow): string => `${(x.ops_per_sec / 1e6).toFixed(2)}M/s`;
  return {
    workload,
    target: 'time budget within 3% of count-only (same run)',
    value:
      `${r.toFixed(3)} (median of ${t.ratios.length} rounds' time-budget copy ÷ count-only copy, quartiles ${quantile(t.ratios, 0.25).toFixed(3)}–${quantile(t.ratios, 0.75).toFixed(3)}; ` +
      `medians ${rate(copy)} ÷ ${rate(countOnly)} = ${(copy.ops_per_sec / countOnly.ops_per_sec).toFixed(3)}; the project's runtime ${rate(project)}, ÷ count-only ${(project.ops_per_sec / countOnly.ops_per_sec).toFixed(3)})`,
    pass: r >= 0.97,
  };
}

/** ns per slice of a copy's drain loop: two fake processes bouncing, each slice one message (ping-pong's shape). */
async function drainLoopNs(dir: string, slices: number): Promise<number> {
  const mod = (await import(pathToFileURL(join(dir, 'runtime', 'kernel', 'scheduler.ts')).href)) as { Scheduler: new (runSlice: (p: FakeProcess, budget: number) => number) => { schedule(p: FakeProcess): void } };
  const a: FakeProcess = { queued: false };
  const b: FakeProcess = { queued: false };
  let left = slices;
  const done = deferred();
  const s = new mod.Scheduler((p) => {
    if (--left === 0) done.resolve();
    else s.schedule(p === a ? b : a);
    return 1;
  });
  const t0 = performance.now();
  s.schedule(a);
  await done.promise;
  return ((performance.now() - t0) * 1e6) / slices;
}

/** What the drain loop needs of a process. */
interface FakeProcess {
  queued: boolean;
}

/** The drain loop's cost per slice for both copies, taking turns: the minimum and median of `rounds` runs of `slices` each. */
export async function drainLoopCost(copies: SchedulerCopies, slices: number, rounds: number): Promise<{ countOnly: readonly number[]; timeBudget: readonly number[] }> {
  const countOnly: number[] = [];
  const timeBudget: number[] = [];
  await drainLoopNs(copies.countOnly.dir, slices / 10);
  await drainLoopNs(copies.timeBudget.dir, slices / 10);
  for (let i = 0; i < rounds; i++) {
    if (i % 2 === 0) {
      countOnly.push(await drainLoopNs(copies.countOnly.dir, slices));
      timeBudget.push(await drainLoopNs(copies.timeBudget.dir, slices));
    } else {
      timeBudget.push(await drainLoopNs(copies.timeBudget.dir, slices));
      countOnly.push(await drainLoopNs(copies.countOnly.dir, slices));
    }
  }
  return { countOnly, timeBudget };
}

/** The drain-loop line: ns per slice of each (min and median), the difference, and that as a share of a ping-pong message. */
export function formatDrainLoopCost(c: { countOnly: readonly number[]; timeBudget: readonly number[] }, slices: number, pingPong: TableRow | undefined): string {
  const min = (xs: readonly number[]): number => Math.min(...xs);
  const d = min(c.timeBudget) - min(c.countOnly);
  const share = pingPong?.us_per_op === undefined ? '' : `, ${((d / (pingPong.us_per_op * 1000)) * 100).toFixed(1)}% of a ping-pong message here (${(pingPong.us_per_op * 1000).toFixed(0)} ns)`;
  return (
    `the drain loop alone (two fake processes bouncing, ${slices / 1e6}M one-message slices, ${c.countOnly.length} runs each, taking turns): ` +
    `count-only ${min(c.countOnly).toFixed(2)} ns per slice (median ${median(c.countOnly).toFixed(2)}), time budget ${min(c.timeBudget).toFixed(2)} (median ${median(c.timeBudget).toFixed(2)}); ` +
    `difference of the minima ${d >= 0 ? '+' : ''}${d.toFixed(2)} ns${share}`
  );
}
