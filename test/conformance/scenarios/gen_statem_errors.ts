/**
 * GenStatem starts and failures: init's returns, a bad callback mode, a bad return or action, a missing state
 * function, stop and stop_and_reply with terminate run, call timeout, calls to a dead machine, GenStatem.stop.
 */
import { ExitMessage, GenStatem, tuple, type Pid } from '../../../runtime/index.ts';
import type { Scenario } from '../scenario.ts';
import { tryOf } from '../norm.ts';
import { flushAll, reason, watch } from './process-helpers.ts';

type Arg = 'ok' | 'ignore' | 'stop' | 'bad' | 'exit' | readonly ['mode', string];
type Data = { readonly me: Pid | undefined; readonly n: number };

/** The escript's callback_mode/0 reads the process dictionary; here each machine's mode is kept by its pid. */
const modes = new Map<Pid, string>();
let current: Pid | undefined;

const Machine: GenStatem.StateFunctionsStatem<'ready' | 'nowhere', Data, readonly [Pid, Arg]> = {
  name: 'gen_statem_errors',
  callbackMode: () => ((current !== undefined ? modes.get(current) : undefined) ?? 'state_functions') as 'state_functions',
  init([me, arg], self) {
    current = self.pid;
    if (arg === 'ignore') return 'ignore';
    if (arg === 'stop') return ['stop', 'nope'];
    if (arg === 'bad') return tuple('what', 'ever') as never;
    if (arg === 'exit') self.exit('init_exit');
    if (Array.isArray(arg)) modes.set(self.pid, arg[1]);
    return ['ok', 'ready', { me, n: 0 }];
  },
  states: {
    ready(e: GenStatem.StatemEvent | GenStatem.EnterEvent<string>, d: Data): unknown {
      if (e.type === 'call') {
        const q = e.content;
        if (q === 'garbage') return tuple('what', 'ever') as never;
        if (q === 'bad_action') return ['keep_state_and_data', [tuple('bogus', 1) as never]];
        if (q === 'nowhere') return ['next_state', 'nowhere', d, [['reply', e.from, 'ok']]];
        if (q === 'slow') return new Promise((r) => setTimeout(() => r(['keep_state_and_data', [['reply', e.from, 'late']]]), 200));
        if (q === 'ping') return ['keep_state_and_data', [['reply', e.from, 'pong']]];
        const [tag, r] = q as readonly [string, unknown];
        if (tag === 'stop') return ['stop', r, { ...d, n: d.n + 1 }];
        if (tag === 'stop_and_reply') return ['stop_and_reply', r, [['reply', e.from, 'bye']], { ...d, n: d.n + 2 }];
      }
      return 'keep_state_and_data';
    },
  } as unknown as GenStatem.StateFunctionsStatem<'ready' | 'nowhere', Data, readonly [Pid, Arg]>['states'],
  terminate(r, s, d, self) {
    if (d?.me !== undefined) self.send(d.me, tuple('terminate', r, s, d.n));
  },
};

const scenario: Scenario = {
  name: 'gen_statem_errors',
  area: 'gen_statem',
  run: ({ norm, main, takeLogs }) =>
    main(async (self) => {
      const caller = self;
      const start = (arg: Arg) => GenStatem.start(Machine, tuple(self.pid, arg), { caller });
      const crash = async (req: unknown): Promise<unknown> => {
        const s = GenStatem.okPid(await start('ok'));
        norm.name(s, 'statem');
        const w = watch(self, s);
        const c = await tryOf(() => GenStatem.call(s, req, { caller }));
        return tuple(c, await reason(self, w), await flushAll(self));
      };
      norm.say('init ignore', await start('ignore'));
      norm.say('init {stop, R}', await start('stop'));
      norm.say('init bad return', await start('bad'));
      norm.say('init exit', await start('exit'));
      self.trapExit(true);
      const b = GenStatem.okPid(await GenStatem.startLink(Machine, tuple(self.pid, tuple('mode', 'bogus')), { caller }));
      norm.name(b, 'bad_mode');
      norm.say('bad callback mode: start_link', 'ok');
      const exit = (await self.receive((m) => m instanceof ExitMessage && m.from === b)) as ExitMessage;
      norm.say('  then', tuple(exit.reason, await flushAll(self)));
      self.trapExit(false);
      norm.say('bad return from a state function', await crash('garbage'));
      norm.say('bad action', await crash('bad_action'));
      const s1 = GenStatem.okPid(await start('ok'));
      norm.name(s1, 's1');
      const w1 = watch(self, s1);
      norm.say('state without a function', tuple(await GenStatem.call(s1, 'nowhere', { caller }), await tryOf(() => GenStatem.call(s1, 'ping', { caller }))));
      norm.say('  exit', await reason(self, w1));
      norm.say('{stop, R, D}', await crash(tuple('stop', 'shutdown')));
      norm.say('stop_and_reply', await crash(tuple('stop_and_reply', 'normal')));
      const s2 = GenStatem.okPid(await start('ok'));
      norm.name(s2, 's2');
      norm.say('call timeout', await tryOf(() => GenStatem.call(s2, 'slow', { timeout: 50, caller })));
      norm.say('  still serves', await GenStatem.call(s2, 'ping', { caller }));
      norm.say('  late reply', await flushAll(self));
      norm.say('stop', await GenStatem.stop(s2));
      norm.say('  terminate', await flushAll(self));
      norm.say('call a dead machine', await tryOf(() => GenStatem.call(s2, 'ping', { caller })));
      norm.say('stop a dead machine', await tryOf(() => GenStatem.stop(s2)));
      norm.say('cast to a dead machine', GenStatem.cast(s2, 'x', self));
      const s3 = GenStatem.okPid(await start('ok'));
      norm.name(s3, 's3');
      norm.say('stop with a reason', await GenStatem.stop(s3, tuple('shutdown', 'done'), Infinity));
      norm.say('  terminate', await flushAll(self));
      takeLogs();
    }),
};
export default scenario;
