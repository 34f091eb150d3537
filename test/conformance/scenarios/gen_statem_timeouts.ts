/**
 * GenStatem timeouts: event timeouts (cancelled by any event), state timeouts (cancelled by a state change),
 * generic timeouts by name (cancelled by neither), cancel, update, 0 ms, Infinity cancels, the last of a type
 * wins, a bare time; get_status lists the running ones.
 */
import { GenStatem, sys, tuple, type Pid } from '../../../runtime/index.ts';
import type { Scenario } from '../scenario.ts';
import { str } from '../norm.ts';
import { flushAll, flushNow } from './process-helpers.ts';

type Protocol = {
  call: { request: readonly ['arm', readonly GenStatem.Action<Protocol>[]] | readonly ['goto', string]; reply: 'ok' };
  cast: 'poke';
};

const Machine: GenStatem.HandleEventStatem<string, Pid, Pid, Protocol> = {
  name: 'gen_statem_timeouts',
  callbackMode: 'handle_event_function',
  init: (me) => ['ok', 'idle', me],
  handleEvent(e, state, me, self) {
    if (e.type === 'call' && e.content[0] === 'arm') return ['keep_state_and_data', [['reply', e.from, 'ok'], ...e.content[1]]];
    if (e.type === 'call' && e.content[0] === 'goto') return ['next_state', e.content[1], me, [['reply', e.from, 'ok']]];
    if (e.type === 'cast' || e.type === 'enter') return 'keep_state_and_data';
    const type = e.type === 'generic_timeout' ? tuple('timeout', e.name) : e.type;
    self.send(me, tuple('fired', type, e.content, state));
    return 'keep_state_and_data';
  },
};

const scenario: Scenario = {
  name: 'gen_statem_timeouts',
  area: 'gen_statem',
  run: ({ norm, main, sleep }) =>
    main(async (self) => {
      const caller = self;
      const s = GenStatem.okPid(await GenStatem.start(Machine, self.pid, { caller }));
      norm.name(s, 'statem');
      const arm = (...a: GenStatem.Action<Protocol>[]): Promise<'ok'> => GenStatem.call(s, tuple('arm', a), { caller });
      const g = (name: string) => tuple('timeout', name);
      await arm(['timeout', 30, 't1']);
      await sleep(60);
      norm.say('event timeout, no event', await flushNow(self));
      await arm(['timeout', 30, 't2']);
      GenStatem.cast(s, 'poke', self);
      await sleep(60);
      norm.say('event timeout, then an event', await flushNow(self));
      await arm(['state_timeout', 30, 'st1']);
      GenStatem.cast(s, 'poke', self);
      await sleep(60);
      norm.say('state timeout, then an event', await flushNow(self));
      await arm(['state_timeout', 30, 'st2']);
      await GenStatem.call(s, tuple('goto', 'busy'), { caller });
      await sleep(60);
      norm.say('state timeout, then a state change', await flushNow(self));
      await arm([g('g1'), 30, 'c1'], [g('g2'), 40, 'c2']);
      await GenStatem.call(s, tuple('goto', 'idle'), { caller });
      GenStatem.cast(s, 'poke', self);
      await sleep(80);
      norm.say('generic timeouts, a state change and an event', await flushNow(self));
      await arm([g('g1'), 30, 'c1']);
      await arm([g('g1'), 'cancel']);
      await sleep(60);
      norm.say('generic timeout cancelled', await flushNow(self));
      await arm([g('g1'), 30, 'c1']);
      await arm([g('g1'), 'update', 'c9']);
      await sleep(60);
      norm.say('generic timeout updated', await flushNow(self));
      await arm([g('g3'), 'update', 'now']);
      await sleep(20);
      norm.say('update of one not running', await flushNow(self));
      await arm(['timeout', 0, 'zero']);
      await sleep(20);
      norm.say('event timeout 0', await flushNow(self));
      await arm(['state_timeout', 0, 'szero'], [g('g4'), 0, 'gzero']);
      await sleep(20);
      norm.say('zero timeouts in order', await flushNow(self));
      await arm(['timeout', 30, 'a'], ['timeout', 40, 'b']);
      await sleep(70);
      norm.say('the last of a type wins', await flushNow(self));
      await arm(['state_timeout', 30, 's1']);
      await arm(['state_timeout', Infinity, 's2']);
      await sleep(60);
      norm.say('state timeout infinity cancels', await flushNow(self));
      await arm(['timeout', 25, 'num']);
      await arm(30);
      await sleep(60);
      norm.say('a bare time is an event timeout', await flushNow(self));
      await arm([g('g5'), 1000, 'c5'], ['state_timeout', 1000, 's5']);
      const st = await sys.getStatus(s);
      const data = (st.misc as readonly (readonly [string, readonly (readonly [string, unknown])[]])[]).filter((m) => m[0] === 'data')[0]?.[1] ?? [];
      const item = data.find((kv) => kv[0] === 'Time-outs');
      norm.say('get_status Time-outs', item === undefined ? false : tuple(str('Time-outs'), item[1]));
      norm.say('stop', await GenStatem.stop(s));
      norm.say('mailbox', await flushAll(self));
    }),
};
export default scenario;
