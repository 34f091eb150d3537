/**
 * GenEvent: addHandler (ok, the same id again, init errors), whichHandlers (newest first), notify/syncNotify/
 * plain messages to every handler in order, call to one handler (unknown: bad_module), remove_handler from a
 * call, deleteHandler (terminate's result), stop; a named manager; a dead manager.
 */
import { GenEvent, tuple, type Pid } from '../../../runtime/index.ts';
import type { Scenario } from '../scenario.ts';
import { tryOf } from '../norm.ts';
import { flushAll } from './process-helpers.ts';

type State = readonly [string, Pid, readonly unknown[]];

const Handler: GenEvent.EventHandler<State, unknown, readonly [string, Pid | 'fail' | 'crash']> = {
  name: 'gen_event_basics',
  init([id, me], self) {
    if (me === 'fail') return tuple('error', 'nope');
    if (me === 'crash') self.exit('init_crash');
    return ['ok', tuple(id, me, [])];
  },
  handleEvent(e, [id, me, l], self) {
    self.send(me, tuple(id, 'event', e));
    return ['ok', tuple(id, me, [e, ...l])];
  },
  handleCall(req, s) {
    if (req === 'get') return ['ok', [...s[2]].reverse(), s];
    return ['remove_handler', tuple('removed', s[0])];
  },
  handleInfo(i, s, self) {
    self.send(s[1], tuple(s[0], 'info', i));
    return ['ok', s];
  },
  terminate(arg, [id, me, l], self) {
    self.send(me, tuple(id, 'terminate', arg));
    return tuple('final', id, l.length);
  },
};

const h = (id: string) => tuple(Handler, id);

const scenario: Scenario = {
  name: 'gen_event_basics',
  area: 'gen_event',
  run: ({ norm, main }) =>
    main(async (self) => {
      const caller = self;
      const me = self.pid;
      const m = GenEvent.okPid(await GenEvent.start({ caller }));
      norm.name(m, 'mgr');
      norm.say('add_handler a', await GenEvent.addHandler(m, h('a'), tuple('a', me)));
      norm.say('add_handler b', await GenEvent.addHandler(m, h('b'), tuple('b', me)));
      norm.say('add_handler a again', await GenEvent.addHandler(m, h('a'), tuple('a', me)));
      norm.say('init returns {error, R}', await GenEvent.addHandler(m, h('c'), tuple('c', 'fail')));
      norm.say('init exits', await GenEvent.addHandler(m, h('c'), tuple('c', 'crash')));
      norm.say('which_handlers', await GenEvent.whichHandlers(m));
      norm.say('notify', GenEvent.notify(m, 'e1'));
      norm.say('sync_notify', await GenEvent.syncNotify(m, 'e2'));
      self.send(m, 'hello');
      norm.say('  handlers got', await flushAll(self));
      norm.say('call a', await GenEvent.call(m, h('a'), 'get'));
      norm.say('call an unknown handler', await GenEvent.call(m, h('x'), 'get'));
      norm.say('call remove_handler', await GenEvent.call(m, h('a'), 'remove'));
      norm.say('  terminate', await flushAll(self));
      norm.say('delete_handler b', await GenEvent.deleteHandler(m, h('b'), 'bye'));
      norm.say('  terminate', await flushAll(self));
      norm.say('delete an unknown handler', await GenEvent.deleteHandler(m, h('b'), 'bye'));
      norm.say('which_handlers', await GenEvent.whichHandlers(m));
      norm.say('notify with no handler', await GenEvent.syncNotify(m, 'e3'));
      await GenEvent.addHandler(m, h('d'), tuple('d', me));
      norm.say('stop', await GenEvent.stop(m));
      norm.say('  terminate', await flushAll(self));
      const n = GenEvent.okPid(await GenEvent.start({ name: 'golden_events', caller }));
      norm.name(n, 'named');
      await GenEvent.addHandler('golden_events', h('n'), tuple('n', me));
      norm.say('by name', tuple(GenEvent.notify('golden_events', 'x'), await GenEvent.syncNotify('golden_events', 'y'), await GenEvent.whichHandlers('golden_events')));
      norm.say('  got', await flushAll(self));
      norm.say('start the name again', await GenEvent.start({ name: 'golden_events', caller }));
      await GenEvent.stop('golden_events');
      await flushAll(self);
      norm.say('notify a dead manager', GenEvent.notify(m, 'x'));
      norm.say('sync_notify a dead manager', await tryOf(() => GenEvent.syncNotify(m, 'x')));
      norm.say('which_handlers of a dead manager', await tryOf(() => GenEvent.whichHandlers(m)));
      norm.say('mailbox', await flushAll(self));
    }),
};
export default scenario;
