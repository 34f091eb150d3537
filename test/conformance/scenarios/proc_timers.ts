/** sendAfter / startTimer / cancelTimer / readTimer: delivery shapes, cancel results, timers to names resolved at expiry, order. */
import { Ref, cancelTimer, readTimer, sendAfter, startTimer } from '../../../runtime/index.ts';
import type { Scenario } from '../scenario.ts';
import { flushNow } from './process-helpers.ts';

const scenario: Scenario = {
  name: 'proc_timers',
  area: 'processes',
  run: ({ norm, main, sleep }) =>
    main(async (self) => {
      const me = self.pid;
      sendAfter(20, me, 'tick');
      const t2 = startTimer(20, me, 'tock');
      norm.name(t2, '#Timer2');
      await sleep(50);
      norm.say('delivered', await flushNow(self));
      const t3 = sendAfter(1000, me, 'never');
      norm.say('read_timer is integer', Number.isInteger(readTimer(t3)));
      norm.say('cancel_timer active returns integer', Number.isInteger(cancelTimer(t3)));
      norm.say('cancel_timer again', cancelTimer(t3));
      norm.say('read_timer cancelled', readTimer(t3));
      const t4 = sendAfter(10, me, 'fired');
      await sleep(30);
      norm.say('cancel_timer after it fired', cancelTimer(t4));
      norm.say('  message still delivered', await flushNow(self));
      norm.say('send_after to a name (resolved at expiry)', sendAfter(10, 'golden_later', 'hi') instanceof Ref);
      self.register('golden_later');
      await sleep(30);
      norm.say('  delivered', await flushNow(self));
      sendAfter(0, me, 'zero');
      await sleep(5);
      norm.say('send_after 0', await flushNow(self));
      for (const n of [1, 2, 3]) sendAfter(10, me, n);
      await sleep(30);
      norm.say('order of equal timers', await flushNow(self));
    }),
};
export default scenario;
