/**
 * GenStatem in handle_event_function mode with state_enter: tuple states, enter calls (at start, on a change,
 * on repeat_state), next_event internal events before queued messages, reply actions, GenStatem.reply from a
 * later event, GenServer.call reaching a state machine.
 */
import { GenServer, GenStatem, sys, tuple, type From } from '../../../runtime/index.ts';
import type { Scenario } from '../scenario.ts';
import { flushAll } from './process-helpers.ts';

type State = readonly ['off' | 'on', number];
type Protocol = {
  call: { request: 'flip'; reply: unknown } | { request: 'log'; reply: unknown[] } | { request: 'later' | 'repeat' | 'same'; reply: unknown };
  cast: readonly ['steps', readonly string[]];
  info: unknown;
  internal: unknown;
};

const Machine: GenStatem.HandleEventStatem<State, unknown[], undefined, Protocol> = {
  name: 'gen_statem_handle_event',
  callbackMode: ['handle_event_function', 'state_enter'],
  init: () => ['ok', tuple('off', 0), []],
  handleEvent(e, [mode, n], log) {
    const st = tuple(mode, n);
    switch (e.type) {
      case 'enter':
        return ['keep_state', [tuple('enter', e.oldState, st), ...log]];
      case 'call':
        switch (e.content) {
          case 'flip':
            return mode === 'off'
              ? ['next_state', tuple('on', n + 1), log, [['reply', e.from, tuple('was', 'off')]]]
              : ['next_state', tuple('off', n + 1), log, [['reply', e.from, tuple('was', 'on')]]];
          case 'log':
            return ['keep_state', [], [['reply', e.from, [...log].reverse()]]];
          case 'later':
            return ['keep_state_and_data', [['next_event', 'internal', tuple('answer', e.from)]]];
          case 'repeat':
            return ['repeat_state', ['repeat', ...log], [['reply', e.from, 'ok']]];
          case 'same':
            return ['next_state', st, ['same', ...log], [['reply', e.from, 'ok']]];
        }
        break;
      case 'internal': {
        const c = e.content as readonly unknown[];
        if (Array.isArray(c) && c[0] === 'answer') {
          GenStatem.reply(c[1] as From, tuple('answered_in', st));
          return 'keep_state_and_data';
        }
        return ['keep_state', [tuple('internal', e.content), ...log]];
      }
      case 'cast':
        return ['keep_state', ['steps', ...log], e.content[1].map((x) => ['next_event', 'internal', x] as const)];
      case 'info':
        return ['keep_state', [tuple('info', e.content), ...log]];
    }
    throw new Error('function_clause');
  },
};

const scenario: Scenario = {
  name: 'gen_statem_handle_event',
  area: 'gen_statem',
  run: ({ norm, main }) =>
    main(async (self) => {
      const caller = self;
      const s = GenStatem.okPid(await GenStatem.start(Machine, undefined, { caller }));
      norm.name(s, 'statem');
      norm.say('state at start', await sys.getState(s));
      norm.say('flip', await GenStatem.call(s, 'flip', { caller }));
      norm.say('flip again (one reply action alone)', await GenStatem.call(s, 'flip', { caller }));
      norm.say('log (enter calls)', await GenStatem.call(s, 'log', { caller }));
      GenStatem.cast(s, tuple('steps', ['a', 'b', 'c']), self);
      self.send(s, 'hi');
      norm.say('next_event internal before the queued info', await GenStatem.call(s, 'log', { caller }));
      norm.say('reply from an internal event', await GenStatem.call(s, 'later', { caller }));
      norm.say('repeat_state', await GenStatem.call(s, 'repeat', { caller }));
      norm.say('next_state to the same state', await GenStatem.call(s, 'same', { caller }));
      norm.say('log (repeat_state calls enter; the same state does not)', await GenStatem.call(s, 'log', { caller }));
      norm.say('gen_server:call to a state machine', await GenServer.call(s, 'flip', { caller }));
      norm.say('state', await sys.getState(s));
      norm.say('stop', await GenStatem.stop(s));
      norm.say('mailbox', await flushAll(self));
    }),
};
export default scenario;
