/**
 * supervisor rest_for_one: a child's death stops the children started after it (reverse order), then restarts
 * it and them (start order); earlier children keep their pids; the last child dying restarts only itself;
 * a temporary child in the rest is stopped and not restarted.
 */
import { GenServer, Supervisor, type Pid } from '../../../runtime/index.ts';
import type { Scenario } from '../scenario.ts';
import { supFixture } from './sup-fixture.ts';

const scenario: Scenario = {
  name: 'sup_rest_for_one',
  area: 'supervisor',
  run: (ctx) =>
    ctx.main(async (self) => {
      const { norm } = ctx;
      const f = supFixture(ctx, 'sup_rest_for_one');
      f.setup(self);
      const sup = GenServer.okPid(
        await f.startSup(self, { strategy: 'rest_for_one', intensity: 10 }, [f.worker('a'), f.worker('b'), f.worker('c'), f.worker('d')]),
      );
      norm.name(sup, 'sup');
      await f.nameKids(self, sup, '1');
      norm.say('started', await f.notes(self));
      await f.supReports();
      await f.crash(self, sup, 'b', 'crashed');
      norm.say('after b crashes', await f.notes(self));
      await f.nameKids(self, sup, '2');
      norm.say('which_children', await f.kids(self, sup));
      await f.crash(self, sup, 'd', 'crashed');
      norm.say('after d (last) crashes', await f.notes(self));
      await f.nameKids(self, sup, '3');
      norm.say('which_children', await f.kids(self, sup));
      self.exitSignal(await f.child(self, sup, 'a'), 'kill');
      await ctx.settle();
      norm.say('after a (first) is killed', await f.notes(self));
      await f.nameKids(self, sup, '4');
      norm.say('which_children', await f.kids(self, sup));
      norm.say('logged', await f.supReports());
      // a transient child stopping normal is not restarted, and the rest is left alone
      const t = await Supervisor.startChild(sup, f.worker('t', { restart: 'transient' }), self);
      norm.name(t[1] as Pid, 't1');
      await f.notes(self);
      const u = await Supervisor.startChild(sup, f.worker('u'), self);
      norm.name(u[1] as Pid, 'u1');
      await f.notes(self);
      await f.crash(self, sup, 't', 'normal');
      norm.say('transient t stops normal', await f.notes(self));
      norm.say('which_children', await f.kids(self, sup));
      // a temporary child after the dead one is stopped and not started again
      const x = await Supervisor.startChild(sup, f.worker('x', { restart: 'temporary' }), self);
      norm.name(x[1] as Pid, 'x1');
      await f.notes(self);
      await f.crash(self, sup, 'u', 'crashed');
      norm.say('after u crashes (x temporary, after u)', await f.notes(self));
      await f.nameKids(self, sup, '2');
      norm.say('which_children', await f.kids(self, sup));
      // a terminated (pid undefined) transient child after the dead one is started again with the rest
      await f.crash(self, sup, 'd', 'crashed');
      norm.say('after d crashes (t, stopped earlier, comes after d)', await f.notes(self));
      await f.nameKids(self, sup, '5');
      norm.say('which_children', await f.kids(self, sup));
      await f.supReports();
    }),
};
export default scenario;
