/** sys:terminate vs gen_server:stop: terminate/2 runs, exit reasons, logs, errors on dead targets; sys:terminate answers before terminate/2 has run. */
import { DownMessage, GenServer, isAlive, sys, tuple, type LogEvent, type Pid, type Ref, type Self } from '../../../runtime/index.ts';
import { tryOf, type Norm } from '../norm.ts';
import type { Scenario } from '../scenario.ts';
import { counterServer } from './sys-helpers.ts';

/** norm.hrl `watch/1`: monitor now, read the reason later. */
function watch(self: Self, p: Pid): readonly [Pid, Ref] {
  return [p, self.monitor(p)];
}

/** norm.hrl `reason/1`: the reason of the DOWN of a `watch`, or still_alive after 5 s. */
async function reason(self: Self, [p, ref]: readonly [Pid, Ref]): Promise<unknown> {
  const m = await self.receive((x): x is DownMessage => x instanceof DownMessage && x.ref === ref && x.object === p, 5000);
  return typeof m === 'symbol' ? 'still_alive' : m.reason;
}

/** The escript's `term_msg/0`: the {terminate, _, _} its terminate/2 sends, or none after 1 s. */
async function termMsg(self: Self): Promise<unknown> {
  const m = await self.receive((x) => Array.isArray(x) && x.length === 3 && x[0] === 'terminate', 1000);
  return typeof m === 'symbol' ? 'none' : m;
}

/** The escript's `show/1`: {Level, Label} of each logged report (label 'mod:what' is OTP's {mod, what}). */
function show(norm: Norm, logs: readonly LogEvent[]): void {
  for (const l of logs) norm.say('log', tuple(l.level, tuple(...l.label.split(':'))));
}

const scenario: Scenario = {
  name: 'sys_terminate',
  area: 'sys',
  run: ({ norm, main, takeLogs, sleep, settle }) =>
    main(async (self) => {
      self.register('golden_test');
      const mod = counterServer('sys_terminate');
      const start = async (n: number, name: string): Promise<Pid> => {
        const p = GenServer.okPid(await GenServer.start(mod, n, { caller: self }));
        norm.name(p, name);
        return p;
      };
      const s = await start(1, 'server');
      const w = watch(self, s);
      norm.say('sys:terminate', await sys.terminate(s, 'my_reason'));
      norm.say('terminate/2 called', await termMsg(self));
      norm.say('exit reason', await reason(self, w));
      await settle();
      show(norm, takeLogs());
      const s2 = await start(2, 'server2');
      const w2 = watch(self, s2);
      norm.say('sys:terminate/3 normal', await sys.terminate(s2, 'normal', 1000));
      norm.say('terminate/2 called', await termMsg(self));
      norm.say('exit reason', await reason(self, w2));
      const s3 = await start(3, 'server3');
      const w3 = watch(self, s3);
      norm.say('gen_server:stop/1', await GenServer.stop(s3));
      norm.say('terminate/2 called', await termMsg(self));
      norm.say('exit reason', await reason(self, w3));
      const s4 = await start(4, 'server4');
      const w4 = watch(self, s4);
      norm.say('gen_server:stop/3 {shutdown,x}', await GenServer.stop(s4, tuple('shutdown', 'x'), 1000));
      norm.say('terminate/2 called', await termMsg(self));
      norm.say('exit reason', await reason(self, w4));
      norm.say('gen_server:stop on dead pid', await tryOf(() => GenServer.stop(s4)));
      norm.say('sys:terminate on dead pid', await tryOf(() => sys.terminate(s4, 'normal')));
      norm.say('gen_server:stop on unregistered name', await tryOf(() => GenServer.stop('golden_nobody')));
      await settle();
      show(norm, takeLogs());
      // sys:terminate replies before terminate/2 runs; gen_server:stop waits for the process to be gone
      const s5 = await start(5, 'slow1');
      await sys.replaceState(s5, () => 'slow');
      norm.say('sys:terminate, terminate/2 takes 200 ms: returns', await sys.terminate(s5, 'normal'));
      norm.say('  target alive right after', isAlive(s5));
      await sleep(300);
      norm.say('  target alive 300 ms later', isAlive(s5));
      const s6 = await start(6, 'slow2');
      await sys.replaceState(s6, () => 'slow');
      norm.say('gen_server:stop, terminate/2 takes 200 ms: returns', await GenServer.stop(s6));
      norm.say('  target alive right after', isAlive(s6));
    }),
};
export default scenario;
