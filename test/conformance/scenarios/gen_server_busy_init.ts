/**
 * Requests that reach a GenServer while its init is still running wait in its mailbox: a call and a sys request
 * are answered once init returns; a sys request with a shorter timeout fails with timeout and its late answer is
 * dropped; start returns only after init.
 */
import { GenServer, sys, tuple, type Pid } from '../../../runtime/index.ts';
import { tryOf } from '../norm.ts';
import type { Scenario } from '../scenario.ts';
import { flushAll } from './process-helpers.ts';

const scenario: Scenario = {
  name: 'gen_server_busy_init',
  area: 'gen_server',
  run: ({ norm, main, sleep, settle }) =>
    main(async (self) => {
      /** The escript's callback module: init tells the test its pid, then works for 300 ms. */
      const Server: GenServer.GenServerBehaviour<string, Pid> = {
        name: 'gen_server_busy_init',
        async init(test, me) {
          me.send(test, tuple('in_init', me.pid));
          await sleep(300);
          return ['ok', 'ready'];
        },
        handleCall: (_req, _from, s) => ['reply', s, s],
        handleCast: (_msg, s) => ['noreply', s],
        handleInfo: (_msg, s) => ['noreply', s],
      };
      const test = self.pid;
      const got = async (tag: string): Promise<unknown> => {
        const m = await self.receive((x) => Array.isArray(x) && x[0] === tag, 1000);
        return typeof m === 'symbol' ? 'none' : (m as readonly unknown[])[1];
      };
      const starter = self.spawn(async (k) => {
        k.send(test, tuple('started', await GenServer.start(Server, test, { caller: k })));
      });
      norm.name(starter, 'starter');
      const s = (await got('in_init')) as Pid;
      norm.name(s, 'server');
      norm.say('sys:get_state with 50 ms during a 300 ms init', await tryOf(() => sys.getState(s, 50)));
      self.spawn(async (k) => {
        k.send(test, tuple('call_result', await GenServer.call(s, 'get', { caller: k })));
      });
      await settle();
      norm.say('sys:get_state (default timeout) during init', await sys.getState(s));
      norm.say('the call made during init', await got('call_result'));
      norm.say('start returned', await got('started'));
      norm.say('mailbox', await flushAll(self));
    }),
};
export default scenario;
