/**
 * Monitors taken by registered name: the DOWN names {Name, Node}; the monitor follows the process, not the
 * name (unregister or re-register does not move it); processInfo(self).monitors lists {process, {Name, Node}};
 * demonitor of a by-name monitor; a name unknown at monitor time gives noproc at once.
 */
import { DownMessage, tuple, type Pid, type Ref, type Self } from '../../../runtime/index.ts';
import type { Scenario } from '../scenario.ts';
import { flushNow } from './process-helpers.ts';

/** A process that exits with `r` once it gets `go`. */
const exitOnGo = (r: string) => async (k: Self) => {
  await k.receive((x) => x === 'go');
  k.exit(r);
};

const scenario: Scenario = {
  name: 'monitor_by_name',
  area: 'processes',
  run: ({ norm, main, rt, settle }) =>
    main(async (self) => {
      const monitors = (p: Pid): unknown[] => (rt.processInfo(p)?.monitors ?? []).map((m) => tuple('process', m.object));
      const down = async (ref: Ref): Promise<unknown> => {
        const d = await self.receive((x) => x instanceof DownMessage && x.ref === ref, 1000);
        return typeof d === 'symbol' ? 'none' : d;
      };
      const p = self.spawn(exitOnGo('bye'));
      norm.name(p, 'p');
      rt.register('golden_p', p);
      const r = self.monitor('golden_p');
      norm.name(r, '#ByName');
      norm.say('process_info monitors', monitors(self.pid));
      norm.say('monitored_by of the target', rt.processInfo(p)?.monitoredBy);
      self.send(p, 'go');
      norm.say('DOWN of a by-name monitor', await down(r));
      // the monitor follows the process: unregistering the name does not move it
      const q = self.spawn(exitOnGo('bye_q'));
      norm.name(q, 'q');
      rt.register('golden_q', q);
      const rq = self.monitor('golden_q');
      norm.name(rq, '#Q');
      rt.unregister('golden_q');
      const q2 = self.spawn(exitOnGo('bye_q2'));
      norm.name(q2, 'q2');
      rt.register('golden_q', q2);
      self.send(q2, 'go');
      await settle();
      norm.say('the new holder of the name dies: mailbox', await flushNow(self));
      self.send(q, 'go');
      norm.say('the monitored process dies (no longer named)', await down(rq));
      // demonitor a by-name monitor
      const t = self.spawn(async (k) => {
        await k.receive((x) => x === 'go');
      });
      norm.name(t, 't');
      rt.register('golden_t', t);
      const rt2 = self.monitor('golden_t');
      norm.say('demonitor by-name [info]', self.demonitor(rt2, { info: true }));
      norm.say('  process_info monitors', monitors(self.pid));
      self.send(t, 'go');
      await settle();
      norm.say('  mailbox', await flushNow(self));
      // unknown name: noproc at once, object {Name, Node}
      const ru = self.monitor('golden_unknown');
      norm.name(ru, '#Unknown');
      norm.say('unknown name', await down(ru));
      // a by-name monitor of itself: nothing
      self.register('golden_me');
      const rm = self.monitor('golden_me');
      norm.say('monitor own name: listed', monitors(self.pid));
      norm.say('  demonitor', self.demonitor(rm, { info: true }));
    }),
};
export default scenario;
