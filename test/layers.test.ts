/**
 * The layer check (`npm run deps`, dependency-cruiser with .dependency-cruiser.cjs) refuses what it must:
 * run on a small fixture tree with a kernel module importing a behaviour and a value cycle, it fails and
 * names both rules; a type-only cycle passes. The real tree passing is `npm test`'s own `npm run deps`.
 */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));
const fixture = fileURLToPath(new URL('./fixtures/layers/', import.meta.url));
const depcruise = fileURLToPath(new URL('../node_modules/dependency-cruiser/bin/dependency-cruiser.mjs', import.meta.url));

function cruise(cwd: string, paths: string[]): Promise<{ code: number; out: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [depcruise, ...paths, '--config', `${root}.dependency-cruiser.cjs`, '--output-type', 'err'],
      { cwd, timeout: 60_000 },
      (err, stdout, stderr) => resolve({ code: err === null ? 0 : ((err as { code?: number }).code ?? 1), out: stdout + stderr }),
    );
  });
}

describe('the layer check', () => {
  it('fails on an import up a layer and on a value cycle, naming the rules; a type-only cycle is fine', async () => {
    const { code, out } = await cruise(fixture, ['runtime']);
    expect(code).not.toBe(0);
    expect(out).toContain('kernel-imports-only-kernel: runtime/kernel/up.ts → runtime/otp/behaviour.ts');
    expect(out).toMatch(/no-value-cycle: runtime\/observe\/(a|b)\.ts/);
    expect(out).not.toMatch(/runtime\/observe\/(c|d)\.ts/);
    expect(out).toContain('x 2 dependency violations (2 errors, 0 warnings)');
  }, 60_000);
});
