/** Per-pair FIFO, selective receive, a message before the DOWN/EXIT its sender's death causes. */
import { tuple } from '../../../runtime/index.ts';
import type { Scenario } from '../scenario.ts';
import { flushNow } from './process-helpers.ts';

const scenario: Scenario = {
  name: 'proc_message_order',
  area: 'processes',
  run: ({ norm, main, settle }) =>
    main(async (self) => {
      const me = self.pid;
      const p = self.spawn((s) => {
        for (let i = 1; i <= 1000; i++) s.send(me, tuple('n', i));
        s.send(me, 'done');
      });
      norm.name(p, 'sender');
      const got: number[] = [];
      for (;;) {
        const m = await self.receive((x) => x === 'done' || (Array.isArray(x) && x[0] === 'n'));
        if (m === 'done') break;
        got.push((m as readonly [string, number])[1]);
      }
      norm.say('1000 messages in order', got.length === 1000 && got.every((x, i) => x === i + 1));
      self.send(me, 'a');
      self.send(me, tuple('b', 1));
      self.send(me, 'c');
      self.send(me, tuple('b', 2));
      const b = (await self.receive((x) => Array.isArray(x) && x[0] === 'b')) as readonly [string, number];
      norm.say('first {b,_}', b[1]);
      norm.say('rest in order', await flushNow(self));
      const [q] = self.spawnMonitor((s) => {
        s.send(me, 'last_words');
        s.exit('bye');
      });
      norm.name(q, 'dying');
      await settle();
      norm.say('message then DOWN', await flushNow(self));
      self.trapExit(true);
      const q2 = self.spawnLink((s) => {
        s.send(me, 'hello');
        s.exit('bye2');
      });
      norm.name(q2, 'linked');
      await settle();
      norm.say('message then EXIT', await flushNow(self));
    }),
};
export default scenario;
