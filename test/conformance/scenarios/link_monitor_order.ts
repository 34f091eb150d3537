/**
 * A trapping process that both links to and monitors a process gets both signals of its death, the EXIT before
 * the DOWN (the order OTP shows; both come from the one dying process), after any message that process sent
 * before dying; with two monitors, both DOWNs after the EXIT, in monitor order.
 */
import { tuple } from '../../../runtime/index.ts';
import type { Scenario } from '../scenario.ts';
import { flushNow } from './process-helpers.ts';

const scenario: Scenario = {
  name: 'link_monitor_order',
  area: 'processes',
  run: ({ norm, main, settle }) =>
    main(async (self) => {
      const me = self.pid;
      self.trapExit(true);
      for (const r of ['normal', 'boom', tuple('shutdown', 'x')]) {
        const p = self.spawnLink(async (k) => {
          await k.receive((x) => x === 'go');
          k.send(me, 'last_words');
          k.exit(r);
        });
        norm.name(p, `p_${norm.fmt(r)}`);
        norm.name(self.monitor(p), '#M1');
        norm.name(self.monitor(p), '#M2');
        self.send(p, 'go');
        await settle();
        norm.say(`${norm.fmt(r)}: mailbox in order`, await flushNow(self));
      }
      const p2 = self.spawnLink(async (k) => {
        await k.receive(() => false);
      });
      norm.name(p2, 'killed_one');
      norm.name(self.monitor(p2), '#M3');
      self.exitSignal(p2, 'kill');
      await settle();
      norm.say('killed: mailbox in order', await flushNow(self));
    }),
};
export default scenario;
