/**
 * What tracking the calling process across `await`s costs (issue 11, item 1):
 * this tree's runtime/ against the runtime/ of an earlier commit (default
 * 727dd5a, the last one without the async context), per message and per call,
 * on Node 22, on Node 22 with `--experimental-async-context-frame` (Node 24's
 * AsyncContextFrame, opt-in there) and on Node 24.
 *
 * Method (the most stable one on a shared, loaded 2-core machine): every sample
 * is a child process of its own (`caller-context-child.ts`) that loads one copy
 * of the runtime, warms up, runs one workload once and reports the CPU time
 * (`process.cpuUsage`, user + system) of the timed part. The two builds take
 * turns sample by sample (old, new, new, old, …), both loaded as copies from
 * temp folders (the old one from `git archive`), so only the code differs. Per
 * workload the figure is the median CPU ns per operation of each build, their
 * ratio, and the median of the ratios of samples taken side by side.
 *
 * Workloads: `ping-pong` (two plain processes in `loop` handlers: the
 * synchronous path, target within 5% of before), `async-ping-pong` (two async
 * bodies awaiting `receive`: every message goes through a promise, the path
 * that now runs in the process's async context), `call` (GenServer calls
 * from an async body, one at a time, naming the caller: `{ caller: self }`) and
 * `call-implicit` (the same calls with no option: the caller is read from the
 * async context; the baseline, which has none, calls from `<0.0.0>`).
 *
 * `node bench/caller-context.ts [--ref=<git-ref>] [--samples=N] [--quick] [--node24=<path>]`, or as a
 * section of `npm run bench` (`npm run bench -- caller-context`). Node 24 is the
 * `node@24` npm package: `--node24` (or `OTPSCOPE_NODE24`) names a binary,
 * else it is installed into a temp folder with npm, as the packed-consumer
 * script does; without it the Node 24 half is skipped with a message.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { median, quantile } from './harness.ts';

const projectRoot = fileURLToPath(new URL('../', import.meta.url));
const child = fileURLToPath(new URL('./caller-context-child.ts', import.meta.url));

/** Node 22's opt-in to AsyncContextFrame (the default from Node 24). */
const FRAME_FLAG = '--experimental-async-context-frame';

/** The last commit without the async context (the baseline by default). */
export const CALLER_CONTEXT_BASE = '727dd5a';

const WORKLOADS = ['ping-pong', 'async-ping-pong', 'call', 'call-implicit'] as const;
type Workload = (typeof WORKLOADS)[number];

const SIZES: Record<Workload, { full: number; quick: number }> = {
  'ping-pong': { full: 2_000_000, quick: 200_000 },
  'async-ping-pong': { full: 500_000, quick: 50_000 },
  call: { full: 300_000, quick: 30_000 },
  'call-implicit': { full: 300_000, quick: 30_000 },
};

/** Options of the section. */
export interface CallerContextOptions {
  readonly ref: string;
  readonly samples: number;
  readonly quick: boolean;
  /** A Node 24 binary, or null to find or install one. */
  readonly node24: string | null;
}

interface Build {
  readonly label: string;
  readonly entry: string;
  readonly dir: string;
}

/** runtime/ at `ref` (null: the working tree), copied to a temp folder. */
function copyAt(ref: string | null): Build {
  const dir = mkdtempSync(join(tmpdir(), ref === null ? 'otpscope-ctx-tree-' : 'otpscope-ctx-ref-'));
  if (ref === null) cpSync(join(projectRoot, 'runtime'), join(dir, 'runtime'), { recursive: true });
  else {
    const tar = join(dir, 'runtime.tar');
    writeFileSync(tar, execFileSync('git', ['archive', '--format=tar', ref, 'runtime'], { cwd: projectRoot, maxBuffer: 64 << 20 }));
    execFileSync('tar', ['-xf', tar, '-C', dir]);
  }
  symlinkSync(join(projectRoot, 'node_modules'), join(dir, 'node_modules'), 'dir');
  return { label: ref ?? 'this tree', entry: join(dir, 'runtime', 'index.ts'), dir };
}

