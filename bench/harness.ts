/**
 * The measuring harness: one sample is one timed run of a workload; a
 * measurement is a warm-up run then the median of N samples (5 by default),
 * with a full GC between runs so one system's garbage is not billed to the
 * next. Also the result rows, the ratio table, and small shared helpers.
 */

/** What one timed run of a workload reports. `ops` is counted by the workload itself (messages really delivered, calls really answered). */
export interface Sample {
  /** Operations the run performed, as observed by the workload's own code. */
  readonly ops: number;
  /** Wall time of the timed part, in seconds. */
  readonly seconds: number;
  /** Heap bytes per live idle process (the spawn workload only). */
  readonly bytesPerProcess?: number;
}

/** The workloads, as named in results.json. */
export const WORKLOADS = ['ping-pong', 'call', 'thread-ring', 'spawn', 'fan-out'] as const;
/** A workload name. */
export type WorkloadName = (typeof WORKLOADS)[number];

/** The systems, as named in results.json (the observability variants included). */
export type SystemName = 'otpscope' | 'raw' | 'xstate' | 'effect' | 'erlang' | 'otpscope+stream' | 'otpscope+otel' | 'otel-floor' | 'otpscope-noemit' | 'otpscope-copy' | 'otel-floor-attrs' | 'otpscope-async' | 'otpscope+otel-blackhole' | 'otpscope+otel-1%' | 'otpscope+diag-page' | 'otpscope+3rd' | 'otpscope+diag-trace' | 'otpscope-count-only';

/** One row of results.json. */
export interface ResultRow {
  readonly workload: WorkloadName;
  readonly system: SystemName;
  readonly ops_per_sec: number;
  readonly us_per_op?: number;
  readonly bytes_per_process?: number;
}

/** How many samples, whether to warm up. */
export interface MeasureOptions {
  readonly reps: number;
  readonly warmup: boolean;
}

/** The median of a non-empty list. */
export function median(xs: readonly number[]): number {
  if (xs.length === 0) throw new RangeError('median of nothing');
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

/** A full garbage collection, when node runs with --expose-gc (npm run bench does). */
export function fullGc(): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc !== undefined) {
    gc();
    gc();
  }
}

/** True when heap figures can be trusted (a GC can be forced). */
export function canMeasureHeap(): boolean {
  return typeof (globalThis as { gc?: unknown }).gc === 'function';
}

/** Live heap bytes after a full GC. */
export function liveHeap(): number {
  fullGc();
  return process.memoryUsage().heapUsed;
}

/** Monotonic time in seconds. */
export function now(): number {
  return globalThis.performance.now() / 1000;
}

/** Lets pending timers, immediates and promise callbacks of the previous run finish. */
export function breathe(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 5));
}

