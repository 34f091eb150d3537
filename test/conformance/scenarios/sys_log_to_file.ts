/** sys:log_to_file writes *DBG* text to a file until turned off; an unopenable path gives {error, open_file}. */
import { readFileSync, rmSync } from 'node:fs';
import { GenServer, isAlive, sys, tuple } from '../../../runtime/index.ts';
import type { Scenario } from '../scenario.ts';
import { counterServer } from './sys-helpers.ts';

const scenario: Scenario = {
  name: 'sys_log_to_file',
  area: 'sys',
  run: ({ norm, main }) =>
    main(async (self) => {
      const s = GenServer.okPid(await GenServer.start(counterServer('sys_log_to_file'), 0, { name: 'golden_counter', caller: self }));
      norm.name(s, 'server');
      const f = `/tmp/golden_sys_log_to_file.${process.pid}`;
      norm.say('log_to_file', await sys.logToFile(s, f));
      await GenServer.call(s, 'get', { caller: self });
      GenServer.cast(s, tuple('add', 2), self);
      self.send(s, 'hello');
      await sys.getState(s);
      norm.say('log_to_file false', await sys.logToFile(s, false));
      GenServer.cast(s, tuple('add', 3), self);
      await sys.getState(s);
      norm.sayText('file', readFileSync(f, 'utf8'));
      rmSync(f, { force: true });
      norm.say('bad path', await sys.logToFile(s, '/nonexistent-dir/x/y.log'));
      norm.say('server alive', isAlive(s));
    }),
};
export default scenario;
