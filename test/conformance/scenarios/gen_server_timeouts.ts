/**
 * GenServer timeouts: ['ok', S, T] / ['reply', R, S, T] / ['noreply', S, T] deliver handleInfo('timeout') after
 * T ms of silence; any message cancels it; timeout 0 fires only when no message is waiting; Infinity never fires;
 * a system message restarts a pending timeout in full; a plain 'timeout' message looks the same.
 */
import { GenServer, send, sys, tuple, type Self } from '../../../runtime/index.ts';
import type { Scenario } from '../scenario.ts';

type State = readonly never[];

const note = (e: unknown): void => send('golden_test', tuple('seen', e));

const scenario: Scenario = {
  name: 'gen_server_timeouts',
  area: 'gen_server',
  run: ({ norm, main, sleep }) =>
    main(async (self) => {
      /** The escript's callback module. */
      const Server: GenServer.GenServerBehaviour<State, readonly [string, number]> = {
        name: 'gen_server_timeouts',
        init: ([, t]) => ['ok', [], t],
        handleCall: (req, _from, s) => ['reply', 'ok', s, (req as readonly [string, number])[1]],
        async handleCast(msg, s) {
          const m = msg as readonly unknown[];
          if (m[0] === 'noreply_timeout') return ['noreply', s, m[1] as number];
          await sleep(m[1] as number);
          return ['noreply', s, m[2] as number];
        },
        handleInfo(msg, s) {
          note(msg === 'timeout' ? 'timeout' : tuple('info', msg));
          return ['noreply', s];
        },
      };
      /** `seen(T)`: the notes the server sent within T ms. */
      const seen = async (k: Self, t: number): Promise<unknown[]> => {
        await sleep(t);
        const out: unknown[] = [];
        for (;;) {
          const m = await k.receive((x) => Array.isArray(x) && x[0] === 'seen', 0);
          if (typeof m === 'symbol') return out;
          out.push((m as readonly unknown[])[1]);
        }
      };
      norm.name(self.pid, 'test');
      self.register('golden_test');
      const caller = self;
      const s = GenServer.okPid(await GenServer.start(Server, tuple('timeout_in_init', 50), { caller }));
      norm.name(s, 'server');
      norm.say('init {ok, S, 50}', await seen(self, 100));
      norm.say('reply with timeout 50', await GenServer.call(s, tuple('reply_timeout', 50), { caller }));
      norm.say('  fired', await seen(self, 100));
      norm.say('noreply (cast) with timeout 50', GenServer.cast(s, tuple('noreply_timeout', 50), self));
      norm.say('  fired', await seen(self, 100));
      GenServer.cast(s, tuple('noreply_timeout', 100), self);
      await sleep(30);
      self.send(s, 'poke');
      norm.say('a message within the timeout cancels it', await seen(self, 200));
      // timeout 0 with a message already queued: the message wins
      GenServer.cast(s, tuple('sleep_then_noreply_timeout', 50, 0), self);
      self.send(s, 'queued');
      norm.say('timeout 0 with a message queued', await seen(self, 100));
      GenServer.cast(s, tuple('noreply_timeout', 0), self);
      norm.say('timeout 0 with nothing queued', await seen(self, 50));
      GenServer.cast(s, tuple('noreply_timeout', Infinity), self);
      norm.say('timeout infinity', await seen(self, 100));
      // a system message restarts the pending timeout
      GenServer.cast(s, tuple('noreply_timeout', 400), self);
      await sleep(200);
      await sys.getState(s);
      await sleep(300);
      norm.say('sys:get_state at 200 ms of a 400 ms timeout: fired by 500 ms', await seen(self, 0));
      norm.say('  fired by 750 ms', await seen(self, 250));
      self.send(s, 'timeout');
      norm.say('a plain timeout message', await seen(self, 50));
    }),
};
export default scenario;
