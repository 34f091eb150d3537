/**
 * A child that fails to restart: each failed attempt is logged as start_error and counts as a restart; the
 * supervisor keeps trying until the child starts (the others untouched), or gives up at its intensity and shuts down.
 */
import { ExitMessage, GenServer, sys, tuple, type DebugEvent } from '../../../runtime/index.ts';
import { debugEventTerm } from '../norm.ts';
import type { Scenario } from '../scenario.ts';
import { flushAll, reason, watch } from './process-helpers.ts';
import { supFixture } from './sup-fixture.ts';

/** `shape/1`: the supervisor's state is OTP's internal record: shown as state. */
function shape(e: DebugEvent): unknown {
  const t = debugEventTerm(e) as readonly unknown[];
  if (t[0] === 'noreply') return tuple('noreply', 'state');
  if (t[0] === 'out') return tuple('out', t[1], t[2], 'state');
  return t;
}

const scenario: Scenario = {
  name: 'sup_restart_failure',
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
      const f = supFixture(ctx, 'sup_restart_failure', { failing });
      f.setup(self);
      /** `say_logged()`: the supervisor's reports, then the crash reports (logged by two processes: no order between them). */
      const sayLogged = async (): Promise<void> => {
        const rs = (await f.supReports()) as (readonly unknown[])[];
        norm.say('logged: supervisor reports', rs.filter((r) => r.length !== 2));
        norm.say('logged: crash reports', rs.filter((r) => r.length === 2));
      };
      const sup = GenServer.okPid(await f.startSup(self, { strategy: 'one_for_one', intensity: 5, period: 10 }, [f.worker('a'), f.worker('f')]));
      norm.name(sup, 'sup');
      await f.nameKids(self, sup, '1');
      await f.notes(self);
      await f.supReports();
      ctl.set('f', 2);
      await f.crash(self, sup, 'f', 'crashed');
      norm.say('f crashes, its next two inits fail', await f.notes(self));
      await f.nameKids(self, sup, '2');
      norm.say('which_children', await f.kids(self, sup));
      await sayLogged();
      const w = watch(self, sup);
      ctl.set('f', 100);
      await f.crash(self, sup, 'f', 'crashed');
      norm.say('f crashes, every init fails', await f.notes(self));
      norm.say('supervisor exit', await reason(self, w));
      await sayLogged();
      await flushAll(self);
      // what the supervisor's loop sees: the failed restart is tried again through a cast to itself
      const sup3 = GenServer.okPid(await f.startSup(self, { strategy: 'one_for_one', intensity: 5 }, [f.worker('g')]));
      norm.name(sup3, 'sup3');
      await f.nameKids(self, sup3, '1');
      await f.notes(self);
      await f.supReports();
      const g = await f.child(self, sup3, 'g');
      const me = self.pid;
      await sys.install(sup3, (st, ev) => {
        self.runtime.send(me, tuple('ev', shape(ev)));
        return st;
      }, 'x');
      ctl.set('g', 1);
      GenServer.cast(g, tuple('stop', 'crashed'), self);
      norm.say('g crashes, its next init fails', await f.notes(self));
      const evs = (await flushAll(self)).filter((m) => Array.isArray(m) && m[0] === 'ev').map((m) => (m as readonly unknown[])[1] as readonly unknown[]);
      // the failed start's EXIT and the supervisor's cast to itself come from two processes: no order between them
      const failedStartExit = (e: readonly unknown[]): boolean => e[1] instanceof ExitMessage && e[1].reason === 'nope';
      const ins = evs.filter((e) => e[0] === 'in');
      norm.say('  events in: the death, then the cast to try again', ins.filter((e) => !failedStartExit(e)));
      norm.say("  the failed start's EXIT reaches the supervisor too", ins.filter(failedStartExit));
      norm.say('  noreply events', evs.filter((e) => e[0] === 'noreply').length);
      norm.say('  which_children', (await f.whichChildren(self, sup3)).map(([id, p]) => tuple(id, typeof p === 'object')));
      await f.supReports();
    }),
};
export default scenario;
