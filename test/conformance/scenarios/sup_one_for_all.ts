/** supervisor one_for_all: a child's death stops all the others (reverse start order) then restarts all (start order). */
import { GenServer, tuple } from '../../../runtime/index.ts';
import type { Scenario } from '../scenario.ts';
import { supFixture } from './sup-fixture.ts';

const scenario: Scenario = {
  name: 'sup_one_for_all',
  area: 'supervisor',
  run: (ctx) =>
    ctx.main(async (self) => {
      const { norm } = ctx;
      const f = supFixture(ctx, 'sup_one_for_all');
      f.setup(self);
      const sup = GenServer.okPid(await f.startSup(self, { strategy: 'one_for_all', intensity: 10 }, [f.worker('a'), f.worker('b'), f.worker('c')]));
      norm.name(sup, 'sup');
      await f.nameKids(self, sup, '1');
      norm.say('started', await f.notes(self));
      await f.crash(self, sup, 'b', 'crashed');
      norm.say('after b crashes', await f.notes(self));
      await f.nameKids(self, sup, '2');
      norm.say('which_children', await f.kids(self, sup));
      await f.crash(self, sup, 'a', tuple('shutdown', 'x'));
      norm.say('after a stops {shutdown,x} (permanent: still restarted)', await f.notes(self));
    }),
};
export default scenario;
