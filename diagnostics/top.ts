/**
 * `otpscope top`: a terminal top screen of a diagnostics endpoint, like
 * observer_cli's home screen. The node header and the top-N process table,
 * refreshed every interval (at least 1 s); keys change the sort column and
 * open a process by its row number; `--json` prints one snapshot for
 * scripts. Reads the URL and token from the attach token file
 * (`--token-file`), or `--url` with `--token`/`OTPSCOPE_DIAGNOSTICS_TOKEN`.
 */
import { readFileSync } from 'node:fs';
import type { NodeHeader } from './collector.ts';
import type { ProcessView } from './process-view.ts';
import type { Column, ProcessRow, TablePage } from './table.ts';

/** Where and how `top` connects, and what it shows. */
export interface TopOptions {
  readonly url: string;
  readonly token: string;
  readonly sort: Column;
  readonly limit: number;
  readonly intervalMs: number;
  readonly json: boolean;
}

/** The usage text. */
export const USAGE = `usage: otpscope top [--token-file FILE | --url URL [--token TOKEN]] [--sort COLUMN] [--limit N] [--interval MS] [--json]

  --token-file FILE  the file the agent wrote when it opened the endpoint (SIGUSR2 or OTPSCOPE_DIAGNOSTICS_PORT):
                     its URL and token (default: the token in OTPSCOPE_DIAGNOSTICS_TOKEN, with --url)
  --sort COLUMN      mailbox (default), inRate, outRate, in, out, restarts, pid, name, status, lastEventAge
  --limit N          rows (default 20)
  --interval MS      refresh interval, at least 1000 (default 1000)
  --json             print one snapshot (header and table, after one interval so rates are filled) as JSON and exit

keys: m mailbox · i/o in/out per second · I/O in/out total · r restarts · p pid · n name · e last event
      <row number> Enter  open a process · b back · space pause · q quit`;

/** Sort keys of the top screen. */
export const SORT_KEYS: Readonly<Record<string, Column>> = { m: 'mailbox', i: 'inRate', o: 'outRate', I: 'in', O: 'out', r: 'restarts', p: 'pid', n: 'name', e: 'lastEventAge', s: 'status' };

