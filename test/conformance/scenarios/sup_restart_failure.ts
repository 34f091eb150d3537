/**
 * A child that fails to restart: each failed attempt is logged as start_error and counts as a restart; the
 * supervisor keeps trying until the child starts (the others untouched), or gives up at its intensity and shuts down.
 */
import { GenServer } from '../../../runtime/index.ts';
import type { Scenario } from '../scenario.ts';
import { flushAll, reason, watch } from './process-helpers.ts';
import { supFixture } from './sup-fixture.ts';

const scenario: Scenario = {
  name: 'sup_restart_failure',
  area: 'supervisor',
  run: (ctx) =>
    ctx.main(async (self) => {
      const { norm } = ctx;
      // the escript's public ETS table golden_ctl: {Id, N} makes the next N inits of Id fail
      const ctl = new Map<string, number>();
      const failing = (id: string): boolean => {
        const n = ctl.get(id) ?? 0;
        if (n > 0) ctl.set(id, n - 1);
        return n > 0;
      };
      const f = supFixture(ctx, 'sup_restart_failure', { failing });
      f.setup(self);
      /** `say_logged()`: the supervisor's reports, then the crash reports (logged by two processes: no order between them). */
      const sayLogged = async (): Promise<void> => {
        const rs = (await f.supReports()) as (readonly unknown[])[];
        norm.say('logged: supervisor reports', rs.filter((r) => r.length !== 2));
        norm.say('logged: crash reports', rs.filter((r) => r.length === 2));
      };
      const sup = GenServer.okPid(await f.startSup(self, { strategy: 'one_for_one', intensity: 5, period: 10 }, [f.worker('a'), f.worker('f')]));
      norm.name(sup, 'sup');
      await f.nameKids(self, sup, '1');
      await f.notes(self);
      await f.supReports();
      ctl.set('f', 2);
      await f.crash(self, sup, 'f', 'crashed');
      norm.say('f crashes, its next two inits fail', await f.notes(self));
      await f.nameKids(self, sup, '2');
      norm.say('which_children', await f.kids(self, sup));
      await sayLogged();
      const w = watch(self, sup);
      ctl.set('f', 100);
      await f.crash(self, sup, 'f', 'crashed');
      norm.say('f crashes, every init fails', await f.notes(self));
      norm.say('supervisor exit', await reason(self, w));
      await sayLogged();
      await flushAll(self);
    }),
};
export default scenario;
