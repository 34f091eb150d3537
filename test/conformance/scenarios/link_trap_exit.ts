/** trap_exit turns exit signals from links (normal included) and exit/2 into {'EXIT', Pid, Reason} messages. */
import { isAlive, tuple } from '../../../runtime/index.ts';
import type { Scenario } from '../scenario.ts';
import { flushNow } from './process-helpers.ts';

const scenario: Scenario = {
  name: 'link_trap_exit',
  area: 'processes',
  run: ({ norm, main, settle }) =>
    main(async (self) => {
      self.trapExit(true);
      const p1 = self.spawnLink(() => 'ok');
      norm.name(p1, 'normal_child');
      const p2 = self.spawnLink((s) => s.exit('bye'));
      norm.name(p2, 'bye_child');
      const p3 = self.spawnLink(() => {
        throw new Error('oops');
      });
      norm.name(p3, 'error_child');
      const p4 = self.spawnLink((s) => s.receive(() => false));
      norm.name(p4, 'killed_child');
      await settle();
      self.exitSignal(p4, 'kill');
      await settle();
      norm.say('messages', await flushNow(self));
      // exit/2 from an unlinked process while trapping: also a message
      const sender = self.spawn(async (s) => {
        const m = (await s.receive((x) => Array.isArray(x) && x[0] === 'go')) as readonly [string, typeof s.pid];
        s.exitSignal(m[1], 'custom');
      });
      norm.name(sender, 'sender');
      self.send(sender, tuple('go', self.pid));
      await settle();
      norm.say('exit/2 from unlinked sender', await flushNow(self));
      // exit(self(), R) while trapping
      self.exitSignal(self.pid, 'selfsent');
      await settle();
      norm.say('exit(self(),R) while trapping', await flushNow(self));
      norm.say('still alive', isAlive(self.pid));
      norm.say('process_flag old value', self.trapExit(false));
    }),
};
export default scenario;
