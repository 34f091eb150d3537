/**
 * Installed debug functions (sys.install) beside the other debug options: the
 * name they are given at each event, and how turning trace, log, log_to_file
 * and statistics on and off leaves them (the debug options keep which options
 * are on in flags, recomputed at each change, so these pin every change).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { GenServer, debugStateOf, setTraceSink, sys, type DebugEvent, type Pid, type Process, type Runtime } from '../../runtime/index.ts';
import { fresh } from './helpers.ts';

interface CounterProtocol {
  call: { request: 'get'; reply: number };
  cast: 'inc';
}

const Counter: GenServer.GenServerBehaviour<number, number, CounterProtocol> = {
  init: (n) => ['ok', n],
  handleCall: (_req, _from, n) => ['reply', n, n],
  handleCast: (_msg, n) => ['noreply', n + 1],
};

async function counter(rt: Runtime, opts: GenServer.GenServerStartOptions = {}): Promise<GenServer.Server<CounterProtocol>> {
  return GenServer.okPid(await GenServer.start(Counter, 0, { ...opts, runtime: rt }));
}

/** Installs a function recording each event's kind, time and the name it was given. */
async function record(server: Pid): Promise<{ kind: string; time: number; name: unknown }[]> {
  const seen: { kind: string; time: number; name: unknown }[] = [];
  await sys.install(server, (st: null, e: DebugEvent, name) => {
    seen.push({ kind: e.kind, time: e.time, name });
    return st;
  }, null);
  return seen;
}

describe('the name an installed function is given', () => {
  it('follows the local name the process has at each event (registered later, unregistered)', async () => {
    const { rt } = fresh();
    const server = await counter(rt);
    const seen = await record(server);
    await GenServer.call(server, 'get');
    rt.register('sys_install_named', server);
    await GenServer.call(server, 'get');
    rt.unregister('sys_install_named');
    await GenServer.call(server, 'get');
    expect(seen.map((s) => s.name)).toEqual([server, server, 'sys_install_named', 'sys_install_named', server, server]);
    await GenServer.stop(server);
  });

  it("is a global name (OTP's gen names it by the name alone), and stays each process's own when other servers take global names", async () => {
    const { rt } = fresh();
    const named = await counter(rt, { name: { global: 'sys_install_g' } });
    const plain = await counter(rt);
    const seenNamed = await record(named);
    const seenPlain = await record(plain);
    await GenServer.call(named, 'get');
    await GenServer.call(plain, 'get');
    // another global name recorded meanwhile: each process still reports its own
    const other = await counter(rt, { name: { global: 'sys_install_other' } });
    await GenServer.call(named, 'get');
    await GenServer.call(plain, 'get');
    expect(seenNamed.map((s) => s.name)).toEqual(Array(4).fill('sys_install_g'));
    expect(seenPlain.map((s) => s.name)).toEqual(Array(4).fill(plain));
    for (const s of [named, plain, other]) await GenServer.stop(s);
  });
});

describe('installed functions beside the other options', () => {
  it('trace on stamps the events and prints them; trace off stops both, the function goes on seeing every event', async () => {
    const { rt } = fresh();
    const lines: string[] = [];
    const old = setTraceSink((l) => lines.push(l));
    try {
      const server = await counter(rt);
      const seen = await record(server);
      await GenServer.call(server, 'get');
      await sys.trace(server, true);
      await GenServer.call(server, 'get');
      await sys.trace(server, false);
      await GenServer.call(server, 'get');
      expect(seen.map((s) => s.kind)).toEqual(['in', 'out', 'in', 'out', 'in', 'out']);
      expect(seen.map((s) => Number.isNaN(s.time))).toEqual([true, true, false, false, true, true]);
      expect(lines).toHaveLength(2);
      await GenServer.stop(server);
    } finally {
      setTraceSink(old);
    }
  });

  it('log and log_to_file stamp the events while on; statistics count beside the function and do not stamp', async () => {
    const { rt } = fresh();
    const dir = mkdtempSync(join(tmpdir(), 'otpscope-sys-install-'));
    try {
      const server = await counter(rt);
      const seen = await record(server);
      await sys.log(server, true);
      await GenServer.call(server, 'get');
      await sys.log(server, false);
      await sys.logToFile(server, join(dir, 'log.txt'));
      await GenServer.call(server, 'get');
      await sys.logToFile(server, false);
      await sys.statistics(server, true);
      GenServer.cast(server, 'inc');
      await GenServer.call(server, 'get');
      expect(seen.map((s) => Number.isNaN(s.time))).toEqual([false, false, false, false, true, true, true, true]);
      expect(readFileSync(join(dir, 'log.txt'), 'utf8').split('\n').filter((l) => l !== '')).toHaveLength(2);
      const stats = await sys.statistics(server, 'get');
      if (stats === 'no_statistics') throw new Error('statistics are on');
      expect([stats.messagesIn, stats.messagesOut, stats.reductions]).toEqual([2, 1, 4]);
      expect(seen).toHaveLength(8);
      await GenServer.stop(server);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('log off alone stops the stamping at once', async () => {
    const { rt } = fresh();
    const server = await counter(rt);
    const seen = await record(server);
    await sys.log(server, true);
    await GenServer.call(server, 'get');
    await sys.log(server, false);
    await GenServer.call(server, 'get');
    expect(seen.map((s) => Number.isNaN(s.time))).toEqual([false, false, true, true]);
    await GenServer.stop(server);
  });

  it("a function that returns 'done' leaves; the others stay and keep their state", async () => {
    const { rt } = fresh();
    const server = await counter(rt);
    const counts: number[] = [];
    await sys.install(server, (n: number) => {
      counts.push(n);
      return n + 1;
    }, 0);
    let calls = 0;
    await sys.install(server, () => {
      calls++;
      return 'done';
    }, null);
    await GenServer.call(server, 'get');
    await GenServer.call(server, 'get');
    // the second left at its first event; the first saw all four (in, out, in, out), its state threaded through
    expect(calls).toBe(1);
    expect(counts).toEqual([0, 1, 2, 3]);
    await GenServer.stop(server);
  });

  it('the debug options go away when the last option goes off (trace, then the function removed)', async () => {
    const { rt } = fresh();
    const server = await counter(rt);
    const fun = (st: null): null => st;
    await sys.install(server, fun, null);
    await sys.trace(server, true);
    await sys.trace(server, false);
    expect(debugStateOf(server.proc as Process)).not.toBe(null);
    await sys.remove(server, fun);
    expect(debugStateOf(server.proc as Process)).toBe(null);
    await sys.statistics(server, true);
    await sys.statistics(server, false);
    expect(debugStateOf(server.proc as Process)).toBe(null);
    await GenServer.stop(server);
  });
});
