/**
 * GenStatem postpone: postponed casts and infos wait for a state change and are retried oldest first;
 * keep_state, repeat_state and next_state to the same state retry nothing; get_status shows them.
 */
import { GenStatem, sys, tuple } from '../../../runtime/index.ts';
import type { Scenario } from '../scenario.ts';
import { str } from '../norm.ts';

type State = 'locked' | 'open';
type Protocol = {
  call: { request: 'unlock' | 'lock' | 'repeat' | 'same'; reply: 'ok' } | { request: 'get'; reply: unknown };
  cast: readonly ['push' | 'relock_on', number];
  info: unknown;
};

const Machine: GenStatem.StateFunctionsStatem<State, unknown[], undefined, Protocol> = {
  name: 'gen_statem_postpone',
  callbackMode: 'state_functions',
  init: () => ['ok', 'locked', []],
  states: {
    locked(e, l) {
      if (e.type === 'call') {
        if (e.content === 'unlock') return ['next_state', 'open', l, [['reply', e.from, 'ok']]];
        if (e.content === 'get') return ['keep_state_and_data', [['reply', e.from, tuple('locked', [...l].reverse())]]];
        if (e.content === 'repeat') return ['repeat_state_and_data', [['reply', e.from, 'ok']]];
        if (e.content === 'same') return ['next_state', 'locked', l, [['reply', e.from, 'ok']]];
      }
      if (e.type === 'cast') return ['keep_state_and_data', ['postpone']];
      if (e.type === 'info') return ['keep_state', l, 'postpone'];
      throw new Error('function_clause');
    },
    open(e, l) {
      if (e.type === 'call') {
        if (e.content === 'lock') return ['next_state', 'locked', l, [['reply', e.from, 'ok']]];
        if (e.content === 'get') return ['keep_state_and_data', [['reply', e.from, tuple('open', [...l].reverse())]]];
      }
      if (e.type === 'cast' && e.content[0] === 'push') return ['keep_state', [e.content[1], ...l]];
      if (e.type === 'cast' && e.content[0] === 'relock_on') return ['next_state', 'locked', [tuple('relock', e.content[1]), ...l]];
      if (e.type === 'info') return ['keep_state', [tuple('info', e.content), ...l]];
      throw new Error('function_clause');
    },
  },
};

const scenario: Scenario = {
  name: 'gen_statem_postpone',
  area: 'gen_statem',
  run: ({ norm, main }) =>
    main(async (self) => {
      const caller = self;
      const s = GenStatem.okPid(await GenStatem.start(Machine, undefined, { caller }));
      norm.name(s, 'statem');
      const call = (q: 'unlock' | 'lock' | 'repeat' | 'same' | 'get'): Promise<unknown> => GenStatem.call(s, q, { caller });
      GenStatem.cast(s, tuple('push', 1), self);
      GenStatem.cast(s, tuple('push', 2), self);
      self.send(s, 'a');
      norm.say('locked', await call('get'));
      const st = await sys.getStatus(s);
      const data = (st.misc as readonly (readonly [string, readonly (readonly [string, unknown])[]])[]).filter((m) => m[0] === 'data')[0]?.[1] ?? [];
      const item = data.find((kv) => kv[0] === 'Postponed');
      norm.say('get_status Postponed', item === undefined ? false : tuple(str('Postponed'), item[1]));
      await call('repeat');
      await call('same');
      norm.say('after repeat_state and next_state to the same state', await call('get'));
      await call('unlock');
      norm.say('unlocked: retried oldest first', await call('get'));
      await call('lock');
      GenStatem.cast(s, tuple('push', 3), self);
      GenStatem.cast(s, tuple('relock_on', 4), self);
      GenStatem.cast(s, tuple('push', 5), self);
      await call('unlock');
      norm.say('a retried event that locks again postpones the rest again', await call('get'));
      await call('unlock');
      norm.say('unlocked again', await call('get'));
      norm.say('stop', await GenStatem.stop(s));
    }),
};
export default scenario;
