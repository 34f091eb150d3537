/**
 * receive with `after`: 0 takes a matching message already queued, else times out at once; non-matching messages
 * stay queued in order through any number of timed-out receives; a matching message that arrives during the wait
 * is taken; a later receive sees messages that arrived while an earlier one skipped them.
 */
import { tuple, type Matcher, type Self } from '../../../runtime/index.ts';
import type { Scenario } from '../scenario.ts';
import { flushNow } from './process-helpers.ts';

const tagged = (tag: string) => (x: unknown) => Array.isArray(x) && x[0] === tag;

/** `receive Pattern -> M after T -> Else end`. */
async function recv(self: Self, match: Matcher | null, after: number, orElse: string): Promise<unknown> {
  const m = await self.receive(match, after);
  return typeof m === 'symbol' ? orElse : m;
}

const scenario: Scenario = {
  name: 'receive_after',
  area: 'processes',
  run: ({ norm, main, settle }) =>
    main(async (self) => {
      const me = self.pid;
      norm.say('after 0, empty mailbox', await recv(self, null, 0, 'timeout'));
      self.send(me, tuple('other', 1));
      self.send(me, tuple('want', 1));
      self.send(me, tuple('other', 2));
      norm.say('after 0, a match queued behind another', await recv(self, tagged('want'), 0, 'timeout'));
      norm.say('after 50, no match', await recv(self, tagged('want'), 50, 'timeout'));
      norm.say('after 0, no match', await recv(self, tagged('want'), 0, 'timeout'));
      norm.say('  the others are still there, in order', await flushNow(self));
      self.spawn(async (k) => {
        await settle();
        k.send(me, tuple('other', 3));
        await settle();
        k.send(me, tuple('want', 2));
      });
      norm.say('a match arriving during a 500 ms wait', await recv(self, tagged('want'), 500, 'timeout'));
      norm.say('  what arrived before it stays', await flushNow(self));
      self.spawn((k) => {
        k.send(me, tuple('b', 1));
        k.send(me, tuple('a', 1));
        k.send(me, tuple('b', 2));
        k.send(me, tuple('a', 2));
      });
      await settle();
      const a1 = await recv(self, tagged('a'), 100, 'none');
      const b1 = await recv(self, tagged('b'), 100, 'none');
      norm.say('selective: first a, then first b', tuple(a1, b1));
      norm.say('  rest', await flushNow(self));
      self.send(me, 'ready');
      norm.say('after infinity with a match queued', await recv(self, (x) => x === 'ready', Infinity, 'never'));
    }),
};
export default scenario;
