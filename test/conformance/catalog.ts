/** The scenarios: every TypeScript twin in scenarios/ that has an Erlang twin in erlang/. */
import { existsSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Scenario } from './scenario.ts';

const here = fileURLToPath(new URL('.', import.meta.url));

/** Names of the scenarios, sorted. */
export function scenarioNames(): string[] {
  return readdirSync(`${here}scenarios`)
    .filter((f) => f.endsWith('.ts'))
    .map((f) => f.replace(/\.ts$/, ''))
    .filter((n) => existsSync(`${here}erlang/${n}/${n}.escript`))
    .sort();
}

/** Golden (Erlang) scenarios that have no TypeScript twin, sorted. */
export function untwinnedNames(): string[] {
  return readdirSync(`${here}erlang`, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(`${here}erlang/${d.name}/${d.name}.escript`))
    .map((d) => d.name)
    .filter((n) => !existsSync(`${here}scenarios/${n}.ts`))
    .sort();
}

/** Loads a scenario's TypeScript twin. */
export async function loadScenario(name: string): Promise<Scenario> {
  return ((await import(`./scenarios/${name}.ts`)) as { default: Scenario }).default;
}

/** The stored real-OTP output of a scenario. */
export function goldenPath(name: string): string {
  return `${here}erlang/${name}/${name}.out`;
}
