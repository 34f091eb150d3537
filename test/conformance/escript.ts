/** Runs a scenario's Erlang twin with the real `escript` and returns its stdout lines. */
import { execFile, execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const erlangDir = fileURLToPath(new URL('./erlang/', import.meta.url));

/** True when `escript` is on the PATH. */
export function hasEscript(): boolean {
  try {
    execFileSync('escript', ['-s', '/dev/null'], { stdio: 'ignore' });
    return true;
  } catch (e) {
    return (e as { code?: string }).code !== 'ENOENT';
  }
}

/** The outcome of one escript run. */
export interface EscriptRun {
  readonly lines: string[];
  /** null when it exited 0. */
  readonly error: string | null;
}

/** Runs erlang/<name>/<name>.escript (cwd: its folder, as run-all.sh does). */
export function runEscript(name: string, args: readonly string[] = []): Promise<EscriptRun> {
  return new Promise((resolve) => {
    execFile(
      'escript',
      [`${name}.escript`, ...args],
      { cwd: `${erlangDir}${name}`, timeout: 120_000, env: { ...process.env, ERL_CRASH_DUMP_SECONDS: '0' } },
      (err, stdout, stderr) => {
        const lines = stdout.split('\n').filter((l) => l !== '');
        resolve({ lines, error: err === null ? null : `${err.message}\n${stderr.slice(0, 2000)}` });
      },
    );
  });
}

/** Extra arguments a scenario's escript takes (as run-all.sh gives them). */
export function escriptArgs(name: string): string[] {
  return name === 'monitoring_server_race' ? ['2000'] : [];
}
