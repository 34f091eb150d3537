/**
 * processInfo items: status (running for the caller, waiting in a receive, still waiting when sys-suspended),
 * messageQueueLen and messages (unread, in order), links, monitors and monitoredBy, trapExit, registeredName;
 * undefined for a dead pid; isAlive.
 */
import { GenServer, sys, tuple, type Pid, type ProcessInfo } from '../../../runtime/index.ts';
import { str } from '../norm.ts';
import type { Scenario } from '../scenario.ts';

/** OTP's `process_info(P, Item)` term for one item of a ProcessInfo (or undefined for a dead pid). */
function item(info: ProcessInfo | undefined, key: string): unknown {
  if (info === undefined) return 'undefined';
  switch (key) {
    case 'status':
      return tuple('status', info.status);
    case 'message_queue_len':
      return tuple('message_queue_len', info.messageQueueLen);
    case 'messages':
      return tuple('messages', info.messages);
    case 'registered_name':
      return info.registeredName === null ? [] : tuple('registered_name', info.registeredName);
    case 'trap_exit':
      return tuple('trap_exit', info.trapExit);
    case 'links':
      return tuple('links', info.links);
    case 'monitored_by':
      return tuple('monitored_by', info.monitoredBy);
    case 'monitors':
      return tuple('monitors', info.monitors.map((m) => tuple('process', m.object)));
  }
  throw new Error(`badarg: ${key}`);
}

const scenario: Scenario = {
  name: 'process_info_basics',
  area: 'processes',
  run: ({ norm, main, rt, settle }) =>
    main(async (self) => {
      const pi = (p: Pid, key: string): unknown => item(rt.processInfo(p), key);
      norm.say('own status', pi(self.pid, 'status'));
      const p = self.spawn(async (k) => {
        await k.receive((x) => x === 'never');
      });
      norm.name(p, 'p');
      await settle();
      norm.say('waiting process: status', pi(p, 'status'));
      self.send(p, 'one');
      self.send(p, tuple('two', 2));
      self.send(p, str('three'));
      norm.say('  message_queue_len', pi(p, 'message_queue_len'));
      norm.say('  messages', pi(p, 'messages'));
      norm.say('  registered_name (none)', pi(p, 'registered_name'));
      norm.say('  trap_exit', pi(p, 'trap_exit'));
      self.link(p);
      const r = self.monitor(p);
      norm.name(r, '#Mon');
      norm.say('  links', pi(p, 'links'));
      norm.say('  monitored_by', pi(p, 'monitored_by'));
      norm.say('own monitors', pi(self.pid, 'monitors'));
      norm.say('a list of items', ['links', 'trap_exit', 'message_queue_len'].map((k) => pi(p, k)));
      self.unlink(p);
      self.demonitor(r);
      norm.say('after unlink and demonitor: links, monitored_by', tuple(pi(p, 'links'), pi(p, 'monitored_by')));
      const s = GenServer.okPid(
        await GenServer.start({ name: 'process_info_basics', init: (n: number) => ['ok', n] as const, handleCall: (_r, _f, st) => ['reply', st, st] as const }, 0, {
          caller: self,
        }),
      );
      norm.name(s, 'server');
      await sys.suspend(s);
      norm.say('sys-suspended gen_server: status', pi(s, 'status'));
      await sys.resume(s);
      self.trapExit(true);
      norm.say('own trap_exit after process_flag', pi(self.pid, 'trap_exit'));
      self.exitSignal(p, 'kill');
      await settle();
      norm.say('dead pid: process_info', pi(p, 'status'));
      norm.say('  is_process_alive', rt.isAlive(p));
      norm.say('  process_info/1', rt.processInfo(p));
    }),
};
export default scenario;
