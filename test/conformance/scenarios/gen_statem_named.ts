/**
 * A GenStatem started under a local name, `{ global: name }` and `{ via: Global, name }`: already_started,
 * call/cast/stop by name, the name in get_status's header and trace lines, a failing init freeing a global
 * name, a call to a stopped name (noproc naming the name).
 */
import { GenStatem, Global, sys, tuple, type ServerName } from '../../../runtime/index.ts';
import type { Scenario } from '../scenario.ts';
import { str, tryOf } from '../norm.ts';
import { flushAll } from './process-helpers.ts';

type Protocol = { call: { request: 'get'; reply: unknown }; cast: readonly ['add', number] };

const Machine: GenStatem.HandleEventStatem<'idle', number, number | 'fail', Protocol> = {
  name: 'gen_statem_named',
  callbackMode: 'handle_event_function',
  init: (n) => (n === 'fail' ? ['stop', 'failed'] : ['ok', 'idle', n]),
  handleEvent(e, s, n) {
    if (e.type === 'call') return ['keep_state_and_data', [['reply', e.from, tuple(s, n)]]];
    if (e.type === 'cast') return ['keep_state', n + e.content[1]];
    return 'keep_state_and_data';
  },
};

const scenario: Scenario = {
  name: 'gen_statem_named',
  area: 'gen_statem',
  run: ({ norm, main, sleep, takeTrace }) =>
    main(async (self) => {
      const caller = self;
      const names: readonly [unknown, ServerName][] = [
        [tuple('local', 'golden_sm'), 'golden_sm'],
        [tuple('global', 'golden_gsm'), { global: 'golden_gsm' }],
        [tuple('via', 'global', 'golden_vsm'), { via: Global, name: 'golden_vsm' }],
      ];
      for (const [reg, name] of names) {
        const s = GenStatem.okPid(await GenStatem.start(Machine, 1, { name, caller }));
        norm.name(s, 'statem');
        norm.say('start', reg);
        norm.say('  again', await GenStatem.start(Machine, 1, { name, caller }));
        norm.say('  cast and call by name', tuple(GenStatem.cast(name, tuple('add', 2), self), await GenStatem.call(name, 'get', { caller })));
        const header = ((await sys.getStatus(name)).misc as readonly (readonly [string, string])[])[0]?.[1] ?? '';
        norm.say('  get_status header', str(norm.normText(header)));
        takeTrace();
        await sys.trace(name, true);
        await GenStatem.call(name, 'get', { caller });
        await sys.trace(name, false);
        await sleep(30);
        norm.sayText('  trace', takeTrace());
        norm.say('  stop by name', await GenStatem.stop(name));
        norm.say('  call the stopped name', await tryOf(() => GenStatem.call(name, 'get', { caller })));
      }
      norm.say('init fails under a global name', await GenStatem.start(Machine, 'fail', { name: { global: 'golden_gsm' }, caller }));
      norm.say('  whereis', Global.whereisName('golden_gsm') ?? 'undefined');
      norm.say('mailbox', await flushAll(self));
    }),
};
export default scenario;
