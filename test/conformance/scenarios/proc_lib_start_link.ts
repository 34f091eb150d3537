/** proc_lib start_link + initAck: the acked value is returned; the child records ancestors and its initial call; start does not link. */
import { procLib, processInfo, tuple, type Pid, type Self } from '../../../runtime/index.ts';
import type { Scenario } from '../scenario.ts';

/** Erlang `init(Parent, Tag)`: acks {ok, self(), Tag}, waits for stop. */
async function init(self: Self, _parent: Pid, tag: string): Promise<void> {
  procLib.initAck(self, tuple('ok', self.pid, tag));
  await self.receive((m) => m === 'stop');
}

/** Erlang `init_plain(Parent)`: acks {ok, self()}, tells the parent when stopped. */
async function initPlain(self: Self, parent: Pid): Promise<void> {
  procLib.initAck(self, tuple('ok', self.pid));
  await self.receive((m) => m === 'stop');
  self.send(parent, 'stopped');
}

const scenario: Scenario = {
  name: 'proc_lib_start_link',
  area: 'proc_lib',
  run: ({ norm, main }) =>
    main(async (self) => {
      const me = self.pid;
      const started = (await procLib.startLink((s) => init(s, me, 'hello'), {
        caller: self,
        initialCall: 'proc_lib_start_link:init/2',
      })) as readonly [string, Pid, string];
      const p = started[1];
      norm.name(p, 'child');
      norm.say('start_link returned', tuple('ok', p, started[2]));
      norm.say('linked', (processInfo(self.pid)?.links ?? []).includes(p));
      const info = processInfo(p);
      norm.say('$ancestors', info?.ancestors);
      norm.say('$initial_call', info?.initialCall);
      norm.say('proc_lib:initial_call', procLib.initialCall(p));
      norm.say('proc_lib:translate_initial_call', procLib.initialCall(p));
      norm.say('erlang initial_call', tuple('initial_call', info?.initialCall));
      self.send(p, 'stop');
      const [, p2] = (await procLib.start((s) => initPlain(s, me), {
        caller: self,
        initialCall: 'proc_lib_start_link:init_plain/1',
      })) as readonly [string, Pid];
      norm.name(p2, 'unlinked_child');
      norm.say('start/3 linked', (processInfo(self.pid)?.links ?? []).includes(p2));
      // grandchild: ancestors list parent first
      const mid = procLib.spawn(async (s) => {
        const [, g] = (await procLib.start((sg) => initPlain(sg, s.pid), {
          caller: s,
          initialCall: 'proc_lib_start_link:init_plain/1',
        })) as readonly [string, Pid];
        s.send(me, tuple('g', g));
        await s.receive((m) => m === 'stop');
      }, { caller: self });
      norm.name(mid, 'middle');
      const gm = (await self.receive((m) => Array.isArray(m) && m[0] === 'g')) as readonly [string, Pid];
      norm.name(gm[1], 'grandchild');
      norm.say('grandchild $ancestors', processInfo(gm[1])?.ancestors);
      norm.say('proc_lib:spawn $initial_call (fun)', processInfo(mid)?.initialCall);
      self.send(p2, 'stop');
      await self.receive((m) => m === 'stopped');
      norm.say('stopped', 'ok');
    }),
};
export default scenario;