/** Parses `top`'s arguments (after `top`); throws a message for bad ones. */
export function parseTopArgs(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): TopOptions {
  let url: string | undefined;
  let token: string | undefined = env.OTPSCOPE_DIAGNOSTICS_TOKEN;
  let sort: Column = 'mailbox';
  let limit = 20;
  let intervalMs = 1000;
  let json = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = (): string => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value`);
      return v;
    };
    switch (a) {
      case '--token-file': {
        const f = JSON.parse(readFileSync(value(), 'utf8')) as { url?: unknown; token?: unknown };
        if (typeof f.url !== 'string' || typeof f.token !== 'string') throw new Error('the token file has no url and token');
        url ??= f.url;
        token = f.token;
        break;
      }
      case '--url':
        url = value();
        break;
      case '--token':
        token = value();
        break;
      case '--sort': {
        const v = value();
        if (!Object.values(SORT_KEYS).includes(v as Column)) throw new Error(`--sort: unknown column ${v}`);
        sort = v as Column;
        break;
      }
      case '--limit':
        limit = Number(value());
        if (!Number.isInteger(limit) || limit < 1 || limit > 500) throw new Error('--limit must be a whole number from 1 to 500');
        break;
      case '--interval':
        intervalMs = Number(value());
        if (!Number.isFinite(intervalMs) || intervalMs < 1000) throw new Error('--interval must be at least 1000 ms');
        break;
      case '--json':
        json = true;
        break;
      default:
        throw new Error(`unknown argument ${a}`);
    }
  }
  if (url === undefined) throw new Error('no endpoint: give --token-file FILE (as the agent wrote it) or --url URL');
  if (token === undefined) throw new Error('no token: give --token-file FILE, or --token / OTPSCOPE_DIAGNOSTICS_TOKEN with --url');
  return { url, token, sort, limit, intervalMs, json };
}

/** Fetches one JSON answer of the endpoint (the token as a Bearer header). */
export async function fetchJson<T>(o: Pick<TopOptions, 'url' | 'token'>, path: string): Promise<T> {
  const res = await fetch(new URL(path, o.url), { headers: { authorization: `Bearer ${o.token}` } });
  const body = (await res.json().catch(() => ({}))) as { message?: string };
  if (!res.ok) throw new Error(`${res.status} ${body.message ?? res.statusText}`);
  return body as T;
}

const num = (n: number | null): string => (n === null ? '—' : n >= 1e6 ? `${(n / 1e6).toFixed(1)}M` : n >= 1e4 ? `${(n / 1e3).toFixed(1)}k` : String(n));
const age = (ms: number | null): string => (ms === null ? '—' : ms < 1000 ? `${ms}ms` : ms < 120_000 ? `${(ms / 1000).toFixed(1)}s` : `${Math.round(ms / 60_000)}m`);
const mib = (b: number): string => `${(b / 1048576).toFixed(0)}M`;
const cut = (s: string, n: number): string => (s.length > n ? `${s.slice(0, n - 1)}…` : s.padEnd(n));

/** The header lines. */
export function renderHeader(h: NodeHeader, url: string): string[] {
  const d = h.loop.delayMs;
  return [
    `otpscope top — ${url}  node ${h.node} pid ${h.pid}  up ${age(h.uptimeSeconds * 1000)}`,
    `processes ${num(h.processes)}  msgs in/s ${num(h.messagesInPerSecond)}  out/s ${num(h.messagesOutPerSecond)}  run queue ${h.runQueue}  slices/s ${num(h.slicesPerSecond)}  yields/s ${num(h.yieldsPerSecond)}`,
    `event loop ${Math.round(h.loop.utilization * 100)}%  delay p50 ${d?.p50 ?? '—'} p90 ${d?.p90 ?? '—'} p99 ${d?.p99 ?? '—'} max ${d?.max ?? '—'} ms  heap ${mib(h.loop.heapUsed)}/${mib(h.loop.heapTotal)}  rss ${mib(h.loop.rss)}`,
  ];
}

/** The table lines (row numbers from 1). */
export function renderTable(page: TablePage): string[] {
  const head = `${'#'.padStart(3)} ${cut('pid', 12)} ${cut('name/label', 22)} ${cut('behaviour', 11)} ${cut('status', 9)} ${'mailbox'.padStart(8)} ${'in/s'.padStart(7)} ${'out/s'.padStart(7)} ${'in'.padStart(8)} ${'out'.padStart(8)} ${'rst'.padStart(4)} last event`;
  const rows = page.rows.map((r: ProcessRow, i) =>
    [
      String(i + 1 + page.offset).padStart(3),
      cut(r.pid, 12),
      cut(r.name ?? r.label ?? '', 22),
      cut(r.behaviour, 11),
      cut(r.status, 9),
      num(r.mailbox).padStart(8),
      num(r.inRate).padStart(7),
      num(r.outRate).padStart(7),
      num(r.in).padStart(8),
      num(r.out).padStart(8),
      String(r.restarts).padStart(4),
      r.lastEvent === null ? '—' : `${r.lastEvent} ${age(r.lastEventAge)} ago${r.call === null ? '' : ` · waiting on ${r.call.serverName ?? r.call.server}`}`,
    ].join(' '),
  );
  return [`sort: ${page.sort} ${page.order} — ${page.rows.length} of ${page.total} processes (${page.tookMs} ms)`, head, ...rows];
}

/** A process view as lines. */
export function renderProcess(v: ProcessView): string[] {
  const lines = [
    `process ${v.pid}${v.name === null ? '' : ` ${v.name}`}${v.label === null ? '' : ` ${v.label}`} — ${v.behaviour}, ${v.status}`,
    `mailbox ${v.mailbox} (${v.mailboxCapacity} slots)  in ${v.in} out ${v.out}  in/s ${v.inRate} out/s ${v.outRate}  restarts ${v.restarts}`,
    `parent ${v.parent ?? '—'}  ancestors ${v.ancestors.join(' ← ') || '—'}  initial call ${v.initialCall ?? '—'}`,
    `links ${v.links.join(' ') || '—'}  monitors ${v.monitors.map((m) => m.target).join(' ') || '—'}  monitored by ${v.monitoredBy.join(' ') || '—'}`,
    `waiting on ${v.call === null ? '—' : `${v.call.call} ${v.call.serverName ?? v.call.server}`}`,
    `queued: ${v.queued.join(', ') || 'none'}`,
    'state:',
    ...(v.state.available ? v.state.text : v.state.why).split('\n').slice(0, 12).map((l) => `  ${l.slice(0, 200)}`),
  ];
  if (v.recent !== null) lines.push('recent events:', ...v.recent.slice(-10).map((e) => `  ${e.kind} ${e.text.slice(0, 160)}`));
  return lines;
}
