/**
 * Which runtime belongs to the running test. Each test runs inside an
 * AsyncLocalStorage scope holding its own `Runtime`, and `runtime()` resolves
 * to it, so tests (also `--sequence.concurrent` ones) never share processes,
 * names or events.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { Runtime, runtime, type RuntimeResolver } from '../runtime/index.ts';
import type { ResolvedOptions } from './options.ts';

/** What the plugin keeps per test. */
export interface TestScope {
  /** The test's current runtime (`setRuntime` inside the test replaces it). */
  rt: Runtime;
  /** The runtime the plugin made for the test (checked for leaks at its end). */
  readonly own: Runtime;
  /** Runtimes the test made itself and handed to `trackRuntime` (checked for leaks at its end too). */
  readonly tracked: Runtime[];
  /** The race scheduler's seed, when the test runs under it. */
  readonly seed: number | null;
  readonly options: ResolvedOptions;
  /** The test's name, for messages. */
  readonly testName: string;
}

/** The scope of the running test. */
export const testScopes = new AsyncLocalStorage<TestScope>();

/** The running test's scope, or undefined outside a test (or without the plugin's setup). */
export function currentScope(): TestScope | undefined {
  return testScopes.getStore();
}

/** The resolver the setup file installs: `runtime()` / `setRuntime()` act on the running test's scope. */
export const scopeResolver: RuntimeResolver = {
  current: () => testScopes.getStore()?.rt,
  replace: (rt) => {
    const scope = testScopes.getStore();
    if (scope === undefined) return undefined;
    const old = scope.rt;
    scope.rt = rt;
    return old;
  },
};

/** The running test's runtime (the default runtime outside a test). */
export function testRuntime(): Runtime {
  return currentScope()?.rt ?? runtime();
}

const defaults: ResolvedOptions = { timeout: 1000, leaks: 'warn', seed: null, timelineSize: 20 };

/** The options in effect (the plugin's, or the defaults). */
export function currentOptions(): ResolvedOptions {
  return currentScope()?.options ?? configured ?? defaults;
}

let configured: ResolvedOptions | undefined;

/** Sets the worker-wide options (the setup file does, from the plugin). */
export function configure(o: ResolvedOptions): void {
  configured = o;
}

/**
 * Checks `rt`, a runtime the running test made itself, for processes left
 * alive at the test's end, as the plugin checks the test's own runtime (the
 * `leaks` option: fail, warn or off; they are killed either way). Outside a
 * test it does nothing. Returns `rt`.
 */
export function trackRuntime(rt: Runtime): Runtime {
  const scope = currentScope();
  if (scope !== undefined && scope.own !== rt && !scope.tracked.includes(rt)) scope.tracked.push(rt);
  return rt;
}

/**
 * Runs `fn` with a fresh runtime of its own (under the race scheduler when
 * `seed` is given) as the current one, then kills what it left alive. For
 * running one scenario many times, e.g. over many seeds, inside one test.
 */
export async function runIsolated<T>(fn: (rt: Runtime) => Promise<T>, opts: { seed?: number } = {}): Promise<T> {
  const seed = opts.seed ?? null;
  const rt = new Runtime(seed === null ? {} : { race: { seed } });
  const scope: TestScope = { rt, own: rt, tracked: [], seed, options: currentOptions(), testName: currentScope()?.testName ?? 'runIsolated' };
  try {
    return await testScopes.run(scope, () => fn(rt));
  } finally {
    for (const pid of rt.processes()) rt.exit(pid, 'kill');
  }
}
