/** Isolation: each test (also concurrent ones, alive at the same time) has its own runtime, names and events. */
import { describe, expect, it } from 'vitest';
import { register, runtime, send, spawn, whereis } from '../../runtime/index.ts';
import { settled, testRuntime, waitForEvent } from '../../vitest-plugin/index.ts';

const seen = new Map<string, unknown>();

/** Resolves once all three concurrent tests have registered their 'shared': they are alive at the same time. */
let arrived = 0;
let allThere: () => void = () => undefined;
const together = new Promise<void>((resolve) => (allThere = resolve));

/** A test that registers 'shared', waits until the other two have too, and checks its own events only. */
async function claimName(label: string): Promise<void> {
  const rt = testRuntime();
  seen.set(label, rt);
  const p = spawn(async (self) => {
    await self.receive((m) => m === 'stop');
  });
  register('shared', p); // would throw badarg if another test's runtime were shared
  if (++arrived === 3) allThere();
  await together; // never resolves unless the three run concurrently (the test then times out)
  expect(whereis('shared')).toBe(p);
  expect(runtime()).toBe(rt);
  const exited = waitForEvent('shared', 'exit', { timeout: 500 });
  send('shared', 'stop');
  const e = await exited;
  expect(e.pid).toBe(p);
  await settled();
}

describe.concurrent('concurrent tests', () => {
  it('a registers "shared"', () => claimName('a'));
  it('b registers "shared"', () => claimName('b'));
  it('c registers "shared"', () => claimName('c'));
});

describe('after the concurrent ones', () => {
  it('each had a different runtime, and none of them is this test\'s', () => {
    expect(new Set(seen.values()).size).toBe(3);
    expect([...seen.values()]).not.toContain(testRuntime());
  });
});
