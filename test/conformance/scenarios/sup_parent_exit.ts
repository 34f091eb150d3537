/**
 * A supervisor whose parent ends: it stops its children (reverse order, shutdown) and exits with the parent's
 * reason, also when that reason is normal; an exit signal from a process that is not its parent is only a message
 * to it (nothing happens).
 */
import { GenServer, tuple, type Pid } from '../../../runtime/index.ts';
import type { Scenario } from '../scenario.ts';
import { reason, watch } from './process-helpers.ts';
import { supFixture } from './sup-fixture.ts';

const scenario: Scenario = {
  name: 'sup_parent_exit',
  area: 'supervisor',
  run: (ctx) =>
    ctx.main(async (self) => {
      const { norm, rt } = ctx;
      const f = supFixture(ctx, 'sup_parent_exit');
      f.setup(self);
      const test = self.pid;
      for (const r of ['normal', 'crashed', tuple('shutdown', 'bye')]) {
        const parent = self.spawn(async (k) => {
          const sup = GenServer.okPid(await f.startSup(k, {}, [f.worker('a'), f.worker('b')]));
          k.send(test, tuple('sup', sup));
          const m = (await k.receive((x) => Array.isArray(x) && x[0] === 'die')) as readonly unknown[];
          k.exit(m[1]);
        });
        const sup = ((await self.receive((x) => Array.isArray(x) && x[0] === 'sup')) as readonly [string, Pid])[1];
        await f.notes(self);
        const w = watch(self, sup);
        const wp = watch(self, parent);
        self.send(parent, tuple('die', r));
        const label = norm.fmt(r);
        norm.say(`parent exits ${label}: parent`, await reason(self, wp));
        norm.say(`parent exits ${label}: supervisor`, await reason(self, w));
        norm.say(`parent exits ${label}: children`, await f.notes(self));
      }
      await f.supReports();
      const sup2 = GenServer.okPid(await f.startSup(self, {}, [f.worker('c')]));
      norm.name(sup2, 'sup2');
      await f.notes(self);
      const other = self.spawn(async (k) => {
        await k.receive((x) => x === 'go');
        k.exitSignal(sup2, 'normal');
        k.exitSignal(sup2, 'boom');
      });
      norm.name(other, 'other');
      self.send(other, 'go');
      await ctx.settle();
      norm.say('exit(Sup, normal) and exit(Sup, boom) from a non-parent', tuple(rt.isAlive(sup2), await f.notes(self)));
      norm.say('  which_children', await f.kids(self, sup2));
      await f.supReports();
    }),
};
export default scenario;
