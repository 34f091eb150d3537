/**
 * GenEvent.swapHandler: the old handler's terminate result goes to the new one's init([args2, result]);
 * a missing old handler gives 'error'; a new init that fails; swap_handler results from handleEvent and
 * handleCall (with the reply).
 */
import { GenEvent, tuple, type Pid } from '../../../runtime/index.ts';
import type { Scenario } from '../scenario.ts';
import { flushAll } from './process-helpers.ts';

type State = readonly [string, Pid];

const Handler: GenEvent.EventHandler<State, unknown, unknown> = {
  name: 'gen_event_swap',
  init(arg, self) {
    const a = arg as readonly unknown[];
    if (!isPair(a[0])) return ['ok', a as unknown as State];
    const [[id, me], t] = a as readonly [State, unknown];
    if (id === 'fail') return tuple('error', tuple('refused', t));
    self.send(me, tuple(id, 'init_from', t));
    return ['ok', tuple(id, me)];
  },
  handleEvent(e, [id, me], self) {
    if (Array.isArray(e) && e[0] === 'swap_to') return ['swap_handler', tuple('leaving', id), tuple(id, me), h(e[1] as string), tuple(e[1], me)];
    self.send(me, tuple(id, 'event', e));
    return ['ok', tuple(id, me)];
  },
  handleCall(req, [id, me]) {
    if (Array.isArray(req) && req[0] === 'swap_to') {
      const next = req[1] as string;
      return ['swap_handler', tuple('swapped_to', next), tuple('leaving', id), tuple(id, me), h(next), tuple(next, me)];
    }
    return ['ok', id, tuple(id, me)];
  },
  handleInfo: (_m, s) => ['ok', s],
  terminate(arg, [id, me], self) {
    self.send(me, tuple(id, 'terminate', arg));
    return tuple('state_of', id);
  },
};

function isPair(v: unknown): boolean {
  return Array.isArray(v) && v.length === 2;
}

function h(id: string) {
  return tuple(Handler, id);
}

const scenario: Scenario = {
  name: 'gen_event_swap',
  area: 'gen_event',
  run: ({ norm, main }) =>
    main(async (self) => {
      const caller = self;
      const me = self.pid;
      const m = GenEvent.okPid(await GenEvent.start({ caller }));
      norm.name(m, 'mgr');
      await GenEvent.addHandler(m, h('a'), tuple('a', me));
      norm.say('swap_handler a -> b', await GenEvent.swapHandler(m, [h('a'), 'to_b'], [h('b'), tuple('b', me)]));
      norm.say('  got', await flushAll(self));
      norm.say('  which_handlers', await GenEvent.whichHandlers(m));
      norm.say('swap a missing handler', await GenEvent.swapHandler(m, [h('zz'), 'x'], [h('c'), tuple('c', me)]));
      norm.say('  got', await flushAll(self));
      norm.say('  which_handlers', await GenEvent.whichHandlers(m));
      norm.say('swap to a handler whose init fails', await GenEvent.swapHandler(m, [h('c'), 'y'], [h('fail'), tuple('fail', me)]));
      norm.say('  got', await flushAll(self));
      norm.say('  which_handlers', await GenEvent.whichHandlers(m));
      await GenEvent.syncNotify(m, tuple('swap_to', 'd'));
      norm.say('{swap_handler, ...} from handle_event', await flushAll(self));
      norm.say('  which_handlers', await GenEvent.whichHandlers(m));
      norm.say('{swap_handler, Reply, ...} from handle_call', await GenEvent.call(m, h('d'), tuple('swap_to', 'e')));
      norm.say('  got', await flushAll(self));
      norm.say('  which_handlers', await GenEvent.whichHandlers(m));
      norm.say('  call e', await GenEvent.call(m, h('e'), 'id'));
      await GenEvent.stop(m);
      norm.say('stop', await flushAll(self));
    }),
};
export default scenario;
