/**
 * GenEvent.addSupHandler: the owner gets ['gen_event_EXIT', handler, reason] when the handler goes (normal,
 * ['EXIT', r], ['swapped', new, pid], shutdown); a plain handler sends none; the owner's death removes its
 * handler with terminate(['stop', reason]).
 */
import { GenEvent, processInfo, tuple, type Pid } from '../../../runtime/index.ts';
import type { Scenario } from '../scenario.ts';
import { flushAll } from './process-helpers.ts';

type State = readonly [string, Pid];

const Handler: GenEvent.EventHandler<State, unknown, unknown> = {
  name: 'gen_event_sup_handler',
  init(arg) {
    const a = arg as readonly unknown[];
    // a swapped-in handler gets [args2, terminateResult]
    const [id, me] = (Array.isArray(a[0]) ? a[0] : a) as State;
    return ['ok', tuple(id, me)];
  },
  handleEvent(e, s, self) {
    if (e === 'crash') self.exit('boom');
    return ['ok', s];
  },
  handleCall: () => ['remove_handler', 'removed'],
  handleInfo: (_m, s) => ['ok', s],
  terminate(arg, [id, me], self) {
    self.send(me, tuple(id, 'terminate', arg));
    return id;
  },
};

const h = (id: string) => tuple(Handler, id);

const scenario: Scenario = {
  name: 'gen_event_sup_handler',
  area: 'gen_event',
  run: ({ norm, main, sleep }) =>
    main(async (self) => {
      const caller = self;
      const me = self.pid;
      const m = GenEvent.okPid(await GenEvent.start({ caller }));
      norm.name(m, 'mgr');
      norm.say('add_sup_handler', await GenEvent.addSupHandler(m, h('s1'), tuple('s1', me), self));
      norm.say('  linked', processInfo(me)?.links.includes(m) ?? false);
      norm.say('delete_handler', await GenEvent.deleteHandler(m, h('s1'), 'bye'));
      norm.say('  got', await flushAll(self));
      await GenEvent.addSupHandler(m, h('s2'), tuple('s2', me), self);
      norm.say('remove_handler from a call', await GenEvent.call(m, h('s2'), 'remove'));
      norm.say('  got', await flushAll(self));
      await GenEvent.addSupHandler(m, h('s3'), tuple('s3', me), self);
      await GenEvent.addHandler(m, h('p'), tuple('p', me));
      await GenEvent.syncNotify(m, 'crash');
      norm.say('a crash (sup handler, then plain handler)', await flushAll(self));
      norm.say('  which_handlers', await GenEvent.whichHandlers(m));
      await GenEvent.addSupHandler(m, h('s4'), tuple('s4', me), self);
      norm.say('swap_sup_handler', await GenEvent.swapSupHandler(m, [h('s4'), 'swap'], [h('s5'), tuple('s5', me)], self));
      norm.say('  got', await flushAll(self));
      norm.say('  which_handlers', await GenEvent.whichHandlers(m));
      const owner = self.spawn(async (o) => {
        await GenEvent.addSupHandler(m, h('o'), tuple('o', me), o);
        o.send(me, 'added');
        await o.receive((x) => x === 'stop');
        o.exit('owner_gone');
      });
      norm.name(owner, 'owner');
      await self.receive((x) => x === 'added');
      norm.say("owner's handler", await GenEvent.whichHandlers(m));
      self.send(owner, 'stop');
      await sleep(30);
      norm.say('the owner dies', await flushAll(self));
      norm.say('  which_handlers', await GenEvent.whichHandlers(m));
      norm.say('stop', await GenEvent.stop(m));
      norm.say('  got', await flushAll(self));
    }),
};
export default scenario;
