/**
 * Real Erlang/OTP: runs bench/erlang/<workload>.escript (one scheduler: the
 * escripts say `%%! +S 1`) and reads one "<ops> <seconds> [bytes]" line per
 * repetition.
 */
import { execFile, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Sample } from '../harness.ts';

const dir = fileURLToPath(new URL('../erlang/', import.meta.url));

/** True when `escript` is on the PATH. */
export function haveEscript(): boolean {
  const r = spawnSync('escript', ['-s', '/dev/null'], { stdio: 'ignore' });
  return r.error === undefined;
}

/** Runs `script` with `args` then the repetition count; the samples it printed. */
export function runEscript(script: string, args: readonly (string | number)[], reps: number): Promise<Sample[]> {
  return new Promise((resolve, reject) => {
    execFile('escript', [`${dir}${script}`, ...args.map(String), String(reps)], { maxBuffer: 1 << 20 }, (err, stdout, stderr) => {
      if (err !== null) {
        reject(new Error(`escript ${script} failed: ${err.message}\n${stderr}`));
        return;
      }
      const samples = stdout
        .trim()
        .split('\n')
        .filter((l) => l.trim() !== '')
        .map((line): Sample => {
          const [ops, seconds, bytes] = line.trim().split(/\s+/).map(Number);
          if (!Number.isFinite(ops) || !Number.isFinite(seconds)) throw new Error(`escript ${script}: bad line '${line}'`);
          return bytes === undefined ? { ops, seconds } : { ops, seconds, bytesPerProcess: bytes };
        });
      resolve(samples);
    });
  });
}
