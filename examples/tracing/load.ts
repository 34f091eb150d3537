/**
 * The article's MonitoringServer under load, traced: a supervisor, the server,
 * and waves of subscribers that subscribe, call, leave (some crash). Run it
 * with the agent:
 *
 *   node --import ./otel/register.ts examples/tracing/load.ts            # spans to the console
 *   OTEL_EXPORTER_OTLP_ENDPOINT=http://localhost:4318 OTEL_SERVICE_NAME=monitoring-demo \
 *   OTEL_METRICS_EXPORTER=prometheus node --import ./otel/register.ts examples/tracing/load.ts
 *
 * `WAVES` (default 5) and `PER_WAVE` (default 20) set the load.
 */
import { trace } from '@opentelemetry/api';
import { GenServer, Supervisor, runtime, silentLogger, type Self } from '../../runtime/index.ts';
import { MonitoringServer, type MonitoringProtocol } from '../monitoring-server/monitoring-server.ts';

const waves = Number(process.env.WAVES ?? 5);
const perWave = Number(process.env.PER_WAVE ?? 20);
const rt = runtime();
rt.setLogger(silentLogger);
const tracer = trace.getTracer('monitoring-load');

const sup = GenServer.okPid(
  await Supervisor.start(
    {
      init: () => [
        'ok',
        { strategy: 'one_for_one', intensity: 10, period: 5 },
        [{ id: 'monitoring_server', start: () => GenServer.startLink(MonitoringServer, undefined, { name: 'monitoring_server' }) }],
      ],
    },
    undefined,
    { name: 'monitoring_sup' },
  ),
);

function client(n: number) {
  return async (self: Self): Promise<void> => {
    await tracer.startActiveSpan(`client ${n}`, async (span) => {
      await GenServer.call<MonitoringProtocol, 'subscribe'>('monitoring_server', 'subscribe', { caller: self });
      await GenServer.call<MonitoringProtocol, 'subscribers'>('monitoring_server', 'subscribers', { caller: self });
      span.end();
    });
    await self.receive(null, 5 + (n % 7));
    if (n % 10 === 3) throw new Error(`client ${n} crashed`);
  };
}

for (let w = 0; w < waves; w++) {
  for (let i = 0; i < perWave; i++) rt.spawn(client(w * perWave + i));
  await rt.settled();
  await new Promise((r) => setTimeout(r, 30));
  if (w === Math.floor(waves / 2)) rt.exit(rt.whereis('monitoring_server') as never, 'kill'); // a restart in the trace
  await rt.settled();
}
const [, left] = await GenServer.call<MonitoringProtocol, 'subscribers'>('monitoring_server', 'subscribers');
process.stdout.write(`done: ${waves * perWave} clients, ${left.length} still subscribed\n`);
await GenServer.stop(sup);
