/**
 * Every debug event a GenServer hands to sys (seen by a sys.install fun): call/reply, cast, info, DOWN,
 * EXIT, deferred reply, continue, timeout, hibernate, stop.
 */
import { From, GenServer, send, sys, tuple, type DebugEvent, type Pid, type Self } from '../../../runtime/index.ts';
import { tryOf } from '../norm.ts';
import type { Scenario } from '../scenario.ts';

const isTagged = (x: unknown, tag: string): x is readonly [string, unknown] => Array.isArray(x) && x[0] === tag;

const Server: GenServer.GenServerBehaviour<number, number> = {
  init(s, self) {
    self.trapExit(true);
    return ['ok', s];
  },
  handleCall(req, from, s, self) {
    if (req === 'get') return ['reply', s, s];
    if (req === 'defer') {
      self.send(self.pid, tuple('deferred', from));
      return ['noreply', s];
    }
    if (req === 'continue') return ['reply', 'ok', s, ['continue', 'more']];
    if (req === 'timeout') return ['reply', 'ok', s, 10];
    if (req === 'hibernate') return ['reply', 'ok', s, 'hibernate'];
    if (isTagged(req, 'stop')) return ['stop', req[1], 'stopped', s];
    if (isTagged(req, 'stop_noreply')) return ['stop', req[1], s];
    throw new Error('function_clause');
  },
  handleCast(msg, s, self) {
    if (isTagged(msg, 'add')) return ['noreply', s + (msg[1] as number)];
    if (isTagged(msg, 'monitor')) {
      self.monitor(msg[1] as Pid);
      return ['noreply', s];
    }
    if (isTagged(msg, 'link')) {
      self.link(msg[1] as Pid);
      return ['noreply', s];
    }
    if (msg === 'noreply_timeout') return ['noreply', s, 10];
    if (isTagged(msg, 'stop')) return ['stop', msg[1], s];
    throw new Error('function_clause');
  },
  handleInfo(msg, s) {
    if (isTagged(msg, 'deferred')) {
      GenServer.reply(msg[1] as From, 'deferred_reply');
      return ['noreply', s];
    }
    if (msg === 'timeout') return ['noreply', s + 100];
    if (msg instanceof Object && 'type' in msg && msg.type === 'DOWN') return ['noreply', s + 1000];
    if (msg instanceof Object && 'type' in msg && msg.type === 'EXIT') return ['noreply', s + 10000];
    return ['noreply', s];
  },
  handleContinue(c, s) {
    if (c === 'more') return ['noreply', s + 1, ['continue', 'again']];
    return ['noreply', s + 1];
  },
  terminate: () => 'ok',
};

/** The escript's events/0: the {ev, E} messages (flush_all waits 50 ms for stragglers). */
async function events(self: Self): Promise<unknown[]> {
  const out: unknown[] = [];
  for (;;) {
    const m = await self.receive(null, 50);
    if (typeof m === 'symbol') return out;
    if (isTagged(m, 'ev')) out.push(m[1]);
  }
}

const scenario: Scenario = {
  name: 'gen_server_debug_events',
  area: 'gen_server',
  run: ({ norm, main, sleep }) =>
    main(async (self) => {
      const caller = self;
      const me = self.pid;
      const reportTo = (st: unknown, ev: DebugEvent): unknown => {
        send(me, tuple('ev', ev));
        return st;
      };
      const startInstalled = async (name: string): Promise<GenServer.Server> => {
        const s = GenServer.okPid(await GenServer.start(Server, 0, { caller }));
        norm.name(s, name);
        await sys.install(s, reportTo, 'x');
        return s;
      };
      const s = await startInstalled('server');
      norm.say('call get', await GenServer.call(s, 'get', { caller }));
      norm.say('  events', await events(self));
      GenServer.cast(s, tuple('add', 5), self);
      norm.say('cast', 'ok');
      norm.say('  events', await events(self));
      self.send(s, 'hello');
      norm.say('plain message', 'ok');
      norm.say('  events', await events(self));
      norm.say('call with deferred reply', await GenServer.call(s, 'defer', { caller }));
      norm.say('  events', await events(self));
      norm.say('call -> {reply,ok,S,{continue,more}}', await GenServer.call(s, 'continue', { caller }));
      norm.say('  events', await events(self));
      const child = () =>
        self.spawn(async (c) => {
          await c.receive((x) => x === 'go');
          c.exit('bye');
        });
      const c = child();
      norm.name(c, 'child');
      GenServer.cast(s, tuple('monitor', c), self);
      await sys.getState(s);
      self.send(c, 'go');
      norm.say('monitored process exits', 'ok');
      norm.say('  events', await events(self));
      const l = child();
      norm.name(l, 'linked');
      GenServer.cast(s, tuple('link', l), self);
      await sys.getState(s);
      self.send(l, 'go');
      norm.say('linked process exits (server traps)', 'ok');
      norm.say('  events', await events(self));
      norm.say('call -> {reply,ok,S,10}', await GenServer.call(s, 'timeout', { caller }));
      await sleep(30);
      norm.say('  events', await events(self));
      GenServer.cast(s, 'noreply_timeout', self);
      await sleep(30);
      norm.say('cast -> {noreply,S,10}', 'ok');
      norm.say('  events', await events(self));
      norm.say('call -> {reply,ok,S,hibernate}', await GenServer.call(s, 'hibernate', { caller }));
      await sleep(10);
      norm.say('  events', await events(self));
      norm.say('state', await sys.getState(s));
      norm.say('  events (get_state is a system message: none)', await events(self));
      norm.say('call -> {stop,normal,stopped,S}', await GenServer.call(s, tuple('stop', 'normal'), { caller }));
      norm.say('  events', await events(self));
      const s2 = await startInstalled('server2');
      GenServer.cast(s2, tuple('stop', 'normal'), self);
      await sleep(20);
      norm.say('cast -> {stop,normal,S}', 'ok');
      norm.say('  events', await events(self));
      const s3 = await startInstalled('server3');
      norm.say(
        'call -> {stop,normal,S} (no reply)',
        await tryOf(() => GenServer.call(s3, tuple('stop_noreply', 'normal'), { caller })),
      );
      norm.say('  events', await events(self));
    }),
};
export default scenario;
