/**
 * simple_one_for_one: one template spec, start_child(Sup, ExtraArgs) appends args; ids are undefined;
 * terminate_child by pid; restart/delete refused; count_children.
 */
import { GenServer, Supervisor, tuple, type Pid } from '../../../runtime/index.ts';
import type { Scenario } from '../scenario.ts';
import { reason, watch } from './process-helpers.ts';
import { supFixture } from './sup-fixture.ts';

const scenario: Scenario = {
  name: 'sup_simple_one_for_one',
  area: 'supervisor',
  run: (ctx) =>
    ctx.main(async (self) => {
      const { norm } = ctx;
      const f = supFixture(ctx, 'sup_simple_one_for_one');
      f.setup(self);
      /** `say(Label, lists:sort(norm(Terms)))`: these terms sort as their printed texts do. */
      const saySorted = (label: string, terms: readonly unknown[]): void =>
        norm.line(`${label}: [${terms.map((t) => norm.fmt(t)).sort().join(',')}]`);
      const sup = GenServer.okPid(
        await f.startSup(self, { strategy: 'simple_one_for_one', intensity: 10 }, [
          { id: 'tmpl', start: f.mfa('start_worker', []), restart: 'transient', modules: ['sup_simple_one_for_one'] },
        ]),
      );
      norm.name(sup, 'sup');
      norm.say('no children at start', tuple(await f.whichChildren(self, sup), await f.notes(self)));
      const a = (await Supervisor.startChild(sup, ['a'], self))[1] as Pid;
      norm.name(a, 'a1');
      const b = (await Supervisor.startChild(sup, ['b', []], self))[1] as Pid;
      norm.name(b, 'b1');
      norm.say('started with extra args', await f.notes(self));
      norm.say('which_children', await f.whichChildren(self, sup));
      norm.say('count_children', await f.countChildren(self, sup));
      norm.say('start_child with a bad arity', await Supervisor.startChild(sup, ['x', 'y', 'z'], self));
      GenServer.cast(a, tuple('stop', 'crashed'), self);
      await ctx.settle();
      norm.say('transient child crashes', await f.notes(self));
      for (const [, p] of await f.whichChildren(self, sup)) if (p !== b) norm.name(p as Pid, 'a2');
      saySorted('which_children (sorted here: OTP gives no order)', await f.whichChildren(self, sup));
      GenServer.cast(b, tuple('stop', 'normal'), self);
      await ctx.settle();
      norm.say('transient child stops normal', await f.notes(self));
      norm.say('which_children', await f.whichChildren(self, sup));
      const [a2] = (await f.whichChildren(self, sup)).map((c) => c[1] as Pid);
      norm.say('terminate_child by pid', await Supervisor.terminateChild(sup, a2, self));
      norm.say('  notes', await f.notes(self));
      norm.say('terminate_child unknown pid', await Supervisor.terminateChild(sup, self.pid, self));
      norm.say('terminate_child by id', await Supervisor.terminateChild(sup, 'tmpl', self));
      norm.say('restart_child', await Supervisor.restartChild(sup, 'tmpl', self));
      norm.say('delete_child', await Supervisor.deleteChild(sup, 'tmpl', self));
      norm.say('get_childspec', await Supervisor.getChildspec(sup, 'tmpl', self));
      const c = (await Supervisor.startChild(sup, ['c'], self))[1] as Pid;
      norm.name(c, 'c1');
      const d = (await Supervisor.startChild(sup, ['d', [tuple('init', 'ignore')]], self))[1];
      norm.say('child init returns ignore', d);
      const e = (await Supervisor.startChild(sup, ['e', [tuple('init', tuple('ok', tuple('e', [])))]], self))[1] as Pid;
      norm.name(e, 'e1');
      norm.say('child init {stop,R}', await Supervisor.startChild(sup, ['f', [tuple('init', tuple('stop', 'nope'))]], self));
      norm.say('notes', await f.notes(self));
      const w = watch(self, sup);
      self.exitSignal(sup, 'shutdown');
      norm.say('supervisor exit', await reason(self, w));
      saySorted('children terminated (order not guaranteed)', await f.notes(self));
    }),
};
export default scenario;
