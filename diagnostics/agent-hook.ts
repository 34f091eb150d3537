/**
 * How the agent (`--import otpscope/otel/register`) opens the diagnostics
 * endpoint: at startup when `OTPSCOPE_DIAGNOSTICS_PORT` is set, and on
 * SIGUSR2 in a process already running (unless `OTPSCOPE_DIAGNOSTICS_SIGNAL=none`),
 * the way Node's inspector opens on SIGUSR1. Either way on loopback unless
 * `OTPSCOPE_DIAGNOSTICS_HOST` says otherwise, with a fresh token written to a
 * file only the owner can read; the path (never the token) goes to stderr.
 * The endpoint's code is loaded only when it opens.
 */
import type { DiagnosticsEnv } from '../otel/agent-env.ts';

/** Opens the endpoint (once; later calls report the one open) and says where on stderr. */
export async function openForAgent(env: DiagnosticsEnv, why: string): Promise<void> {
  try {
    const { attach } = await import('./attach.ts');
    const { diagnostics, file } = await attach({ port: env.port ?? 0, host: env.host, actions: env.actions, ...(env.token === null ? {} : { token: env.token }) });
    process.stderr.write(
      `otpscope agent: diagnostics endpoint on ${diagnostics.url} (${why}${diagnostics.actions ? ', actions allowed' : ', read-only'}); its URL and token are in ${file}, readable by this user only: npx otpscope top --token-file ${file}\n`,
    );
  } catch (e) {
    process.stderr.write(`otpscope agent: the diagnostics endpoint could not open: ${e instanceof Error ? e.message : String(e)}\n`);
  }
}

/** Wires the agent's diagnostics: opens at startup if asked, and on SIGUSR2. Returns the signal listener's remover. */
export function wireDiagnostics(env: DiagnosticsEnv): () => void {
  if (env.port !== null) void openForAgent(env, 'OTPSCOPE_DIAGNOSTICS_PORT');
  if (!env.signal) return () => undefined;
  const onSignal = (): void => void openForAgent(env, 'SIGUSR2');
  process.on('SIGUSR2', onSignal);
  return () => void process.off('SIGUSR2', onSignal);
}
