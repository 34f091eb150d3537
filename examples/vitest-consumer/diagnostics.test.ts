/** The packed otpscope/diagnostics as a user gets it: the endpoint starts, serves the page shipped in the package and answers with the token. */
import { describe, expect, it } from 'vitest';
import { Runtime } from 'otpscope';
import { start } from 'otpscope/diagnostics';

describe('otpscope/diagnostics from the package', () => {
  it('serves the observer page and the API', async () => {
    const rt = new Runtime();
    const diag = await start({ runtime: rt, warn: () => undefined });
    try {
      const page = await fetch(diag.url);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('otpscope observer');
      expect((await fetch(new URL('/api/node', diag.url))).status).toBe(401);
      const node = await fetch(new URL('/api/node', diag.url), { headers: { authorization: `Bearer ${diag.token}` } });
      expect(((await node.json()) as { processes: number }).processes).toBe(0);
    } finally {
      await diag.close();
    }
  });
});
