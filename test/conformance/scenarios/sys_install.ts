/** sys:install / sys:remove on a gen_server: threaded fun state, re-install, 'done', a crashing fun, {Id, Fun, State}, call order of two funs. */
import { GenServer, isAlive, sys, tuple, type DebugFun, type Self } from '../../../runtime/index.ts';
import { tryOf } from '../norm.ts';
import type { Scenario } from '../scenario.ts';
import { counterServer, flushAll } from './sys-helpers.ts';

/** Casts {add, 1} then waits for the server to have handled it (sys:get_state). */
async function addOne(self: Self, s: GenServer.Server, times = 1): Promise<void> {
  for (let i = 0; i < times; i++) GenServer.cast(s, tuple('add', 1), self);
  await sys.getState(s);
}

const scenario: Scenario = {
  name: 'sys_install',
  area: 'sys',
  run: ({ norm, main }) =>
    main(async (self) => {
      const me = self.pid;
      const send = (m: unknown): void => self.runtime.send(me, m);
      const s = GenServer.okPid(await GenServer.start(counterServer('sys_install'), 0, { caller: self }));
      norm.name(s, 'server');
      const rec: DebugFun = (acc, ev, proc) => {
        send(tuple('rec', acc, ev, proc));
        return (acc as number) + 1;
      };
      norm.say('install', await sys.install(s, rec, 0));
      await GenServer.call(s, 'get', { caller: self });
      GenServer.cast(s, tuple('add', 1), self);
      await sys.getState(s);
      const recs = (await flushAll(self)) as (readonly [string, unknown, unknown, unknown])[];
      norm.say('threaded state (counter, event, 3rd arg)', recs.map(([, n, e, p]) => tuple(n, e, p)));
      norm.say('install same fun again (new state 100)', await sys.install(s, rec, 100));
      await addOne(self, s);
      const recs2 = (await flushAll(self)) as (readonly [string, unknown, unknown, unknown])[];
      norm.say('after re-install', recs2.map(([, n, e]) => tuple(n, e)));
      norm.say('remove', await sys.remove(s, rec));
      await addOne(self, s);
      norm.say('after remove', await flushAll(self));
      norm.say('remove again', await sys.remove(s, rec));
      // done
      const two: DebugFun = (n, ev) => {
        send(tuple('two', ev));
        return n === 0 ? 1 : 'done';
      };
      await sys.install(s, two, 0);
      await addOne(self, s, 3);
      norm.say('fun returning done after 2 events', await flushAll(self));
      // crash
      const crash: DebugFun = (st, ev) => {
        send(tuple('crash_fun', ev));
        if (ev.kind === 'in') throw new Error('boom');
        return st;
      };
      await sys.install(s, crash, 'x');
      await addOne(self, s, 2);
      norm.say('crashing fun: calls seen', await flushAll(self));
      norm.say('server alive', isAlive(s));
      // {Id, Fun, State}
      const idFun: DebugFun = (st, ev) => {
        send(tuple('id', st, ev));
        return st;
      };
      norm.say('install {Id,Fun,State}', await tryOf(() => sys.install(s, { id: 'my_id', fun: idFun, state: 's0' })));
      await addOne(self, s);
      norm.say('id fun saw', await flushAll(self));
      norm.say('remove by id', await tryOf(() => sys.remove(s, 'my_id')));
      await addOne(self, s);
      norm.say('after remove by id', await flushAll(self));
      // two funs: both called, in which order?
      const f1: DebugFun = (st, ev) => {
        send(tuple('f1', ev));
        return st;
      };
      const f2: DebugFun = (st, ev) => {
        send(tuple('f2', ev));
        return st;
      };
      await sys.install(s, f1, 'a');
      await sys.install(s, f2, 'b');
      await addOne(self, s);
      norm.say('two funs, call order', await flushAll(self));
      const status = await sys.getStatus(s);
      norm.say('get_status Debug with two funs installed: entries', status.debug.length);
    }),
};
export default scenario;
