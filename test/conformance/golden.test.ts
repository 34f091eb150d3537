/**
 * The TypeScript twins of the real-OTP scenarios: each prints what its escript
 * printed under Erlang/OTP 25 (stored in erlang/<name>/<name>.out), line for
 * line, except the accepted differences listed in accepted-differences.ts.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { compareWithGolden } from './compare.ts';
import { runScenario, type Scenario } from './scenario.ts';

const here = fileURLToPath(new URL('.', import.meta.url));
const files = readdirSync(`${here}scenarios`).filter((f) => f.endsWith('.ts'));

describe('OTP golden twins', () => {
  for (const file of files) {
    const name = file.replace(/\.ts$/, '');
    it(name, async () => {
      const scenario = ((await import(`./scenarios/${name}.ts`)) as { default: Scenario }).default;
      const golden = readFileSync(`${here}erlang/${name}/${name}.out`, 'utf8').split('\n').filter((l) => l !== '');
      const ours = await runScenario(scenario);
      const result = compareWithGolden(name, golden, ours);
      expect(result.mismatches, result.report).toEqual([]);
    });
  }
});
