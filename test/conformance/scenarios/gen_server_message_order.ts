/**
 * One sender's casts, plain messages and calls reach a GenServer's callbacks in the order sent (a call's reply
 * waits for everything sent before it); a sys request is answered between two of them; messages sent while a
 * callback runs wait for it.
 */
import { GenServer, sys, tuple } from '../../../runtime/index.ts';
import type { Scenario } from '../scenario.ts';

type Log = readonly unknown[];

const scenario: Scenario = {
  name: 'gen_server_message_order',
  area: 'gen_server',
  run: ({ norm, main, sleep }) =>
    main(async (self) => {
      /** The escript's callback module: a log of what it handled, newest first. */
      const Server: GenServer.GenServerBehaviour<Log, Log> = {
        name: 'gen_server_message_order',
        init: (l) => ['ok', l],
        handleCall(req, _from, l) {
          if (req === 'log') return ['reply', l, l];
          const next = [tuple('call', (req as readonly [string, number])[1]), ...l];
          return ['reply', [...next].reverse(), next];
        },
        async handleCast(msg, l) {
          const [tag, n] = msg as readonly [string, number];
          if (tag === 'slow') await sleep(100);
          return ['noreply', [tuple(tag, n), ...l]];
        },
        handleInfo: (msg, l) => ['noreply', [msg, ...l]],
      };
      const caller = self;
      const s = GenServer.okPid(await GenServer.start(Server, [], { caller }));
      norm.name(s, 'server');
      GenServer.cast(s, tuple('cast', 1), self);
      self.send(s, tuple('info', 2));
      GenServer.cast(s, tuple('cast', 3), self);
      norm.say('call after two casts and an info', await GenServer.call(s, tuple('call', 4), { caller }));
      self.send(s, tuple('info', 5));
      norm.say('sys:get_state after one more info', await sys.getState(s));
      GenServer.cast(s, tuple('slow', 6), self);
      GenServer.cast(s, tuple('cast', 7), self);
      self.send(s, tuple('info', 8));
      norm.say('call after a slow cast', await GenServer.call(s, tuple('call', 9), { caller }));
      norm.say('everything, in the order handled', [...((await GenServer.call(s, 'log', { caller })) as Log)].reverse());
    }),
};
export default scenario;
