/**
 * Supervisor shutdown: children stopped in reverse start order with reason shutdown; a child slower than its
 * shutdown time is killed; brutal_kill kills without terminate; a non-trapping child just dies.
 */
import { GenServer, Supervisor, tuple, type Pid, type Ref } from '../../../runtime/index.ts';
import type { Scenario } from '../scenario.ts';
import { flushAll, reason, watch } from './process-helpers.ts';
import { supFixture } from './sup-fixture.ts';

const scenario: Scenario = {
  name: 'sup_shutdown',
  area: 'supervisor',
  run: (ctx) =>
    ctx.main(async (self) => {
      const { norm } = ctx;
      const f = supFixture(ctx, 'sup_shutdown');
      f.setup(self);
      const specs = [
        f.worker('a'),
        f.worker('slow', { start: f.mfa('start_worker', ['slow', [tuple('slow_terminate', 500)]]), shutdown: 100 }),
        f.worker('brutal', { shutdown: 'brutal_kill' }),
        f.worker('notrap', { start: f.mfa('start_worker', ['notrap', ['no_trap']]) }),
        f.worker('z'),
      ];
      const sup = GenServer.okPid(await f.startSup(self, { strategy: 'one_for_one' }, specs));
      norm.name(sup, 'sup');
      await f.nameKids(self, sup, '');
      norm.say('started', await f.notes(self));
      const ws: [unknown, readonly [Pid, Ref]][] = [];
      for (const [id, p] of await f.whichChildren(self, sup)) ws.push([id, watch(self, p as Pid)]);
      const w = watch(self, sup);
      self.unlink(sup);
      self.exitSignal(sup, 'shutdown');
      norm.say('supervisor exit', await reason(self, w));
      norm.say('notes during shutdown (in order)', await f.notes(self));
      const reasons: unknown[] = [];
      for (const [id, wc] of ws) reasons.push(tuple(id, await reason(self, wc)));
      norm.say('children exit reasons', reasons);
      norm.say('logged', await f.supReports());
      const sup2 = GenServer.okPid(
        await f.startSup(self, { strategy: 'one_for_one' }, [
          f.worker('x'),
          f.worker('y', { shutdown: 100, start: f.mfa('start_worker', ['y', [tuple('slow_terminate', 500)]]) }),
        ]),
      );
      norm.name(sup2, 'sup2');
      await f.notes(self);
      await f.supReports();
      norm.say('terminate_child of a slow child (shutdown 100)', await Supervisor.terminateChild(sup2, 'y', self));
      norm.say('  notes', await f.notes(self));
      norm.say('  logged', await f.supReports());
      const w2 = watch(self, sup2);
      norm.say('supervisor:stop-like gen_server:stop(Sup)', await GenServer.stop(sup2));
      norm.say('  notes', await f.notes(self));
      norm.say('  exit', await reason(self, w2));
      await flushAll(self);
    }),
};
export default scenario;
