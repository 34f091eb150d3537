/**
 * `node --import otpscope/otel/register app.js`: traces a running app.
 * Starts the agent (agent.ts) before the app's code, exports it so the app's
 * own shutdown can await it, and ties it to the ways a process ends:
 *
 * - the app ends by itself ('beforeExit'): shutdown; if the bound expires,
 *   the process ends (with its exit code) instead of waiting for the exporter;
 * - SIGINT/SIGTERM and the app has no handler for it: shutdown, then exit
 *   130/143. With a handler of its own the app decides when to end: the agent
 *   flushes at once and keeps running, and the handler should
 *   `await agent.shutdown()` before it calls `process.exit()`;
 * - an uncaught exception (Node 22 also raises unhandled rejections as one)
 *   that would end the process — the app has no 'uncaughtException' handler —
 *   with OTLP exporters: shutdown, then the error is rethrown, so Node prints
 *   it and exits 1 as it would have. With a handler of the app's, nothing
 *   changes;
 * - 'exit', which `process.exit()` goes straight to: Node runs only
 *   synchronous code there, so the embedded JSON-lines file gets the ended
 *   spans it still holds, and spans waiting for an OTLP export are lost.
 *
 * Every shutdown and flush is bounded by `OTPSCOPE_SHUTDOWN_TIMEOUT_MS`
 * (default 3000 ms), well under `docker stop`'s 10 s.
 *
 * It also wires the diagnostics endpoint (diagnostics/agent-hook.ts): SIGUSR2
 * opens it in a running process (on loopback, a fresh token in a file only
 * the owner can read), and `OTPSCOPE_DIAGNOSTICS_PORT` opens it at startup.
 * With the agent loaded, SIGUSR2 no longer ends the process (Node's default);
 * `OTPSCOPE_DIAGNOSTICS_SIGNAL=none` leaves SIGUSR2 alone.
 *
 * @example
 * import { agent } from 'otpscope/otel/register';
 * process.once('SIGTERM', async () => {
 *   await closeServer();
 *   await agent.shutdown(); // resolves within the bound, collector or not
 *   process.exit(0);
 * });
 */
import { wireDiagnostics } from '../diagnostics/agent-hook.ts';
import { readAgentEnv } from './agent-env.ts';
import { startAgent, type Agent } from './agent.ts';

export type { Agent, AgentMode, FlushOptions, FlushOutcome } from './agent.ts';

/** The agent this module started (importing the module is what starts it; `--import` does it before the app). */
export const agent: Agent = startAgent();

// the diagnostics endpoint: at startup with OTPSCOPE_DIAGNOSTICS_PORT, on SIGUSR2 in a running process
wireDiagnostics(readAgentEnv().diagnostics);

process.on('exit', () => {
  agent.exportPendingSync();
});

process.once('beforeExit', () => {
  void agent.shutdown().then((outcome) => {
    // only the exporter's hung request keeps the process alive now
    if (outcome === 'timeout') process.exit();
  });
});

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    // An app with its own handler shuts down its own way (and ends when it is
    // done): export what is pending now, keep tracing its shutdown. With none,
    // Node would have ended at once: end after the shutdown.
    if (process.listenerCount(signal) > 0) {
      void agent.flush();
      return;
    }
    void agent.shutdown().then(() => process.exit(128 + (signal === 'SIGINT' ? 2 : 15)));
  });
}

let fatal: { readonly error: unknown } | null = null;
let rethrown = false;

// the embedded default needs no handler: it writes synchronously, on 'exit' at the latest
if (agent.mode === 'env') process.on('uncaughtException', onUncaught);

/** An uncaught exception: when it is the app's end, export first, then let Node end the process with it. */
function onUncaught(error: unknown): void {
  // the app handles its uncaught exceptions: the process goes on, as it would without the agent
  if (process.listenerCount('uncaughtException') > 1) return;
  if (fatal !== null) {
    // another error while exporting: Node would have ended at the first one already
    rethrow(fatal.error);
    return;
  }
  fatal = { error };
  void agent.shutdown().then(() => rethrow(error));
}

function rethrow(error: unknown): void {
  if (rethrown) return;
  rethrown = true;
  process.removeListener('uncaughtException', onUncaught);
  // the monitors have seen this error when it was first thrown
  process.removeAllListeners('uncaughtExceptionMonitor');
  process.nextTick(() => {
    throw error; // ← the app's uncaught exception, rethrown by the otpscope agent once its telemetry was exported (the stack below is the original)
  });
}
