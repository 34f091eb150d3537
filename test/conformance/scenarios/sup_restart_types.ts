/**
 * Restart types under one_for_one: permanent restarts after any exit (normal, shutdown, {shutdown, _}, crash,
 * killed); transient only after an abnormal one (its spec stays with pid undefined otherwise); temporary never
 * (its spec disappears); the reports logged for each.
 */
import { GenServer, Supervisor, tuple, type Pid } from '../../../runtime/index.ts';
import type { Scenario } from '../scenario.ts';
import { awaitExit } from './process-helpers.ts';
import { supFixture } from './sup-fixture.ts';

const scenario: Scenario = {
  name: 'sup_restart_types',
  area: 'supervisor',
  run: (ctx) =>
    ctx.main(async (self) => {
      const { norm } = ctx;
      const f = supFixture(ctx, 'sup_restart_types');
      f.setup(self);
      const specs = () => [f.worker('p', { restart: 'permanent' }), f.worker('t', { restart: 'transient' }), f.worker('m', { restart: 'temporary' })];
      const running = async (sup: Pid) => (await f.whichChildren(self, sup)).map(([id, p]) => tuple(id, typeof p === 'object'));
      for (const r of ['normal', 'shutdown', tuple('shutdown', 'x'), 'crashed']) {
        const sup = GenServer.okPid(await f.startSup(self, { strategy: 'one_for_one', intensity: 100 }, specs()));
        await f.notes(self);
        await f.supReports();
        for (const id of ['p', 't', 'm']) await f.crash(self, sup, id, r);
        const label = norm.fmt(r);
        norm.say(`${label}: notes`, await f.notes(self));
        norm.say(`${label}: which_children`, await running(sup));
        norm.say(`${label}: count_children`, await f.countChildren(self, sup));
        norm.say(`${label}: logged`, await f.supReports());
        self.unlink(sup);
        self.exitSignal(sup, 'shutdown');
        await awaitExit(self, sup);
        await f.notes(self);
        await f.supReports();
      }
      // killed (exit(P, kill)): like a crash
      const sup2 = GenServer.okPid(await f.startSup(self, { strategy: 'one_for_one', intensity: 100 }, specs()));
      await f.notes(self);
      await f.supReports();
      for (const id of ['p', 't', 'm']) {
        self.exitSignal(await f.child(self, sup2, id), 'kill');
        await ctx.settle();
      }
      norm.say('killed: notes', await f.notes(self));
      norm.say('killed: which_children', await running(sup2));
      norm.say('killed: logged', await f.supReports());
      // a transient child stopped normal can be restarted by hand; a temporary one is gone
      const sup3 = GenServer.okPid(await f.startSup(self, { strategy: 'one_for_one' }, [f.worker('t', { restart: 'transient' }), f.worker('m', { restart: 'temporary' })]));
      await f.notes(self);
      await f.crash(self, sup3, 't', 'normal');
      await f.crash(self, sup3, 'm', 'normal');
      await f.notes(self);
      norm.say('restart_child transient after normal', ((await Supervisor.restartChild(sup3, 't', self)) as readonly unknown[])[0]);
      norm.say('  notes', await f.notes(self));
      norm.say('restart_child temporary after normal', await Supervisor.restartChild(sup3, 'm', self));
      const started = ((await Supervisor.startChild(sup3, f.worker('m2', { restart: 'temporary' }), self)) as unknown) !== 'error';
      norm.say(
        'terminate_child temporary: spec gone',
        tuple(started, await Supervisor.terminateChild(sup3, 'm2', self), await Supervisor.getChildspec(sup3, 'm2', self)),
      );
      await f.notes(self);
      await f.supReports();
    }),
};
export default scenario;
