/**
 * `npm run demo`: the article's MonitoringServer under a supervisor, with
 * subscribers coming and going, `sys.trace` on the server, and the runtime's
 * events (supervisor restarts, crashes) printed as OTP prints its reports.
 *
 * Nothing here needs a server or a network: it is all in-process.
 */
import { GenServer, Supervisor, formatTerm, runtime, sys, type Pid, type Self, type SysEvent } from '../../runtime/index.ts';
import { MonitoringServer, type MonitoringProtocol } from './monitoring-server.ts';

const rt = runtime();
const say = (text: string): void => {
  process.stdout.write(text + '\n');
};

// Reports as OTP's logger prints them (progress reports included, for the demo).
rt.setLogger((e) => {
  if (e.label === 'supervisor:progress' || e.label === 'gen_server:no_handle_info') return;
  say(`=${e.level.toUpperCase()} REPORT==== ${e.label}\n    ${formatTerm(e.report)}`);
});

// Supervisor events from the one event stream.
rt.subscribe((e: SysEvent) => {
  if (e.kind === 'child-restarted') say(`=SUPERVISOR==== ${e.name ?? String(e.pid)} restarted ${String(e.childId)} as ${String(e.child)} after ${formatTerm(e.reason)}`);
});

const serverName = 'monitoring_server';
const server = serverName;

/** A subscriber: subscribes, lives a while, then leaves (normally, or crashing). */
function subscriber(n: number, lifeMs: number, crash: boolean) {
  return async (self: Self): Promise<void> => {
    await GenServer.call<MonitoringProtocol, 'subscribe'>(server, 'subscribe', { caller: self });
    say(`subscriber ${n} (${String(self.pid)}) subscribed`);
    await self.receive(null, lifeMs);
    if (crash) throw new Error(`subscriber ${n} crashed`);
  };
}

async function main(): Promise<void> {
  say('# otpscope demo: the MonitoringServer from "Special Processes in OTP"\n');
  const started = await Supervisor.start(
    {
      name: 'demo_sup',
      init: () => [
        'ok',
        { strategy: 'one_for_one', intensity: 3, period: 5 },
        [{ id: 'monitoring_server', start: () => GenServer.startLink(MonitoringServer, undefined, { name: serverName }) }],
      ],
    },
    undefined,
    { name: 'demo_sup' },
  );
  const sup = GenServer.okPid(started);
  say(`supervisor demo_sup started: ${String(sup)}`);
  await sys.trace(server, true);
  say('sys.trace(monitoring_server, true)\n');

  const subs: Pid[] = [];
  for (let i = 1; i <= 3; i++) subs.push(rt.spawn(subscriber(i, 20 * i, i === 2)));
  await rt.settled();
  const list = await GenServer.call<MonitoringProtocol, 'subscribers'>(server, 'subscribers');
  say(`\nsubscribers: ${formatTerm(list[1])}\n`);

  // wait for all three to leave: each DOWN reaches the server before we ask again
  const downs = new Promise<void>((resolve) => {
    let seen = 0;
    const stop = rt.subscribe((e) => {
      if (e.kind === 'in' && e.name === serverName && e.message instanceof Object && (e.message as { type?: string }).type === 'DOWN') {
        if (++seen === 3) {
          stop();
          resolve();
        }
      }
    });
  });
  await downs;
  say(`\nsubscribers after they left: ${formatTerm((await GenServer.call<MonitoringProtocol, 'subscribers'>(server, 'subscribers'))[1])}\n`);

  // crash the server: the supervisor restarts it under the same name
  say('killing monitoring_server…');
  const old = rt.whereis(serverName) as Pid;
  rt.exit(old, 'kill');
  await rt.settled();
  const fresh = rt.whereis(serverName);
  say(`monitoring_server is now ${String(fresh)} (was ${String(old)})`);
  await sys.trace(server, true);
  rt.spawn(subscriber(4, 5, false));
  await rt.settled();
  await new Promise((r) => setTimeout(r, 20));
  say(`\nsys.getState(monitoring_server): ${formatTerm(await sys.getState(server))}`);
  const children = await Supervisor.whichChildren(sup);
  say(`Supervisor.whichChildren(demo_sup): ${formatTerm(children.map((c) => [c.id, c.pid]))}`);
  await GenServer.stop(sup);
  say('\ndemo_sup stopped; bye.');
}

await main();
