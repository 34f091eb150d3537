/** sys:trace prints each debug event as *DBG* text to the server's output; off again prints nothing; a named server shows its name. */
import { GenServer, sys, tuple } from '../../../runtime/index.ts';
import type { Scenario } from '../scenario.ts';
import { counterServer } from './sys-helpers.ts';

const scenario: Scenario = {
  name: 'sys_trace',
  area: 'sys',
  run: ({ norm, main, takeTrace, settle }) =>
    main(async (self) => {
      const mod = counterServer('sys_trace');
      const s = GenServer.okPid(await GenServer.start(mod, 0, { caller: self }));
      norm.name(s, 'server');
      takeTrace();
      norm.say('trace true', await sys.trace(s, true));
      await GenServer.call(s, 'get', { caller: self });
      GenServer.cast(s, tuple('add', 2), self);
      self.send(s, tuple('hello', 'text', [1, 2]));
      await sys.getState(s);
      await settle();
      norm.sayText('anonymous server', takeTrace());
      norm.say('trace false', await sys.trace(s, false));
      GenServer.cast(s, tuple('add', 2), self);
      await sys.getState(s);
      await settle();
      norm.sayText('after trace false', takeTrace());
      const n = GenServer.okPid(await GenServer.start(mod, 0, { name: 'golden_counter', caller: self }));
      norm.name(n, 'named');
      await sys.trace('golden_counter', true);
      await GenServer.call('golden_counter', tuple('add', 1), { caller: self });
      GenServer.cast('golden_counter', tuple('add', 1), self);
      self.send('golden_counter', 'hi');
      await GenServer.stop('golden_counter');
      await settle();
      norm.sayText('registered server, then stop', takeTrace());
    }),
};
export default scenario;
