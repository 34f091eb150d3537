/** A wait given a garbage timeout says so (a BadArgError naming the wait), instead of timing out after Node's 1 ms. */
import { describe, expect, it } from 'vitest';
import { BadArgError, spawn } from '../../runtime/index.ts';
import { waitForEvent } from '../../vitest-plugin/index.ts';

describe('wait arguments', () => {
  it('rejects a timeout that is not a positive number', async () => {
    const p = spawn((self) => self.loop(() => undefined));
    for (const timeout of ['never', '50', Number.NaN, 0, -5] as unknown[]) {
      const err = await waitForEvent(p, 'DOWN', { timeout: timeout as number }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(BadArgError);
      expect((err as Error).message).toMatch(/^waitForEvent\(<0\.\d+\.0>, 'DOWN'\): timeout must be a positive number of ms, got /);
    }
    await expect(p).not.toExit(undefined, { timeout: 5 });
    p.proc.runtime.exit(p, 'kill');
  });

  it('a timeout of Infinity waits for the event, with no deadline', async () => {
    const p = spawn((self) => self.loop(() => undefined));
    const waited = waitForEvent(p, 'exit', { timeout: Infinity });
    p.proc.runtime.exit(p, 'kill');
    expect((await waited).reason).toBe('killed');
  });
});
