/**
 * sys on a GenStatem: get_state/replace_state as `[state, data]`, get_status, suspend/resume, statistics,
 * log, change_code while suspended, sys.terminate running terminate.
 */
import { GenStatem, sys, tuple, type Pid } from '../../../runtime/index.ts';
import type { Scenario } from '../scenario.ts';
import { tryOf } from '../norm.ts';
import { flushAll } from './process-helpers.ts';
import { logTerm, statusTerm } from './sys-helpers.ts';

type Data = readonly [Pid, unknown];
type Protocol = { call: { request: 'get'; reply: unknown }; cast: readonly ['add', number] | readonly ['goto', unknown] };

const Machine: GenStatem.HandleEventStatem<unknown, Data, Pid, Protocol> = {
  name: 'gen_statem_sys',
  callbackMode: 'handle_event_function',
  init: (me) => ['ok', 'idle', tuple(me, 0)],
  handleEvent(e, s, [me, n]) {
    if (e.type === 'call') return ['keep_state_and_data', [['reply', e.from, tuple(s, n)]]];
    if (e.type === 'cast' && e.content[0] === 'add') return ['keep_state', tuple(me, (n as number) + e.content[1])];
    if (e.type === 'cast' && e.content[0] === 'goto') return ['next_state', e.content[1], tuple(me, n)];
    throw new Error('function_clause');
  },
  terminate(r, s, [me, n], self) {
    self.send(me, tuple('terminate', r, s, n));
  },
  codeChange: (old, s, [me, n], extra) => tuple('ok', tuple('upgraded', s), tuple(me, tuple(old, n, extra))),
};

const scenario: Scenario = {
  name: 'gen_statem_sys',
  area: 'gen_statem',
  run: ({ norm, main }) =>
    main(async (self) => {
      const caller = self;
      const s = GenStatem.okPid(await GenStatem.start(Machine, self.pid, { caller }));
      norm.name(s, 'statem');
      norm.say('get_state', await sys.getState(s));
      norm.say('replace_state', await sys.replaceState(s, (st: readonly [unknown, Data]) => tuple(st[0], tuple(st[1][0], (st[1][1] as number) * 10 + 1))));
      norm.say('  call', await GenStatem.call(s, 'get', { caller }));
      const status = statusTerm(await sys.getStatus(s), norm) as readonly [string, Pid, unknown, readonly unknown[]];
      const [, sysState, parent, dbg, misc] = status[3];
      norm.say('get_status', tuple(status[2], sysState, parent, dbg, misc));
      await sys.suspend(s);
      GenStatem.cast(s, tuple('add', 1), self);
      norm.say('call while suspended', await tryOf(() => GenStatem.call(s, 'get', { timeout: 50, caller })));
      norm.say('  get_state while suspended', await sys.getState(s));
      await sys.resume(s);
      norm.say('after resume', await GenStatem.call(s, 'get', { caller }));
      await sys.statistics(s, true);
      GenStatem.cast(s, tuple('add', 1), self);
      await GenStatem.call(s, 'get', { caller });
      const stats = await sys.statistics(s, 'get');
      norm.say('statistics in/out', stats === 'no_statistics' ? stats : tuple(tuple('messages_in', stats.messagesIn), tuple('messages_out', stats.messagesOut)));
      await sys.log(s, true);
      GenStatem.cast(s, tuple('goto', 'busy'), self);
      await GenStatem.call(s, 'get', { caller });
      norm.say('log', logTerm(await sys.log(s, 'get')));
      await sys.suspend(s);
      norm.say('change_code', await sys.changeCode(s, 'gen_statem_sys', 'v1', 'extra'));
      await sys.resume(s);
      norm.say('  state', await sys.getState(s));
      norm.say('sys:terminate', await sys.terminate(s, 'normal'));
      norm.say('  terminate', await flushAll(self));
    }),
};
export default scenario;
