/** exit(Pid, normal) is ignored by a non-trapping process and a message for a trapping one; other reasons kill. */
import { tuple, type Pid } from '../../../runtime/index.ts';
import type { Scenario } from '../scenario.ts';
import { awaitExit, reason, watch } from './process-helpers.ts';

const isGot = (m: unknown): boolean => Array.isArray(m) && m[0] === 'got';

const scenario: Scenario = {
  name: 'exit_signal_normal',
  area: 'processes',
  run: ({ norm, main }) =>
    main(async (self) => {
      const me = self.pid;
      const p = self.spawn(async (s) => {
        await s.receive(() => false, 200);
        s.exit('survived');
      });
      norm.name(p, 'plain');
      self.exitSignal(p, 'normal');
      norm.say('non-trapping, normal', await awaitExit(self, p));
      const trapper = (name: string): Pid => {
        const t = self.spawn(async (s) => {
          s.trapExit(true);
          s.send(me, 'ready');
          const m = await s.receive();
          s.send(me, tuple('got', m));
        });
        norm.name(t, name);
        return t;
      };
      const t = trapper('trapper');
      await self.receive((m) => m === 'ready');
      self.exitSignal(t, 'normal');
      norm.say('trapping, normal', ((await self.receive(isGot)) as readonly unknown[])[1]);
      const k = self.spawn(async (s) => {
        await s.receive(() => false);
      });
      norm.name(k, 'plain2');
      const wk = watch(self, k);
      self.exitSignal(k, 'custom');
      norm.say('non-trapping, custom', await reason(self, wk));
      const t2 = trapper('trapper2');
      await self.receive((m) => m === 'ready');
      self.exitSignal(t2, 'killed');
      norm.say('trapping, exit(P, killed)', ((await self.receive(isGot)) as readonly unknown[])[1]);
      norm.say('exit/2 on dead pid', self.exitSignal(p, 'foo'));
    }),
};
export default scenario;
