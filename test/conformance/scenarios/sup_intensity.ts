/** Restart intensity: more than MaxR restarts within MaxT seconds makes the supervisor stop its children and exit with reason shutdown; reports logged. */
import { GenServer, isExit, tuple } from '../../../runtime/index.ts';
import type { Scenario } from '../scenario.ts';
import { flushAll, reason, watch } from './process-helpers.ts';
import { supFixture } from './sup-fixture.ts';

const scenario: Scenario = {
  name: 'sup_intensity',
  area: 'supervisor',
  run: (ctx) =>
    ctx.main(async (self) => {
      const { norm, rt } = ctx;
      const f = supFixture(ctx, 'sup_intensity');
      f.setup(self);
      const sup = GenServer.okPid(await f.startSup(self, { strategy: 'one_for_one', intensity: 2, period: 5 }, [f.worker('a'), f.worker('b')]));
      norm.name(sup, 'sup');
      await f.nameKids(self, sup, '1');
      const w = watch(self, sup);
      await f.supReports();
      norm.say('started', await f.notes(self));
      await f.crash(self, sup, 'a', 'c1');
      norm.say('crash 1', await f.notes(self));
      await f.nameKids(self, sup, '2');
      await f.crash(self, sup, 'a', 'c2');
      norm.say('crash 2', await f.notes(self));
      await f.nameKids(self, sup, '3');
      norm.say('supervisor alive after 2 restarts', rt.isAlive(sup));
      await f.crash(self, sup, 'a', 'c3');
      norm.say('crash 3', await f.notes(self));
      norm.say('supervisor exit', await reason(self, w));
      norm.say('test (linked, trapping) got', (await flushAll(self)).filter(isExit));
      norm.say('logged', await f.supReports());
      // intensity 0: first crash is fatal
      const sup2 = GenServer.okPid(await f.startSup(self, { strategy: 'one_for_one', intensity: 0 }, [f.worker('z')]));
      norm.name(sup2, 'sup2');
      const w2 = watch(self, sup2);
      await f.notes(self);
      await f.crash(self, sup2, 'z', 'boom');
      norm.say('intensity 0, one crash', tuple(await f.notes(self), await reason(self, w2)));
      await flushAll(self);
      await f.supReports();
    }),
};
export default scenario;
