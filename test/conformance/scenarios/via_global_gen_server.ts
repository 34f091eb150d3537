/**
 * `{ via: Global, name }` (OTP `{via, global, N}`): a GenServer started under it (registered before init,
 * already_started, a plain process holding the name), call/cast/sys/stop by it, `{ global: name }` naming the
 * same process, noproc after it stopped, the name freed when init fails and when the process is killed.
 */
import { GenServer, Global, sys, tuple } from '../../../runtime/index.ts';
import type { Scenario } from '../scenario.ts';
import { tryOf } from '../norm.ts';
import { flushAll, reason, watch } from './process-helpers.ts';

type Protocol = { call: { request: 'get'; reply: number } | { request: 'whoami'; reply: boolean }; cast: readonly ['add', number] };

const Server: GenServer.GenServerBehaviour<number, number | 'fail', Protocol> = {
  name: 'via_global_gen_server',
  init: (n) => (n === 'fail' ? ['stop', 'failed'] : ['ok', n]),
  handleCall: (req, _from, n, self) => (req === 'get' ? ['reply', n, n] : ['reply', Global.whereisName('golden_v') === self.pid, n]),
  handleCast: (m, n) => ['noreply', n + m[1]],
  handleInfo: (_m, n) => ['noreply', n],
};

const scenario: Scenario = {
  name: 'via_global_gen_server',
  area: 'names',
  run: ({ norm, main, sleep, takeLogs }) =>
    main(async (self) => {
      const caller = self;
      const v = { via: Global, name: 'golden_v' };
      const s = GenServer.okPid(await GenServer.start(Server, 1, { name: v, caller }));
      norm.name(s, 'server');
      norm.say('registered before init', await GenServer.call(v, 'whoami', { caller }));
      norm.say('start again', await GenServer.start(Server, 1, { name: v, caller }));
      norm.say('{global, N} names the same process', await GenServer.call({ global: 'golden_v' }, 'get', { caller }));
      norm.say('cast', GenServer.cast(v, tuple('add', 4), self));
      norm.say('call', await GenServer.call(v, 'get', { caller }));
      norm.say('sys:get_state', await sys.getState(v));
      norm.say('stop', await GenServer.stop(v));
      await sleep(20);
      norm.say('call the stopped name', await tryOf(() => GenServer.call(v, 'get', { caller })));
      norm.say('cast to the stopped name', GenServer.cast(v, 'x' as never, self));
      norm.say('init fails', await GenServer.start(Server, 'fail', { name: v, caller }));
      norm.say('  whereis', Global.whereisName('golden_v') ?? 'undefined');
      const p = self.spawn(async (me) => {
        await me.receive((m) => m === 'stop');
      });
      norm.name(p, 'plain');
      Global.registerName('golden_v', p);
      norm.say('a plain process holds the name', await GenServer.start(Server, 1, { name: v, caller }));
      self.send(p, 'stop');
      await sleep(20);
      const s2 = GenServer.okPid(await GenServer.start(Server, 7, { name: v, caller }));
      norm.name(s2, 'server2');
      norm.say('start after it ended', await GenServer.call(v, 'get', { caller }));
      const w = watch(self, s2);
      self.exitSignal(s2, 'kill');
      await reason(self, w);
      await sleep(20);
      norm.say('killed: name freed', Global.whereisName('golden_v') ?? 'undefined');
      norm.say('mailbox', await flushAll(self));
      takeLogs();
    }),
};
export default scenario;
