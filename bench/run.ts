/**
 * `npm run bench [-- <workload>…] [--quick] [--reps=N] [--no-erlang] [--no-otel] [--no-vitest] [--no-subscriptions] [--no-diagnostics] [--no-scheduler]`
 *
 * Runs the workloads for otpscope, the raw baseline, XState and Effect in
 * this process, and real Erlang/OTP through escript where it is installed;
 * for ping-pong and call also the observability variants (stream subscriber,
 * emission compiled out, OTel spans, the span floor). Prints the table and
 * the issue-3 target checks, and writes bench/results.json.
 * `--quick` (or BENCH_QUICK=1) runs about a hundredth of the sizes, once.
 */
import { writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { fileURLToPath } from 'node:url';
import {
  WORKLOADS,
  canMeasureHeap,
  expectOps,
  formatRate,
  measureInterleaved,
  resultRow,
  summarise,
  table,
  type Contender,
  type MeasureOptions,
  type Sample,
  type SystemName,
  type TableRow,
  type WorkloadName,
} from './harness.ts';
import { loadRuntimeCopy, type RuntimeCopy } from './no-emit.ts';
import { checks, countingSubscriber, formatChecks, otelSpans, spanFloor, spanFloorAttributed, streamSubscriber, timestampReadNs, type Check } from './observability.ts';
import { runVitestWaits, type WaitsRow } from './vitest-waits/run.ts';
import { memoryChecks } from './memory.ts';
import { SUBSCRIPTIONS_FULL, SUBSCRIPTIONS_QUICK, measureSubscriptions, subscriptionTable } from './subscriptions.ts';
import { formatSpanSplit, spanCostSplit } from './span-costs.ts';
import { measureDiagnostics } from './diagnostics.ts';
import { drainLoopCost, formatDrainLoopCost, formatLateness, latenessRows, loadSchedulerCopies, throughput, throughputCheck } from './scheduler.ts';
import { FULL, QUICK, scaled, sizesFor, type Sizes } from './sizes.ts';
import { haveEscript, runEscript } from './systems/erlang.ts';
import { blackholeProvider, sampledProvider, startOtelSdk } from './systems/otel-sdk.ts';
import type { OtpOptions } from './systems/otp-lib.ts';
import { IN_PROCESS, workloads, type Workload } from './workloads/index.ts';

interface Args {
  readonly selected: readonly WorkloadName[];
  readonly quick: boolean;
  readonly reps: number;
  readonly erlang: boolean;
  readonly otel: boolean;
  /** The Vitest-waits suites (issue 4): on unless workloads are named without 'vitest-waits', or --no-vitest. */
  readonly vitest: boolean;
  /** Many per-process subscriptions (issue 9): on unless workloads are named without 'subscriptions', or --no-subscriptions. */
  readonly subscriptions: boolean;
  /** The diagnostics endpoint's load (issue 13): on unless workloads are named without 'diagnostics', or --no-diagnostics. */
  readonly diagnostics: boolean;
  /** The scheduler's time budget (issue 9): on unless workloads are named without 'scheduler', or --no-scheduler. */
  readonly scheduler: boolean;
}

function parseArgs(argv: readonly string[]): Args {
  const all = argv.filter((a) => !a.startsWith('--'));
  const names = all.filter((a) => a !== 'vitest-waits' && a !== 'subscriptions' && a !== 'diagnostics' && a !== 'scheduler');
  for (const n of names) {
    if (!(WORKLOADS as readonly string[]).includes(n)) throw new Error(`unknown workload '${n}' (one of ${WORKLOADS.join(', ')})`);
  }
  const quick = argv.includes('--quick') || process.env.BENCH_QUICK === '1';
  const repsArg = argv.find((a) => a.startsWith('--reps='));
  return {
    selected: names.length === 0 && all.length === 0 ? WORKLOADS : WORKLOADS.filter((w) => names.includes(w)),
    quick,
    reps: repsArg !== undefined ? Number(repsArg.slice('--reps='.length)) : quick ? 1 : 5,
    erlang: !argv.includes('--no-erlang'),
    otel: !argv.includes('--no-otel'),
    vitest: !argv.includes('--no-vitest') && (all.length === 0 || all.includes('vitest-waits')),
    subscriptions: !argv.includes('--no-subscriptions') && (all.length === 0 || all.includes('subscriptions')),
    diagnostics: !argv.includes('--no-diagnostics') && (all.length === 0 || all.includes('diagnostics')),
    scheduler: !argv.includes('--no-scheduler') && (all.length === 0 || all.includes('scheduler')),
  };
}

const SYSTEM_ORDER: readonly SystemName[] = ['otpscope', 'otpscope+stream', 'otpscope-noemit', 'otpscope-count-only', 'otpscope-copy', 'otpscope-async', 'otpscope+otel', 'otpscope+otel-1%', 'otpscope+otel-blackhole', 'otel-floor', 'otel-floor-attrs', 'raw', 'xstate', 'effect', 'erlang'];
const OBSERVED: readonly WorkloadName[] = ['ping-pong', 'call'];

function log(line: string): void {
  process.stderr.write(`${line}\n`);
}

function logRows(rows: readonly TableRow[]): void {
  for (const r of rows) log(`  ${r.workload} ${r.system}: ${formatRate(r.ops_per_sec)} ops/s${r.bytes_per_process === undefined ? '' : `, ${r.bytes_per_process} B/proc`}`);
}

/** The in-process contenders of a workload (with the stream subscriber variant for ping-pong and call). */
function contenders(w: Workload, base: Sizes): Contender[] {
  const out: Contender[] = IN_PROCESS.map((system) => {
    const s = sizesFor(system, base);
    return { system, run: () => w.run[system](s), warm: () => w.run[system](scaled(s, 0.1)), expected: w.expected(s) };
  });
  if (OBSERVED.includes(w.name)) {
    const otp = { observe: streamSubscriber };
    out.splice(1, 0, { system: 'otpscope+stream', run: () => w.run.otpscope(base, otp), warm: () => w.run.otpscope(scaled(base, 0.1), otp), expected: w.expected(base) });
  }
  if (w.name === 'spawn') {
    const otp = { asyncIdle: true };
    out.splice(1, 0, { system: 'otpscope-async', run: () => w.run.otpscope(base, otp), warm: () => w.run.otpscope(scaled(base, 0.1), otp), expected: w.expected(base) });
  }
  return out;
}

/** The two runtime copies of the emission check. */
interface Copies {
  readonly noEmit: RuntimeCopy;
  readonly verbatim: RuntimeCopy;
}

/**
 * The emission check: the project's runtime against the copy with emission
 * compiled out, and a verbatim copy loaded the same way (the control), taking
 * turns, with five times the repetitions (a 3% target needs more than five
 * samples on a shared machine; these runs are short).
 */
async function emissionCheck(w: Workload, base: Sizes, copies: Copies, opts: MeasureOptions): Promise<TableRow[]> {
  const variant = (system: SystemName, otp: OtpOptions): Contender => ({
    system,
    run: () => w.run.otpscope(base, otp),
    warm: () => w.run.otpscope(scaled(base, 0.1), otp),
    expected: w.expected(base),
  });
  const trio = [variant('otpscope', {}), variant('otpscope-noemit', { lib: copies.noEmit.lib }), variant('otpscope-copy', { lib: copies.verbatim.lib })];
  return measureInterleaved(w.name, trio, { ...opts, reps: opts.reps * 5 });
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const base = args.quick ? QUICK : FULL;
  const opts: MeasureOptions = { reps: args.reps, warmup: true };
  const erlang = args.erlang && haveEscript();
  const started = Date.now();
  const header = [
    `otpscope bench — ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC, Node ${process.version}, ${cpus().length} cores (${cpus()[0]?.model ?? '?'})`,
    `${args.quick ? 'quick sizes' : 'full sizes'}, median of ${opts.reps} after a warm-up${erlang ? ', Erlang/OTP via escript +S 1' : ', no Erlang'}${canMeasureHeap() ? '' : ' (no --expose-gc: heap figures unreliable)'}`,
  ].join('\n');
  log(header);

  const observed = args.selected.some((w) => OBSERVED.includes(w));
  const copies: Copies | null = observed ? { noEmit: await loadRuntimeCopy(true), verbatim: await loadRuntimeCopy(false) } : null;
  if (copies !== null) log(`runtime copies in ${copies.noEmit.dir} (no-emit) and ${copies.verbatim.dir} (verbatim)`);

  const rows: TableRow[] = [];
  const notes: string[] = [];
  // the emission check first, before any run has turned the project's event emission on
  const emission = new Map<WorkloadName, { bare: TableRow; off: TableRow; copy: TableRow }>();
  if (copies !== null) {
    notes.push(`no-emit build: ${copies.noEmit.deleted} guarded emissions deleted, ${copies.noEmit.replaced} guard reads replaced by false`);
    for (const w of workloads.filter((x) => args.selected.includes(x.name) && OBSERVED.includes(x.name))) {
      log(`${w.name}: emission check…`);
      const [bare, off, copy] = await emissionCheck(w, base, copies, opts);
      logRows([bare, off, copy]);
      emission.set(w.name, { bare, off, copy });
      rows.push(off, copy);
    }
  }
  for (const w of workloads.filter((x) => args.selected.includes(x.name))) {
    log(`${w.name}…`);
    const measured = await measureInterleaved(w.name, contenders(w, base), opts);
    logRows(measured);
    rows.push(...measured);
    if (erlang) {
      const samples = await runEscript(w.erlang.script, w.erlang.args(base), opts.reps);
      for (const s of samples) expectOps(`${w.name}/erlang`, s.ops, w.expected(base));
      const row = summarise(w.name, 'erlang', samples);
      logRows([row]);
      rows.push(row);
    }
  }

  // issue 9: the scheduler's time budget against the count-only scheduler of before (before OTel: its promise hooks would slow call)
  const schedulerLines: string[] = [];
  const schedulerChecks: Check[] = [];
  if (args.scheduler) {
    const sched = await loadSchedulerCopies();
    log(`scheduler: runtime copies in ${sched.countOnly.dir} (count-only) and ${sched.timeBudget.dir} (time budget)`);
    for (const w of workloads.filter((x) => OBSERVED.includes(x.name))) {
      log(`${w.name}: time budget vs count-only…`);
      const t = await throughput(w, base, sched, opts);
      logRows(t.rows);
      schedulerChecks.push(throughputCheck(w.name, t));
      rows.push(t.rows[1]);
    }
    const slices = args.quick ? 1_000_000 : 20_000_000;
    log('scheduler: the drain loop alone…');
    const drain = await drainLoopCost(sched, slices, args.quick ? 3 : 7);
    const pingPongCopy = rows.find((r) => r.workload === 'ping-pong' && r.system === 'otpscope-count-only');
    const seconds = args.quick ? 0.5 : 3;
    log(`scheduler: timer lateness under saturation, ${seconds} s per copy…`);
    schedulerLines.push(formatDrainLoopCost(drain, slices, pingPongCopy), ...formatLateness(await latenessRows(sched, seconds), seconds));
    sched.countOnly.remove();
    sched.timeBudget.remove();
  }

  // OTel last: its context manager turns on promise hooks for the rest of the process
  if (observed && args.otel) {
    const sdk = startOtelSdk();
    log('OTel (real SDK, BatchSpanProcessor, discarding exporter)…');
    const spans = base.pingPong;
    const floor: Contender = { system: 'otel-floor', run: () => spanFloor(sdk.tracer, spans), warm: () => spanFloor(sdk.tracer, spans / 10), expected: spans };
    const floorAttrs: Contender = {
      system: 'otel-floor-attrs',
      run: () => spanFloorAttributed(sdk.tracer, spans),
      warm: () => spanFloorAttributed(sdk.tracer, spans / 10),
      expected: spans,
    };
    for (const w of workloads.filter((x) => args.selected.includes(x.name) && OBSERVED.includes(x.name))) {
      const otp = { observe: otelSpans };
      const traced: Contender = { system: 'otpscope+otel', run: () => w.run.otpscope(base, otp), warm: () => w.run.otpscope(scaled(base, 0.1), otp), expected: w.expected(base) };
      const contendersOtel = [traced, floor, floorAttrs];
      /** The traced run with `use()`'s provider as the global one. */
      const tracedUnder = (system: SystemName, use: () => () => void): Contender => {
        const run = async (s: Sizes): Promise<Sample> => {
          const restore = use();
          try {
            return await w.run.otpscope(s, otp);
          } finally {
            restore();
          }
        };
        return { system, run: () => run(base), warm: () => run(scaled(base, 0.1)), expected: w.expected(base) };
      };
      // what an operator pays with 1% of the traces sampled (the rest are not recorded)
      contendersOtel.push(tracedUnder('otpscope+otel-1%', sampledProvider(0.01).use));
      // issue 3 reliability: the same traced run with the exporter unreachable (export never answers)
      const hole = w.name === 'ping-pong' ? blackholeProvider() : null;
      if (hole !== null) contendersOtel.push(tracedUnder('otpscope+otel-blackhole', hole.use));
      const measured = await measureInterleaved(w.name, contendersOtel, opts);
      if (hole !== null) notes.push(`OTel, unreachable exporter: ${hole.exporter.offered} spans offered to it, none acknowledged; the rest dropped by the batch processor`);
      logRows(measured);
      rows.push(...measured);
    }
    notes.push(`OTel: ${sdk.exporter.exported} spans reached the discarding exporter; the batch processor dropped the rest (queue full)`);
    log('OTel: the SDK span built up step by step…');
    const split = await spanCostSplit(sdk.tracer, args.quick ? 20_000 : 200_000, opts.reps);
    notes.push('', "OTel SDK alone, one otpscope-shaped span built up step by step (target (c) allows 1.5 × bare for everything):", ...formatSpanSplit(split));
    await sdk.shutdown();
  }
  copies?.noEmit.remove();
  copies?.verbatim.remove();

  rows.sort((a, b) => WORKLOADS.indexOf(a.workload) - WORKLOADS.indexOf(b.workload) || SYSTEM_ORDER.indexOf(a.system) - SYSTEM_ORDER.indexOf(b.system));
  const cs: Check[] = [];
  const timestampNs = observed ? timestampReadNs() : 0;
  for (const w of OBSERVED.filter((x) => args.selected.includes(x))) {
    const get = (system: SystemName): TableRow | undefined => rows.find((r) => r.workload === w && r.system === system);
    const bare = get('otpscope');
    const workload = workloads.find((x) => x.name === w) as Workload;
    const count = { events: 0 };
    const counted = await workload.run.otpscope(scaled(base, 0.01), { observe: countingSubscriber(count) });
    const budget = { eventsPerMessage: count.events / counted.ops, timestampNs };
    cs.push(...checks(w, { bare, stream: get('otpscope+stream'), otel: get('otpscope+otel'), floor: get('otel-floor'), floorAttributed: get('otel-floor-attrs'), budget }));
    const all = get('otpscope+otel');
    const some = get('otpscope+otel-1%');
    if (bare !== undefined && all !== undefined && some !== undefined) {
      const added = (r: TableRow): string => `+${(1e6 / r.ops_per_sec - 1e6 / bare.ops_per_sec).toFixed(3)} µs`;
      notes.push(`OTel on ${w}, per message: ${added(all)} with every trace sampled, ${added(some)} with 1% (ParentBased(TraceIdRatio(0.01)))`);
    }
    const e = emission.get(w);
    if (e !== undefined) cs.push(...checks(w, { bare: e.bare, noEmit: e.off, copy: e.copy }));
  }

  const memory = await memoryChecks(args.quick ? 20_000 : 250_000);
  let subscriptions: string | null = null;
  if (args.subscriptions) {
    log('subscriptions: N processes, each watched by eventsOf(pid)…');
    const rows = await measureSubscriptions(args.quick ? SUBSCRIPTIONS_QUICK : SUBSCRIPTIONS_FULL, opts.reps, 1, log);
    subscriptions = subscriptionTable(rows);
  }
  let diagnostics: { readonly checks: Check[]; readonly lines: string[]; readonly rows: TableRow[] } | null = null;
  if (args.diagnostics) diagnostics = await measureDiagnostics(args.quick ? 100_000 : 1_000_000, args.quick ? 10_000 : 100_000, opts, log);
  const targets2 = issue2Checks(rows);
  const waitLines: string[] = [];
  const waits: WaitsRow[] = args.vitest ? await runVitestWaits(args.quick, (l) => waitLines.push(l)) : [];

  const out = [header, '', table(rows)];
  if (cs.length > 0) out.push('', 'issue-3 targets:', formatChecks(cs));
  if (targets2.length > 0) out.push('', 'issue-2 targets:', formatChecks(targets2));
  out.push('', 'issue-2 memory (the same processes, N then 4N more messages; live heap after a full GC):', formatChecks(memory));
  if (subscriptions !== null) {
    out.push(
      '',
      'issue-9 per-process subscriptions: N idle processes each watched by eventsOf(pid), ping-pong between two others',
      '(indexed: eventsOf as it is; unindexed: the previous eventsOf, every subscriber filtering every event; × = unindexed ÷ indexed):',
      subscriptions,
    );
  }
  if (diagnostics !== null) {
    out.push(
      '',
      'issue-13 diagnostics endpoint (ping-pong, each pair taking turns; fresh runtime per run):',
      ...diagnostics.rows.map((r) => `  ${r.system.padEnd(20)} ${formatRate(r.ops_per_sec).padStart(7)} msgs/s  ${(r.us_per_op ?? 0).toFixed(3)} µs/msg${r.spread === undefined ? '' : `  (spread ${(r.spread * 100).toFixed(1)}%)`}`),
      formatChecks(diagnostics.checks),
      ...diagnostics.lines,
    );
  }
  if (schedulerLines.length > 0) out.push('', 'issue-9 scheduler (yields by time too; runtime copies: count-only = the scheduler before, time budget = runtime/ now):', formatChecks(schedulerChecks), ...schedulerLines);
  if (notes.length > 0) out.push('', ...notes);
  out.push(...waitLines);
  out.push('', `ratios: ops/s ÷ otpscope's and ÷ raw's (above 1: faster). wall time ${((Date.now() - started) / 1000).toFixed(0)} s`);
  process.stdout.write(`${out.join('\n')}\n`);

  const json = [
    ...rows.filter((r) => r.system !== 'otpscope-noemit' && r.system !== 'otpscope-copy' && r.system !== 'otpscope-count-only' && r.system !== 'otel-floor-attrs' && r.system !== 'otpscope-async' && r.system !== 'otpscope+otel-blackhole' && r.system !== 'otpscope+otel-1%').map(resultRow),
    ...waits,
  ];
  writeFileSync(fileURLToPath(new URL('./results.json', import.meta.url)), `${JSON.stringify(json, null, 2)}\n`);
}

/** Issue 2's speed targets, from the rows of this run (a check is left out when a row it needs was not run). */
function issue2Checks(rows: readonly TableRow[]): Check[] {
  const get = (w: WorkloadName, system: SystemName): TableRow | undefined => rows.find((r) => r.workload === w && r.system === system);
  const out: Check[] = [];
  const ratio = (a: TableRow, b: TableRow): number => a.ops_per_sec / b.ops_per_sec;
  const pp = get('ping-pong', 'otpscope');
  const ppX = get('ping-pong', 'xstate');
  const ppE = get('ping-pong', 'erlang');
  if (pp !== undefined && ppX !== undefined) out.push({ workload: 'ping-pong', target: 'otpscope ≥ XState (same run)', value: `${ratio(pp, ppX).toFixed(2)}×`, pass: ratio(pp, ppX) >= 1 });
  if (pp !== undefined && ppE !== undefined) out.push({ workload: 'ping-pong', target: 'otpscope ≥ 2.5 × Erlang +S 1', value: `${ratio(pp, ppE).toFixed(2)}×`, pass: ratio(pp, ppE) >= 2.5 });
  const call = get('call', 'otpscope');
  const callE = get('call', 'erlang');
  if (call !== undefined && callE !== undefined) out.push({ workload: 'call', target: "GenServer call ≥ 2 × Erlang's gen_server:call", value: `${ratio(call, callE).toFixed(2)}×`, pass: ratio(call, callE) >= 2 });
  const sp = get('spawn', 'otpscope');
  if (sp !== undefined) {
    const us = 1e6 / sp.ops_per_sec;
    out.push({ workload: 'spawn', target: 'spawn ≤ 1 µs', value: `${us.toFixed(3)} µs`, pass: us <= 1 });
    if (sp.bytes_per_process !== undefined) out.push({ workload: 'spawn', target: '≤ 1 KB per idle process', value: `${sp.bytes_per_process} B`, pass: sp.bytes_per_process <= 1024 });
  }
  return out;
}

await main();
