/** sys:get_status of a gen_server: anonymous and registered, suspended flag, with log on (Debug shown as its tags). */
import { GenServer, sys, tuple } from '../../../runtime/index.ts';
import type { Scenario } from '../scenario.ts';
import { counterServer, statusTerm } from './sys-helpers.ts';

const scenario: Scenario = {
  name: 'sys_get_status',
  area: 'sys',
  run: ({ norm, main }) =>
    main(async (self) => {
      const mod = counterServer('sys_get_status');
      const s = GenServer.okPid(await GenServer.start(mod, 7, { caller: self }));
      norm.name(s, 'server');
      norm.say('get_status (PDict sorted)', statusTerm(await sys.getStatus(s), norm));
      const n = GenServer.okPid(await GenServer.start(mod, 8, { name: 'golden_counter', caller: self }));
      norm.name(n, 'named');
      norm.say('registered (PDict sorted)', statusTerm(await sys.getStatus('golden_counter'), norm));
      await sys.suspend(s);
      const st = await sys.getStatus(s);
      norm.say('suspended flag', st.status);
      await sys.resume(s);
      await sys.log(s, true);
      GenServer.cast(s, tuple('add', 1), self);
      norm.say('with log on (Debug, an internal list, shown as its item tags)', statusTerm(await sys.getStatus(s), norm));
      const timed = await sys.getStatus(s, 1000);
      norm.say('get_status/2 with timeout', (statusTerm(timed, norm) as readonly unknown[])[0]);
    }),
};
export default scenario;
