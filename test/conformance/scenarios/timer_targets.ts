/**
 * Timer destinations: a timer to a pid is cancelled when that process exits (readTimer/cancelTimer give false,
 * also for a timer armed to an already dead pid); a timer to a name is resolved at expiry, survives the holder's
 * death, reaches the next holder, and is dropped without error when nobody holds the name.
 */
import { cancelTimer, readTimer, sendAfter, startTimer, tuple } from '../../../runtime/index.ts';
import type { Scenario } from '../scenario.ts';
import { flushAll, reason, watch } from './process-helpers.ts';

const scenario: Scenario = {
  name: 'timer_targets',
  area: 'processes',
  run: ({ norm, main, sleep, rt }) =>
    main(async (self) => {
      const test = self.pid;
      const p = self.spawn(async (k) => {
        await k.receive((x) => x === 'stop');
      });
      norm.name(p, 'p');
      const t1 = sendAfter(1000, p, 'hello');
      norm.say('read_timer while the target lives', typeof readTimer(t1) === 'number');
      const w = watch(self, p);
      self.send(p, 'stop');
      await reason(self, w);
      norm.say('read_timer after the target exited', readTimer(t1));
      norm.say('cancel_timer after the target exited', cancelTimer(t1));
      const t2 = startTimer(1000, p, 'x');
      norm.say('start_timer to a dead pid: read_timer', readTimer(t2));
      norm.say('  cancel_timer', cancelTimer(t2));
      const k = self.spawn(async (me) => {
        await me.receive(() => false);
      });
      norm.name(k, 'k');
      const t5 = sendAfter(1000, k, 'hello');
      self.exitSignal(k, 'kill');
      await sleep(10);
      norm.say('target killed: cancel_timer', cancelTimer(t5));
      const q = self.spawn(async (me) => {
        await me.receive((x) => x === 'stop');
      });
      norm.name(q, 'q');
      rt.register('golden_q', q);
      const t3 = sendAfter(100, 'golden_q', 'hi');
      const wq = watch(self, q);
      self.send(q, 'stop');
      await reason(self, wq);
      norm.say('timer to a name whose holder exited: still armed', typeof readTimer(t3) === 'number');
      const r = self.spawn(async (me) => {
        me.send(test, tuple('r_got', await me.receive()));
      });
      norm.name(r, 'r');
      rt.register('golden_q', r);
      const got = await self.receive((x) => Array.isArray(x) && x[0] === 'r_got', 1000);
      norm.say('the next holder of the name gets it', typeof got === 'symbol' ? 'none' : (got as readonly unknown[])[1]);
      const t4 = sendAfter(10, 'golden_nobody', 'lost');
      await sleep(30);
      norm.say('timer to a name nobody holds, after expiry: read_timer', readTimer(t4));
      const t6 = sendAfter(1000, self.pid, 'mine');
      norm.say('own timer: cancel_timer', typeof cancelTimer(t6) === 'number');
      norm.say('  cancel again', cancelTimer(t6));
      norm.say('mailbox', await flushAll(self));
    }),
};
export default scenario;
