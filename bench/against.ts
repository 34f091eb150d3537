/**
 * `node --expose-gc bench/against.ts <git-ref> [--reps=N] [--quick]`
 *
 * This tree's runtime/ against the runtime/ of an earlier commit, in the same
 * process: ping-pong and call, bare and with one no-op stream subscriber
 * (`events(rt).subscribe(() => {})`), all four taking turns (A B C D, D C B A,
 * …), 5 × reps samples each (a 3% question needs many samples on a shared
 * machine). Both runtimes are loaded the same way, as copies in temp folders
 * (this tree's from the working tree, the other from `git archive`), so only
 * the code differs (see no-emit.ts on why a copy is not compared with the
 * project's own module). Prints, per pair, the median of the ratios this ÷
 * ref of runs made in the same round (side by side, so a shared machine's
 * drift mostly cancels) with their interquartile range, and the ratio of the
 * medians.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { breathe, expectOps, fullGc, median, quantile, type Sample } from './harness.ts';
import { FULL, QUICK, scaled } from './sizes.ts';
import type { OtpLib, OtpOptions } from './systems/otp-lib.ts';
import { workloads } from './workloads/index.ts';

const projectRoot = fileURLToPath(new URL('../', import.meta.url));

/** runtime/ at `ref` (null: the working tree), copied to a temp folder and imported. */
async function loadAt(ref: string | null): Promise<{ lib: OtpLib; remove: () => void }> {
  const dir = mkdtempSync(join(tmpdir(), ref === null ? 'otpscope-tree-' : 'otpscope-ref-'));
  if (ref === null) cpSync(join(projectRoot, 'runtime'), join(dir, 'runtime'), { recursive: true });
  else {
    const tar = join(dir, 'runtime.tar');
    writeFileSync(tar, execFileSync('git', ['archive', '--format=tar', ref, 'runtime'], { cwd: projectRoot, maxBuffer: 64 << 20 }));
    execFileSync('tar', ['-xf', tar, '-C', dir]);
  }
  symlinkSync(join(projectRoot, 'node_modules'), join(dir, 'node_modules'), 'dir');
  const lib = (await import(pathToFileURL(join(dir, 'runtime', 'index.ts')).href)) as OtpLib;
  return { lib, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** One no-op subscriber on the copy's own stream. */
function subscriberOf(lib: OtpLib): OtpOptions {
  return {
    lib,
    observe: (rt) => {
      const sub = lib.events(rt).subscribe(() => {});
      return () => sub.unsubscribe();
    },
  };
}

/** One contender: which copy, with or without the subscriber. */
interface Variant {
  readonly run: (scale: number) => Promise<Sample>;
}

/**
 * Rounds of the four runs (this, this+stream, ref, ref+stream; the order flips
 * every round), a full GC before each; per round, the ratio this ÷ ref of each
 * pair. The ratio of runs made side by side cancels most of a shared machine's
 * drift, so its median is the figure to read.
 */
async function rounds(variants: readonly Variant[], expected: number, n: number, what: string): Promise<number[][]> {
  for (const v of variants) {
    fullGc();
    await v.run(0.1);
  }
  const rates: number[][] = variants.map(() => []);
  for (let r = 0; r < n; r++) {
    for (let j = 0; j < variants.length; j++) {
      const k = r % 2 === 0 ? j : variants.length - 1 - j;
      fullGc();
      await breathe();
      const s = await variants[k].run(1);
      expectOps(what, s.ops, expected);
      rates[k].push(s.ops / s.seconds);
    }
  }
  return rates;
}

function summary(label: string, mine: readonly number[], theirs: readonly number[]): string {
  const ratios = mine.map((x, i) => x / theirs[i]);
  const m = median(ratios);
  const iqr = quantile(ratios, 0.75) - quantile(ratios, 0.25);
  return `${label.padEnd(32)}  this ${(median(mine) / 1e6).toFixed(2)}M/s  ref ${(median(theirs) / 1e6).toFixed(2)}M/s  this ÷ ref: median of side-by-side ratios ${m.toFixed(3)} (IQR ${iqr.toFixed(3)}), ratio of medians ${(median(mine) / median(theirs)).toFixed(3)}`;
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const ref = argv.find((a) => !a.startsWith('--'));
  if (ref === undefined) throw new Error('usage: node --expose-gc bench/against.ts <git-ref> [--reps=N] [--quick]');
  const quick = argv.includes('--quick');
  const repsArg = argv.find((a) => a.startsWith('--reps='));
  const reps = repsArg !== undefined ? Number(repsArg.slice('--reps='.length)) : quick ? 1 : 5;
  const base = quick ? QUICK : FULL;
  const tree = await loadAt(null);
  const old = await loadAt(ref);
  const lines: string[] = [`this tree vs ${ref} (${execFileSync('git', ['rev-parse', '--short', ref], { cwd: projectRoot }).toString().trim()}), ${reps * 5} rounds`];
  for (const w of workloads.filter((x) => x.name === 'ping-pong' || x.name === 'call')) {
    const variant = (otp: OtpOptions): Variant => ({ run: (f) => w.run.otpscope(f === 1 ? base : scaled(base, f), otp) });
    process.stderr.write(`${w.name}…\n`);
    const [a, as, b, bs] = await rounds([variant({ lib: tree.lib }), variant(subscriberOf(tree.lib)), variant({ lib: old.lib }), variant(subscriberOf(old.lib))], w.expected(base), reps * 5, w.name);
    lines.push(summary(`${w.name}, no subscriber`, a, b), summary(`${w.name}, one no-op subscriber`, as, bs));
  }
  tree.remove();
  old.remove();
  process.stdout.write(`${lines.join('\n')}\n`);
}

await main();
