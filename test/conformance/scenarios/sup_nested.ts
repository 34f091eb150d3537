/**
 * Nested supervisors: an inner supervisor (type supervisor, shutdown infinity) that exceeds its restart intensity
 * stops its children and exits shutdown, and the outer one restarts it with fresh children; the outer's shutdown
 * stops the children in reverse order, waiting for the inner one to stop its own.
 */
import { GenServer, Supervisor, tuple, type Pid } from '../../../runtime/index.ts';
import type { Scenario } from '../scenario.ts';
import { reason, watch } from './process-helpers.ts';
import { supFixture } from './sup-fixture.ts';

const MODULE = 'sup_nested';

const scenario: Scenario = {
  name: 'sup_nested',
  area: 'supervisor',
  run: (ctx) =>
    ctx.main(async (self) => {
      const { norm } = ctx;
      const f = supFixture(ctx, MODULE);
      f.setup(self);
      // start_inner() -> supervisor:start_link(?MODULE, {sup, #{...intensity => 1, period => 5}, [worker(x), worker(y)]})
      f.exported['start_inner/0'] = () =>
        Supervisor.startLink(f.supMod, tuple('sup', { strategy: 'one_for_one', intensity: 1, period: 5 }, [f.worker('x'), f.worker('y')]));
      const innerSpec: Supervisor.ChildSpec = { id: 'inner', start: f.mfa('start_inner', []), type: 'supervisor', modules: [MODULE] };
      const outer = GenServer.okPid(await f.startSup(self, { strategy: 'one_for_one', intensity: 5 }, [innerSpec, f.worker('w')]));
      norm.name(outer, 'outer');
      const inner = await f.child(self, outer, 'inner');
      norm.name(inner, 'inner1');
      await f.nameKids(self, inner, '1');
      await f.nameKids(self, outer, '1');
      norm.say('started', await f.notes(self));
      norm.say('outer which_children', await f.whichChildren(self, outer));
      norm.say('outer count_children', await f.countChildren(self, outer));
      norm.say('inner which_children', await f.kids(self, inner));
      const spec = await Supervisor.getChildspec(outer, 'inner', self);
      norm.say('inner get_childspec in outer', spec[0]);
      const full = spec[1] as Supervisor.FullChildSpec;
      norm.say('  shutdown and type', { shutdown: full.shutdown, type: full.type });
      await f.supReports();
      await f.crash(self, inner, 'x', 'c1');
      norm.say('x crashes once (the inner supervisor restarts it)', await f.notes(self));
      await f.crash(self, inner, 'x', 'c2');
      norm.say('x crashes again (inner intensity 1 exceeded)', await f.notes(self));
      const inner2 = await f.child(self, outer, 'inner');
      norm.name(inner2, 'inner2');
      await f.nameKids(self, inner2, '2');
      norm.say('outer which_children', await f.kids(self, outer));
      norm.say('new inner which_children', await f.kids(self, inner2));
      norm.say('logged', await f.supReports());
      const w = watch(self, outer);
      const wi = watch(self, inner2 as Pid);
      self.unlink(outer);
      self.exitSignal(outer, 'shutdown');
      norm.say('outer exit', await reason(self, w));
      norm.say('inner exit', await reason(self, wi));
      norm.say('shutdown order', await f.notes(self));
      norm.say('logged', await f.supReports());
    }),
};
export default scenario;
