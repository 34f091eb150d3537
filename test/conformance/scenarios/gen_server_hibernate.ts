/**
 * 'hibernate' in a return: the server sleeps, keeps its state, wakes for the next message, and goes
 * back to sleep after answering a sys request.
 */
import { GenServer, processInfo, sys, tuple, type Pid } from '../../../runtime/index.ts';
import type { Scenario } from '../scenario.ts';

const Server: GenServer.GenServerBehaviour<number, number> = {
  init: (s) => ['ok', s, 'hibernate'],
  handleCall(req, _from, s) {
    if (req === 'get') return ['reply', s, s];
    return ['reply', 'ok', s, 'hibernate'];
  },
  handleCast: (msg, s) => ['noreply', s + (msg as readonly [string, number])[1], 'hibernate'],
  handleInfo: (_msg, s) => ['noreply', s],
};

/** The escript's hib/1: {hibernating, Bool} from process_info. */
function hib(s: Pid): unknown {
  return tuple('hibernating', processInfo(s)?.hibernating === true);
}

const scenario: Scenario = {
  name: 'gen_server_hibernate',
  area: 'gen_server',
  run: ({ norm, main, sleep }) =>
    main(async (self) => {
      const caller = self;
      const s = GenServer.okPid(await GenServer.start(Server, 1, { caller }));
      norm.name(s, 'server');
      await sleep(20);
      norm.say('after init hibernate', hib(s));
      norm.say('call wakes it', await GenServer.call(s, 'get', { caller }));
      norm.say('now', hib(s));
      GenServer.cast(s, tuple('add', 2), self);
      await sleep(20);
      norm.say('after {noreply,S,hibernate}', hib(s));
      norm.say('sys:get_state while hibernating', await sys.getState(s));
      norm.say('after the system message', hib(s));
      await GenServer.call(s, 'sleep', { caller });
      await sleep(20);
      norm.say('after {reply,ok,S,hibernate}', hib(s));
      norm.say('state', await GenServer.call(s, 'get', { caller }));
    }),
};
export default scenario;
