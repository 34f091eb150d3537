/**
 * Registered names: register/unregister/whereis results; badarg on a taken name, a second name, a dead pid,
 * undefined, unregister of an unknown name and a send to an unregistered name; sends to a dead pid succeed;
 * a name is freed when its process exits (normal or killed) and can be taken again.
 */
import { tuple, type Dest, type Pid, type Self } from '../../../runtime/index.ts';
import { tryOf } from '../norm.ts';
import type { Scenario } from '../scenario.ts';
import { awaitExit, flushAll, reason, watch } from './process-helpers.ts';

/** `waiter/0`: answers `{hello, From}` with `{got, hello}` until `stop`. */
async function waiter(self: Self): Promise<void> {
  for (;;) {
    const m = await self.receive((x) => x === 'stop' || (Array.isArray(x) && x[0] === 'hello'));
    if (m === 'stop') return;
    self.send((m as readonly [string, Pid])[1], tuple('got', 'hello'));
  }
}

const scenario: Scenario = {
  name: 'registry_names',
  area: 'processes',
  run: ({ norm, main, rt }) =>
    main(async (self) => {
      /** Erlang's `Dest ! Msg`: evaluates to Msg. */
      const bang = (dest: Dest, msg: unknown): unknown => {
        self.send(dest, msg);
        return msg;
      };
      /** `process_info(P, registered_name)`: `{registered_name, N}`, or `[]` without a name. */
      const regName = (p: Pid): unknown => {
        const n = rt.processInfo(p)?.registeredName;
        return n === null || n === undefined ? [] : tuple('registered_name', n);
      };
      const p = self.spawn(waiter);
      norm.name(p, 'p');
      norm.say('register', rt.register('reg_a', p));
      norm.say('whereis', rt.whereis('reg_a'));
      norm.say('registered() has it', rt.registered().includes('reg_a'));
      norm.say('process_info registered_name', regName(p));
      norm.say('register the taken name', await tryOf(() => self.register('reg_a')));
      norm.say('register a second name for the pid', await tryOf(() => rt.register('reg_b', p)));
      norm.say('whereis second name', rt.whereis('reg_b'));
      norm.say('register undefined', await tryOf(() => self.register('undefined')));
      norm.say('send to the name', await tryOf(() => bang('reg_a', tuple('hello', self.pid))));
      const got = await self.receive((x) => Array.isArray(x) && x[0] === 'got', 1000);
      norm.say('  reply', typeof got === 'symbol' ? 'none' : (got as readonly unknown[])[1]);
      norm.say('unregister (not the owner)', rt.unregister('reg_a'));
      norm.say('whereis after unregister', rt.whereis('reg_a'));
      norm.say('process_info after unregister', regName(p));
      norm.say('unregister unknown', await tryOf(() => rt.unregister('reg_a')));
      norm.say('send to an unregistered name', await tryOf(() => bang('reg_a', 'hi')));
      norm.say('whereis never registered', rt.whereis('never_registered'));
      const dead = self.spawn(() => undefined);
      norm.name(dead, 'dead');
      await awaitExit(self, dead);
      norm.say('register a dead pid', await tryOf(() => rt.register('reg_dead', dead)));
      norm.say('send to a dead pid', await tryOf(() => bang(dead, 'msg')));
      norm.say('register self', self.register('reg_me'));
      bang('reg_me', 'ping');
      const ping = await self.receive((x) => x === 'ping', 1000);
      norm.say('  self send by name', typeof ping === 'symbol' ? 'none' : ping);
      norm.say('unregister self', rt.unregister('reg_me'));
      // the name is freed when its process ends
      norm.say('register again', rt.register('reg_c', p));
      const w = watch(self, p);
      bang(p, 'stop');
      norm.say('  exit', await reason(self, w));
      norm.say('  whereis after normal exit', rt.whereis('reg_c'));
      norm.say('  registered() has it', rt.registered().includes('reg_c'));
      const q = self.spawn(waiter);
      norm.name(q, 'q');
      norm.say('freed name taken by another', rt.register('reg_c', q));
      norm.say('  whereis', rt.whereis('reg_c'));
      const wq = watch(self, q);
      self.exitSignal(q, 'kill');
      norm.say('  killed', await reason(self, wq));
      norm.say('  whereis after kill', rt.whereis('reg_c'));
      norm.say('  send to the name now', await tryOf(() => bang('reg_c', 'hi')));
      norm.say('mailbox', await flushAll(self));
    }),
};
export default scenario;
