/**
 * sys:change_code on a gen_server: refused unless suspended; codeChange(oldVsn, state, extra) runs in the
 * server and its ['ok', newState] replaces the state; ['error', R], a throw and a bad return leave the state;
 * messages queued while suspended are handled after resume, with the new state.
 */
import { GenServer, ProcessExit, send, sys, tuple, type Tuple } from '../../../runtime/index.ts';
import { str } from '../norm.ts';
import type { Scenario } from '../scenario.ts';
import { flushAll } from './process-helpers.ts';

const MODULE = 'sys_change_code';
type State = Tuple<[unknown, readonly unknown[]]>;

/** The escript's callback module. */
const Server: GenServer.GenServerBehaviour<State, State> = {
  name: MODULE,
  init: (s) => ['ok', s],
  handleCall: (_req, _from, s) => ['reply', s, s],
  handleCast: (msg, [v, log]) => ['noreply', tuple(v, [...log, (msg as readonly unknown[])[1]])],
  handleInfo: (_msg, s) => ['noreply', s],
  codeChange(old, s, extra) {
    send('golden_test', tuple('code_change', old, s, extra));
    if (Array.isArray(extra) && extra[0] === 'fail') return tuple('error', extra[1]);
    if (extra === 'crash') throw new Error('boom');
    if (extra === 'exit_now') throw new ProcessExit('gone');
    if (extra === 'bad_return') return 'what' as never;
    return ['ok', tuple(tuple(s[0], old, extra), s[1])];
  },
};

const scenario: Scenario = {
  name: 'sys_change_code',
  area: 'sys',
  run: ({ norm, main }) =>
    main(async (self) => {
      norm.name(self.pid, 'test');
      self.register('golden_test');
      const caller = self;
      const s = GenServer.okPid(await GenServer.start(Server, tuple('v1', []), { caller }));
      norm.name(s, 'server');
      norm.say('change_code while running', await sys.changeCode(s, MODULE, str('1'), 'upgrade'));
      norm.say('suspend', await sys.suspend(s));
      GenServer.cast(s, tuple('note', 'a'), self);
      GenServer.cast(s, tuple('note', 'b'), self);
      norm.say('change_code while suspended', await sys.changeCode(s, MODULE, str('1'), 'upgrade'));
      norm.say('  get_state (suspended)', await sys.getState(s));
      norm.say('  callbacks seen', await flushAll(self));
      norm.say('change_code returning {error, R}', await sys.changeCode(s, MODULE, str('2'), tuple('fail', 'nope')));
      norm.say('  state kept', await sys.getState(s));
      norm.say('change_code raising error', await sys.changeCode(s, MODULE, str('2'), 'crash'));
      norm.say('  state kept', await sys.getState(s));
      norm.say('change_code raising exit', await sys.changeCode(s, MODULE, str('2'), 'exit_now'));
      norm.say('  state kept', await sys.getState(s));
      norm.say('change_code with a bad return', await sys.changeCode(s, MODULE, str('2'), 'bad_return'));
      norm.say('  state kept', await sys.getState(s));
      norm.say('  server alive', self.runtime.isAlive(s));
      norm.say('downgrade (OldVsn {down, V}) with a timeout', await sys.changeCode(s, MODULE, tuple('down', str('2')), 'downgrade', 1000));
      norm.say('  get_state', await sys.getState(s));
      norm.say('  status', (await sys.getStatus(s)).status);
      norm.say('resume', await sys.resume(s));
      norm.say('state after the queued casts ran', await GenServer.call(s, 'get', { caller }));
      norm.say('callbacks seen', await flushAll(self));
      norm.say('change_code after resume', await sys.changeCode(s, MODULE, str('3'), 'upgrade'));
    }),
};
export default scenario;
