/**
 * GenServer.call failure reasons: timeout (late reply dropped), dead pid, unknown name, calling self,
 * handler crash, handler exit, bad return value, a target that is not a GenServer.
 */
import { CallError, GenServer, tuple, type Self } from '../../../runtime/index.ts';
import { tryOf } from '../norm.ts';
import type { Scenario } from '../scenario.ts';
import { flushNow } from './process-helpers.ts';

type State = number;

/** The escript's callback module. */
const Server: GenServer.GenServerBehaviour<State, State> = {
  init: (s) => ['ok', s],
  async handleCall(req, _from, s, self) {
    if (Array.isArray(req) && req[0] === 'sleep') {
      await new Promise((r) => setTimeout(r, req[1] as number));
      return ['reply', 'late', s];
    }
    switch (req) {
      case 'self_call':
        // `catch gen_server:call(self(), x)`: {'EXIT', Reason}
        try {
          return ['reply', await GenServer.call(self.pid, 'x', { caller: self }), s];
        } catch (e) {
          return ['reply', tuple('EXIT', e instanceof CallError ? e.exitTerm : e), s];
        }
      case 'crash':
        throw new Error('boom');
      case 'exit':
        return self.exit('gone');
      case 'bad':
        return tuple('what', s) as never;
      case 'ping':
        return ['reply', 'pong', s];
    }
    throw new Error('function_clause');
  },
  handleCast: (_msg, s) => ['noreply', s],
};

async function start(caller: Self): Promise<GenServer.Server> {
  return GenServer.okPid(await GenServer.start(Server, 0, { caller }));
}

/** norm.hrl watch/1 + reason/1: monitor now, read the DOWN reason later. */
function watch(self: Self, p: GenServer.Server): () => Promise<unknown> {
  const ref = self.monitor(p);
  return async () => {
    const m = await self.receive((x) => x instanceof Object && 'ref' in x && x.ref === ref, 5000);
    return typeof m === 'symbol' ? 'still_alive' : (m as { reason: unknown }).reason;
  };
}

const scenario: Scenario = {
  name: 'gen_server_call_errors',
  area: 'gen_server',
  run: ({ norm, main, sleep, takeLogs, settle }) =>
    main(async (self) => {
      const caller = self;
      const s = await start(self);
      norm.name(s, 'server');
      norm.say('timeout', await tryOf(() => GenServer.call(s, tuple('sleep', 200), { timeout: 50, caller })));
      await sleep(250);
      norm.say('  late reply in mailbox', await flushNow(self));
      norm.say('  server still serves', await GenServer.call(s, 'ping', { caller }));
      norm.say('infinity timeout', await GenServer.call(s, 'ping', { timeout: Infinity, caller }));
      norm.say('call to self inside handle_call', await GenServer.call(s, 'self_call', { caller }));
      norm.say('call to self() from a plain process', await tryOf(() => GenServer.call(self.pid, 'x', { caller })));
      const d = self.spawn(() => undefined);
      norm.name(d, 'dead');
      await settle();
      norm.say('dead pid', await tryOf(() => GenServer.call(d, 'ping', { caller })));
      norm.say('dead pid with timeout', await tryOf(() => GenServer.call(d, 'ping', { timeout: 100, caller })));
      norm.say('unregistered name', await tryOf(() => GenServer.call('golden_nobody', 'ping', { caller })));
      // {global, Name} is { global: name }: a global name nobody holds
      const globalName = { global: 'golden_nobody' };
      norm.say('unregistered {global,_}', await tryOf(() => GenServer.call(globalName, 'ping', { caller })));
      const w = watch(self, s);
      norm.say('handler error', await tryOf(() => GenServer.call(s, 'crash', { caller })));
      norm.say('  server exit', await w());
      const s2 = await start(self);
      norm.name(s2, 'server2');
      const w2 = watch(self, s2);
      norm.say('handler exit(gone)', await tryOf(() => GenServer.call(s2, 'exit', { caller })));
      norm.say('  server exit', await w2());
      const s3 = await start(self);
      norm.name(s3, 'server3');
      const w3 = watch(self, s3);
      norm.say('bad return value', await tryOf(() => GenServer.call(s3, 'bad', { caller })));
      norm.say('  server exit', await w3());
      const s4 = await start(self);
      norm.name(s4, 'server4');
      const p = self.spawn(async (me) => {
        await me.receive(() => false);
      });
      norm.name(p, 'plain');
      norm.say('call to a non-gen_server process (100 ms)', await tryOf(() => GenServer.call(p, 'ping', { timeout: 100, caller })));
      norm.say('  its mailbox', tuple('messages', self.runtime.processInfo(p)?.messages));
      await settle();
      norm.say('mailbox', await flushNow(self));
      takeLogs();
    }),
};
export default scenario;