/** A Node 24 binary: the given one, else node@24 installed with npm into a temp folder (null if that fails). */
function findNode24(given: string | null, log: (line: string) => void): { node: string | null; remove: () => void } {
  const named = given ?? process.env.OTPSCOPE_NODE24 ?? null;
  if (named !== null) return { node: named, remove: () => undefined };
  const dir = mkdtempSync(join(tmpdir(), 'otpscope-node24-'));
  log('caller-context: installing node@24 into a temp folder (npm)…');
  const r = spawnSync('npm', ['install', '--silent', '--no-audit', '--no-fund', '--prefix', dir, 'node@24'], { encoding: 'utf8' });
  const node = join(dir, 'node_modules', '.bin', 'node');
  if (r.status !== 0 || !existsSync(node)) {
    log(`caller-context: could not install node@24 (${(r.stderr || '').trim().split('\n')[0] ?? ''}); the Node 24 half is skipped`);
    rmSync(dir, { recursive: true, force: true });
    return { node: null, remove: () => undefined };
  }
  return { node, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

interface Sample {
  readonly ops: number;
  readonly cpuNs: number;
  readonly wallNs: number;
}

/** A Node binary, its label in the rows, and the flags it runs with. */
interface NodeRun {
  readonly node: string;
  readonly label: string;
  readonly flags: readonly string[];
}

function sample(run: NodeRun, build: Build, w: Workload, n: number): Sample {
  const out = execFileSync(run.node, [...run.flags, '--expose-gc', child, build.entry, w, String(n)], { cwd: projectRoot, encoding: 'utf8', maxBuffer: 1 << 20 });
  const s = JSON.parse(out.trim().split('\n').pop() as string) as Sample;
  if (s.ops !== n) throw new Error(`caller-context ${w} (${build.label}): did ${s.ops} operations, not ${n}`);
  return s;
}

/** One line per workload: CPU ns per operation of each build, and the ratios. */
export interface ContextRow {
  readonly node: string;
  readonly workload: Workload;
  readonly oldNs: number;
  readonly newNs: number;
  /** Median of the side-by-side ratios new ÷ old. */
  readonly pairedRatio: number;
  readonly iqr: number;
  readonly samples: number;
}

function measure(run: NodeRun, builds: readonly [Build, Build], samples: number, quick: boolean, log: (line: string) => void): ContextRow[] {
  const rows: ContextRow[] = [];
  for (const w of WORKLOADS) {
    const n = quick ? SIZES[w].quick : SIZES[w].full;
    const per: [number[], number[]] = [[], []];
    for (let i = 0; i < samples; i++) {
      // old, new, new, old, …: neither build always goes first
      const order = i % 2 === 0 ? [0, 1] : [1, 0];
      for (const k of order) per[k].push(sample(run, builds[k], w, n).cpuNs / n);
    }
    const ratios = per[1].map((x, i) => x / per[0][i]);
    const row: ContextRow = {
      node: run.label,
      workload: w,
      oldNs: median(per[0]),
      newNs: median(per[1]),
      pairedRatio: median(ratios),
      iqr: quantile(ratios, 0.75) - quantile(ratios, 0.25),
      samples,
    };
    log(formatRow(row));
    rows.push(row);
  }
  return rows;
}

/** One row as text. */
export function formatRow(r: ContextRow): string {
  const added = r.newNs - r.oldNs;
  return `  ${r.node.padEnd(15)} ${r.workload.padEnd(16)} before ${r.oldNs.toFixed(1).padStart(7)} ns/op  now ${r.newNs.toFixed(1).padStart(7)} ns/op  (${added >= 0 ? '+' : ''}${added.toFixed(1)} ns)  now ÷ before: ${(r.newNs / r.oldNs).toFixed(3)}, median of side-by-side ratios ${r.pairedRatio.toFixed(3)} (IQR ${r.iqr.toFixed(3)})`;
}

/** The section: both Node versions, every workload. Returns the rows and the checks' lines. */
export async function measureCallerContext(opts: CallerContextOptions, log: (line: string) => void): Promise<{ rows: ContextRow[]; lines: string[] }> {
  const builds: [Build, Build] = [copyAt(opts.ref), copyAt(null)];
  const node24 = findNode24(opts.node24, log);
  const rows: ContextRow[] = [];
  try {
    const runs: NodeRun[] = [{ node: process.execPath, label: process.version, flags: [] }];
    // Node 22 can use Node 24's AsyncContextFrame behind a flag: what an operator on 22 can choose
    if (process.allowedNodeEnvironmentFlags.has(FRAME_FLAG)) runs.push({ node: process.execPath, label: `${process.version}+frame`, flags: [FRAME_FLAG] });
    if (node24.node !== null) runs.push({ node: node24.node, label: execFileSync(node24.node, ['--version'], { encoding: 'utf8' }).trim(), flags: [] });
    for (const run of runs) {
      log(`caller-context on Node ${run.label}: ${opts.samples} samples per build and workload, each a child process…`);
      rows.push(...measure(run, builds, opts.samples, opts.quick, log));
    }
  } finally {
    for (const b of builds) rmSync(b.dir, { recursive: true, force: true });
    node24.remove();
  }
  await Promise.resolve();
  const lines = [
    `issue-11 caller context: this tree vs ${opts.ref} (runtime/ from git archive), CPU time (process.cpuUsage, user+system) per operation,`,
    `median of ${opts.samples} samples per build, each sample a child process of its own, the builds alternating:`,
    ...rows.map(formatRow),
    ...rows
      .filter((r) => r.workload === 'ping-pong')
      .map((r) => `${r.pairedRatio <= 1.05 ? 'PASS' : 'FAIL'}  ping-pong  ${r.node}: unobserved ping-pong within 5% of before: ${r.pairedRatio.toFixed(3)}${opts.quick ? ' (quick sizes: warm-up dominated, indicative only)' : ''}`),
  ];
  return { rows, lines };
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const arg = (name: string): string | undefined => argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
  const quick = argv.includes('--quick');
  const { lines } = await measureCallerContext(
    { ref: arg('ref') ?? CALLER_CONTEXT_BASE, samples: Number(arg('samples') ?? (quick ? 3 : 15)), quick, node24: arg('node24') ?? null },
    (l) => process.stderr.write(`${l}\n`),
  );
  process.stdout.write(`${lines.join('\n')}\n`);
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) await main();
