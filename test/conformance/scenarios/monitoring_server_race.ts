/**
 * The seed: the article's MonitoringServer monitors subscribers and drops them on DOWN. The naive test
 * (terminate the subscriber, ask at once) sees the stale subscriber; the sys.install fix (wait for the
 * server's {in, DOWN} event, return 'done') never does. Runs each variant 2000 times, as run-all.sh does.
 *
 * On the default (deterministic) scheduler the naive test fails every run (2000 of 2000; OTP: 1986–1997):
 * the test's `subscribers` call is in the server's mailbox before the subscriber has even run its exit,
 * so the DOWN always comes second. Only the boolean is printed, so the output matches OTP's; counts go
 * to stderr as in the escript. The own-monitor variant passes every run here (the server's monitor is
 * older, so its DOWN is delivered first) — not a fix, which only the seeded race scheduler can show.
 */
import { DownMessage, GenServer, sys, tuple, type DebugEvent, type Pid, type Self } from '../../../runtime/index.ts';
import { MonitoringServer, type MonitoringProtocol } from '../../../examples/monitoring-server/monitoring-server.ts';
import type { Scenario } from '../scenario.ts';

type Server = GenServer.Server<MonitoringProtocol>;

/** The escript's run count (run-all.sh and the runner pass 2000). */
const RUNS = 2000;

/** A subscriber: subscribes, says ready, waits for 'terminate'. */
function subscriber(self: Self, server: Server): Pid {
  const test = self.pid;
  return self.spawn(async (c) => {
    const ok = await GenServer.call(server, 'subscribe', { caller: c });
    if (ok !== 'ok') throw new Error('badmatch');
    c.send(test, tuple('ready', c.pid));
    await c.receive((m) => m === 'terminate');
  });
}

async function subscribers(self: Self, server: Server): Promise<readonly Pid[]> {
  const [, list] = await GenServer.call(server, 'subscribers', { caller: self });
  return list;
}

async function ready(self: Self, c: Pid): Promise<void> {
  await self.receive((m) => Array.isArray(m) && m[0] === 'ready' && m[1] === c);
}

function expectOnly(list: readonly Pid[], c: Pid): void {
  if (list.length !== 1 || list[0] !== c) throw new Error('badmatch: {ok, [C]}');
}

/** wait_gone/3: polls until the server has dropped the subscriber (100 tries, 1 ms apart). */
async function settle(self: Self, server: Server): Promise<void> {
  for (let n = 100; n > 0; n--) {
    if ((await subscribers(self, server)).length === 0) return;
    await new Promise((r) => setTimeout(r, 1));
  }
  throw new Error('never_removed');
}

/** One naive run: true when it passes (subscribers is [] right after terminate). */
async function naive(self: Self, server: Server): Promise<boolean> {
  const c = subscriber(self, server);
  await ready(self, c);
  expectOnly(await subscribers(self, server), c);
  self.send(c, 'terminate');
  const l = await subscribers(self, server);
  await settle(self, server);
  return l.length === 0;
}

/** The test monitors the child too and waits for its own DOWN first: still no order at the server. */
async function ownMonitor(self: Self, server: Server): Promise<boolean> {
  const c = subscriber(self, server);
  await ready(self, c);
  const ref = self.monitor(c);
  self.send(c, 'terminate');
  await self.receive((m) => m instanceof DownMessage && m.ref === ref);
  const l = await subscribers(self, server);
  await settle(self, server);
  return l.length === 0;
}

/** The article's fix: a debug fun reports the server taking in the DOWN, then returns 'done'. */
async function fixed(self: Self, server: Server): Promise<boolean> {
  const me = self.pid;
  const c = subscriber(self, server);
  await ready(self, c);
  expectOnly(await subscribers(self, server), c);
  const fun = (state: string, event: DebugEvent): string => {
    if (state === 'waiting_for_down' && event.kind === 'in' && event.message instanceof DownMessage && event.message.object === c) {
      self.runtime.send(me, 'monitor_complete');
      return 'done';
    }
    return state;
  };
  await sys.install(server, fun, 'waiting_for_down');
  self.send(c, 'terminate');
  if ((await self.receive((m) => m === 'monitor_complete', 1000)) !== 'monitor_complete') throw new Error('no_down_seen');
  return (await subscribers(self, server)).length === 0;
}

async function count(self: Self, server: Server, f: (self: Self, server: Server) => Promise<boolean>): Promise<number> {
  let failures = 0;
  for (let i = 0; i < RUNS; i++) if (!(await f(self, server))) failures++;
  return failures;
}

const scenario: Scenario = {
  name: 'monitoring_server_race',
  area: 'seed',
  run: ({ norm, main }) =>
    main(async (self) => {
      const s = GenServer.okPid(await GenServer.start(MonitoringServer, undefined, { caller: self }));
      norm.name(s, 'server');
      const naiveFailures = await count(self, s, naive);
      const own = await count(self, s, ownMonitor);
      const fixedFailures = await count(self, s, fixed);
      process.stderr.write(`runs=${RUNS} naive_failures=${naiveFailures} own_monitor_failures=${own} fixed_failures=${fixedFailures}\n`);
      norm.say('runs', RUNS);
      norm.say('naive test saw the stale subscriber at least once', naiveFailures > 0);
      norm.say('sys:install fix failures', fixedFailures);
      norm.say('debug fun removed after done (server Debug list empty)', (await sys.getStatus(s)).debug);
    }),
};
export default scenario;
