/**
 * Deferred replies: handleCall returns noreply and GenServer.reply answers later (from another callback,
 * another process, a timeout); reply then noreply; a second reply; stop with and without a reply;
 * call timeout shapes, late replies dropped.
 */
import { GenServer, tuple, type From, type Pid } from '../../../runtime/index.ts';
import { tryOf } from '../norm.ts';
import type { Scenario } from '../scenario.ts';
import { flushAll, flushNow, reason, watch } from './process-helpers.ts';

type State = readonly From[];

const scenario: Scenario = {
  name: 'gen_server_reply_later',
  area: 'gen_server',
  run: ({ norm, main, sleep, takeLogs, settle }) =>
    main(async (self) => {
      /** The escript's callback module. */
      const Server: GenServer.GenServerBehaviour<State, State> = {
        init: (s) => ['ok', s],
        async handleCall(req, from, s, me) {
          if (req === 'later') return ['noreply', [...s, from]];
          if (req === 'pending') return ['reply', s.length, s];
          if (Array.isArray(req) && req[0] === 'delegate') {
            me.send(req[1] as Pid, tuple('answer', from));
            return ['noreply', s];
          }
          if (req === 'early') {
            if (GenServer.reply(from, 'early') !== 'ok') throw new Error('badmatch');
            return ['noreply', s];
          }
          if (req === 'twice') {
            GenServer.reply(from, 'first');
            return ['reply', 'second', s];
          }
          if (req === 'on_timeout') return ['noreply', [...s, from], 50];
          if (req === 'stop_without_reply') return ['stop', 'normal', s];
          if (req === 'stop_with_reply') return ['stop', tuple('shutdown', 'done'), 'bye', s];
          if (Array.isArray(req) && req[0] === 'sleep') {
            await sleep(req[1] as number);
            return ['reply', 'slept', s];
          }
          throw new Error('function_clause');
        },
        handleCast(msg, s) {
          if (msg !== 'release') throw new Error('function_clause');
          s.forEach((f, i) => {
            if (GenServer.reply(f, tuple('released', i + 1)) !== 'ok') throw new Error('badmatch');
          });
          return ['noreply', []];
        },
        handleInfo(msg, s) {
          if (msg === 'timeout' && s.length > 0) {
            GenServer.reply(s[0], 'timed_out');
            return ['noreply', s.slice(1)];
          }
          return ['noreply', s];
        },
      };
      const caller = self;
      const test = self.pid;
      const got = async (tag: string): Promise<unknown> => {
        const m = await self.receive((x) => Array.isArray(x) && x[0] === tag, 1000);
        return typeof m === 'symbol' ? 'none' : (m as readonly unknown[])[1];
      };
      const s = GenServer.okPid(await GenServer.start(Server, []));
      norm.name(s, 'server');
      // two callers wait; a cast answers both, in request order
      for (const n of ['c1', 'c2']) {
        const p = self.spawn(async (k) => {
          k.send(test, tuple(n, await GenServer.call(s, 'later', { caller: k })));
        });
        norm.name(p, n);
        await settle();
      }
      norm.say('pending calls', await GenServer.call(s, 'pending', { caller }));
      GenServer.cast(s, 'release', self);
      norm.say('c1 got', await got('c1'));
      norm.say('c2 got', await got('c2'));
      // another process replies
      const helper = self.spawn(async (k) => {
        const m = (await k.receive((x) => Array.isArray(x) && x[0] === 'answer')) as readonly [string, From];
        k.send(test, tuple('helper_saw', m[1]));
        k.send(test, tuple('helper_reply_result', GenServer.reply(m[1], tuple('from_helper', k.pid))));
      });
      norm.name(helper, 'helper');
      norm.say('reply from another process', await GenServer.call(s, tuple('delegate', helper), { caller }));
      norm.say('  From as the helper saw it', await got('helper_saw'));
      norm.say('  gen_server:reply returned', await got('helper_reply_result'));
      norm.say('reply, then noreply', await GenServer.call(s, 'early', { caller }));
      norm.say('reply, then reply again', await GenServer.call(s, 'twice', { caller }));
      await settle();
      norm.say('  mailbox (the second reply arrives as a stray message)', await flushNow(self));
      norm.say('noreply with a timeout, reply from handle_info(timeout)', await GenServer.call(s, 'on_timeout', { caller }));
      // timeouts
      norm.say('call timeout (later, 100)', await tryOf(() => GenServer.call(s, 'later', { timeout: 100, caller })));
      norm.say('  pending calls', await GenServer.call(s, 'pending', { caller }));
      GenServer.cast(s, 'release', self);
      await settle();
      norm.say('  mailbox after the late reply', await flushNow(self));
      norm.say('call timeout (sleep 200, 50)', await tryOf(() => GenServer.call(s, tuple('sleep', 200), { timeout: 50, caller })));
      await sleep(200);
      norm.say('  mailbox after the late reply', await flushNow(self));
      norm.say('call infinity', await GenServer.call(s, tuple('sleep', 10), { timeout: Infinity, caller }));
      // a caller that dies while waiting: the later reply goes nowhere
      const gone = self.spawn((k) => GenServer.call(s, 'later', { caller: k }));
      norm.name(gone, 'gone');
      await settle();
      self.exitSignal(gone, 'kill');
      await settle();
      norm.say('pending after the caller was killed', await GenServer.call(s, 'pending', { caller }));
      GenServer.cast(s, 'release', self);
      await settle();
      norm.say('server alive after replying to a dead caller', self.runtime.isAlive(s));
      // stop with and without a reply
      const w = watch(self, s);
      norm.say('stop without reply', await tryOf(() => GenServer.call(s, 'stop_without_reply', { caller })));
      norm.say('  server exit', await reason(self, w));
      const s2 = GenServer.okPid(await GenServer.start(Server, []));
      norm.name(s2, 'server2');
      const w2 = watch(self, s2);
      norm.say('stop with reply', await tryOf(() => GenServer.call(s2, 'stop_with_reply', { caller })));
      norm.say('  server exit', await reason(self, w2));
      // the server dies while a caller waits for a deferred reply
      const s3 = GenServer.okPid(await GenServer.start(Server, []));
      norm.name(s3, 'server3');
      self.spawn(async (k) => {
        await settle();
        k.exitSignal(s3, 'kill');
      });
      norm.say('server killed while the call waits', await tryOf(() => GenServer.call(s3, 'later', { caller })));
      norm.say('mailbox', await flushAll(self));
      takeLogs();
    }),
};
export default scenario;
