/** Monitoring a dead pid or an unregistered name: an immediate noproc DOWN; by-name monitors report {Name, Node}. */
import { DownMessage, NODE, isTuple, tuple } from '../../../runtime/index.ts';
import type { Scenario } from '../scenario.ts';
import { flushAll } from './process-helpers.ts';

const scenario: Scenario = {
  name: 'monitor_noproc',
  area: 'processes',
  run: ({ norm, main, settle }) =>
    main(async (self) => {
      const p = self.spawn(() => 'ok');
      norm.name(p, 'dead');
      await settle();
      self.monitor(p);
      const d1 = await self.receive(null, 100);
      norm.say('dead pid', typeof d1 === 'symbol' ? 'no_down' : d1);
      self.monitor('golden_nobody');
      const d2 = await self.receive(null, 100);
      if (d2 instanceof DownMessage) {
        const o = d2.object;
        // setelement(4, D2, …): only the node is replaced; a list stays a list, a tuple a tuple
        const obj = Array.isArray(o) && o[1] === NODE ? (isTuple(o) ? tuple(o[0], 'node()') : [o[0], 'node()']) : o;
        norm.say('unregistered name', tuple('DOWN', d2.ref, 'process', obj, d2.reason));
      } else {
        norm.say('unregistered name', typeof d2 === 'symbol' ? 'no_down' : d2);
      }
      const q = self.spawn(async (s) => {
        await s.receive((m) => m === 'go');
        s.exit('bye');
      });
      norm.name(q, 'named');
      self.register('golden_named', q);
      const r3 = self.monitor('golden_named');
      self.send(q, 'go');
      const d3 = (await self.receive((m) => m instanceof DownMessage && m.ref === r3)) as DownMessage;
      const obj = d3.object;
      norm.say('by name, object', Array.isArray(obj) && obj.length === 2 && obj[0] === 'golden_named' && obj[1] === NODE);
      norm.say('by name, reason', d3.reason);
      norm.say('demonitor of fired ref', self.demonitor(r3));
      norm.say('nothing else', await flushAll(self));
    }),
};
export default scenario;
