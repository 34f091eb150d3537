/**
 * `npm run conformance`: runs every scenario against real Erlang/OTP (live
 * escript; the stored output when escript is missing and CI is not set) and
 * prints a table and a total line. Exits 1 on any mismatch.
 */
import { scenarioNames, untwinnedNames } from './catalog.ts';
import { hasEscript } from './escript.ts';
import { runOne, untwinned, type ScenarioResult } from './runner.ts';

const live = hasEscript();
if (!live) {
  const msg = 'escript not found (apt-get install -y erlang-base): comparing with the stored OTP output instead';
  if (process.env.CI === 'true') {
    process.stderr.write(`conformance: ${msg}; under CI=true real OTP is required\n`);
    process.exit(1);
  }
  process.stderr.write(`conformance: ${msg}\n`);
}
const only = process.argv.slice(2);
const names = scenarioNames().filter((n) => only.length === 0 || only.includes(n));
const results: ScenarioResult[] = [];
for (const name of names) results.push(await runOne(name, live));
for (const name of untwinnedNames().filter((n) => only.length === 0 || only.includes(n))) results.push(untwinned(name));

const w = Math.max(...results.map((r) => r.name.length), 8);
process.stdout.write(`${'scenario'.padEnd(w)}  ${'area'.padEnd(12)}  result\n${'-'.repeat(w + 36)}\n`);
for (const r of results) process.stdout.write(`${r.name.padEnd(w)}  ${r.area.padEnd(12)}  ${r.verdict}\n`);
for (const r of results.filter((x) => x.verdict !== 'match')) {
  process.stdout.write(`\n== ${r.name}: ${r.verdict}\n${r.details}\n`);
}
const failed = results.filter((r) => r.verdict === 'mismatch').length;
const accepted = results.filter((r) => r.verdict === 'accepted difference').length;
process.stdout.write(`\n(${live ? 'live Erlang/OTP' : 'stored OTP output'}; ${accepted} with accepted differences)\n`);
process.stdout.write(`${results.length - failed} passed, ${failed} failed\n`);
process.exit(failed > 0 ? 1 : 0);
