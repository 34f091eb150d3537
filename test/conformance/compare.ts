/** Line-by-line comparison of a scenario's output with real OTP's, honouring accepted differences. */
import { acceptedDifferences } from './accepted-differences.ts';

/** The outcome of one comparison. */
export interface Comparison {
  readonly mismatches: readonly string[];
  readonly accepted: readonly string[];
  /** Both outputs side by side, for the failure message. */
  readonly report: string;
}

/** Compares `ours` with `golden` line by line. */
export function compareWithGolden(scenario: string, golden: readonly string[], ours: readonly string[]): Comparison {
  const mismatches: string[] = [];
  const accepted: string[] = [];
  const n = Math.max(golden.length, ours.length);
  for (let i = 0; i < n; i++) {
    const g = golden[i] ?? '<missing>';
    const o = ours[i] ?? '<missing>';
    if (g === o) continue;
    const a = acceptedDifferences.find((d) => d.scenario === scenario && d.golden === g && d.ours === o);
    if (a !== undefined) accepted.push(`line ${i + 1}: ${a.reason}`);
    else mismatches.push(`line ${i + 1}:\n  otp:       ${g}\n  otpscope:  ${o}`);
  }
  const report = `scenario ${scenario}\n--- otp\n${golden.join('\n')}\n--- otpscope\n${ours.join('\n')}\n--- mismatches\n${mismatches.join('\n')}`;
  return { mismatches, accepted, report };
}
