/**
 * Turns a group's mutate targets into Stryker `mutate` patterns: a marked part
 * of a file becomes `file:from-to` line ranges (without its skipped lines).
 */
import { readFileSync } from 'node:fs';
import type { MutateTarget } from './groups.ts';

/** The Stryker `mutate` patterns for `targets`, read against the files under `root`. */
export function mutatePatterns(targets: readonly MutateTarget[], root: string): string[] {
  return targets.flatMap((t) => (typeof t === 'string' ? [t] : sectionRanges(t, root)));
}

function sectionRanges(t: Exclude<MutateTarget, string>, root: string): string[] {
  const lines = readFileSync(`${root}/${t.file}`, 'utf8').split('\n');
  const from = lines.findIndex((l) => l.includes(t.from));
  const to = lines.findIndex((l, i) => i > from && l.includes(t.to));
  if (from < 0 || to < 0) throw new Error(`mutation group: the markers of ${t.file} were not found (${from < 0 ? t.from : t.to}): update test/mutation/groups.ts`);
  const skip = t.skip ?? [];
  const out: string[] = [];
  let run = -1; // 0-based first line of the current run of kept lines
  for (let i = from + 1; i <= to; i++) {
    const kept = i < to && !skip.some((s) => lines[i].includes(s));
    if (kept && run < 0) run = i;
    if (!kept && run >= 0) {
      out.push(`${t.file}:${run + 1}-${i}`); // Stryker's lines are 1-based: run+1 .. (i-1)+1
      run = -1;
    }
  }
  return out;
}
