/** sys:get_state / sys:replace_state on a gen_server, including a replace fun that raises (the server keeps its old state and lives). */
import { GenServer, ProcessExit, isAlive, sys, tuple } from '../../../runtime/index.ts';
import { tryOf } from '../norm.ts';
import type { Scenario } from '../scenario.ts';
import { counterServer, flushAll } from './sys-helpers.ts';

const scenario: Scenario = {
  name: 'sys_get_replace_state',
  area: 'sys',
  run: ({ norm, main }) =>
    main(async (self) => {
      const s = GenServer.okPid(await GenServer.start(counterServer('sys_get_replace_state'), 0, { caller: self }));
      norm.name(s, 'server');
      norm.say('get_state', await sys.getState(s));
      GenServer.cast(s, tuple('add', 5), self);
      norm.say('get_state after cast', await sys.getState(s));
      norm.say('get_state/2 with timeout', await sys.getState(s, 1000));
      norm.say('replace_state(x10) returns', await sys.replaceState(s, (x: number) => x * 10));
      norm.say('get_state', await sys.getState(s));
      norm.say(
        'replace_state fun errors',
        await tryOf(() =>
          sys.replaceState(s, () => {
            throw new Error('boom');
          }),
        ),
      );
      norm.say(
        'replace_state fun throws',
        await tryOf(() =>
          sys.replaceState(s, () => {
            throw 'ball';
          }),
        ),
      );
      norm.say(
        'replace_state fun exits',
        await tryOf(() =>
          sys.replaceState(s, () => {
            throw new ProcessExit('bye');
          }),
        ),
      );
      norm.say('alive, state unchanged', tuple(isAlive(s), await sys.getState(s)));
      norm.say('replace_state to any term', await sys.replaceState(s, () => tuple('any', 'term')));
      norm.say('call sees replaced state', await GenServer.call(s, 'get', { caller: self }));
      norm.say('replace_state/3 with timeout', await sys.replaceState(s, () => 1, 1000));
      norm.say('messages', await flushAll(self));
    }),
};
export default scenario;
