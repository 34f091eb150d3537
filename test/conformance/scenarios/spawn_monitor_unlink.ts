/**
 * unlink stops exit propagation (from either side; an EXIT already queued stays); spawn_monitor's ref is the
 * DOWN's; monitoring twice gives two DOWNs in monitor order; demonitor flush/info; link + monitor on one process
 * gives both EXIT and DOWN; demonitor leaves the link.
 */
import { DownMessage, ExitMessage, tuple, type Pid, type Self } from '../../../runtime/index.ts';
import type { Scenario } from '../scenario.ts';
import { flushNow, reason, watch } from './process-helpers.ts';

const is = (m: unknown) => (x: unknown) => x === m;

/** A process that exits with `r` once it gets `go`. */
const exitOnGo = (r: string) => async (c: Self) => {
  await c.receive(is('go'));
  c.exit(r);
};

const scenario: Scenario = {
  name: 'spawn_monitor_unlink',
  area: 'processes',
  run: ({ norm, main, rt, settle }) =>
    main(async (self) => {
      const test = self.pid;
      const links = (p: Pid): Pid[] => [...(rt.processInfo(p)?.links ?? [])];
      const child = async (): Promise<Pid> => {
        const m = (await self.receive((x) => Array.isArray(x) && x[0] === 'child')) as readonly [string, Pid];
        return m[1];
      };
      // a middle process links a child, then unlinks it: the child's crash no longer reaches it
      const m = self.spawn(async (s) => {
        const c = s.spawnLink(exitOnGo('boom'));
        s.send(test, tuple('child', c));
        await s.receive(is('unlink'));
        const u = s.unlink(c);
        s.send(test, tuple('unlinked', u, tuple('links', links(s.pid))));
        await s.receive(is('stop'));
      });
      norm.name(m, 'middle');
      const c = await child();
      norm.name(c, 'child');
      const wm = watch(self, m);
      const wc = watch(self, c);
      self.send(m, 'unlink');
      const un = (await self.receive((x) => Array.isArray(x) && x[0] === 'unlinked')) as readonly unknown[];
      norm.say('unlink returns, links after', tuple(un[1], un[2]));
      self.send(c, 'go');
      norm.say('child exit', await reason(self, wc));
      await settle();
      norm.say('middle alive after child crash', rt.isAlive(m));
      self.send(m, 'stop');
      norm.say('middle exit', await reason(self, wm));
      // the child removes the link from its side: one link, removed from either side
      const m2 = self.spawn(async (s) => {
        const me = s.pid;
        const c2 = s.spawnLink(async (k) => {
          await k.receive(is('unlink_me'));
          k.unlink(me);
          await k.receive(is('go'));
          k.exit('boom2');
        });
        s.send(test, tuple('child', c2));
        await s.receive(is('stop'));
      });
      norm.name(m2, 'middle2');
      const c2 = await child();
      norm.name(c2, 'child2');
      const wm2 = watch(self, m2);
      const wc2 = watch(self, c2);
      self.send(c2, 'unlink_me');
      await settle();
      norm.say("links of middle2 after the child's unlink", links(m2));
      self.send(c2, 'go');
      norm.say('child2 exit', await reason(self, wc2));
      await settle();
      norm.say('middle2 alive after child2 crash', rt.isAlive(m2));
      self.send(m2, 'stop');
      norm.say('middle2 exit', await reason(self, wm2));
      // trapping: an EXIT already queued stays after unlink
      self.trapExit(true);
      const d = self.spawnLink((k) => k.exit('bye'));
      norm.name(d, 'd');
      await settle();
      norm.say('unlink after the partner died', self.unlink(d));
      norm.say('  mailbox', await flushNow(self));
      const e = self.spawnLink(exitOnGo('bye'));
      norm.name(e, 'e');
      self.unlink(e);
      self.send(e, 'go');
      await settle();
      norm.say('unlink before the partner dies: mailbox', await flushNow(self));
      norm.say('unlink of a pid never linked', self.unlink(self.pid));
      self.trapExit(false);
      // spawn_monitor: the DOWN carries its ref
      const [s, sr] = self.spawnMonitor((k) => k.exit('done'));
      norm.name(s, 's');
      norm.name(sr, '#SpawnRef');
      const dn = await self.receive((x) => x instanceof DownMessage && x.ref === sr && x.object === s, 1000);
      norm.say('spawn_monitor DOWN', typeof dn === 'symbol' ? 'none' : dn);
      // two monitors, two DOWNs, in monitor order
      const t = self.spawn(exitOnGo('twice'));
      norm.name(t, 't');
      const r1 = self.monitor(t);
      norm.name(r1, '#R1');
      const r2 = self.monitor(t);
      norm.name(r2, '#R2');
      norm.say('two refs differ', r1 !== r2);
      norm.say('process_info monitors', (rt.processInfo(self.pid)?.monitors ?? []).map((x) => tuple('process', x.object)));
      self.send(t, 'go');
      await settle();
      norm.say('two DOWNs', await flushNow(self));
      // demonitor of one of two monitors: the other still fires
      const v = self.spawn(exitOnGo('once'));
      norm.name(v, 'v');
      const ra = self.monitor(v);
      norm.name(ra, '#Ra');
      const rb = self.monitor(v);
      norm.name(rb, '#Rb');
      norm.say('demonitor Ra [flush, info]', self.demonitor(ra, { flush: true, info: true }));
      self.send(v, 'go');
      await settle();
      norm.say("only Rb's DOWN", await flushNow(self));
      norm.say('demonitor Rb [info] after it fired', self.demonitor(rb, { info: true }));
      // DOWN already queued: flush removes it, plain demonitor leaves it
      const x = self.spawn(() => undefined);
      norm.name(x, 'x');
      const rx1 = self.monitor(x);
      norm.name(rx1, '#Rx1');
      const rx2 = self.monitor(x);
      norm.name(rx2, '#Rx2');
      await settle();
      norm.say('demonitor Rx1 [flush]', self.demonitor(rx1, { flush: true }));
      norm.say('demonitor Rx2 (no flush)', self.demonitor(rx2));
      norm.say('  mailbox', await flushNow(self));
      // link and monitor the same process while trapping: both arrive
      self.trapExit(true);
      const y = self.spawnLink(exitOnGo('both'));
      norm.name(y, 'y');
      const ry = self.monitor(y);
      norm.name(ry, '#Ry');
      self.send(y, 'go');
      await settle();
      const both = await flushNow(self);
      norm.say('link + monitor: EXIT', both.filter((k) => k instanceof ExitMessage));
      norm.say('link + monitor: DOWN', both.filter((k) => k instanceof DownMessage));
      // demonitor leaves the link
      const z = self.spawnLink(exitOnGo('linked_only'));
      norm.name(z, 'z');
      const rz = self.monitor(z);
      norm.name(rz, '#Rz');
      self.demonitor(rz);
      norm.say('links after demonitor', links(self.pid).includes(z));
      self.send(z, 'go');
      await settle();
      norm.say('  mailbox', await flushNow(self));
    }),
};
export default scenario;
