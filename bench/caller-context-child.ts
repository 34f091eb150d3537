/**
 * One sample of the caller-context bench (caller-context.ts), in a process of
 * its own: `node caller-context-child.ts <runtime/index.ts> <workload> <n>`.
 * Loads that copy of the runtime, warms up at a tenth of the size, then runs
 * the workload once and prints `{"ops", "cpuNs", "wallNs"}`: the CPU time
 * (user + system, `process.cpuUsage`) and wall time of the timed part.
 */
import { pathToFileURL } from 'node:url';
import type { OtpLib } from './systems/otp-lib.ts';
import type { Pid, Self } from '../runtime/index.ts';

/**
 * The workloads (caller-context.ts lists them): plain processes in `loop`
 * handlers; the same with async bodies awaiting `receive`; GenServer calls from
 * an async body naming itself (`{ caller: self }`); the same calls with no
 * option (the caller found from the async context; the baseline, which has
 * none, calls from `<0.0.0>`).
 */
type ContextWorkload = 'ping-pong' | 'async-ping-pong' | 'call' | 'call-implicit';

/** Runs `n` operations of `w` on `lib`; resolves with the operations really done. */
async function run(lib: OtpLib, w: ContextWorkload, n: number): Promise<number> {
  const rt = new lib.Runtime({ logger: lib.silentLogger });
  let handled = 0;
  let done: () => void = () => undefined;
  const end = new Promise<void>((r) => (done = r));
  if (w === 'call' || w === 'call-implicit') {
    const explicit = w === 'call';
    const server = lib.GenServer.okPid(
      await lib.GenServer.start({ init: () => ['ok', 0], handleCall: (_r: unknown, _f: unknown, k: number) => ['reply', k + 1, k + 1] }, null, { runtime: rt }),
    );
    rt.spawn(async (self: Self) => {
      if (explicit) {
        for (let i = 1; i <= n; i++) if ((await lib.GenServer.call(server, 'inc', { caller: self })) === i) handled++;
      } else {
        for (let i = 1; i <= n; i++) if ((await lib.GenServer.call(server, 'inc')) === i) handled++;
      }
      done();
    });
    await end;
    rt.exit(server, 'kill');
    return handled;
  }
  let a: Pid | null = null;
  let b: Pid | null = null;
  const step = (k: number): number | null => {
    handled++;
    if (k >= n) {
      done();
      return null;
    }
    return k + 1;
  };
  const player =
    w === 'ping-pong'
      ? (peer: () => Pid) => (self: Self) =>
          self.loop((msg) => {
            const next = step(msg as number);
            if (next !== null) self.send(peer(), next);
          })
      : (peer: () => Pid) => async (self: Self) => {
          for (;;) {
            const next = step((await self.receive()) as number);
            if (next === null) return;
            self.send(peer(), next);
          }
        };
  a = rt.spawn(player(() => b as Pid));
  b = rt.spawn(player(() => a as Pid));
  await rt.idle();
  rt.send(a, 1);
  await end;
  for (const p of rt.processes()) rt.exit(p, 'kill');
  return handled;
}

async function main(): Promise<void> {
  const [entry, workload, size] = process.argv.slice(2);
  const lib = (await import(pathToFileURL(entry).href)) as OtpLib;
  const w = workload as ContextWorkload;
  const n = Number(size);
  await run(lib, w, Math.max(1, Math.floor(n / 10)));
  const c0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  const ops = await run(lib, w, n);
  const wallNs = Number(process.hrtime.bigint() - t0);
  const c = process.cpuUsage(c0);
  process.stdout.write(`${JSON.stringify({ ops, cpuNs: (c.user + c.system) * 1000, wallNs })}\n`);
}

await main();
