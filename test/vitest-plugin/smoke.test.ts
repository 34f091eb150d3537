import { describe, expect, it } from 'vitest';
import { GenServer, runtime, spawn, send } from '../../runtime/index.ts';
import { waitForEvent, testRuntime } from '../../vitest-plugin/index.ts';

describe('smoke', () => {
  it('per-test runtime and waitForEvent', async () => {
    expect(runtime()).toBe(testRuntime());
    const p = spawn(async (self) => {
      await self.receive((m) => m === 'go');
    });
    send(p, 'go');
    const e = await waitForEvent(p, 'exit');
    expect(e.reason).toBe('normal');
    await expect(p).toExit('normal');
    expect(p).not.toBeAlive();
    void GenServer;
  });
});
