/**
 * Supervisor API results: which_children, count_children, terminate_child, restart_child, delete_child,
 * start_child (dup id, running, present), get_childspec, check_childspecs.
 */
import { GenServer, Supervisor, tuple, type Pid } from '../../../runtime/index.ts';
import type { Scenario } from '../scenario.ts';
import { supFixture } from './sup-fixture.ts';

const scenario: Scenario = {
  name: 'sup_child_api',
  area: 'supervisor',
  run: (ctx) =>
    ctx.main(async (self) => {
      const { norm } = ctx;
      const f = supFixture(ctx, 'sup_child_api');
      f.setup(self);
      const nested: Supervisor.ChildSpec = {
        id: 's',
        start: () => Supervisor.startLink(f.supMod, tuple('sup', {}, [])),
        type: 'supervisor',
        modules: ['supervisor'],
      };
      const sup = GenServer.okPid(await f.startSup(self, { strategy: 'one_for_one', intensity: 10 }, [f.worker('a'), nested]));
      norm.name(sup, 'sup');
      await f.nameKids(self, sup, '1');
      await f.notes(self);
      norm.say('which_children', await f.whichChildren(self, sup));
      norm.say('count_children', await f.countChildren(self, sup));
      norm.say('terminate_child a', await Supervisor.terminateChild(sup, 'a', self));
      norm.say('  notes', await f.notes(self));
      norm.say('terminate_child a again', await Supervisor.terminateChild(sup, 'a', self));
      norm.say('terminate_child unknown', await Supervisor.terminateChild(sup, 'nope', self));
      norm.say('which_children after terminate', await f.whichChildren(self, sup));
      norm.say('count_children', await f.countChildren(self, sup));
      norm.say('start_child with existing id (terminated)', await Supervisor.startChild(sup, f.worker('a'), self));
      const r = await Supervisor.restartChild(sup, 'a', self);
      norm.name((r as readonly unknown[])[1] as Pid, 'a2');
      norm.say('restart_child a', r);
      norm.say('  notes', await f.notes(self));
      norm.say('restart_child a (running)', await Supervisor.restartChild(sup, 'a', self));
      norm.say('restart_child unknown', await Supervisor.restartChild(sup, 'nope', self));
      norm.say('delete_child a (running)', await Supervisor.deleteChild(sup, 'a', self));
      norm.say('delete_child unknown', await Supervisor.deleteChild(sup, 'nope', self));
      norm.say('start_child with existing id (running)', await Supervisor.startChild(sup, f.worker('a'), self));
      const b = await Supervisor.startChild(sup, f.worker('b'), self);
      norm.name(b[1] as Pid, 'b1');
      norm.say('start_child b', b);
      norm.say('  notes', await f.notes(self));
      const tupleSpec = tuple('c', f.mfa('start_worker', ['c']), 'temporary', 1000, 'worker', ['sup_child_api']);
      norm.say('start_child tuple spec', await Supervisor.startChild(sup, tupleSpec, self));
      await f.nameKids(self, sup, '1');
      norm.say('  notes', await f.notes(self));
      norm.say(
        'start_child whose init fails',
        await Supervisor.startChild(sup, f.worker('d', { start: f.mfa('start_worker', ['d', [tuple('init', tuple('stop', 'nope'))]]) }), self),
      );
      norm.say('  which_children has d?', (await f.whichChildren(self, sup)).some((c) => c[0] === 'd'));
      norm.say(
        'start_child whose init returns ignore',
        await Supervisor.startChild(sup, f.worker('e', { start: f.mfa('start_worker', ['e', [tuple('init', 'ignore')]]) }), self),
      );
      norm.say('  which_children entry for e', (await f.whichChildren(self, sup)).find((c) => c[0] === 'e') ?? false);
      norm.say('start_child bad spec', await Supervisor.startChild(sup, { id: 'f', start: 'not_mfa' } as unknown as Supervisor.ChildSpec, self));
      await Supervisor.terminateChild(sup, 'b', self);
      await f.notes(self);
      norm.say('delete_child b (terminated)', await Supervisor.deleteChild(sup, 'b', self));
      norm.say('which_children ids', (await f.whichChildren(self, sup)).map((c) => c[0]));
      norm.say('get_childspec a', await Supervisor.getChildspec(sup, 'a', self));
      norm.say('get_childspec unknown', await Supervisor.getChildspec(sup, 'nope', self));
      norm.say('check_childspecs ok', Supervisor.checkChildspecs([f.worker('x')]));
      norm.say('check_childspecs bad start', Supervisor.checkChildspecs([{ id: 'x', start: 'bad' }]));
      norm.say('check_childspecs bad restart', Supervisor.checkChildspecs([f.worker('x', { restart: 'sometimes' as never })]));
      norm.say('check_childspecs bad shutdown', Supervisor.checkChildspecs([f.worker('x', { shutdown: -1 })]));
      norm.say('check_childspecs bad type', Supervisor.checkChildspecs([f.worker('x', { type: 'boss' as never })]));
      norm.say('check_childspecs duplicate ids', Supervisor.checkChildspecs([f.worker('x'), f.worker('x')]));
      norm.say('check_childspecs missing id', Supervisor.checkChildspecs([{ start: f.mfa('f', []) }]));
      norm.say('count_children', await f.countChildren(self, sup));
    }),
};
export default scenario;
