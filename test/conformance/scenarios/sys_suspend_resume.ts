/** sys:suspend / resume on a gen_server: ordinary messages wait (calls time out), sys messages are answered; queued messages run in order after resume. */
import { GenServer, sys, tuple, type DebugFun } from '../../../runtime/index.ts';
import { tryOf } from '../norm.ts';
import type { Scenario } from '../scenario.ts';
import { counterServer, flushAll, flushNow } from './sys-helpers.ts';

const scenario: Scenario = {
  name: 'sys_suspend_resume',
  area: 'sys',
  run: ({ norm, main }) =>
    main(async (self) => {
      self.register('golden_test');
      const s = GenServer.okPid(await GenServer.start(counterServer('sys_suspend_resume'), 0, { caller: self }));
      norm.name(s, 'server');
      const me = self.pid;
      const fun: DebugFun = (_st, e) => {
        self.runtime.send(me, tuple('event', e));
        return 'ok';
      };
      await sys.install(s, fun, 'ok');
      norm.say('suspend', await sys.suspend(s));
      norm.say('suspend again', await sys.suspend(s));
      GenServer.cast(s, tuple('add', 1), self);
      self.send(s, 'info_while_suspended');
      norm.say('call while suspended (100 ms)', await tryOf(() => GenServer.call(s, 'get', { timeout: 100, caller: self })));
      GenServer.cast(s, tuple('add', 2), self);
      norm.say('get_state while suspended', await sys.getState(s));
      norm.say('replace_state while suspended', await sys.replaceState(s, (x: number) => x + 100));
      const status = await sys.getStatus(s);
      norm.say('status while suspended', status.status);
      const info = self.runtime.processInfo(s);
      norm.say('message_queue_len while suspended', tuple('message_queue_len', info?.messageQueueLen));
      norm.say('debug events while suspended', await flushNow(self));
      norm.say('resume', await sys.resume(s));
      norm.say('get_state after resume', await sys.getState(s));
      const evs = (await flushAll(self)) as (readonly [string, unknown])[];
      norm.say('debug events after resume', evs.filter(([t]) => t === 'event').map(([, e]) => e));
      norm.say('late reply reached the test mailbox', await flushAll(self));
      norm.say('resume when running', await sys.resume(s));
      await sys.suspend(s);
      norm.say('gen_server:stop while suspended', await GenServer.stop(s));
      norm.say('terminate ran', await flushAll(self));
    }),
};
export default scenario;
