/**
 * The setup file the plugin adds to every test file: registers the matchers,
 * gives each test its own runtime (the race scheduler with a seed, if asked),
 * records its events, and after the test reports and kills processes left alive (once the work the test's
 * last acts queued has run: leaks.ts).
 */
import { aroundEach, expect, inject } from 'vitest';
import { Runtime, setRuntimeResolver } from '../runtime/index.ts';
import { closeRecord, recordOf } from './event-record.ts';
import { aliveAfterQueuedWork } from './leaks.ts';
import { otpscopeMatchers } from './matchers.ts';
import { parseSeed, resolveOptions, type ResolvedOptions } from './options.ts';
import { configure, scopeResolver, testScopes, type TestScope } from './test-context.ts';
import { formatAlive } from './timeline.ts';

const provided: ResolvedOptions | undefined = inject('otpscope');
const options = provided ?? resolveOptions();
configure(options);
expect.extend(otpscopeMatchers);
setRuntimeResolver(scopeResolver);

/** The seed of a test: OTPSCOPE_SEED wins, then the option ('random': a fresh one). */
function seedFor(): number | null {
  const env = parseSeed(process.env.OTPSCOPE_SEED);
  if (env !== null) return env;
  if (options.seed === 'random') return Math.floor(Math.random() * 2 ** 32) >>> 0;
  return options.seed;
}

aroundEach(async (runTest, ctx) => {
  const seed = seedFor();
  const rt = new Runtime(seed === null ? {} : { race: { seed } });
  const scope: TestScope = { rt, own: rt, tracked: [], seed, options, testName: ctx.task.name };
  recordOf(rt);
  if (seed !== null) {
    ctx.onTestFailed(() => {
      process.stderr.write(`otpscope: test "${ctx.task.name}" failed under race scheduler seed ${seed} (replay: OTPSCOPE_SEED=${seed})\n`);
    });
  }
  let failed: unknown = null;
  try {
    await testScopes.run(scope, runTest);
  } catch (e) {
    failed = e;
  }
  // the test's runtime, and the runtimes it made itself and asked to have checked (trackRuntime)
  const leaks: string[] = [];
  for (const r of [rt, ...scope.tracked]) {
    const alive = await aliveAfterQueuedWork(r);
    if (alive.length > 0) leaks.push(formatAlive(r));
    for (const pid of alive) r.exit(pid, 'kill');
  }
  const leak = leaks.length > 0 ? `processes left alive by "${ctx.task.name}":\n${leaks.join('\n')}` : null;
  closeRecord(rt);
  if (failed !== null) throw failed;
  if (leak !== null && options.leaks === 'fail') throw new Error(`otpscope: ${leak}\n(set leaks: 'warn' or 'off' in otpscope() to allow)`);
  if (leak !== null && options.leaks === 'warn') process.stderr.write(`otpscope: warning: ${leak}\n`);
});
