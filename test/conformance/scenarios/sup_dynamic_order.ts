/**
 * Children added with startChild go after the others: whichChildren lists them first, one_for_all stops them first
 * and starts them last; a child deleted and added again moves to the end; restartChild of a terminated child keeps
 * its place.
 */
import { GenServer, Supervisor, type Pid } from '../../../runtime/index.ts';
import type { Scenario } from '../scenario.ts';
import { supFixture } from './sup-fixture.ts';

const scenario: Scenario = {
  name: 'sup_dynamic_order',
  area: 'supervisor',
  run: (ctx) =>
    ctx.main(async (self) => {
      const { norm } = ctx;
      const f = supFixture(ctx, 'sup_dynamic_order');
      f.setup(self);
      const ids = async (sup: Pid) => (await f.whichChildren(self, sup)).map((c) => c[0]);
      const sup = GenServer.okPid(await f.startSup(self, { strategy: 'one_for_all', intensity: 10 }, [f.worker('a'), f.worker('b')]));
      norm.name(sup, 'sup');
      await Supervisor.startChild(sup, f.worker('c'), self);
      await f.notes(self);
      norm.say('which_children ids', await ids(sup));
      await f.crash(self, sup, 'a', 'crashed');
      norm.say('a crashes (one_for_all)', await f.notes(self));
      await Supervisor.terminateChild(sup, 'b', self);
      await Supervisor.deleteChild(sup, 'b', self);
      await Supervisor.startChild(sup, f.worker('b'), self);
      await f.notes(self);
      norm.say('b deleted and added again: which_children ids', await ids(sup));
      await f.crash(self, sup, 'a', 'crashed');
      norm.say('a crashes', await f.notes(self));
      await Supervisor.terminateChild(sup, 'c', self);
      await Supervisor.restartChild(sup, 'c', self);
      await f.notes(self);
      norm.say('c terminated and restarted: which_children ids', await ids(sup));
      await f.crash(self, sup, 'a', 'crashed');
      norm.say('a crashes', await f.notes(self));
      await f.supReports();
    }),
};
export default scenario;
