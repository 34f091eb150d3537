/**
 * Debug events of a gen_statem (state_functions, state_enter) seen by sys.install and sys.trace: in, out,
 * state change, postpone, state timeout, consume, terminate; state enter calls make no event.
 */
import { GenStatem, sys, tuple, type DebugEvent, type From } from '../../../runtime/index.ts';
import type { Scenario } from '../scenario.ts';
import { flushAll } from './process-helpers.ts';

type State = 'idle' | 'busy';

const Machine: GenStatem.StateFunctionsStatem<State, number> = {
  name: 'gen_statem_debug_events',
  callbackMode: ['state_functions', 'state_enter'],
  init: () => ['ok', 'idle', 0],
  states: {
    idle(e, d) {
      if (e.type === 'enter') return ['keep_state', d];
      if (e.type === 'call' && e.content === 'go') return ['next_state', 'busy', d + 1, [['reply', e.from, 'going'], ['state_timeout', 10, 'tick']]];
      if (e.type === 'cast' && e.content === 'ping') return ['keep_state', d, ['postpone']];
      if (e.type === 'info') return 'keep_state_and_data';
      throw new Error('function_clause');
    },
    busy(e, d) {
      if (e.type === 'enter' && e.oldState === 'idle') return ['keep_state', d];
      if (e.type === 'state_timeout' && e.content === 'tick') return ['next_state', 'idle', d];
      if (e.type === 'cast' && e.content === 'ping') return ['keep_state', d + 10];
      if (e.type === 'call' && e.content === 'stop') return ['stop_and_reply', 'normal', [['reply', e.from as From, 'stopped']], d];
      throw new Error('function_clause');
    },
  },
  terminate: () => 'ok',
};

const scenario: Scenario = {
  name: 'gen_statem_debug_events',
  area: 'gen_statem',
  run: ({ norm, main, sleep, takeTrace }) =>
    main(async (self) => {
      const me = self.pid;
      const s = GenStatem.okPid(await GenStatem.start(Machine, undefined, { caller: self }));
      norm.name(s, 'statem');
      takeTrace();
      await sys.install(s, (st: unknown, ev: DebugEvent) => {
        self.runtime.send(me, tuple('ev', ev));
        return st;
      }, 'x');
      await sys.trace(s, true);
      const events = async (): Promise<unknown[]> =>
        (await flushAll(self)).filter((m) => Array.isArray(m) && m[0] === 'ev').map((m) => (m as readonly unknown[])[1]);
      GenStatem.cast(s, 'ping', self);
      await sys.getState(s);
      norm.say('cast postponed in idle', await events());
      norm.say('call go', await GenStatem.call(s, 'go', { caller: self }));
      await sleep(40);
      norm.say('  events (reply, enter busy, replayed postponed cast, state_timeout)', await events());
      self.send(s, 'hello');
      await sys.getState(s);
      norm.say('info', await events());
      norm.say('get_state', await sys.getState(s));
      await GenStatem.call(s, 'go', { caller: self });
      norm.say('call stop', await GenStatem.call(s, 'stop', { caller: self }));
      await sleep(20);
      norm.say('  events', await events());
      await sleep(30);
      norm.sayText('trace output', takeTrace());
    }),
};
export default scenario;
