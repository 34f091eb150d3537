/**
 * A GenStatem started with debug: ['trace', 'log'] (handle_event_function): the enter event, init's actions,
 * next_event, generic/event/zero timeouts, a postponed event retried on a state change, replies, sys.log's
 * events; a crash logs no terminate event.
 */
import { GenStatem, sys, tuple } from '../../../runtime/index.ts';
import type { Scenario } from '../scenario.ts';
import { reason, watch } from './process-helpers.ts';
import { logTerm } from './sys-helpers.ts';

type Protocol = { call: { request: 'get'; reply: unknown } | { request: 'crash'; reply: never }; cast: 'later'; internal: 'boot' };

const Machine: GenStatem.HandleEventStatem<'a' | 'b', number, null, Protocol> = {
  name: 'gen_statem_debug_start',
  callbackMode: 'handle_event_function',
  init: () => ['ok', 'a', 0, [[tuple('timeout', 'g'), 20, 'gt'], ['next_event', 'internal', 'boot']]],
  handleEvent(e, s, n, self) {
    if (e.type === 'internal') return ['keep_state', n + 1];
    if (e.type === 'generic_timeout') return ['next_state', 'b', n + 1, [['timeout', 0, 'zero']]];
    if (e.type === 'timeout') return 'keep_state_and_data';
    if (e.type === 'cast') return s === 'a' ? ['keep_state_and_data', 'postpone'] : ['keep_state', n + 10];
    if (e.type === 'call' && e.content === 'get') return ['keep_state_and_data', [['reply', e.from, tuple(s, n)]]];
    return self.exit('crashed');
  },
};

const scenario: Scenario = {
  name: 'gen_statem_debug_start',
  area: 'gen_statem',
  run: ({ norm, main, sleep, takeTrace, takeLogs }) =>
    main(async (self) => {
      const caller = self;
      const s = GenStatem.okPid(await GenStatem.start(Machine, null, { debug: ['trace', 'log'], caller }));
      norm.name(s, 'statem');
      GenStatem.cast(s, 'later', self);
      await sleep(60);
      const r = await GenStatem.call(s, 'get', { caller });
      const log = await sys.log(s, 'get');
      const w = watch(self, s);
      await GenStatem.call(s, 'crash', { caller }).catch(() => undefined);
      const why = await reason(self, w);
      await sleep(30);
      const t = takeTrace();
      norm.say('get', r);
      norm.say('log', (logTerm(log) as readonly unknown[])[1]);
      norm.say('crash', why);
      norm.sayText('trace output', t);
      takeLogs();
    }),
};
export default scenario;
