/**
 * The leak check's look at a runtime (vitest-plugin/leaks.ts): processes on their
 * way out when the test ends (an EXIT queued that the time-sliced scheduler runs
 * only in a later event-loop turn) are not leaks; a process left waiting is, and
 * so is one that keeps itself busy, which the check does not wait for.
 */
import { describe, expect, it } from 'vitest';
import { Runtime } from '../../runtime/index.ts';
import { aliveAfterQueuedWork } from '../../vitest-plugin/leaks.ts';

describe('the leak check', () => {
  it('lets the EXITs a last kill queued be handled before it looks, also when the scheduler has yielded to the event loop', async () => {
    // yieldMs 0: every drain after the first message of a macrotask goes on in the next event-loop turn
    const rt = new Runtime({ yieldMs: 0 });
    const children = Array.from({ length: 3 }, () =>
      rt.spawn(async (self) => {
        self.trapExit(true);
        await self.receive((m) => m !== null);
      }),
    );
    const parent = rt.spawn(async (self) => {
      for (const c of children) self.link(c);
      await self.receive((m) => m === 'never');
    });
    await rt.settled();
    rt.exit(parent, 'kill');
    // the children each have their EXIT queued and are still alive now: what the old check reported as leaked
    expect(rt.processes()).toEqual(children);
    expect(await aliveAfterQueuedWork(rt)).toEqual([]);
  });

  it('reports a process left waiting, and one that keeps itself busy after the turns it is given', async () => {
    const rt = new Runtime({ yieldMs: 0 });
    const waiting = rt.spawn(async (self) => {
      await self.receive((m) => m === 'never');
    });
    const busy = rt.spawn((self) => {
      self.loop(() => void self.send(self.pid, 'again'));
      self.send(self.pid, 'again');
    });
    await Promise.resolve();
    expect(await aliveAfterQueuedWork(rt, 5)).toEqual([waiting, busy]);
    rt.exit(waiting, 'kill');
    rt.exit(busy, 'kill');
    expect(rt.processes()).toEqual([]);
  });
});
