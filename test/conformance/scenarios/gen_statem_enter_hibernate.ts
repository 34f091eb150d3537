/**
 * GenStatem state enter calls with actions (a state timeout set on entry, a reply, hibernate) and their
 * limits (no state change, no postpone); hibernate actions; a system message wakes the machine and it sleeps again.
 */
import { GenStatem, processInfo, sys, tuple, type From, type Pid } from '../../../runtime/index.ts';
import type { Scenario } from '../scenario.ts';
import { tryOf } from '../norm.ts';
import { flushAll, reason, watch } from './process-helpers.ts';

type Protocol = { call: { request: readonly ['goto', unknown] | 'reply_on_entry' | 'sleep' | 'get'; reply: unknown }; cast: never };

const Machine: GenStatem.HandleEventStatem<unknown, Pid, Pid, Protocol> = {
  name: 'gen_statem_enter_hibernate',
  callbackMode: ['handle_event_function', 'state_enter'],
  init: (me) => ['ok', 'start', me, ['hibernate']],
  handleEvent(e, state, me, self) {
    if (e.type === 'enter') {
      if (state === 'timed') {
        self.send(me, tuple('entered', 'timed', 'from', e.oldState));
        return ['keep_state_and_data', [['state_timeout', 30, 'entry_timer']]];
      }
      if (state === 'sleepy') return ['keep_state_and_data', ['hibernate']];
      if (Array.isArray(state) && state[0] === 'replying') return ['keep_state_and_data', [['reply', state[1] as From, 'replied_on_entry']]];
      if (state === 'bad_enter') return tuple('next_state', 'elsewhere', me);
      if (state === 'bad_postpone') return ['keep_state_and_data', ['postpone' as never]];
      return 'keep_state_and_data';
    }
    if (e.type === 'call') {
      const q = e.content;
      if (Array.isArray(q)) return ['next_state', q[1], me, [['reply', e.from, 'ok']]];
      if (q === 'reply_on_entry') return ['next_state', tuple('replying', e.from), me];
      if (q === 'sleep') return ['keep_state_and_data', [['reply', e.from, 'ok'], 'hibernate']];
      return ['keep_state_and_data', [['reply', e.from, state]]];
    }
    if (e.type === 'state_timeout') {
      self.send(me, tuple('state_timeout', e.content, state));
      return 'keep_state_and_data';
    }
    throw new Error('function_clause');
  },
};

/** The escript's hib/1. */
function hib(s: Pid): unknown {
  return tuple('hibernating', processInfo(s)?.hibernating === true);
}

const scenario: Scenario = {
  name: 'gen_statem_enter_hibernate',
  area: 'gen_statem',
  run: ({ norm, main, sleep, takeLogs }) =>
    main(async (self) => {
      const caller = self;
      const s = GenStatem.okPid(await GenStatem.start(Machine, self.pid, { caller }));
      norm.name(s, 'statem');
      await sleep(20);
      norm.say('after init [hibernate]', hib(s));
      norm.say('call wakes it', await GenStatem.call(s, tuple('goto', 'timed'), { caller }));
      await sleep(60);
      norm.say('enter timed: a state timeout set on entry', await flushAll(self));
      norm.say('now', hib(s));
      await GenStatem.call(s, 'sleep', { caller });
      await sleep(20);
      norm.say('after [{reply,..}, hibernate]', hib(s));
      norm.say('sys:get_state while hibernating', await sys.getState(s));
      norm.say('after the system message', hib(s));
      await GenStatem.call(s, tuple('goto', 'sleepy'), { caller });
      await sleep(20);
      norm.say('hibernate from an enter call', hib(s));
      norm.say('reply from an enter call', await GenStatem.call(s, 'reply_on_entry', { caller }));
      norm.say('state', await GenStatem.call(s, 'get', { caller }));
      const w = watch(self, s);
      norm.say('an enter call that changes state', await tryOf(() => GenStatem.call(s, tuple('goto', 'bad_enter'), { caller })));
      norm.say('  exit', await reason(self, w));
      const s2 = GenStatem.okPid(await GenStatem.start(Machine, self.pid, { caller }));
      norm.name(s2, 'statem2');
      const w2 = watch(self, s2);
      norm.say('an enter call that postpones', await tryOf(() => GenStatem.call(s2, tuple('goto', 'bad_postpone'), { caller })));
      norm.say('  exit', await reason(self, w2));
      norm.say('mailbox', await flushAll(self));
      takeLogs();
    }),
};
export default scenario;
