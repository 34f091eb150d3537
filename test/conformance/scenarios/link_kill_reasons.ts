/**
 * kill vs killed: exitSignal(P, 'kill') kills even a trapping P, whose reason is killed, and link partners see
 * killed (a non-trapping one dies killed); a process that ends itself with exit('kill') has reason kill, which
 * reaches partners as an ordinary reason: a trapping one gets {'EXIT', P, kill}, a non-trapping one dies kill,
 * and its own partners then see kill.
 */
import { ExitMessage, tuple, type Pid, type Self } from '../../../runtime/index.ts';
import type { Scenario } from '../scenario.ts';
import { flushAll, reason, watch } from './process-helpers.ts';

const forever = async (k: Self): Promise<void> => {
  await k.receive(() => false);
};

const scenario: Scenario = {
  name: 'link_kill_reasons',
  area: 'processes',
  run: ({ norm, main, settle }) =>
    main(async (self) => {
      const test = self.pid;
      const exitFrom = async (p: Pid): Promise<unknown> => {
        const m = await self.receive((x) => x instanceof ExitMessage && x.from === p, 1000);
        return typeof m === 'symbol' ? 'none' : m;
      };
      const childOf = async (): Promise<Pid> => ((await self.receive((x) => Array.isArray(x) && x[0] === 'c')) as readonly [string, Pid])[1];
      // exit(P, kill) on a trapping process
      const t = self.spawn(async (k) => {
        k.trapExit(true);
        await forever(k);
      });
      norm.name(t, 'trapper');
      await settle();
      const wt = watch(self, t);
      self.exitSignal(t, 'kill');
      norm.say('exit(P, kill) on a trapping process', await reason(self, wt));
      // chain: test (trapping) - B (not trapping) - C; exit(C, kill)
      self.trapExit(true);
      const b = self.spawnLink(async (k) => {
        k.send(test, tuple('c', k.spawnLink(forever)));
        await forever(k);
      });
      norm.name(b, 'b');
      const c = await childOf();
      norm.name(c, 'c');
      const wb = watch(self, b);
      const wc = watch(self, c);
      self.exitSignal(c, 'kill');
      norm.say("killed: C's reason", await reason(self, wc));
      norm.say('  B (not trapping, linked to C)', await reason(self, wb));
      norm.say('  test (trapping, linked to B) gets', await exitFrom(b));
      // chain: test (trapping) - B2 (not trapping) - C2; C2 calls exit(kill) itself
      const b2 = self.spawnLink(async (k) => {
        const c2 = k.spawnLink(async (m) => {
          await m.receive((x) => x === 'go');
          m.exit('kill');
        });
        k.send(test, tuple('c', c2));
        await forever(k);
      });
      norm.name(b2, 'b2');
      const c2 = await childOf();
      norm.name(c2, 'c2');
      const wb2 = watch(self, b2);
      const wc2 = watch(self, c2);
      self.send(c2, 'go');
      norm.say("exit(kill) by itself: C2's reason", await reason(self, wc2));
      norm.say('  B2 (not trapping, linked to C2)', await reason(self, wb2));
      norm.say('  test (trapping, linked to B2) gets', await exitFrom(b2));
      // a trapping partner of a process that ends with exit(kill)
      const d = self.spawnLink(async (k) => {
        await k.receive((x) => x === 'go');
        k.exit('kill');
      });
      norm.name(d, 'd');
      self.send(d, 'go');
      norm.say('trapping partner of exit(kill)', await exitFrom(d));
      // exit(P, kill) sent by a linked process to itself
      const e = self.spawnLink((k) => {
        k.exitSignal(k.pid, 'kill');
      });
      norm.name(e, 'e');
      norm.say('exit(self(), kill): partner gets', await exitFrom(e));
      norm.say('test alive', self.runtime.isAlive(self.pid));
      norm.say('mailbox', await flushAll(self));
    }),
};
export default scenario;
