/**
 * Restart intensity is counted over the last Period seconds, across all children: restarts older than the
 * period no longer count (here 2.1 s later with period 1), restarts of different children add up.
 */
import { GenServer } from '../../../runtime/index.ts';
import type { Scenario } from '../scenario.ts';
import { flushAll, reason, watch } from './process-helpers.ts';
import { supFixture } from './sup-fixture.ts';

const scenario: Scenario = {
  name: 'sup_intensity_period',
  area: 'supervisor',
  run: (ctx) =>
    ctx.main(async (self) => {
      const { norm, rt, sleep } = ctx;
      const f = supFixture(ctx, 'sup_intensity_period');
      f.setup(self);
      const sup = GenServer.okPid(await f.startSup(self, { strategy: 'one_for_one', intensity: 1, period: 1 }, [f.worker('a')]));
      norm.name(sup, 'sup');
      const w = watch(self, sup);
      await f.notes(self);
      await f.supReports();
      await f.crash(self, sup, 'a', 'c1');
      norm.say('crash 1', await f.notes(self));
      await sleep(2100);
      await f.crash(self, sup, 'a', 'c2');
      norm.say('crash 2, 2.1 s later: the first restart no longer counts', await f.notes(self));
      norm.say('  supervisor alive', rt.isAlive(sup));
      await f.crash(self, sup, 'a', 'c3');
      norm.say('crash 3 at once: two restarts within the period', await f.notes(self));
      norm.say('  supervisor exit', await reason(self, w));
      norm.say('  logged', await f.supReports());
      // restarts of different children add up
      const sup2 = GenServer.okPid(await f.startSup(self, { strategy: 'one_for_one', intensity: 2, period: 5 }, [f.worker('x'), f.worker('y')]));
      norm.name(sup2, 'sup2');
      const w2 = watch(self, sup2);
      await f.notes(self);
      await f.supReports();
      await f.crash(self, sup2, 'x', 'c1');
      await f.crash(self, sup2, 'y', 'c2');
      norm.say('x and y crash once each', await f.notes(self));
      norm.say('  supervisor alive', rt.isAlive(sup2));
      await f.crash(self, sup2, 'x', 'c3');
      norm.say('x crashes again: the third restart', await f.notes(self));
      norm.say('  supervisor exit', await reason(self, w2));
      norm.say('  logged', await f.supReports());
      await flushAll(self);
    }),
};
export default scenario;
