/**
 * A GenServer killed in the middle of a callback: the caller exits {killed, {gen_server, call, ...}}, monitors and
 * links see killed, nothing the callback would have done afterwards happens (no message, no reply, no terminate),
 * its name is free at once; an exit signal with another reason while it is busy and not trapping ends it the same
 * way with that reason.
 */
import { GenServer, tuple } from '../../../runtime/index.ts';
import { tryOf } from '../norm.ts';
import type { Scenario } from '../scenario.ts';
import { flushAll, reason, watch } from './process-helpers.ts';

const scenario: Scenario = {
  name: 'gen_server_killed_busy',
  area: 'gen_server',
  run: ({ norm, main, sleep, rt, takeLogs, settle }) =>
    main(async (self) => {
      /** The escript's callback module: work sleeps T ms, then tells the test. */
      const Server: GenServer.GenServerBehaviour<number, 'trap' | 'no_trap'> = {
        name: 'gen_server_killed_busy',
        init(arg, me) {
          if (arg === 'trap') me.trapExit(true);
          return ['ok', 0];
        },
        async handleCall(req, _from, s, me) {
          await sleep((req as readonly [string, number])[1]);
          me.send('golden_test', 'after_work');
          return ['reply', 'done', s];
        },
        async handleCast(msg, s, me) {
          await sleep((msg as readonly [string, number])[1]);
          me.send('golden_test', 'after_work');
          return ['noreply', s];
        },
        handleInfo: (_msg, s) => ['noreply', s],
        terminate(r, _s, me) {
          me.send('golden_test', tuple('terminate', r));
        },
      };
      norm.name(self.pid, 'test');
      self.register('golden_test');
      const s = GenServer.okPid(await GenServer.start(Server, 'trap', { name: 'golden_busy', caller: self }));
      norm.name(s, 'server');
      const w = watch(self, s);
      self.spawn(async (k) => {
        await settle();
        k.exitSignal(s, 'kill');
      });
      norm.say('call while killed', await tryOf(() => GenServer.call(s, tuple('work', 200), { caller: self })));
      norm.say('  server exit', await reason(self, w));
      norm.say('  name free at once', rt.whereis('golden_busy'));
      await sleep(250);
      norm.say('  what the callback would have done later', await flushAll(self));
      const s2 = GenServer.okPid(await GenServer.start(Server, 'no_trap', { caller: self }));
      norm.name(s2, 'server2');
      const w2 = watch(self, s2);
      GenServer.cast(s2, tuple('work', 200), self);
      await settle();
      self.exitSignal(s2, 'stop_it');
      norm.say('busy in a cast, exit(S, stop_it), not trapping', await reason(self, w2));
      await sleep(250);
      norm.say('  what the callback would have done later', await flushAll(self));
      takeLogs();
    }),
};
export default scenario;
