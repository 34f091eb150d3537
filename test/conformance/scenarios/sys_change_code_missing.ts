/**
 * sys.changeCode on a suspended GenServer whose callback module has no codeChange: the change fails with
 * {error, {'EXIT', {undef, Stack}}}, the state is kept and the server lives on.
 */
import { GenServer, sys } from '../../../runtime/index.ts';
import { str } from '../norm.ts';
import type { Scenario } from '../scenario.ts';

const MODULE = 'sys_change_code_missing';

/** The escript's callback module: no codeChange. */
const Server: GenServer.GenServerBehaviour<number, number> = {
  name: MODULE,
  init: (n) => ['ok', n],
  handleCall: (_req, _from, n) => ['reply', n, n],
  handleCast: (_msg, n) => ['noreply', n],
};

const scenario: Scenario = {
  name: 'sys_change_code_missing',
  area: 'sys',
  run: ({ norm, main }) =>
    main(async (self) => {
      norm.name(self.pid, 'test');
      const s = GenServer.okPid(await GenServer.start(Server, 7, { caller: self }));
      norm.name(s, 'server');
      await sys.suspend(s);
      norm.say('change_code without code_change/3', await sys.changeCode(s, MODULE, str('1'), 'extra'));
      norm.say('  state kept', await sys.getState(s));
      await sys.resume(s);
      norm.say('  server still serves', await GenServer.call(s, 'get', { caller: self }));
    }),
};
export default scenario;
