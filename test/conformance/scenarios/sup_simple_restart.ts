/**
 * simple_one_for_one restarts: a permanent template's child is restarted with its own extra args; a temporary one
 * is dropped; a start returning {ok, Pid, Info} gives that to startChild; on shutdown all children are stopped at
 * once (two 300 ms terminates take ~300 ms, not 600), brutal_kill kills without terminate.
 */
import { GenServer, Supervisor, tuple, type Pid } from '../../../runtime/index.ts';
import type { Scenario } from '../scenario.ts';
import { reason, watch } from './process-helpers.ts';
import { supFixture } from './sup-fixture.ts';

const scenario: Scenario = {
  name: 'sup_simple_restart',
  area: 'supervisor',
  run: (ctx) =>
    ctx.main(async (self) => {
      const { norm } = ctx;
      const f = supFixture(ctx, 'sup_simple_restart', { realTime: true }); // its workers sleep in terminate
      f.setup(self);
      const M = 'sup_simple_restart';
      const tmpl = (more: Partial<Supervisor.ChildSpec> = {}): Supervisor.ChildSpec => ({ id: 'tmpl', start: f.mfa('start_worker', []), modules: [M], ...more });
      const started = async (sup: Pid, args: readonly unknown[]): Promise<Pid> => (await Supervisor.startChild(sup, args, self))[1] as Pid;
      const sup = GenServer.okPid(await f.startSup(self, { strategy: 'simple_one_for_one', intensity: 10 }, [tmpl()]));
      norm.name(sup, 'sup');
      const a = await started(sup, ['a']);
      norm.name(a, 'a1');
      const b = await started(sup, ['b', [tuple('slow_terminate', 0)]]);
      norm.name(b, 'b1');
      await f.notes(self);
      await f.supReports();
      GenServer.cast(a, tuple('stop', 'crashed'), self);
      await ctx.settle();
      norm.say('permanent child a crashes: restarted with its args', await f.notes(self));
      GenServer.cast(b, tuple('stop', 'normal'), self);
      await ctx.settle();
      norm.say('permanent child b stops normal: restarted with its args', await f.notes(self));
      norm.say('count_children', await f.countChildren(self, sup));
      norm.say('logged', await f.supReports());
      const w = watch(self, sup);
      self.unlink(sup);
      self.exitSignal(sup, 'shutdown');
      await reason(self, w);
      await f.notes(self);
      // temporary template
      const sup2 = GenServer.okPid(await f.startSup(self, { strategy: 'simple_one_for_one' }, [tmpl({ restart: 'temporary' })]));
      norm.name(sup2, 'sup2');
      const t = await started(sup2, ['t']);
      norm.name(t, 't1');
      await f.notes(self);
      GenServer.cast(t, tuple('stop', 'crashed'), self);
      await ctx.settle();
      norm.say('temporary child crashes', await f.notes(self));
      norm.say('  which_children', await f.whichChildren(self, sup2));
      norm.say('  count_children', await f.countChildren(self, sup2));
      await f.supReports();
      // {ok, Pid, Info}
      const sup3 = GenServer.okPid(await f.startSup(self, { strategy: 'simple_one_for_one' }, [tmpl({ start: f.mfa('start_worker_info', []) })]));
      norm.name(sup3, 'sup3');
      const r = await Supervisor.startChild(sup3, ['i'], self);
      norm.name(r[1] as Pid, 'i1');
      norm.say('start returning {ok, Pid, Info}', r);
      norm.say('  notes', await f.notes(self));
      // parallel shutdown
      const sup4 = GenServer.okPid(await f.startSup(self, { strategy: 'simple_one_for_one' }, [tmpl({ shutdown: 2000 })]));
      norm.name(sup4, 'sup4');
      for (const id of ['s1', 's2']) await started(sup4, [id, [tuple('slow_terminate', 300)]]);
      await f.notes(self);
      const w4 = watch(self, sup4);
      self.unlink(sup4);
      const t0 = performance.now();
      self.exitSignal(sup4, 'shutdown');
      norm.say('two children with a 300 ms terminate: supervisor exit', await reason(self, w4));
      norm.say('  stopped within 500 ms (in parallel)', performance.now() - t0 < 500);
      norm.line(`  notes: [${(await f.notes(self)).map((n) => norm.fmt(n)).sort().join(',')}]`);
      // brutal_kill
      const sup5 = GenServer.okPid(await f.startSup(self, { strategy: 'simple_one_for_one' }, [tmpl({ shutdown: 'brutal_kill' })]));
      norm.name(sup5, 'sup5');
      const k = await started(sup5, ['k']);
      norm.name(k, 'k1');
      await f.notes(self);
      const wk = watch(self, k);
      const w5 = watch(self, sup5);
      self.unlink(sup5);
      self.exitSignal(sup5, 'shutdown');
      norm.say('brutal_kill: supervisor exit', await reason(self, w5));
      norm.say('  child exit', await reason(self, wk));
      norm.say('  notes (no terminate)', await f.notes(self));
      await f.supReports();
    }),
};
export default scenario;
