/** supervisor one_for_one: only the dead child is restarted; others keep their pids. */
import { GenServer } from '../../../runtime/index.ts';
import type { Scenario } from '../scenario.ts';
import { supFixture } from './sup-fixture.ts';

const scenario: Scenario = {
  name: 'sup_one_for_one',
  area: 'supervisor',
  run: (ctx) =>
    ctx.main(async (self) => {
      const { norm } = ctx;
      const f = supFixture(ctx, 'sup_one_for_one');
      f.setup(self);
      const sup = GenServer.okPid(await f.startSup(self, { strategy: 'one_for_one', intensity: 10 }, [f.worker('a'), f.worker('b'), f.worker('c')]));
      norm.name(sup, 'sup');
      await f.nameKids(self, sup, '1');
      norm.say('started', await f.notes(self));
      norm.say('which_children', await f.kids(self, sup));
      await f.crash(self, sup, 'b', 'crashed');
      norm.say('after b crashes', await f.notes(self));
      await f.nameKids(self, sup, '2');
      norm.say('which_children', await f.kids(self, sup));
      self.exitSignal(await f.child(self, sup, 'c'), 'kill');
      await ctx.settle();
      norm.say('after c is killed', await f.notes(self));
      norm.say('logged', await f.supReports());
    }),
};
export default scenario;
