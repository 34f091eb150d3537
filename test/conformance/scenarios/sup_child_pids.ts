/**
 * Children named by pid: a static supervisor knows its children only by id (terminateChild, restartChild,
 * deleteChild, getChildspec with a pid: not_found); simple_one_for_one takes pids for terminateChild and
 * getChildspec (the template) and refuses restartChild/deleteChild.
 */
import { GenServer, Supervisor, type Pid } from '../../../runtime/index.ts';
import type { Scenario } from '../scenario.ts';
import { supFixture } from './sup-fixture.ts';

const scenario: Scenario = {
  name: 'sup_child_pids',
  area: 'supervisor',
  run: (ctx) =>
    ctx.main(async (self) => {
      const { norm } = ctx;
      const f = supFixture(ctx, 'sup_child_pids');
      f.setup(self);
      const sup = GenServer.okPid(await f.startSup(self, { strategy: 'one_for_one' }, [f.worker('a')]));
      norm.name(sup, 'sup');
      await f.nameKids(self, sup, '1');
      await f.notes(self);
      const a = await f.child(self, sup, 'a');
      // the TypeScript API takes ids as strings; a pid where an id belongs is what the escript passes
      const asId = (p: Pid): string => p as unknown as string;
      norm.say('static: terminate_child by pid', await Supervisor.terminateChild(sup, a, self));
      norm.say('  notes', await f.notes(self));
      norm.say('static: restart_child by pid', await Supervisor.restartChild(sup, asId(a), self));
      norm.say('static: delete_child by pid', await Supervisor.deleteChild(sup, asId(a), self));
      norm.say('static: get_childspec by pid', await Supervisor.getChildspec(sup, a, self));
      norm.say('  which_children', await f.kids(self, sup));
      const dyn = GenServer.okPid(
        await f.startSup(self, { strategy: 'simple_one_for_one' }, [{ id: 'tmpl', start: f.mfa('start_worker', []), modules: ['sup_child_pids'] }]),
      );
      norm.name(dyn, 'dyn');
      const d = (await Supervisor.startChild(dyn, ['d'], self))[1] as Pid;
      norm.name(d, 'd1');
      await f.notes(self);
      const spec = await Supervisor.getChildspec(dyn, d, self);
      norm.say('simple: get_childspec by pid (the template)', spec[0]);
      norm.say('  its id', (spec[1] as Supervisor.FullChildSpec).id);
      norm.say('simple: get_childspec by an unknown pid', await Supervisor.getChildspec(dyn, self.pid, self));
      norm.say('simple: restart_child by pid', await Supervisor.restartChild(dyn, asId(d), self));
      norm.say('simple: delete_child by pid', await Supervisor.deleteChild(dyn, asId(d), self));
      norm.say('simple: terminate_child by pid', await Supervisor.terminateChild(dyn, d, self));
      norm.say('  notes', await f.notes(self));
      norm.say('simple: terminate_child by the same pid again', await Supervisor.terminateChild(dyn, d, self));
      await f.supReports();
    }),
};
export default scenario;
