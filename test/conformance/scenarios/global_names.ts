/**
 * Global names on one node: Global.registerName/whereisName/send/unregisterName, a taken name, a tuple name,
 * send to a name nobody holds, names freed when their process ends; a GenServer started as `{ global: name }`:
 * already_started, call/cast/sys/stop by name, gone after exit.
 */
import { GenServer, Global, sys, tuple, type Pid, type Self } from '../../../runtime/index.ts';
import type { Scenario } from '../scenario.ts';
import { tryOf } from '../norm.ts';
import { flushAll, reason, watch } from './process-helpers.ts';

type Protocol = { call: { request: 'get'; reply: number } | { request: 'whoami'; reply: boolean }; cast: readonly ['add', number] };

const Server: GenServer.GenServerBehaviour<number, number, Protocol> = {
  name: 'global_names',
  init: (n) => ['ok', n],
  handleCall: (req, _from, n, self) => (req === 'get' ? ['reply', n, n] : ['reply', Global.whereisName('golden_g') === self.pid, n]),
  handleCast: (m, n) => ['noreply', n + m[1]],
  handleInfo: (m, n) => ['noreply', n + (m as readonly [string, number])[1]],
};

async function echo(self: Self): Promise<void> {
  for (;;) {
    const m = await self.receive();
    if (m === 'stop') return;
    const [from, x] = m as readonly [Pid, unknown];
    self.send(from, tuple('echo', x));
  }
}

const scenario: Scenario = {
  name: 'global_names',
  area: 'names',
  run: ({ norm, main, sleep }) =>
    main(async (self) => {
      const caller = self;
      const me = self.pid;
      const p = self.spawn(echo);
      norm.name(p, 'p1');
      const q = self.spawn(echo);
      norm.name(q, 'p2');
      norm.say('register_name', Global.registerName('golden_a', p));
      norm.say('whereis_name', Global.whereisName('golden_a') ?? 'undefined');
      norm.say('whereis_name of an unknown name', Global.whereisName('golden_nobody') ?? 'undefined');
      norm.say('register a taken name', Global.registerName('golden_a', q));
      norm.say('a tuple name', Global.registerName(tuple('golden', 1), q));
      norm.say('  whereis', Global.whereisName(tuple('golden', 1)) ?? 'undefined');
      norm.say('send', Global.send('golden_a', tuple(me, 'hello')));
      norm.say('  reply', await flushAll(self));
      norm.say('send to a name nobody holds', await tryOf(() => Global.send('golden_nobody', 'x')));
      norm.say('unregister_name', Global.unregisterName('golden_a'));
      norm.say('  whereis', Global.whereisName('golden_a') ?? 'undefined');
      norm.say('unregister a name nobody holds', Global.unregisterName('golden_a'));
      norm.say('register again', Global.registerName('golden_a', p));
      const w = watch(self, p);
      self.send(p, 'stop');
      await reason(self, w);
      await sleep(20);
      norm.say('after its process ends', Global.whereisName('golden_a') ?? 'undefined');
      norm.say('registered_names', Global.registeredNames());
      self.send(q, 'stop');
      const g = { global: 'golden_g' };
      const s = GenServer.okPid(await GenServer.start(Server, 1, { name: g, caller }));
      norm.name(s, 'server');
      norm.say('gen_server {global, N}', Global.whereisName('golden_g') === s);
      norm.say('  registered during init', await GenServer.call(g, 'whoami', { caller }));
      norm.say('start again', await GenServer.start(Server, 1, { name: g, caller }));
      norm.say('start_link again', await GenServer.startLink(Server, 1, { name: g, caller }));
      norm.say('cast by name', GenServer.cast(g, tuple('add', 2), self));
      norm.say('call by name', await GenServer.call(g, 'get', { caller }));
      norm.say('sys:get_state by name', await sys.getState(g));
      norm.say('stop by name', await GenServer.stop(g));
      await sleep(20);
      norm.say('  whereis', Global.whereisName('golden_g') ?? 'undefined');
      norm.say('call the stopped name', await tryOf(() => GenServer.call(g, 'get', { caller })));
      norm.say('cast to the stopped name', GenServer.cast(g, 'x' as never, self));
      const s2 = GenServer.okPid(await GenServer.start(Server, 5, { name: g, caller }));
      norm.name(s2, 'server2');
      const w2 = watch(self, s2);
      self.exitSignal(s2, 'kill');
      await reason(self, w2);
      await sleep(20);
      norm.say('killed: name freed', Global.whereisName('golden_g') ?? 'undefined');
      norm.say('mailbox', await flushAll(self));
    }),
};
export default scenario;
