/**
 * The Vitest-waits benchmark (issue 4): the article's test ×1000 written with
 * `waitForEvent` against the same suite written with `vi.waitFor` and with
 * `expect.poll` (each suite in its own child vitest, wall time measured), and
 * the latency from the DOWN event to the resolved `waitForEvent`.
 *
 * Run alone: `node bench/vitest-waits/run.ts [--quick]`; `npm run bench` runs it too.
 */
import { execFile } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** One row of results.json for this benchmark. */
export interface WaitsRow {
  readonly workload: 'vitest-waits' | 'wait-latency';
  readonly system: 'waitForEvent' | 'vi.waitFor' | 'expect.poll';
  readonly ops_per_sec: number;
  readonly us_per_op: number;
}

const config = fileURLToPath(new URL('./vitest.config.ts', import.meta.url));
const vitestBin = fileURLToPath(new URL('../../node_modules/vitest/vitest.mjs', import.meta.url));

function runSuite(file: string, tests: number, env: Record<string, string> = {}): Promise<number> {
  const start = performance.now();
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      [vitestBin, 'run', '--config', config, file],
      { env: { ...process.env, ...env, BENCH_SUITE_TESTS: String(tests), NO_COLOR: '1' }, timeout: 600_000, maxBuffer: 64 << 20 },
      (err, stdout, stderr) => (err === null ? resolve(performance.now() - start) : reject(new Error(`${file} failed:\n${stdout}\n${stderr}`))),
    );
  });
}

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 === 1 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

/** Runs the three suites and the latency probe; prints a small table; returns the rows. */
export async function runVitestWaits(quick: boolean, log: (line: string) => void = (l) => process.stdout.write(`${l}\n`)): Promise<WaitsRow[]> {
  const tests = quick ? 50 : 1000;
  const latencyFile = join(tmpdir(), `otpscope-wait-latency-${process.pid}.json`);
  const suites = [
    { system: 'waitForEvent', file: 'wait-for-event.suite.ts' },
    { system: 'vi.waitFor', file: 'wait-for.suite.ts' },
    { system: 'expect.poll', file: 'poll.suite.ts' },
  ] as const;
  const rows: WaitsRow[] = [];
  const wall = new Map<string, number>();
  for (const s of suites) {
    const ms = await runSuite(s.file, tests, { BENCH_LATENCY_FILE: latencyFile });
    wall.set(s.system, ms);
    rows.push({ workload: 'vitest-waits', system: s.system, ops_per_sec: (tests / ms) * 1000, us_per_op: (ms * 1000) / tests });
  }
  const probe = JSON.parse(readFileSync(latencyFile, 'utf8')) as { latencies: number[]; macrotasksBetween: number };
  rmSync(latencyFile, { force: true });
  const latencyUs = median(probe.latencies) * 1000;
  rows.push({ workload: 'wait-latency', system: 'waitForEvent', ops_per_sec: 1e6 / Math.max(latencyUs, 1e-3), us_per_op: latencyUs });

  const ours = wall.get('waitForEvent') as number;
  log(`\nvitest-waits: the article's test x${tests} in one vitest run (wall time, incl. ~1 s of vitest start-up each)`);
  for (const s of suites) {
    const ms = wall.get(s.system) as number;
    log(`  ${s.system.padEnd(13)} ${(ms / 1000).toFixed(2).padStart(7)} s   ${(ms / ours).toFixed(1).padStart(5)}x waitForEvent`);
  }
  log(`  wait latency (DOWN event -> await resolved): median ${latencyUs.toFixed(1)} us, p99 ${(quantile(probe.latencies, 0.99) * 1000).toFixed(1)} us; ` +
    `a macrotask ran in between in ${probe.macrotasksBetween} of ${probe.latencies.length} tests (target 0: same macrotask, no timer)`);
  return rows;
}

function quantile(xs: readonly number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))];
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await runVitestWaits(process.argv.includes('--quick'));
}
