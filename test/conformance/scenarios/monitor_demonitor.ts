/** demonitor/1,2: flush removes a queued DOWN; info tells whether the monitor was still active; demonitor twice is fine. */
import { makeRef } from '../../../runtime/index.ts';
import type { Scenario } from '../scenario.ts';
import { flushNow } from './process-helpers.ts';

const scenario: Scenario = {
  name: 'monitor_demonitor',
  area: 'processes',
  run: ({ norm, main, settle }) =>
    main(async (self) => {
      const p = self.spawn((s) => s.receive((m) => m === 'go'));
      norm.name(p, 'p');
      const r = self.monitor(p);
      norm.say('demonitor live [info]', self.demonitor(r, { info: true }));
      self.send(p, 'go');
      await settle();
      norm.say('after demonitor, mailbox', await flushNow(self));
      // DOWN already queued
      const q = self.spawn(() => 'ok');
      norm.name(q, 'q');
      const r2 = self.monitor(q);
      await settle();
      norm.say('demonitor queued-DOWN [flush,info]', self.demonitor(r2, { flush: true, info: true }));
      norm.say('mailbox after flush', await flushNow(self));
      const q2 = self.spawn(() => 'ok');
      norm.name(q2, 'q2');
      const r3 = self.monitor(q2);
      await settle();
      norm.say('demonitor queued-DOWN [info] (no flush)', self.demonitor(r3, { info: true }));
      norm.say('mailbox keeps the DOWN', await flushNow(self));
      norm.say('demonitor again', self.demonitor(r3));
      norm.say('demonitor [flush] returns', self.demonitor(makeRef(), { flush: true }));
    }),
};
export default scenario;
