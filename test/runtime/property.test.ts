import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Pid, type Self } from '../../runtime/index.ts';
import { deferred, fresh } from './helpers.ts';

/** How a sender pauses before its next send: not at all, a microtask, a zero receive-after, a macrotask. */
type Pause = 0 | 1 | 2 | 3;

async function pause(self: Self, how: Pause): Promise<void> {
  if (how === 1) await Promise.resolve();
  else if (how === 2) await self.receive((m) => m === 'nothing', 0);
  else if (how === 3) await new Promise((r) => setImmediate(r));
}

/** Each sender: the pauses before each of its messages (its length is how many it sends). */
const senders = fc.array(fc.array(fc.constantFrom<Pause>(0, 1, 2, 3), { maxLength: 25 }), { minLength: 1, maxLength: 6 });

describe('per-pair ordering, as a property', () => {
  it('for random interleavings of several senders, each sender’s messages arrive in send order and none is lost', async () => {
    await fc.assert(
      fc.asyncProperty(senders, fc.boolean(), async (plans, receiveWithLoop) => {
        const { rt } = fresh();
        const total = plans.reduce((n, p) => n + p.length, 0);
        const received = deferred<(readonly [number, number])[]>();
        const got: (readonly [number, number])[] = [];
        const take = (msg: unknown): void => {
          got.push(msg as readonly [number, number]);
          if (got.length === total) received.resolve(got);
        };
        const receiver: Pid = rt.spawn(async (self) => {
          if (receiveWithLoop) {
            self.loop(take);
            return;
          }
          while (got.length < total) take(await self.receive());
        });
        if (total === 0) received.resolve(got);
        plans.forEach((plan, sender) => {
          rt.spawn(async (self) => {
            for (let i = 0; i < plan.length; i++) {
              await pause(self, plan[i]);
              self.send(receiver, [sender, i] as const);
            }
          });
        });
        const all = await received.promise;
        expect(all).toHaveLength(total);
        plans.forEach((plan, sender) => {
          const mine = all.filter(([s]) => s === sender).map(([, i]) => i);
          expect(mine).toEqual([...Array(plan.length).keys()]);
        });
        await rt.settled();
        expect(rt.processInfo(receiver)?.messageQueueLen ?? 0).toBe(0);
        for (const pid of rt.processes()) rt.exit(pid, 'kill');
      }),
      { numRuns: 100 },
    );
  });
});