/** A promise with its resolve function outside. */
export function deferred<T = void>(): { promise: Promise<T>; resolve: (v: T) => void } {
  let resolve!: (v: T) => void;
  const promise = new Promise<T>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

/** Throws when a workload did not do what it was asked to (a benchmark that drops work measures nothing). */
export function expectOps(what: string, got: number, want: number): void {
  if (got !== want) throw new Error(`${what}: expected ${want} operations, observed ${got}`);
}

/** A row of the printed table: a results row and how many operations each sample did. */
export interface TableRow extends ResultRow {
  readonly opsPerRun: number;
  /** Run-to-run spread of ops/s: interquartile range ÷ median (with 4 samples or more). */
  readonly spread?: number;
}

/** The q-quantile (0…1) of a non-empty list, interpolated. */
export function quantile(xs: readonly number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  const pos = (s.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return s[lo] + (s[hi] - s[lo]) * (pos - lo);
}

/** Summarises samples: median ops/s, µs/op from it, median bytes per process if reported. */
export function summarise(workload: WorkloadName, system: SystemName, samples: readonly Sample[]): TableRow {
  const rates = samples.map((s) => s.ops / s.seconds);
  const rate = median(rates);
  const bytes = samples.map((s) => s.bytesPerProcess).filter((b): b is number => b !== undefined);
  const spread = rates.length >= 4 ? (quantile(rates, 0.75) - quantile(rates, 0.25)) / rate : undefined;
  const row: TableRow = { workload, system, ops_per_sec: Math.round(rate), us_per_op: round3(1e6 / rate), opsPerRun: samples[0].ops, ...(spread === undefined ? {} : { spread }) };
  return bytes.length > 0 ? { ...row, bytes_per_process: Math.round(median(bytes)) } : row;
}

/** The results.json form of a row. */
export function resultRow(r: TableRow): ResultRow {
  const row: ResultRow = { workload: r.workload, system: r.system, ops_per_sec: r.ops_per_sec };
  return {
    ...row,
    ...(r.us_per_op === undefined ? {} : { us_per_op: r.us_per_op }),
    ...(r.bytes_per_process === undefined ? {} : { bytes_per_process: r.bytes_per_process }),
  };
}

/** One system's runs of a workload. */
export interface Contender {
  readonly system: SystemName;
  /** One timed run at the measured size. */
  readonly run: () => Promise<Sample>;
  /** The warm-up run (a smaller size). */
  readonly warm: () => Promise<Sample>;
  /** The operation count a correct measured run reports. */
  readonly expected: number;
}

/**
 * Measures contenders of one workload: each warms up once, then they take
 * turns for `reps` samples each (A, B, … then … B, A: the order flips every
 * round), a full GC before every run, so drift on a shared machine and the
 * position in a round hit all alike. A run that reports the
 * wrong operation count throws. One row per contender: the median.
 */
export async function measureInterleaved(workload: WorkloadName, contenders: readonly Contender[], opts: MeasureOptions): Promise<TableRow[]> {
  const samples = await measureRounds(workload, contenders, opts);
  return contenders.map((c, k) => summarise(workload, c.system, samples[k]));
}

/** `measureInterleaved`'s runs, unsummarised: `samples[k][i]` is contender k's run in round i (for per-round ratios). */
export async function measureRounds(workload: WorkloadName, contenders: readonly Contender[], opts: MeasureOptions): Promise<Sample[][]> {
  if (opts.warmup) {
    for (const c of contenders) {
      fullGc();
      await c.warm();
    }
  }
  const samples: Sample[][] = contenders.map(() => []);
  for (let i = 0; i < opts.reps; i++) {
    for (let j = 0; j < contenders.length; j++) {
      const k = i % 2 === 0 ? j : contenders.length - 1 - j;
      const c = contenders[k];
      fullGc();
      await breathe();
      const s = await c.run();
      expectOps(`${workload}/${c.system}`, s.ops, c.expected);
      samples[k].push(s);
    }
  }
  return samples;
}

function round3(x: number): number {
  return Math.round(x * 1000) / 1000;
}

/** 1234567 → "1.23M". */
export function formatRate(x: number): string {
  if (x >= 1e6) return `${(x / 1e6).toFixed(2)}M`;
  if (x >= 1e3) return `${(x / 1e3).toFixed(1)}k`;
  return x.toFixed(0);
}

/** Formats a ratio as "1.23×" (or "—"). */
export function formatRatio(x: number | undefined): string {
  return x === undefined || !Number.isFinite(x) ? '—' : `${x.toFixed(2)}×`;
}

/**
 * The table: one line per row, grouped by workload, with each system's
 * throughput relative to otpscope and to raw (above 1: faster than that one).
 */
export function table(rows: readonly TableRow[]): string {
  const head = ['workload', 'system', 'ops/run', 'ops/s', 'µs/op', 'bytes/proc', 'vs otpscope', 'vs raw'];
  const lines: string[][] = [head];
  for (const r of rows) {
    const base = rows.find((x) => x.workload === r.workload && x.system === 'otpscope');
    const raw = rows.find((x) => x.workload === r.workload && x.system === 'raw');
    lines.push([
      r.workload,
      r.system,
      String(r.opsPerRun),
      formatRate(r.ops_per_sec),
      r.us_per_op === undefined ? '—' : r.us_per_op.toFixed(3),
      r.bytes_per_process === undefined ? '—' : String(r.bytes_per_process),
      formatRatio(base === undefined ? undefined : r.ops_per_sec / base.ops_per_sec),
      formatRatio(raw === undefined ? undefined : r.ops_per_sec / raw.ops_per_sec),
    ]);
  }
  const widths = head.map((_, i) => Math.max(...lines.map((l) => l[i].length)));
  const fmt = (l: string[]): string => l.map((c, i) => (i < 2 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  return [fmt(lines[0]), widths.map((w) => '-'.repeat(w)).join('  '), ...lines.slice(1).map(fmt)].join('\n');
}
