/** link/1 to a dead pid: a trapping caller gets {'EXIT', Pid, noproc}; a non-trapping one gets error noproc. link to self is a no-op. */
import { processInfo, tuple } from '../../../runtime/index.ts';
import type { Scenario } from '../scenario.ts';
import { awaitExit, flushNow } from './process-helpers.ts';
import { tryOf } from '../norm.ts';

const scenario: Scenario = {
  name: 'link_dead_pid',
  area: 'processes',
  run: ({ norm, main, settle }) =>
    main(async (self) => {
      const me = self.pid;
      const d = self.spawn(() => 'ok');
      norm.name(d, 'dead');
      await settle();
      self.trapExit(true);
      norm.say('link (trapping) returns', await tryOf(() => self.link(d)));
      await settle();
      norm.say("trapping caller's mailbox", await flushNow(self));
      self.trapExit(false);
      const p = self.spawn(async (s) => {
        let r: unknown;
        try {
          r = s.link(d);
        } catch (e) {
          r = tuple('EXIT', e);
        }
        s.send(me, tuple('ret', r));
        await s.receive(() => false, 100);
        s.exit('survived');
      });
      norm.name(p, 'plain');
      norm.say('non-trapping caller exits', await awaitExit(self, p));
      norm.say('its (caught) link/1 raised', await flushNow(self));
      const p2 = self.spawn(async (s) => {
        s.link(d);
        await s.receive(() => false, 100);
        s.exit('survived');
      });
      norm.name(p2, 'plain_uncaught');
      norm.say('non-trapping caller, uncaught', await awaitExit(self, p2));
      norm.say('link(self())', self.link(self.pid));
      norm.say('self in own links', (processInfo(self.pid)?.links ?? []).includes(self.pid));
      norm.say('unlink of a non-linked pid', self.unlink(d));
    }),
};
export default scenario;
