/**
 * Supervisor start failures: a child failing to start (init {stop, R}, a bad return, a start function that
 * raises) stops the children started before it and fails startLink with {shutdown, {failed_to_start_child, Id, R}};
 * an ignoring child is kept with pid undefined; bad flags and specs; init returning ignore or garbage; old tuple flags.
 */
import { ExitMessage, GenServer, Supervisor, tuple, type Self } from '../../../runtime/index.ts';
import type { Scenario } from '../scenario.ts';
import { flushAll } from './process-helpers.ts';
import { supFixture } from './sup-fixture.ts';

/** `[norm_exit(M) || {'EXIT', _, _} = M <- flush_all()]`: the EXITs, their pid reduced to "is a pid". */
async function exits(self: Self): Promise<unknown[]> {
  return (await flushAll(self)).filter((m) => m instanceof ExitMessage).map((m) => tuple('EXIT', true, (m as ExitMessage).reason));
}

const scenario: Scenario = {
  name: 'sup_start_errors',
  area: 'supervisor',
  run: (ctx) =>
    ctx.main(async (self) => {
      const { norm } = ctx;
      const f = supFixture(ctx, 'sup_start_errors');
      f.setup(self);
      /** `say_logged()`: the supervisor's reports, then the crash reports (logged by two processes: no order between them). */
      const sayLogged = async (): Promise<void> => {
        const rs = (await f.supReports()) as (readonly unknown[])[];
        norm.say('  logged: supervisor reports', rs.filter((r) => r.length !== 2));
        norm.say('  logged: crash reports', rs.filter((r) => r.length === 2));
      };
      const failing = (opts: readonly unknown[]) => f.worker('b', { start: f.mfa('start_worker', ['b', opts]) });
      norm.say("child b's init returns {stop, nope}", await f.startSup(self, {}, [f.worker('a'), failing([tuple('init', tuple('stop', 'nope'))]), f.worker('c')]));
      norm.say('  notes', await f.notes(self));
      norm.say("  EXITs in the caller's mailbox", await exits(self));
      await sayLogged();
      norm.say("child b's init returns a bad value", await f.startSup(self, {}, [f.worker('a'), failing([tuple('init', 'what')])]));
      norm.say('  notes', await f.notes(self));
      norm.say("  EXITs in the caller's mailbox", await exits(self));
      await sayLogged();
      norm.say(
        "child b's start function is undefined",
        await f.startSup(self, {}, [f.worker('a'), f.worker('b', { start: f.mfa('no_such_function', []) })]),
      );
      norm.say('  notes', await f.notes(self));
      norm.say("  EXITs in the caller's mailbox", await exits(self));
      await sayLogged();
      const s = GenServer.okPid(
        await f.startSup(self, {}, [f.worker('a'), f.worker('i', { start: f.mfa('start_worker', ['i', [tuple('init', 'ignore')]]) }), f.worker('c')]),
      );
      norm.name(s, 'sup');
      await f.nameKids(self, s, '1');
      norm.say('a child returning ignore', await f.notes(self));
      norm.say('  which_children', await f.kids(self, s));
      norm.say('  count_children', await f.countChildren(self, s));
      norm.say('  restart_child i (still ignores)', await Supervisor.restartChild(s, 'i', self));
      norm.say('  notes', await f.notes(self));
      await sayLogged();
      norm.say('bad strategy', await f.startSup(self, { strategy: 'sometimes' as never }, []));
      norm.say('bad intensity', await f.startSup(self, { intensity: -1 }, []));
      norm.say('bad period', await f.startSup(self, { period: 0 }, []));
      norm.say('bad child start', await f.startSup(self, {}, [{ id: 'x', start: 'bad' }]));
      norm.say('bad child restart', await f.startSup(self, {}, [f.worker('x', { restart: 'sometimes' as never })]));
      norm.say('duplicate child ids', await f.startSup(self, {}, [f.worker('x'), f.worker('x')]));
      norm.say('simple_one_for_one without a spec', await f.startSup(self, { strategy: 'simple_one_for_one' }, []));
      norm.say('simple_one_for_one with two bad specs', await f.startSup(self, { strategy: 'simple_one_for_one' }, ['x', 'y']));
      norm.say("  EXITs in the caller's mailbox", await exits(self));
      await sayLogged();
      norm.say('supervisor init returns ignore', await Supervisor.startLink(f.supMod, tuple('sup', 'ignore'), { caller: self }));
      norm.say('supervisor init returns a bad value', await Supervisor.startLink(f.supMod, tuple('sup', 'bad'), { caller: self }));
      norm.say("  EXITs in the caller's mailbox", await exits(self));
      const s2 = GenServer.okPid(await f.startSup(self, tuple('one_for_all', 3, 10), [f.worker('t'), f.worker('u')]));
      norm.name(s2, 'sup2');
      await f.nameKids(self, s2, '1');
      await f.notes(self);
      await f.crash(self, s2, 't', 'crashed');
      norm.say('old tuple flags {one_for_all, 3, 10}: t crashes', await f.notes(self));
      await f.supReports();
    }),
};
export default scenario;
