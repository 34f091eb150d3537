/**
 * A group's mutation score from Stryker's JSON report (mutation-testing-report-schema): detected (killed +
 * timeout) over detected + undetected (survived + no coverage), with the listed equivalent mutants left out.
 */
import type { Equivalent } from './groups.ts';

interface Position {
  readonly line: number;
  readonly column: number;
}

/** The part of a Stryker JSON report read here. */
export interface MutationReport {
  readonly files: Record<
    string,
    {
      readonly source: string;
      readonly mutants: readonly {
        readonly id: string;
        readonly mutatorName: string;
        readonly replacement?: string;
        readonly status: string;
        readonly location: { readonly start: Position; readonly end: Position };
      }[];
    }
  >;
}

/** A group's counts and score. */
export interface GroupScore {
  readonly group: string;
  readonly total: number;
  readonly killed: number;
  readonly timeout: number;
  readonly survived: number;
  readonly noCoverage: number;
  readonly equivalent: number;
  /** Ignored by Stryker (static mutants, see stryker.config.mjs): not counted. */
  readonly ignored: number;
  /** Percent: (killed + timeout) / (killed + timeout + survived + noCoverage), equivalents left out. */
  readonly score: number;
  /** Equivalent entries that matched no mutant. */
  readonly stale: readonly Equivalent[];
  /** The undetected mutants, one line each (`file:line mutator "original" → "replacement" (status, id)`). */
  readonly undetected: readonly string[];
}

/** The text a mutant replaces (the report's lines and columns are 1-based). */
export function originalText(source: string, start: Position, end: Position): string {
  const lines = source.split('\n');
  const from = start.column - 1;
  const to = end.column - 1;
  if (start.line === end.line) return lines[start.line - 1].slice(from, to);
  return [lines[start.line - 1].slice(from), ...lines.slice(start.line, end.line - 1), lines[end.line - 1].slice(0, to)].join('\n');
}

/** Scores `report` for `group`, leaving out the mutants `equivalent` lists. */
export function scoreReport(group: string, report: MutationReport, equivalent: readonly Equivalent[]): GroupScore {
  const used = new Set<Equivalent>();
  let killed = 0;
  let timeout = 0;
  let survived = 0;
  let noCoverage = 0;
  let eq = 0;
  let ignored = 0;
  let total = 0;
  const undetected: string[] = [];
  for (const [file, f] of Object.entries(report.files)) {
    for (const m of f.mutants) {
      total++;
      const original = originalText(f.source, m.location.start, m.location.end);
      const replacement = m.replacement ?? '';
      const match = equivalent.find(
        (e) => e.file === file && e.mutator === m.mutatorName && e.original === original && e.replacement === replacement && (e.line === undefined || e.line === m.location.start.line),
      );
      if (m.status === 'Ignored') ignored++;
      else if (m.status === 'Killed') killed++;
      else if (m.status === 'Timeout') timeout++;
      else if (m.status === 'Survived' || m.status === 'NoCoverage') {
        if (match !== undefined) {
          used.add(match);
          eq++;
          continue;
        }
        if (m.status === 'Survived') survived++;
        else noCoverage++;
        const short = (s: string): string => JSON.stringify(s.length > 80 ? `${s.slice(0, 80)}…` : s);
        undetected.push(`${file}:${m.location.start.line} ${m.mutatorName} ${short(original)} → ${short(replacement)} (${m.status}, id ${m.id})`);
      }
    }
  }
  const detected = killed + timeout;
  const counted = detected + survived + noCoverage;
  return {
    group,
    total,
    killed,
    timeout,
    survived,
    noCoverage,
    equivalent: eq,
    ignored,
    score: counted === 0 ? 100 : (100 * detected) / counted,
    stale: equivalent.filter((e) => !used.has(e)),
    undetected,
  };
}
