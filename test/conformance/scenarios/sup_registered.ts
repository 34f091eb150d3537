/**
 * A supervisor started under a name: reachable by name for every API call; a second start under the name gives
 * ['error', ['already_started', pid]]; its children's ancestors start with the name; stopping it frees the name.
 */
import { GenServer, Supervisor, tuple, type Pid } from '../../../runtime/index.ts';
import { tryOf } from '../norm.ts';
import type { Scenario } from '../scenario.ts';
import { reason, watch } from './process-helpers.ts';
import { supFixture } from './sup-fixture.ts';

const scenario: Scenario = {
  name: 'sup_registered',
  area: 'supervisor',
  run: (ctx) =>
    ctx.main(async (self) => {
      const { norm, rt } = ctx;
      const f = supFixture(ctx, 'sup_registered');
      f.setup(self);
      const name = 'golden_sup';
      const sup = GenServer.okPid(await Supervisor.startLink(f.supMod, tuple('sup', {}, [f.worker('a')]), { name, caller: self }));
      norm.name(sup, 'sup');
      await f.nameKids(self, sup, '1');
      await f.notes(self);
      norm.say('whereis', rt.whereis(name));
      norm.say('start again under the name', await Supervisor.startLink(f.supMod, tuple('sup', {}, []), { name, caller: self }));
      norm.say('which_children by name', (await Supervisor.whichChildren(name, self)).map((c) => tuple(c.id, c.pid)));
      norm.say('count_children by name', await f.countChildren(self, name as unknown as Pid));
      const b = (await Supervisor.startChild(name, f.worker('b'), self))[1] as Pid;
      norm.name(b, 'b1');
      norm.say('start_child by name', await f.notes(self));
      norm.say("child's $ancestors", rt.processInfo(b)?.ancestors);
      norm.say('terminate_child by name', await Supervisor.terminateChild(name, 'b', self));
      norm.say('  notes', await f.notes(self));
      self.unlink(sup);
      const w = watch(self, sup);
      norm.say('stop by name', await GenServer.stop(name));
      norm.say('  exit', await reason(self, w));
      norm.say('  notes', await f.notes(self));
      norm.say('  whereis', rt.whereis(name));
      norm.say('which_children of the stopped name', await tryOf(() => Supervisor.whichChildren(name, self)));
      await f.supReports();
    }),
};
export default scenario;
