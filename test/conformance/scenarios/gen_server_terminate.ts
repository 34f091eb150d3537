/**
 * When terminate runs: a trapping server whose parent dies (with the parent's reason), not when it does
 * not trap, not when killed; an EXIT from a non-parent is handleInfo; stop returns.
 */
import { GenServer, sys, tuple, type Pid, type Self } from '../../../runtime/index.ts';
import type { Norm } from '../norm.ts';
import type { Scenario } from '../scenario.ts';
import { flushAll, reason, watch } from './process-helpers.ts';

const Server: GenServer.GenServerBehaviour<boolean, boolean> = {
  init(trap, self) {
    self.trapExit(trap);
    return ['ok', trap];
  },
  handleCall: (req, _from, s) => ['stop', (req as readonly [string, unknown])[1], 'stopping', s],
  handleCast: (msg, s) => ['stop', (msg as readonly [string, unknown])[1], s],
  handleInfo(msg, s, self) {
    self.send('golden_test', tuple('handle_info', msg));
    return ['noreply', s];
  },
  terminate(r, _s, self) {
    self.send('golden_test', tuple('terminate', r));
    return 'ok';
  },
};

/** Starts the server from an intermediate "parent" process, then makes the parent exit with `why`. */
async function parentDies(self: Self, norm: Norm, trap: boolean, why: string): Promise<unknown> {
  const me = self.pid;
  const parent = self.spawn(async (p) => {
    const s = GenServer.okPid(await GenServer.startLink(Server, trap, { caller: p }));
    p.send(me, tuple('srv', s));
    await p.receive((x) => x === 'die');
    p.exit(why);
  });
  const [, s] = (await self.receive((x) => Array.isArray(x) && x[0] === 'srv')) as readonly [string, Pid];
  norm.name(parent, 'parent');
  norm.name(s, 'server');
  const w = watch(self, s);
  self.send(parent, 'die');
  const r = await reason(self, w);
  return tuple(await flushAll(self), r);
}

const scenario: Scenario = {
  name: 'gen_server_terminate',
  area: 'gen_server',
  run: ({ norm, main, takeLogs, settle }) =>
    main(async (self) => {
      const caller = self;
      self.register('golden_test');
      norm.say('trapping, parent exits shutdown: messages, server exit', await parentDies(self, norm, true, 'shutdown'));
      norm.say('trapping, parent exits boom', await parentDies(self, norm, true, 'boom'));
      norm.say('trapping, parent exits normal', await parentDies(self, norm, true, 'normal'));
      norm.say('not trapping, parent exits shutdown', await parentDies(self, norm, false, 'shutdown'));
      const s = GenServer.okPid(await GenServer.start(Server, true, { caller }));
      norm.name(s, 'trapping_server');
      const w = watch(self, s);
      self.exitSignal(s, 'kill');
      const kr = await reason(self, w);
      norm.say('killed: messages, exit', tuple(await flushAll(self), kr));
      const s2 = GenServer.okPid(await GenServer.start(Server, true, { caller }));
      norm.name(s2, 'server2');
      const x = self.spawn(async (me) => {
        await me.receive((m) => m === 'go');
        me.exit('bye');
      });
      norm.name(x, 'non_parent');
      // the fun runs in the server (sys:replace_state): the server links itself to X
      await sys.replaceState(s2, (st) => {
        (self.runtime.current as Self).link(x);
        return st;
      });
      self.send(x, 'go');
      await settle();
      norm.say('EXIT from a linked non-parent while trapping', await flushAll(self));
      norm.say('  alive', self.runtime.isAlive(s2));
      const w2 = watch(self, s2);
      self.exitSignal(s2, 'custom');
      norm.say('exit(S, custom) from non-parent, trapping: messages', await flushAll(self));
      norm.say('  alive', self.runtime.isAlive(s2));
      norm.say('call {stop,normal,Reply,S}', await GenServer.call(s2, tuple('stop', 'normal'), { caller }));
      const r2 = await reason(self, w2);
      norm.say('  messages, exit', tuple(await flushAll(self), r2));
      const s3 = GenServer.okPid(await GenServer.start(Server, false, { caller }));
      norm.name(s3, 'server3');
      const w3 = watch(self, s3);
      GenServer.cast(s3, tuple('stop', tuple('shutdown', 'done')), self);
      const r3 = await reason(self, w3);
      norm.say('cast {stop,{shutdown,done},S}', tuple(await flushAll(self), r3));
      await settle();
      norm.say(
        'logged',
        takeLogs().map((l) => tuple(l.level, tuple(...l.label.split(':')))),
      );
    }),
};
export default scenario;
