/**
 * handleContinue: init's continue runs before any message (even ones queued during init), continues
 * chain, and a call/cast/info return can continue too.
 */
import { GenServer, tuple, type Pid } from '../../../runtime/index.ts';
import type { Scenario } from '../scenario.ts';

/** The server's state: the relay to tell, and what it handled, newest first. */
type State = readonly [Pid, readonly unknown[]];

const Server: GenServer.GenServerBehaviour<State, Pid> = {
  async init(test, self) {
    self.send(test, tuple('init', self.pid));
    await new Promise((r) => setTimeout(r, 50));
    return ['ok', [test, ['init']], ['continue', 'c1']];
  },
  handleContinue(c, [t, l]) {
    switch (c) {
      case 'c1':
        return ['noreply', [t, ['c1', ...l]], ['continue', 'c2']];
      case 'c2':
        return ['noreply', [t, ['c2', ...l]]];
      case 'from_cast':
        return ['noreply', [t, ['from_cast_continue', ...l]]];
      case 'from_info':
        return ['noreply', [t, ['from_info_continue', ...l]]];
    }
    throw new Error('function_clause');
  },
  handleCall: (_req, _from, s) => ['reply', [...s[1]].reverse(), s],
  handleCast: (c, [t, l]) => ['noreply', [t, [tuple('cast', c), ...l]], ['continue', 'from_cast']],
  handleInfo: (i, [t, l]) => ['noreply', [t, [tuple('info', i), ...l]], ['continue', 'from_info']],
};

const scenario: Scenario = {
  name: 'gen_server_continue',
  area: 'gen_server',
  run: ({ norm, main }) =>
    main(async (self) => {
      const me = self.pid;
      // a relay sends an info and a cast while init is still running, so both are queued before continue runs
      const relay = self.spawn(async (r) => {
        const m = (await r.receive((x) => Array.isArray(x) && x[0] === 'init')) as readonly [string, Pid];
        const p = m[1];
        r.send(p, 'early_info');
        GenServer.cast(p, 'early_cast', r);
        r.send(me, 'relayed');
      });
      self.register('golden_relay', relay);
      const s = GenServer.okPid(await GenServer.start(Server, self.runtime.whereis('golden_relay') as Pid, { caller: self }));
      norm.name(s, 'server');
      await self.receive((x) => x === 'relayed');
      self.send(s, 'later_info');
      norm.say('order of handling', await GenServer.call(s, 'log', { caller: self }));
    }),
};
export default scenario;
