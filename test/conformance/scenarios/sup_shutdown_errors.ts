/**
 * A child that does not end with shutdown when told to: a terminate that exits with another reason or raises is
 * reported as shutdown_error with that reason (terminateChild still answers ok); a child with shutdown infinity is
 * waited for.
 */
import { GenServer, Supervisor, tuple } from '../../../runtime/index.ts';
import type { Scenario } from '../scenario.ts';
import { reason, watch } from './process-helpers.ts';
import { supFixture } from './sup-fixture.ts';

const scenario: Scenario = {
  name: 'sup_shutdown_errors',
  area: 'supervisor',
  run: (ctx) =>
    ctx.main(async (self) => {
      const { norm } = ctx;
      const f = supFixture(ctx, 'sup_shutdown_errors');
      f.setup(self);
      const specs = [
        f.worker('x', { start: f.mfa('start_worker', ['x', [tuple('terminate_does', tuple('exit', 'other'))]]) }),
        f.worker('e', { start: f.mfa('start_worker', ['e', [tuple('terminate_does', tuple('error', 'boom'))]]) }),
        f.worker('i', { start: f.mfa('start_worker', ['i', [tuple('slow_terminate', 300)]]), shutdown: 'infinity' }),
        f.worker('n', { start: f.mfa('start_worker', ['n', ['no_trap']]) }),
      ];
      const sup = GenServer.okPid(await f.startSup(self, { strategy: 'one_for_one' }, specs));
      norm.name(sup, 'sup');
      await f.nameKids(self, sup, '1');
      await f.notes(self);
      await f.supReports();
      const wx = watch(self, await f.child(self, sup, 'x'));
      norm.say('terminate_child x (terminate exits other)', await Supervisor.terminateChild(sup, 'x', self));
      norm.say('  notes', await f.notes(self));
      norm.say('  child exit', await reason(self, wx));
      norm.say('  logged', await f.supReports());
      const we = watch(self, await f.child(self, sup, 'e'));
      norm.say('terminate_child e (terminate raises)', await Supervisor.terminateChild(sup, 'e', self));
      norm.say('  notes', await f.notes(self));
      norm.say('  child exit', await reason(self, we));
      norm.say('  logged', await f.supReports());
      const wi = watch(self, await f.child(self, sup, 'i'));
      const t0 = performance.now();
      norm.say('terminate_child i (shutdown infinity, 300 ms terminate)', await Supervisor.terminateChild(sup, 'i', self));
      norm.say('  waited for it', performance.now() - t0 >= 250);
      norm.say('  notes', await f.notes(self));
      norm.say('  child exit', await reason(self, wi));
      norm.say('  logged', await f.supReports());
      norm.say('which_children', await f.kids(self, sup));
      await f.supReports();
    }),
};
export default scenario;
