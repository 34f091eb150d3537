/**
 * GenServer started with a name: the name is registered before init runs; a second start with the name gives
 * ['error', ['already_started', pid]] (also when a plain process holds it); calls, casts and sends by name; an
 * init that fails or ignores frees the name; stop and crash free it; a stopped name answers noproc.
 */
import { GenServer, sys, tuple, type Tuple } from '../../../runtime/index.ts';
import { tryOf } from '../norm.ts';
import type { Scenario } from '../scenario.ts';
import { flushAll, reason, watch } from './process-helpers.ts';

type State = Tuple<[number, boolean]>;

/** The escript's callback module. */
const Server: GenServer.GenServerBehaviour<State, number | 'stop' | 'ignore'> = {
  name: 'gen_server_named',
  init(arg, self) {
    if (arg === 'stop') return ['stop', 'nope'];
    if (arg === 'ignore') return 'ignore';
    return ['ok', tuple(arg, self.runtime.whereis('golden_srv') === self.pid)];
  },
  handleCall(req, _from, s) {
    if (req === 'get') return ['reply', s[0], s];
    if (req === 'registered_in_init') return ['reply', s[1], s];
    throw new Error('function_clause');
  },
  handleCast(msg, s, self) {
    if (msg === 'crash') return self.exit('crashed');
    return ['noreply', tuple(s[0] + (msg as readonly [string, number])[1], s[1])];
  },
  handleInfo: (msg, s) => ['noreply', tuple(s[0] + (msg as readonly [string, number])[1], s[1])],
};

const scenario: Scenario = {
  name: 'gen_server_named',
  area: 'gen_server',
  run: ({ norm, main, rt, takeLogs }) =>
    main(async (self) => {
      const caller = self;
      const s = GenServer.okPid(await GenServer.start(Server, 0, { name: 'golden_srv', caller }));
      norm.name(s, 'server');
      norm.say('whereis', rt.whereis('golden_srv'));
      norm.say('registered during init', await GenServer.call('golden_srv', 'registered_in_init', { caller }));
      norm.say('start again with the name', await GenServer.start(Server, 0, { name: 'golden_srv', caller }));
      norm.say('start_link with the name', await GenServer.startLink(Server, 0, { name: 'golden_srv', caller }));
      norm.say('call by name', await GenServer.call('golden_srv', 'get', { caller }));
      norm.say('cast by name', GenServer.cast('golden_srv', tuple('add', 2), self));
      self.send('golden_srv', tuple('add', 3));
      norm.say('  state after a cast and a send by name', await sys.getState('golden_srv'));
      norm.say('cast to an unknown name', GenServer.cast('golden_nobody', 'x', self));
      const n = rt.processInfo(s)?.registeredName;
      norm.say('process_info registered_name', n ? tuple('registered_name', n) : []);
      norm.say('start with init {stop, R}', await GenServer.start(Server, 'stop', { name: 'golden_bad', caller }));
      norm.say('  whereis', rt.whereis('golden_bad'));
      norm.say('start with init ignore', await GenServer.start(Server, 'ignore', { name: 'golden_bad', caller }));
      norm.say('  whereis', rt.whereis('golden_bad'));
      const p = self.spawn(async (k) => {
        await k.receive((x) => x === 'stop');
      });
      norm.name(p, 'plain');
      rt.register('golden_plain', p);
      norm.say('start with a name a plain process holds', await GenServer.start(Server, 0, { name: 'golden_plain', caller }));
      self.send(p, 'stop');
      norm.say('stop by name', await GenServer.stop('golden_srv'));
      norm.say('  whereis', rt.whereis('golden_srv'));
      norm.say('call the stopped name', await tryOf(() => GenServer.call('golden_srv', 'get', { caller })));
      norm.say('stop the stopped name', await tryOf(() => GenServer.stop('golden_srv')));
      const s2 = GenServer.okPid(await GenServer.start(Server, 0, { name: 'golden_srv', caller }));
      norm.name(s2, 'server2');
      const w = watch(self, s2);
      GenServer.cast('golden_srv', 'crash', self);
      norm.say('a crash', await reason(self, w));
      norm.say('  whereis', rt.whereis('golden_srv'));
      const s3 = GenServer.okPid(await GenServer.start(Server, 0, { name: 'golden_srv', caller }));
      norm.name(s3, 'server3');
      norm.say('start again under the freed name', rt.whereis('golden_srv'));
      norm.say('mailbox', await flushAll(self));
      takeLogs();
    }),
};
export default scenario;
