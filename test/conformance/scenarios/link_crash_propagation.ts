/** A crash propagates along links to non-trapping partners with the same reason; normal exits do not; unlink stops it. */
import { DownMessage, processInfo, tuple, type Pid, type Self } from '../../../runtime/index.ts';
import type { Scenario } from '../scenario.ts';
import { awaitExit, reason, watch } from './process-helpers.ts';

/** Erlang `receive after infinity -> ok end`. */
const forever = (s: Self): Promise<unknown> => s.receive(() => false);

/** Erlang `receive {Tag, X} -> X end`. */
async function tagged(self: Self, tag: string): Promise<Pid> {
  const m = (await self.receive((x) => Array.isArray(x) && x[0] === tag)) as readonly [string, Pid];
  return m[1];
}

const scenario: Scenario = {
  name: 'link_crash_propagation',
  area: 'processes',
  run: ({ norm, main }) =>
    main(async (self) => {
      const me = self.pid;
      // chain A - B - C (each links to the next); C crashes with boom
      const a = self.spawn(async (sa) => {
        const b = sa.spawnLink(async (sb) => {
          const c = sb.spawnLink(async (sc) => {
            await sc.receive((m) => m === 'go');
            sc.exit('boom');
          });
          sb.send(me, tuple('c', c));
          await forever(sb);
        });
        sa.send(me, tuple('b', b));
        await forever(sa);
      });
      norm.name(a, 'a');
      const b = await tagged(self, 'b');
      norm.name(b, 'b');
      const c = await tagged(self, 'c');
      norm.name(c, 'c');
      const ms = [a, b, c].map((x) => [x, self.monitor(x)] as const);
      self.send(c, 'go');
      for (const [x, r] of ms.reverse()) {
        const d = (await self.receive((m) => m instanceof DownMessage && m.ref === r && m.object === x)) as DownMessage;
        norm.say(`chain: ${norm.fmt(x)}`, d.reason);
      }
      // normal exit of a linked process does not kill the partner
      const p = self.spawn(async (s) => {
        s.spawnLink(() => 'ok');
        await s.receive(() => false, 100);
        s.exit('survived');
      });
      norm.name(p, 'partner');
      norm.say('partner of a normal exit', await awaitExit(self, p));
      // unlink before the crash
      const q = self.spawn(async (s) => {
        const l = s.spawnLink(async (sl) => {
          await sl.receive((m) => m === 'go');
          sl.exit('boom');
        });
        s.unlink(l);
        s.send(l, 'go');
        await s.receive(() => false, 100);
        s.exit('survived');
      });
      norm.name(q, 'unlinked');
      norm.say('after unlink', await awaitExit(self, q));
      // link is bidirectional
      const v = self.spawn(forever);
      norm.name(v, 'victim');
      const w = self.spawn(async (s) => {
        s.link(v);
        s.send(me, 'linked');
        await forever(s);
      });
      norm.name(w, 'linker');
      await self.receive((m) => m === 'linked');
      const wv = watch(self, v);
      self.exitSignal(w, 'die');
      norm.say('victim (linked-to) gets', await reason(self, wv));
      const links = processInfo(self.pid)?.links ?? [];
      norm.say('test still linked to anyone it linked', links.filter((x) => [a, b, c, p, q, v, w].includes(x)));
    }),
};
export default scenario;
