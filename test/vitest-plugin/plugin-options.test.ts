/**
 * The plugin's options end to end, in a child vitest on a small fixture
 * project: the leak policy (fail / warn / off), options reaching the workers,
 * and a race-scheduler failure that prints its seed and replays with it.
 */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const config = fileURLToPath(new URL('./fixture/vitest.config.ts', import.meta.url));
const vitestBin = fileURLToPath(new URL('../../node_modules/vitest/vitest.mjs', import.meta.url));

function runFixture(file: string, env: Record<string, string>): Promise<{ code: number; out: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [vitestBin, 'run', '--config', config, file],
      { env: { ...process.env, ...env, FORCE_COLOR: '0', NO_COLOR: '1', OTPSCOPE_SEED: env.OTPSCOPE_SEED ?? '' }, timeout: 60_000 },
      (err, stdout, stderr) => resolve({ code: err === null ? 0 : ((err as { code?: number }).code ?? 1), out: stdout + stderr }),
    );
  });
}

describe('plugin options (child vitest runs)', () => {
  it("leaks: 'fail' fails the test and lists the process left alive", async () => {
    const { code, out } = await runFixture('leaky', { FIXTURE_LEAKS: 'fail' });
    expect(code).toBe(1);
    expect(out).toContain('processes left alive by "leaves a process alive"');
    expect(out).toMatch(/<0\.1\.0> plain, waiting/);
    // a runtime the test made and tracked (as the unit tests' fresh() and useDefaultRuntime() do) is checked too
    expect(out).toContain('processes left alive by "leaves a process alive in a runtime of its own, tracked"');
    expect(out).not.toContain('processes left alive by "leaves a process alive in an untracked runtime');
    expect(out).toMatch(/Tests\s+2 failed \| 1 passed/);
  }, 60_000);

  it("leaks: 'warn' passes with a warning; 'off' is silent", async () => {
    const warn = await runFixture('leaky', { FIXTURE_LEAKS: 'warn' });
    expect(warn.code).toBe(0);
    expect(warn.out).toContain('otpscope: warning: processes left alive');
    const off = await runFixture('leaky', { FIXTURE_LEAKS: 'off' });
    expect(off.code).toBe(0);
    expect(off.out).not.toContain('processes left alive');
  }, 60_000);

  it('a race-scheduler failure prints its seed, and OTPSCOPE_SEED replays it', async () => {
    // seed 1 loses the naive test's race (test/monitoring-race-seeds.test.ts runs it over 1000 seeds)
    const first = await runFixture('racy', { FIXTURE_LEAKS: 'off', FIXTURE_SEED: '1' });
    expect(first.code).toBe(1);
    expect(first.out).toContain('failed under race scheduler seed 1 (replay: OTPSCOPE_SEED=1)');
    expect(first.out).toContain('"<0.2.0>"'); // the pid that was still listed, printed as text
    const replay = await runFixture('racy', { FIXTURE_LEAKS: 'off', OTPSCOPE_SEED: '1' });
    expect(replay.code).toBe(1);
    expect(replay.out).toContain('seed 1');
    expect(replay.out.replace(/\d+(\.\d+)?m?s/g, '')).toContain(first.out.match(/- Expected[\s\S]*?\]\n/)?.[0] ?? 'diff');
  }, 60_000);
});
