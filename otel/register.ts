/**
 * `node --import otpscope/otel/register app.js`: traces a running app.
 * Starts the agent (see agent.ts) before the app's code and shuts it down —
 * flushing spans — when the app ends or is told to stop (SIGINT/SIGTERM: the
 * agent flushes; it ends the process only if the app has no handler of its own).
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
    // An app with its own handler shuts down its own way (and ends when it is
    // done); with none, Node would have ended at once: end after the flush.
    if (process.listenerCount(signal) > 0) return;
    agent.shutdown().finally(() => process.exit(128 + (signal === 'SIGINT' ? 2 : 15)));
  });
}
