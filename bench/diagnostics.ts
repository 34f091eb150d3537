/**
 * The diagnostics endpoint's load (issue 13), in the same run:
 *
 * - ping-pong with the endpoint started and a page connected (an event-stream
 *   client: the collector holds the runtime's message counters and its
 *   lifecycle listener, samples every second) against the endpoint off:
 *   target ≥ 0.97;
 * - ping-pong beside a third process traced near its rate limit (the page
 *   connected and the trace it opens, {rate: 50, perMs: 1000} of `in` events,
 *   fed 40 messages per run: 80% of the limit) against the same three
 *   processes with the endpoint off: target ≥ 0.9;
 * - the top-N query over 100,000 live processes (the collector's sample, the
 *   table page, and the same page over HTTP), timed.
 *
 * Each contender gets a fresh runtime; the endpoint and its client are set up
 * outside the timed part. Contenders take turns (measureInterleaved).
 */
import { request } from 'node:http';
import { start, type Diagnostics } from '../diagnostics/index.ts';
import { tablePage } from '../diagnostics/table.ts';
import { Runtime, silentLogger, type Pid, type Self } from '../runtime/index.ts';
import { deferred, formatRate, fullGc, measureInterleaved, now, type Contender, type MeasureOptions, type Sample, type TableRow } from './harness.ts';
import type { Check } from './observability.ts';

/**
 * The trace of the traced run: the page's own (50 events per second), on the
 * third process's `in` events; it gets one message per FEED ping-pong messages:
 * 40 per run of 1M, 80% of its limit whatever the speed (a run takes under 1 s).
 */
const TRACE_LIMIT = { rate: 50, perMs: 1000 } as const;
const FEED = 25_000;

/** How a run is observed. */
export type Mode = 'off' | 'page' | 'traced-off' | 'traced';

/** An event-stream client (a page) of `d`: resolves with its session id once `hello` arrived; `close` ends it. */
function page(d: Diagnostics): Promise<{ session: string; close: () => void }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: d.port, path: '/api/events', headers: { host: `127.0.0.1:${d.port}`, authorization: `Bearer ${d.token}` } }, (res) => {
      // reads the hello, then takes the rest without looking (a page is another process: its parsing is not the app's cost)
      let buf = '';
      res.setEncoding('utf8');
      const hello = (c: string): void => {
        buf += c;
        const m = /"session":"([^"]+)"/.exec(buf);
        if (m === null) return;
        res.off('data', hello);
        res.on('data', () => undefined);
        resolve({ session: m[1], close: () => req.destroy() });
      };
      res.on('data', hello);
      res.on('error', () => undefined);
    });
    req.on('error', reject);
    req.end();
  });
}

function post(d: Diagnostics, path: string, session: string, body: unknown): Promise<number> {
  const data = JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port: d.port,
        path,
        method: 'POST',
        headers: { host: `127.0.0.1:${d.port}`, authorization: `Bearer ${d.token}`, 'content-type': 'application/json', 'x-otpscope-session': session },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', reject);
    req.end(data);
  });
}

/** One ping-pong of `n` messages, observed as `mode` says; with a traced mode, a third process gets one message per FEED. */
export async function pingPong(n: number, mode: Mode): Promise<Sample> {
  const rt = new Runtime({ logger: silentLogger });
  const third = mode === 'traced' || mode === 'traced-off';
  let d: Diagnostics | null = null;
  let client: { session: string; close: () => void } | null = null;
  const end = deferred<number>();
  let handled = 0;
  let a: Pid | null = null;
  let b: Pid | null = null;
  const c = third ? rt.spawn((self) => self.loop(() => undefined)) : null;
  const player = (peer: () => Pid) => (self: Self) => {
    const other = peer();
    self.loop((msg) => {
      const k = msg as number;
      handled++;
      if (c !== null && k % FEED === 0) self.send(c, k);
      if (k >= n) end.resolve(now());
      else self.send(other, k + 1);
    });
  };
  a = rt.spawn(player(() => b as Pid));
  b = rt.spawn(player(() => a as Pid));
  if (mode !== 'off' && mode !== 'traced-off') {
    d = await start({ runtime: rt, warn: () => undefined });
    client = await page(d);
    if (mode === 'traced' && c !== null) {
      const status = await post(d, '/api/traces', client.session, { target: { pid: String(c) }, kinds: ['in'], limit: TRACE_LIMIT, durationMs: 600_000 });
      if (status !== 201) throw new Error(`bench: the trace was refused (${status})`);
    }
  }
  await rt.settled();
  const t0 = now();
  rt.send(a, 1);
  const t1 = await end.promise;
  if (mode === 'traced' && d !== null && d.traces !== 1) throw new Error('bench: the traced process tripped its limit: the run measured no trace');
  client?.close();
  await d?.close();
  for (const p of rt.processes()) rt.exit(p, 'kill');
  return { ops: handled, seconds: t1 - t0 };
}

