/**
 * sys.remove of one of two installed funs (by fun and by id, with a timeout); removing what is not installed;
 * noDebug turns off installed funs, log, statistics and trace at once; a fun installed after noDebug starts
 * from its new state; a non-function installed is dropped at the next event.
 */
import { GenServer, sys, tuple, type DebugFun } from '../../../runtime/index.ts';
import { str } from '../norm.ts';
import type { Scenario } from '../scenario.ts';
import { flushAll } from './process-helpers.ts';
import { logTerm, statisticsTerm, statusTerm } from './sys-helpers.ts';

/** The escript's callback module. */
const Server: GenServer.GenServerBehaviour<number, number> = {
  name: 'sys_remove_no_debug',
  init: (n) => ['ok', n],
  handleCall: (_req, _from, s) => ['reply', s, s],
  handleCast: (msg, s) => ['noreply', s + (msg as readonly [string, number])[1]],
  handleInfo: (_msg, s) => ['noreply', s],
};

const scenario: Scenario = {
  name: 'sys_remove_no_debug',
  area: 'sys',
  run: ({ norm, main, takeTrace }) =>
    main(async (self) => {
      const me = self.pid;
      const s = GenServer.okPid(await GenServer.start(Server, 0, { caller: self }));
      norm.name(s, 'server');
      takeTrace();
      /** `add(S)`: cast {add, 1}, then wait until it was handled (sys:get_state). */
      const add = async (): Promise<void> => {
        GenServer.cast(s, tuple('add', 1), self);
        await sys.getState(s);
      };
      const f1: DebugFun = (st, ev) => {
        self.runtime.send(me, tuple('f1', st, ev));
        return (st as number) + 1;
      };
      const f2: DebugFun = (st, ev) => {
        self.runtime.send(me, tuple('f2', st, ev));
        return (st as number) + 1;
      };
      norm.say('install f1', await sys.install(s, f1, 0));
      norm.say('install f2', await sys.install(s, f2, 100));
      await add();
      norm.say('both funs see the event', await flushAll(self));
      norm.say('remove f1', await sys.remove(s, f1));
      await add();
      norm.say('only f2, its state threaded on', await flushAll(self));
      norm.say('remove f1 again', await sys.remove(s, f1));
      norm.say('remove a fun never installed', await sys.remove(s, ((st: unknown) => st) as DebugFun));
      norm.say('remove an unknown id', await sys.remove(s, 'no_such_id'));
      norm.say('install {Id, Fun, State} with a timeout', await sys.install(s, { id: 'f1_id', fun: f1, state: 10 }, 1000));
      await add();
      norm.say('f1 (by id) and f2', await flushAll(self));
      norm.say('remove by id with a timeout', await sys.remove(s, 'f1_id', 1000));
      await add();
      norm.say('f2 only', await flushAll(self));
      // everything on, then no_debug
      await sys.log(s, true);
      await sys.statistics(s, true);
      await sys.trace(s, true);
      await add();
      norm.say('before no_debug: funs', await flushAll(self));
      norm.say('  log length', (await sys.log(s, 'get')).length);
      norm.say('  statistics on', (await sys.statistics(s, 'get')) !== 'no_statistics');
      norm.sayText('  trace', takeTrace());
      norm.say('no_debug', await sys.noDebug(s));
      await add();
      norm.say('after no_debug: funs', await flushAll(self));
      norm.say('  log', logTerm(await sys.log(s, 'get')));
      norm.say('  statistics', statisticsTerm(await sys.statistics(s, 'get')));
      norm.say('  trace text', str(takeTrace()));
      const status = statusTerm(await sys.getStatus(s), norm) as readonly unknown[];
      norm.say('  get_status Debug', (status[3] as readonly unknown[])[3]);
      norm.say('no_debug again', await sys.noDebug(s));
      norm.say('install f1 after no_debug (state 50)', await sys.install(s, f1, 50));
      await add();
      norm.say('  f1 starts from 50', await flushAll(self));
      await sys.noDebug(s);
      norm.say('install a non-fun', await sys.install(s, 'not_a_fun' as unknown as DebugFun, 0));
      await add();
      await add();
      norm.say('  server alive after two events', self.runtime.isAlive(s));
      norm.say('  state', await sys.getState(s));
    }),
};
export default scenario;
