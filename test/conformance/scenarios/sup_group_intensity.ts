/**
 * A group restart (one_for_all, rest_for_one) counts as one restart toward the intensity, however many children it
 * stops and starts; the siblings it stops are not reported; the next crash over the intensity shuts the supervisor down.
 */
import { GenServer } from '../../../runtime/index.ts';
import type { Scenario } from '../scenario.ts';
import { flushAll, reason, watch } from './process-helpers.ts';
import { supFixture } from './sup-fixture.ts';

const scenario: Scenario = {
  name: 'sup_group_intensity',
  area: 'supervisor',
  run: (ctx) =>
    ctx.main(async (self) => {
      const { norm, rt } = ctx;
      const f = supFixture(ctx, 'sup_group_intensity');
      f.setup(self);
      for (const strategy of ['one_for_all', 'rest_for_one'] as const) {
        const sup = GenServer.okPid(await f.startSup(self, { strategy, intensity: 1, period: 10 }, [f.worker('a'), f.worker('b'), f.worker('c')]));
        await f.notes(self);
        await f.supReports();
        const w = watch(self, sup);
        await f.crash(self, sup, 'a', 'crashed');
        norm.say(`${strategy}: a crashes`, await f.notes(self));
        norm.say(`${strategy}: alive after one group restart`, rt.isAlive(sup));
        norm.say(`${strategy}: logged`, await f.supReports());
        await f.crash(self, sup, 'b', 'crashed');
        norm.say(`${strategy}: b crashes (second restart)`, await f.notes(self));
        norm.say(`${strategy}: supervisor exit`, await reason(self, w));
        norm.say(`${strategy}: logged`, await f.supReports());
        await flushAll(self);
      }
    }),
};
export default scenario;
