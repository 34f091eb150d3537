/**
 * Children registered under a name: restarted under the same name (the old one freed by its death); a startChild
 * whose name is taken fails with ['error', [['already_started', pid], spec]]; a supervisor whose child's name is
 * taken at start fails with failed_to_start_child.
 */
import { GenServer, Supervisor, tuple } from '../../../runtime/index.ts';
import type { Scenario } from '../scenario.ts';
import { flushAll } from './process-helpers.ts';
import { supFixture } from './sup-fixture.ts';

const scenario: Scenario = {
  name: 'sup_named_children',
  area: 'supervisor',
  run: (ctx) =>
    ctx.main(async (self) => {
      const { norm, rt } = ctx;
      const f = supFixture(ctx, 'sup_named_children');
      f.setup(self);
      // start_named(Name, Id) -> gen_server:start_link({local, Name}, ?MODULE, {worker, Id, []}, []).
      f.exported['start_named/2'] = (name: string, id: string) => GenServer.startLink(f.workerMod, tuple('worker', id, []), { name });
      const named = (id: string, name: string) => f.worker(id, { start: f.mfa('start_named', [name, id]) });
      const sup = GenServer.okPid(await f.startSup(self, { strategy: 'one_for_one', intensity: 10 }, [named('n', 'golden_n')]));
      norm.name(sup, 'sup');
      await f.nameKids(self, sup, '1');
      await f.notes(self);
      norm.say('whereis golden_n', rt.whereis('golden_n'));
      await f.crash(self, sup, 'n', 'crashed');
      await f.nameKids(self, sup, '2');
      norm.say('after a crash, restarted under the name', tuple(await f.notes(self), rt.whereis('golden_n')));
      // the error carries the child's spec second (OTP: its internal child record): shown without it
      const r = (await Supervisor.startChild(sup, named('m', 'golden_n'), self)) as readonly unknown[];
      norm.say('start_child whose name is taken: {error, {What, _}}', tuple(r[0], (r[1] as readonly unknown[])[0]));
      norm.say('  which_children ids', (await f.whichChildren(self, sup)).map((c) => c[0]));
      const p = self.spawn(async (k) => {
        await k.receive((x) => x === 'stop');
      });
      norm.name(p, 'plain');
      rt.register('golden_taken', p);
      norm.say("supervisor whose child's name is taken", await f.startSup(self, {}, [f.worker('a'), named('t', 'golden_taken')]));
      norm.say('  notes', await f.notes(self));
      self.send(p, 'stop');
      await flushAll(self);
      await f.supReports();
    }),
};
export default scenario;
