/**
 * sys on a GenEvent manager: trace lines for notify, call and a plain message; sys.log's in events;
 * get_state as [{Module, Id, State}]; replace_state per handler; suspend/resume.
 */
import { GenEvent, sys, tuple } from '../../../runtime/index.ts';
import type { Scenario } from '../scenario.ts';
import { logTerm } from './sys-helpers.ts';

const Handler: GenEvent.EventHandler<number, unknown, number> = {
  name: 'gen_event_debug',
  init: (n) => ['ok', n],
  handleEvent: (_e, n) => ['ok', n + 1],
  handleCall: (_q, n) => ['ok', n, n],
  handleInfo: (_m, n) => ['ok', n + 100],
};

const scenario: Scenario = {
  name: 'gen_event_debug',
  area: 'gen_event',
  run: ({ norm, main, sleep, takeTrace }) =>
    main(async (self) => {
      const caller = self;
      const m = GenEvent.okPid(await GenEvent.start({ name: 'golden_mgr', caller }));
      norm.name(m, 'mgr');
      const a = tuple(Handler, 'a');
      await GenEvent.addHandler(m, a, 0, self);
      await sys.log(m, true);
      await GenEvent.syncNotify(m, 'ev1', self);
      takeTrace();
      await sys.trace(m, true);
      GenEvent.notify(m, 'ev2', self);
      norm.say('call', await GenEvent.call(m, a, 'get', { caller }));
      self.send(m, 'hello');
      norm.say('get_state', await sys.getState(m));
      norm.say('replace_state', await sys.replaceState(m, (st: readonly [string, unknown, number]) => tuple(st[0], st[1], st[2] * 2)));
      await sys.suspend(m);
      GenEvent.notify(m, 'ev3', self);
      norm.say('get_state while suspended', await sys.getState(m));
      await sys.resume(m);
      norm.say('call after resume', await GenEvent.call(m, a, 'get', { caller }));
      norm.say('log', (logTerm(await sys.log(m, 'get')) as readonly unknown[])[1]);
      await sleep(30);
      norm.sayText('trace output', takeTrace());
      await GenEvent.stop(m);
    }),
};
export default scenario;
