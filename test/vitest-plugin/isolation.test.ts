/** Isolation: each test (also concurrent ones) has its own runtime, names and events. */
import { describe, expect, it } from 'vitest';
import { register, runtime, send, spawn, whereis } from '../../runtime/index.ts';
import { settled, testRuntime, waitForEvent } from '../../vitest-plugin/index.ts';

const seen = new Map<string, unknown>();

/** A test that registers 'shared', waits a bit of real time, and checks its own events only. */
async function claimName(label: string, ms: number): Promise<void> {
  const rt = testRuntime();
  seen.set(label, rt);
  const p = spawn(async (self) => {
    await self.receive((m) => m === 'stop');
  });
  register('shared', p); // would throw badarg if another test's runtime were shared
  await new Promise((r) => setTimeout(r, ms));
  expect(whereis('shared')).toBe(p);
  expect(runtime()).toBe(rt);
  const exited = waitForEvent('shared', 'exit', { timeout: 500 });
  send('shared', 'stop');
  const e = await exited;
  expect(e.pid).toBe(p);
  await settled();
}

describe.concurrent('concurrent tests', () => {
  it('a registers "shared"', () => claimName('a', 30));
  it('b registers "shared"', () => claimName('b', 10));
  it('c registers "shared"', () => claimName('c', 20));
});

describe('after the concurrent ones', () => {
  it('each had a different runtime, and none of them is this test\'s', () => {
    expect(new Set(seen.values()).size).toBe(3);
    expect([...seen.values()]).not.toContain(testRuntime());
  });
});
