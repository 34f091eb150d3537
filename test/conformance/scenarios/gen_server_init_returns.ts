/**
 * What GenServer.start / startLink give for each init outcome, the start timeout, and a name clash.
 */
import { GenServer, Pid, tuple } from '../../../runtime/index.ts';
import type { Scenario } from '../scenario.ts';
import { flushAll } from './process-helpers.ts';

const Server: GenServer.GenServerBehaviour<string, string> = {
  init(arg, self) {
    switch (arg) {
      case 'ok':
        return ['ok', 'st'];
      case 'ignore':
        return 'ignore';
      case 'stop':
        return ['stop', 'no_way'];
      case 'crash':
        throw new Error('boom');
      case 'exit':
        return self.exit('bye');
      case 'throw':
        // OTP throw({ok, thrown_state}): the thrown value is init's return
        throw tuple('ok', 'thrown_state');
      case 'bad':
        return 'what' as never;
      case 'slow':
        return new Promise((r) => setTimeout(() => r(['ok', 'st']), 500));
      case 'hib':
        return ['ok', 'st', 'hibernate'];
      case 'tmo':
        return ['ok', 'st', 10];
    }
    throw new Error('function_clause');
  },
  handleCall: (_req, _from, s) => ['reply', s, s],
  handleCast: (_msg, s) => ['noreply', s],
};

/** The escript's shape/1: {ok, pid} for any started pid. */
function shape(r: unknown): unknown {
  return Array.isArray(r) && r[0] === 'ok' && r[1] instanceof Pid ? tuple('ok', 'pid') : r;
}

const scenario: Scenario = {
  name: 'gen_server_init_returns',
  area: 'gen_server',
  run: ({ norm, main, sleep, takeLogs }) =>
    main(async (self) => {
      const caller = self;
      for (const a of ['ok', 'ignore', 'stop', 'crash', 'exit', 'throw', 'bad', 'hib', 'tmo']) {
        norm.say(`start, init(${a})`, shape(await GenServer.start(Server, a, { caller })));
      }
      norm.say('start, {timeout,100}, slow init', await GenServer.start(Server, 'slow', { timeout: 100, caller }));
      self.trapExit(true);
      for (const a of ['ignore', 'stop', 'crash', 'bad']) {
        norm.say(`start_link (trapping), init(${a})`, shape(await GenServer.startLink(Server, a, { caller })));
        norm.say('  mailbox', await flushAll(self));
      }
      norm.say('start_link (trapping), {timeout,100}, slow init', await GenServer.startLink(Server, 'slow', { timeout: 100, caller }));
      norm.say('  mailbox', await flushAll(self));
      self.trapExit(false);
      const n = GenServer.okPid(await GenServer.start(Server, 'ok', { name: 'golden_srv', caller }));
      norm.name(n, 'named');
      norm.say('second start under the same name', await GenServer.start(Server, 'ok', { name: 'golden_srv', caller }));
      norm.say('whereis', self.runtime.whereis('golden_srv'));
      await sleep(30);
      norm.say(
        'logged labels',
        takeLogs().map((l) => tuple(l.level, tuple(...l.label.split(':')))),
      );
    }),
};
export default scenario;
