/**
 * Runs one scenario on both sides — real Erlang/OTP (live `escript`, or its
 * stored output) and otpscope — and compares them. A side that crashes is a
 * mismatch with both outputs shown, never a runner crash.
 */
import { readFileSync } from 'node:fs';
import { uncoveredScenarios } from './accepted-differences.ts';
import { goldenPath, loadScenario } from './catalog.ts';
import { compareWithGolden } from './compare.ts';
import { escriptArgs, runEscript } from './escript.ts';
import { runScenario } from './scenario.ts';

/** How a scenario came out. */
export type Verdict = 'match' | 'accepted difference' | 'mismatch';

/** The result of one scenario. */
export interface ScenarioResult {
  readonly name: string;
  readonly area: string;
  readonly verdict: Verdict;
  /** Why, for accepted differences and mismatches; both outputs for a mismatch. */
  readonly details: string;
}

/**
 * A golden scenario without a TypeScript twin: an accepted difference when
 * accepted-differences.ts says why, otherwise a mismatch (nothing is skipped silently).
 */
export function untwinned(name: string): ScenarioResult {
  const u = uncoveredScenarios.find((x) => x.scenario === name);
  return u === undefined
    ? { name, area: '?', verdict: 'mismatch', details: `scenario ${name} has an Erlang twin but no TypeScript twin (scenarios/${name}.ts), and no reason is listed` }
    : { name, area: u.area, verdict: 'accepted difference', details: `not reproduced: ${u.reason}` };
}

/** Runs scenario `name`; `live` runs the escript, otherwise the stored output is used. */
export async function runOne(name: string, live: boolean): Promise<ScenarioResult> {
  let area = '?';
  let otp: string[];
  let otpError: string | null = null;
  if (live) {
    const run = await runEscript(name, escriptArgs(name));
    otp = run.lines;
    otpError = run.error;
  } else {
    otp = readFileSync(goldenPath(name), 'utf8').split('\n').filter((l) => l !== '');
  }
  let ours: string[] = [];
  let oursError: string | null = null;
  try {
    const scenario = await loadScenario(name);
    area = scenario.area;
    ours = await runScenario(scenario);
  } catch (e) {
    oursError = e instanceof Error ? (e.stack ?? e.message) : String(e);
  }
  const cmp = compareWithGolden(name, otp, ours);
  if (otpError !== null || oursError !== null || cmp.mismatches.length > 0) {
    const crash = [otpError && `escript failed: ${otpError}`, oursError && `otpscope side crashed: ${oursError}`].filter(Boolean);
    return { name, area, verdict: 'mismatch', details: [...crash, cmp.report].join('\n') };
  }
  if (cmp.accepted.length > 0) return { name, area, verdict: 'accepted difference', details: cmp.accepted.join('\n') };
  return { name, area, verdict: 'match', details: '' };
}
