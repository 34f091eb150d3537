/**
 * Between a failed restart and its retry the child is listed as restarting: a whichChildren call that reaches the
 * supervisor before its own try_again_restart cast sees {Id, restarting, ...}, and countChildren does not count it
 * active; the retry then starts it.
 */
import { GenServer, Supervisor, sys, tuple } from '../../../runtime/index.ts';
import type { Scenario } from '../scenario.ts';
import { supFixture } from './sup-fixture.ts';

const scenario: Scenario = {
  name: 'sup_restarting_state',
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
      const f = supFixture(ctx, 'sup_restarting_state', { failing });
      f.setup(self);
      const got = async (tag: string): Promise<unknown> => {
        const m = await self.receive((x) => Array.isArray(x) && x[0] === tag, 1000);
        return typeof m === 'symbol' ? 'none' : (m as readonly unknown[])[1];
      };
      const sup = GenServer.okPid(await f.startSup(self, { strategy: 'one_for_one', intensity: 5 }, [f.worker('a'), f.worker('f')]));
      norm.name(sup, 'sup');
      await f.nameKids(self, sup, '1');
      await f.notes(self);
      await f.supReports();
      const fPid = await f.child(self, sup, 'f');
      ctl.set('f', 1);
      await sys.suspend(sup);
      GenServer.cast(fPid, tuple('stop', 'crashed'), self);
      await ctx.settle();
      const me = self.pid;
      self.spawn(async (k) => {
        const wc = await Supervisor.whichChildren(sup, k);
        k.send(me, tuple('which', wc.map((c) => tuple(c.id, c.pid))));
      });
      await ctx.settle();
      self.spawn(async (k) => {
        const cc = await f.countChildren(k, sup);
        k.send(me, tuple('count', cc));
      });
      await ctx.settle();
      await sys.resume(sup);
      norm.say('which_children between the failed restart and the retry', await got('which'));
      norm.say('count_children between them', await got('count'));
      norm.say('notes', await f.notes(self));
      await f.nameKids(self, sup, '2');
      norm.say('which_children after the retry', await f.kids(self, sup));
      await f.supReports();
    }),
};
export default scenario;
