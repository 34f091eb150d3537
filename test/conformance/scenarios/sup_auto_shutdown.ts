/**
 * autoShutdown and significant children: with any_significant the supervisor shuts down when a significant child
 * ends without being restarted; with all_significant when the last one does; never (the default) refuses
 * significant children; a permanent child cannot be significant; a crash that is restarted does not count.
 */
import { ExitMessage, GenServer, Supervisor, tuple, type Self } from '../../../runtime/index.ts';
import type { Scenario } from '../scenario.ts';
import { flushAll, reason, watch } from './process-helpers.ts';
import { supFixture } from './sup-fixture.ts';

/** `[R || {'EXIT', _, R} <- flush_all()]`. */
async function exitReasons(self: Self): Promise<unknown[]> {
  return (await flushAll(self)).filter((m) => m instanceof ExitMessage).map((m) => (m as ExitMessage).reason);
}

const scenario: Scenario = {
  name: 'sup_auto_shutdown',
  area: 'supervisor',
  run: (ctx) =>
    ctx.main(async (self) => {
      const { norm, rt } = ctx;
      const f = supFixture(ctx, 'sup_auto_shutdown');
      f.setup(self);
      const sig = (id: string, restart: 'transient' | 'temporary' | 'permanent') => f.worker(id, { restart, significant: true });
      norm.say('significant child under auto_shutdown never', await f.startSup(self, {}, [sig('s', 'transient')]));
      norm.say('permanent significant child', await f.startSup(self, { autoShutdown: 'any_significant' }, [sig('s', 'permanent')]));
      norm.say('bad auto_shutdown', await f.startSup(self, { autoShutdown: 'sometimes' as never }, []));
      norm.say('  EXITs', await exitReasons(self));
      // any_significant
      const sup = GenServer.okPid(
        await f.startSup(self, { autoShutdown: 'any_significant', intensity: 5 }, [f.worker('a'), sig('s', 'transient'), sig('t', 'transient')]),
      );
      norm.name(sup, 'sup');
      await f.nameKids(self, sup, '1');
      await f.notes(self);
      await f.supReports();
      const w = watch(self, sup);
      await f.crash(self, sup, 's', 'crashed');
      norm.say('any_significant: s crashes (restarted)', await f.notes(self));
      norm.say('  supervisor alive', rt.isAlive(sup));
      await f.crash(self, sup, 't', 'normal');
      norm.say('any_significant: t stops normal', await f.notes(self));
      norm.say('  supervisor exit', await reason(self, w));
      norm.say('  logged', await f.supReports());
      norm.say('  EXIT to the (trapping) parent', await exitReasons(self));
      // all_significant
      const sup2 = GenServer.okPid(await f.startSup(self, { autoShutdown: 'all_significant' }, [f.worker('a'), sig('s', 'temporary'), sig('t', 'transient')]));
      norm.name(sup2, 'sup2');
      await f.nameKids(self, sup2, '2');
      await f.notes(self);
      await f.supReports();
      const w2 = watch(self, sup2);
      await f.crash(self, sup2, 's', 'normal');
      norm.say('all_significant: s (temporary) stops', await f.notes(self));
      norm.say('  supervisor alive', rt.isAlive(sup2));
      await f.crash(self, sup2, 't', tuple('shutdown', 'done'));
      norm.say('all_significant: t stops {shutdown, done}', await f.notes(self));
      norm.say('  supervisor exit', await reason(self, w2));
      norm.say('  logged', await f.supReports());
      norm.say('  EXIT to the parent', await exitReasons(self));
      // terminate_child of a significant child does not shut the supervisor down
      const sup3 = GenServer.okPid(await f.startSup(self, { autoShutdown: 'any_significant' }, [sig('s', 'transient')]));
      norm.name(sup3, 'sup3');
      await f.notes(self);
      norm.say('terminate_child of a significant child', await Supervisor.terminateChild(sup3, 's', self));
      norm.say('  supervisor alive', rt.isAlive(sup3));
      const spec = (await Supervisor.getChildspec(sup3, 's', self))[1] as Supervisor.FullChildSpec;
      norm.say('get_childspec significant', spec.significant);
      await f.notes(self);
      await f.supReports();
    }),
};
export default scenario;
