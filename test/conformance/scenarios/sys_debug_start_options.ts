/** gen_server:start(..., [{debug, Opts}]): trace/log/statistics/install/log_to_file active from init; what is seen. */
import { GenServer, sys, tuple, type DebugFun } from '../../../runtime/index.ts';
import { tryOf } from '../norm.ts';
import type { Scenario } from '../scenario.ts';
import { counterServer, flushAll, logTerm } from './sys-helpers.ts';

const scenario: Scenario = {
  name: 'sys_debug_start_options',
  area: 'sys',
  run: ({ norm, main, takeTrace, takeLogs, settle }) =>
    main(async (self) => {
      const me = self.pid;
      const mod = counterServer('sys_debug_start_options');
      takeTrace();
      const s = GenServer.okPid(await GenServer.start(mod, 0, { debug: ['trace'], caller: self }));
      norm.name(s, 'server');
      await GenServer.call(s, 'get', { caller: self });
      GenServer.cast(s, tuple('add', 1), self);
      await sys.getState(s);
      await settle();
      norm.sayText('{debug,[trace]}', takeTrace());
      const s2 = GenServer.okPid(await GenServer.start(mod, 0, { debug: ['log', 'statistics'], caller: self }));
      norm.name(s2, 'server2');
      GenServer.cast(s2, tuple('add', 1), self);
      norm.say('{debug,[log]} log get', logTerm(await sys.log(s2, 'get')));
      const st = await sys.statistics(s2, 'get');
      norm.say('{debug,[statistics]} in/out', st === 'no_statistics' ? st : tuple(st.messagesIn, st.messagesOut));
      const inst: DebugFun = (x, e) => {
        self.runtime.send(me, tuple('inst', x, e));
        return (x as number) + 1;
      };
      const s3 = GenServer.okPid(await GenServer.start(mod, 0, { debug: [['install', inst, 0]], caller: self }));
      norm.name(s3, 'server3');
      GenServer.cast(s3, tuple('add', 1), self);
      await sys.getState(s3);
      norm.say('{debug,[{install,...}]} events', await flushAll(self));
      const s4 = GenServer.okPid(await GenServer.start(mod, 0, { debug: [['log', 2]], caller: self }));
      norm.name(s4, 'server4');
      for (let i = 0; i < 3; i++) GenServer.cast(s4, tuple('add', 1), self);
      norm.say('{debug,[{log,2}]} log get', logTerm(await sys.log(s4, 'get')));
      await settle();
      takeLogs();
      const bogus = ['bogus'] as unknown as readonly sys.DebugOption[];
      norm.say('unknown debug option', await tryOf(() => GenServer.start(mod, 0, { debug: bogus, caller: self })));
      await settle();
      norm.say('  logged', takeLogs());
    }),
};
export default scenario;
