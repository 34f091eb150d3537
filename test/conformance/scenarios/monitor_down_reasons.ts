/** Monitor a live process that exits normal / abnormal / error / killed / shutdown: the DOWN message. */
import { DownMessage, type ProcessBody, type Self } from '../../../runtime/index.ts';
import type { Norm } from '../norm.ts';
import type { Scenario } from '../scenario.ts';
import { flushAll } from './process-helpers.ts';

/** How the monitored process ends: its own body, or an exit signal from the test. */
type How = ProcessBody | 'kill' | readonly ['exit', string];

async function t(self: Self, norm: Norm, label: string, how: How): Promise<void> {
  const body: ProcessBody = typeof how === 'function' ? how : (s) => s.receive(() => false);
  const p = self.spawn(body);
  norm.name(p, label);
  const ref = self.monitor(p);
  if (how === 'kill') self.exitSignal(p, 'kill');
  else if (typeof how !== 'function') self.exitSignal(p, how[1]);
  else self.send(p, 'go');
  const d = await self.receive((m) => m instanceof DownMessage && m.ref === ref);
  norm.say(label, d);
  norm.say(`${label} nothing else`, await flushAll(self));
}

const scenario: Scenario = {
  name: 'monitor_down_reasons',
  area: 'processes',
  run: ({ norm, main }) =>
    main(async (self) => {
      await t(self, norm, 'normal', (s) => s.receive((m) => m === 'go'));
      await t(self, norm, 'abnormal', async (s) => {
        await s.receive((m) => m === 'go');
        s.exit('crashed');
      });
      await t(self, norm, 'error', async (s) => {
        await s.receive((m) => m === 'go');
        throw new Error('oops');
      });
      await t(self, norm, 'killed', 'kill');
      await t(self, norm, 'shutdown', ['exit', 'shutdown']);
    }),
};
export default scenario;
