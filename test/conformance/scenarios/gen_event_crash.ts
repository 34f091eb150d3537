/**
 * GenEvent handler failures: a handler that crashes in handleEvent, handleInfo or handleCall, or returns
 * garbage, is removed (terminate gets ['error', ['EXIT', r]] or ['error', bad]) while the others and the
 * manager go on; a crashing call answers ['error', ['EXIT', r]]; a terminate that crashes on deleteHandler.
 */
import { GenEvent, tuple, type Pid } from '../../../runtime/index.ts';
import type { Scenario } from '../scenario.ts';
import { flushAll } from './process-helpers.ts';

type State = readonly [string, Pid];

const Handler: GenEvent.EventHandler<State, unknown, State> = {
  name: 'gen_event_crash',
  init: (s) => ['ok', s],
  handleEvent(e, s, self) {
    const [id, me] = s;
    if (Array.isArray(e) && e[1] === id && e[0] === 'crash') self.exit(tuple('crashed', id));
    if (Array.isArray(e) && e[1] === id && e[0] === 'garbage') return tuple('what', 'ever') as never;
    self.send(me, tuple(id, 'event', e));
    return ['ok', s];
  },
  handleCall(req, s, self) {
    if (req === 'crash') self.exit(tuple('call_crash', s[0]));
    return ['ok', s[0], s];
  },
  handleInfo(i, s, self) {
    const [id, me] = s;
    if (Array.isArray(i) && i[0] === 'crash' && i[1] === id) self.exit(tuple('info_crash', id));
    self.send(me, tuple(id, 'info', i));
    return ['ok', s];
  },
  terminate(arg, [id, me], self) {
    if (arg === 'crash_me') self.exit('terminate_crash');
    self.send(me, tuple(id, 'terminate', arg));
    return 'ok';
  },
};

const h = (id: string) => tuple(Handler, id);

const scenario: Scenario = {
  name: 'gen_event_crash',
  area: 'gen_event',
  run: ({ norm, main, takeLogs }) =>
    main(async (self) => {
      const caller = self;
      const me = self.pid;
      const m = GenEvent.okPid(await GenEvent.start({ caller }));
      norm.name(m, 'mgr');
      for (const id of ['a', 'b', 'c', 'd', 'e']) await GenEvent.addHandler(m, h(id), tuple(id, me));
      await GenEvent.syncNotify(m, tuple('crash', 'b'));
      norm.say('b crashes in handle_event', await flushAll(self));
      await GenEvent.syncNotify(m, tuple('garbage', 'c'));
      norm.say('c returns garbage', await flushAll(self));
      self.send(m, tuple('crash', 'd'));
      await GenEvent.whichHandlers(m);
      norm.say('d crashes in handle_info', await flushAll(self));
      norm.say('which_handlers', await GenEvent.whichHandlers(m));
      norm.say('a call that crashes', await GenEvent.call(m, h('e'), 'crash'));
      norm.say('  got', await flushAll(self));
      norm.say('which_handlers', await GenEvent.whichHandlers(m));
      norm.say('delete with a terminate that crashes', await GenEvent.deleteHandler(m, h('a'), 'crash_me'));
      norm.say('which_handlers', await GenEvent.whichHandlers(m));
      norm.say('manager alive', self.runtime.processInfo(m) !== undefined);
      takeLogs();
      await GenEvent.stop(m);
    }),
};
export default scenario;
