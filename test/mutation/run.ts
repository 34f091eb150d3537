/**
 * `npm run mutation [-- group…] [-- --score-only]`: runs Stryker (stryker.config.mjs) for each named group of
 * groups.ts (all of them when none is named), one after the other, then prints each group's mutation score
 * with the listed equivalent mutants left out, and exits non-zero when a group is under 80 %.
 * `--score-only` rescores the last reports (reports/mutation/<group>.json) without running Stryker.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { GROUPS } from './groups.ts';
import { scoreReport, type GroupScore, type MutationReport } from './score.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));
const args = process.argv.slice(2);
const scoreOnly = args.includes('--score-only');
const names = args.filter((a) => !a.startsWith('--'));
const unknown = names.filter((n) => !(n in GROUPS));
if (unknown.length > 0) {
  console.error(`unknown group(s): ${unknown.join(', ')}; groups: ${Object.keys(GROUPS).join(', ')}`);
  process.exit(2);
}
const chosen = names.length > 0 ? names : Object.keys(GROUPS);
const passOn = args.filter((a) => a.startsWith('--') && a !== '--score-only');

const MIN_SCORE = 80;
const scores: GroupScore[] = [];
for (const name of chosen) {
  if (!scoreOnly) {
    console.log(`\n=== mutation group ${name}: ${GROUPS[name].description}`);
    const stryker = spawnSync(process.execPath, [`${root}node_modules/@stryker-mutator/core/bin/stryker.js`, 'run', 'stryker.config.mjs', ...passOn], {
      cwd: root,
      stdio: 'inherit',
      // the live escript comparison is left out: the stored real-OTP output is the same oracle, without an Erlang VM per test
      env: { ...process.env, MUTATION_GROUP: name, CONFORMANCE_LIVE: process.env.CONFORMANCE_LIVE ?? '0' },
    });
    if (stryker.status !== 0) {
      console.error(`stryker failed for group ${name} (exit ${String(stryker.status)})`);
      process.exit(stryker.status ?? 1);
    }
  }
  const file = `${root}reports/mutation/${name}.json`;
  if (!existsSync(file)) {
    console.error(`no report for group ${name} (${file}): run it without --score-only first`);
    process.exit(2);
  }
  scores.push(scoreReport(name, JSON.parse(readFileSync(file, 'utf8')) as MutationReport, GROUPS[name].equivalent));
}

console.log('\n| group | mutants | killed | timeout | survived | no coverage | equivalent | ignored (static) | score |');
console.log('|---|---|---|---|---|---|---|---|---|');
for (const s of scores) {
  console.log(`| ${s.group} | ${s.total} | ${s.killed} | ${s.timeout} | ${s.survived} | ${s.noCoverage} | ${s.equivalent} | ${s.ignored} | ${s.score.toFixed(1)} % |`);
}
for (const s of scores) {
  for (const e of s.stale) console.warn(`${s.group}: equivalent mutant listed but not found (stale?): ${e.file} ${e.mutator} ${JSON.stringify(e.original)} → ${JSON.stringify(e.replacement)}`);
  for (const m of s.undetected) console.log(`${s.group}: ${m}`);
}
const low = scores.filter((s) => s.score < MIN_SCORE);
if (low.length > 0) {
  console.error(`\nunder ${MIN_SCORE} %: ${low.map((s) => s.group).join(', ')}`);
  process.exit(1);
}
