/**
 * What a supervisor does with what it does not expect: a plain message is logged as an error and ignored; an EXIT
 * from a process that is not its child is ignored silently; an unknown cast or call is a function_clause that ends it.
 */
import { GenServer } from '../../../runtime/index.ts';
import { tryOf } from '../norm.ts';
import type { Scenario } from '../scenario.ts';
import { flushAll, reason, watch } from './process-helpers.ts';
import { supFixture } from './sup-fixture.ts';

const scenario: Scenario = {
  name: 'sup_unexpected',
  area: 'supervisor',
  run: (ctx) =>
    ctx.main(async (self) => {
      const { norm, rt } = ctx;
      const f = supFixture(ctx, 'sup_unexpected');
      f.setup(self);
      const levels = async (): Promise<string[]> => {
        await ctx.settle();
        return ctx.takeLogs().map((e) => e.level);
      };
      const sup = GenServer.okPid(await f.startSup(self, {}, [f.worker('a')]));
      norm.name(sup, 'sup');
      await f.notes(self);
      await f.supReports();
      self.send(sup, 'hello');
      await ctx.settle();
      norm.say('a plain message: alive', rt.isAlive(sup));
      norm.say('  logged (levels)', await levels());
      const other = self.spawn(async (k) => {
        await k.receive((x) => x === 'go');
        k.exitSignal(sup, 'boom');
      });
      norm.name(other, 'other');
      self.send(other, 'go');
      await ctx.settle();
      norm.say('an EXIT from a non-child: alive', rt.isAlive(sup));
      norm.say('  logged (levels)', await levels());
      const w = watch(self, sup);
      GenServer.cast(sup, 'what' as never, self);
      norm.say('an unknown cast: supervisor exit', await reason(self, w));
      norm.say('  children', await f.notes(self));
      await f.supReports();
      await flushAll(self);
      const sup2 = GenServer.okPid(await f.startSup(self, {}, [f.worker('b')]));
      norm.name(sup2, 'sup2');
      await f.notes(self);
      await f.supReports();
      const w2 = watch(self, sup2);
      norm.say('an unknown call', await tryOf(() => GenServer.call(sup2, 'what' as never, { caller: self })));
      norm.say('  supervisor exit', await reason(self, w2));
      norm.say('  children', await f.notes(self));
      await f.supReports();
      await flushAll(self);
    }),
};
export default scenario;