/** The top-N query over `n` live processes: sample, table page, HTTP page (ms each, median of `reps`). */
export async function topN(n: number, reps: number): Promise<{ sample: number; table: number; http: number; n: number }> {
  const rt = new Runtime({ logger: silentLogger });
  for (let i = 0; i < n; i++) rt.spawn((self) => self.loop(() => undefined));
  await rt.settled();
  // some mailboxes, so the top is not a tie
  const pids = rt.processes();
  for (let i = 0; i < 1000; i++) rt.send(pids[(i * 7919) % n], i);
  const d = await start({ runtime: rt, warn: () => undefined });
  const client = await page(d);
  const times = { sample: [] as number[], table: [] as number[], http: [] as number[] };
  for (let r = 0; r < reps; r++) {
    fullGc();
    let t = performance.now();
    d.collector.sample();
    times.sample.push(performance.now() - t);
    t = performance.now();
    const p = tablePage(d.collector, { sort: 'mailbox', limit: 50 });
    times.table.push(performance.now() - t);
    if (p.total !== n || p.rows.length !== 50) throw new Error(`bench: top-N over ${n}: got ${p.total} processes, ${p.rows.length} rows`);
    t = performance.now();
    await new Promise<void>((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port: d.port, path: '/api/processes?sort=inRate&limit=50', headers: { host: `127.0.0.1:${d.port}`, authorization: `Bearer ${d.token}` } }, (res) => {
        res.resume();
        res.on('end', () => (res.statusCode === 200 ? resolve() : reject(new Error(`HTTP ${res.statusCode}`))));
      });
      req.on('error', reject);
      req.end();
    });
    times.http.push(performance.now() - t);
  }
  client.close();
  await d.close();
  for (const p of rt.processes()) rt.exit(p, 'kill');
  const med = (xs: number[]): number => [...xs].sort((x, y) => x - y)[xs.length >> 1];
  return { sample: med(times.sample), table: med(times.table), http: med(times.http), n };
}

/** The diagnostics section: the two ratio rows, their checks, and the top-N timing. */
export async function measureDiagnostics(
  messages: number,
  processes: number,
  opts: MeasureOptions,
  log: (line: string) => void,
): Promise<{ rows: TableRow[]; checks: Check[]; lines: string[] }> {
  const contender = (system: Contender['system'], mode: Mode): Contender => ({
    system,
    run: () => pingPong(messages, mode),
    warm: () => pingPong(messages / 10, mode),
    expected: messages,
  });
  const reps = { ...opts, reps: opts.reps * 3 };
  log('diagnostics: ping-pong, endpoint off vs started with a page connected…');
  const [off, on] = await measureInterleaved('ping-pong', [contender('otpscope', 'off'), contender('otpscope+diag-page', 'page')], reps);
  log(`  off ${formatRate(off.ops_per_sec)}/s, page connected ${formatRate(on.ops_per_sec)}/s`);
  log('diagnostics: ping-pong beside a process traced at its rate limit…');
  const [plain, traced] = await measureInterleaved('ping-pong', [contender('otpscope+3rd', 'traced-off'), contender('otpscope+diag-trace', 'traced')], reps);
  log(`  untraced ${formatRate(plain.ops_per_sec)}/s, traced ${formatRate(traced.ops_per_sec)}/s`);
  log(`diagnostics: top-N over ${processes} live processes…`);
  const top = await topN(processes, Math.max(3, opts.reps));
  const r1 = on.ops_per_sec / off.ops_per_sec;
  const r2 = traced.ops_per_sec / plain.ops_per_sec;
  const checks: Check[] = [
    { workload: 'ping-pong', target: 'endpoint started, a page connected ≥ 0.97 × endpoint off (modes interleaved in one process; the fair figure is the fresh section\'s)', value: `${r1.toFixed(3)} (${formatRate(on.ops_per_sec)}/s vs ${formatRate(off.ops_per_sec)}/s)`, pass: r1 >= 0.97 },
    {
      workload: 'ping-pong',
      target: "one process traced at its rate limit ≥ 0.9 × endpoint off (modes interleaved in one process; the fair figure is the fresh section's)",
      value: `${r2.toFixed(3)} (${formatRate(traced.ops_per_sec)}/s vs ${formatRate(plain.ops_per_sec)}/s, endpoint off; the page connected and its trace {rate: ${TRACE_LIMIT.rate}, perMs: ${TRACE_LIMIT.perMs}} of a third process fed ${messages / FEED} messages per run)`,
      pass: r2 >= 0.9,
    },
  ];
  const lines = [
    `top-N over ${top.n.toLocaleString('en')} live processes (median of ${Math.max(3, opts.reps)}): collector sample ${top.sample.toFixed(1)} ms, table page (top 50 by mailbox) ${top.table.toFixed(1)} ms, the same over HTTP (by in/s) ${top.http.toFixed(1)} ms`,
  ];
  return { rows: [off, on, plain, traced], checks, lines };
}
