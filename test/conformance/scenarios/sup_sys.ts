/**
 * A supervisor is a GenServer underneath: sys.getStatus reports module gen_server and its parent; an installed
 * debug fun sees {in, {'$gen_call', From, Request}} / {out, Reply, From, State} for API calls and
 * {in, {'EXIT', Child, Reason}} / {noreply, State} for a child's death; suspended, it queues the EXIT and
 * restarts the child after resume.
 */
import { GenServer, Supervisor, sys, tuple, type DebugEvent, type DebugFun, type Self } from '../../../runtime/index.ts';
import { debugEventTerm } from '../norm.ts';
import type { Scenario } from '../scenario.ts';
import { supFixture } from './sup-fixture.ts';

/** `shape/1`: the supervisor's state is OTP's internal record: shown as state. */
function shape(e: DebugEvent): unknown {
  const t = debugEventTerm(e) as readonly unknown[];
  if (t[0] === 'out') return tuple('out', t[1], t[2], 'state');
  if (t[0] === 'noreply') return tuple('noreply', 'state');
  return t;
}

const scenario: Scenario = {
  name: 'sup_sys',
  area: 'supervisor',
  run: (ctx) =>
    ctx.main(async (self) => {
      const { norm } = ctx;
      const f = supFixture(ctx, 'sup_sys');
      f.setup(self);
      const sup = GenServer.okPid(await f.startSup(self, { strategy: 'one_for_one', intensity: 10 }, [f.worker('a'), f.worker('b')]));
      norm.name(sup, 'sup');
      await f.nameKids(self, sup, '1');
      await f.notes(self);
      await f.supReports();
      const st = await sys.getStatus(sup);
      norm.say('get_status: pid, module, status, parent', tuple(st.pid, tuple('module', st.module), st.status, st.parent));
      const me = self.pid;
      const rec: DebugFun = (s, ev, name) => {
        self.runtime.send(me, tuple('ev', shape(ev), name));
        return s;
      };
      /** `events()`: sleep 50 ms, then the queued `{ev, E, N}` as `{E, N}`. */
      const events = async (k: Self): Promise<unknown[]> => {
        await ctx.settle();
        const out: unknown[] = [];
        for (;;) {
          const m = await k.receive((x) => Array.isArray(x) && x[0] === 'ev', 0);
          if (typeof m === 'symbol') return out;
          out.push(tuple((m as readonly unknown[])[1], (m as readonly unknown[])[2]));
        }
      };
      norm.say('install', await sys.install(sup, rec, 'x'));
      norm.say('delete_child a (running)', await Supervisor.deleteChild(sup, 'a', self));
      norm.say('terminate_child a', await Supervisor.terminateChild(sup, 'a', self));
      norm.say('restart_child a', await Supervisor.restartChild(sup, 'a', self));
      await f.nameKids(self, sup, '2');
      norm.say('events of three API calls', await events(self));
      norm.say('  notes', await f.notes(self));
      await f.crash(self, sup, 'b', 'crashed');
      norm.say("events of a child's death", await events(self));
      norm.say('  notes', await f.notes(self));
      await f.nameKids(self, sup, '2');
      const a2 = await f.child(self, sup, 'a');
      norm.say('suspend', await sys.suspend(sup));
      GenServer.cast(a2, tuple('stop', 'crashed2'), self);
      norm.say('a crashed while the supervisor is suspended: notes', await f.notes(self));
      norm.say('  events so far', await events(self));
      norm.say('  resume', await sys.resume(sup));
      norm.say('  events after resume', await events(self));
      norm.say('  notes', await f.notes(self));
      norm.say('  logged', await f.supReports());
    }),
};
export default scenario;
