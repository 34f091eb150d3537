/**
 * Bad debug flags to sys.log, sys.statistics and sys.trace: each answers 'unknown_debug' (OTP's answer, not
 * badarg), the server lives on, and a good flag still works afterwards. `{ n: … }` stands for OTP's `{true, N}`.
 */
import { GenServer, sys, tuple } from '../../../runtime/index.ts';
import type { Scenario } from '../scenario.ts';
import { counterServer, logTerm } from './sys-helpers.ts';

/** A flag the types refuse, sent as a caller from untyped code would. */
const bad = <T>(flag: unknown): T => flag as T;

const scenario: Scenario = {
  name: 'sys_bad_debug_flags',
  area: 'sys',
  run: ({ norm, main }) =>
    main(async (self) => {
      const s = GenServer.okPid(await GenServer.start(counterServer('sys_bad_debug_flags'), 7, { caller: self }));
      norm.name(s, 'server');
      norm.say('log {true, 0}', await sys.log(s, { n: 0 }));
      norm.say('log {true, -1}', await sys.log(s, { n: -1 }));
      norm.say('log {true, 1.5}', await sys.log(s, { n: 1.5 }));
      norm.say('log {true, foo}', await sys.log(s, bad({ n: 'foo' })));
      norm.say('log bogus', await sys.log(s, bad('bogus')));
      norm.say('statistics bogus', await sys.statistics(s, bad('bogus')));
      norm.say('trace bogus', await sys.trace(s, bad('bogus')));
      norm.say('alive', s.proc.runtime.isAlive(s));
      norm.say('log {true, 2}', await sys.log(s, { n: 2 }));
      GenServer.cast(s, tuple('add', 1), self);
      GenServer.cast(s, tuple('add', 2), self);
      GenServer.cast(s, tuple('add', 3), self);
      norm.say('log get (the last 2)', logTerm(await sys.log(s, 'get')));
    }),
};
export default scenario;
