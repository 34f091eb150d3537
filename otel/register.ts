/**
 * `node --import otpscope/otel/register app.js`: traces a running app.
 * Starts the agent (see agent.ts) before the app's code and shuts it down —
 * flushing spans — when the app ends or is told to stop.
 */
import { startAgent } from './agent.ts';

const agent = startAgent({ flightRecorder: Number(process.env.OTPSCOPE_FLIGHT_RECORDER ?? 0) });

let exiting = false;
const flush = (): void => {
  if (exiting) return;
  exiting = true;
  agent.shutdown().catch(() => undefined);
};
process.once('beforeExit', flush);
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    flush();
    agent.shutdown().finally(() => process.exit(128 + (signal === 'SIGINT' ? 2 : 15)));
  });
}
