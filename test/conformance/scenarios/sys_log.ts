/** sys:log: get/true/{true,N}/print/false on a gen_server; the last N events are kept, oldest first. */
import { GenServer, sys, tuple } from '../../../runtime/index.ts';
import type { Scenario } from '../scenario.ts';
import { counterServer, logTerm } from './sys-helpers.ts';

const scenario: Scenario = {
  name: 'sys_log',
  area: 'sys',
  run: ({ norm, main, takeTrace, settle }) =>
    main(async (self) => {
      const s = GenServer.okPid(await GenServer.start(counterServer('sys_log'), 0, { caller: self }));
      norm.name(s, 'server');
      takeTrace();
      norm.say('get when off', logTerm(await sys.log(s, 'get')));
      norm.say('log true', await sys.log(s, true));
      await GenServer.call(s, 'get', { caller: self });
      GenServer.cast(s, tuple('add', 2), self);
      self.send(s, 'hello');
      norm.say('get', logTerm(await sys.log(s, 'get')));
      for (let i = 1; i <= 6; i++) GenServer.cast(s, tuple('add', 1), self);
      const l = await sys.log(s, 'get');
      norm.say('after 18 events, kept', l.length);
      norm.say('oldest kept', l[0]);
      norm.say('log {true,3}', await sys.log(s, { n: 3 }));
      norm.say('get right after {true,3}', logTerm(await sys.log(s, 'get')));
      GenServer.cast(s, tuple('add', 1), self);
      self.send(s, 'a');
      self.send(s, 'b');
      norm.say('get (N=3)', logTerm(await sys.log(s, 'get')));
      norm.say('print', await sys.log(s, 'print'));
      await settle();
      norm.sayText('printed by the server', takeTrace());
      norm.say('log false', await sys.log(s, false));
      norm.say('get after false', logTerm(await sys.log(s, 'get')));
      norm.say('print when off', await sys.log(s, 'print'));
      await settle();
      norm.sayText('printed when off', takeTrace());
    }),
};
export default scenario;
