/** The article's set-up for each test of the suites: a MonitoringServer with one subscribed child. */
import { GenServer, spawn, type Pid } from '../../runtime/index.ts';
import { startMonitoringServer, subscribe, subscribers, type MonitoringProtocol } from '../../examples/monitoring-server/monitoring-server.ts';

/** Tests per suite (BENCH_SUITE_TESTS overrides, for a quick run). */
export const TESTS = Number(process.env.BENCH_SUITE_TESTS ?? 1000);

/** A server and a child subscribed to it, waiting for 'terminate'. */
export async function serverWithSubscriber(): Promise<{ server: GenServer.Server<MonitoringProtocol>; child: Pid }> {
  const server = GenServer.okPid(await startMonitoringServer());
  let ready!: () => void;
  const subscribed = new Promise<void>((r) => (ready = r));
  const child = spawn(async (self) => {
    await subscribe(server, self);
    ready();
    await self.receive((m) => m === 'terminate');
  });
  await subscribed;
  return { server, child };
}

export { subscribers };
