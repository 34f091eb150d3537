#!/usr/bin/env node
/**
 * The `otpscope` command (the package's bin). One subcommand: `top`, a
 * terminal top screen of a diagnostics endpoint (see top.ts). Keys work in a
 * terminal (raw mode) and from a pipe (each key as it is written).
 */
import { setInterval, clearInterval } from 'node:timers';
import type { NodeHeader } from './collector.ts';
import type { ProcessView } from './process-view.ts';
import type { TablePage } from './table.ts';
import { SORT_KEYS, USAGE, fetchJson, parseTopArgs, renderHeader, renderProcess, renderTable, type TopOptions } from './top.ts';

const CLEAR = '\x1b[H\x1b[2J';

async function snapshot(o: TopOptions, sort: string): Promise<{ node: NodeHeader; table: TablePage }> {
  const [node, table] = await Promise.all([fetchJson<NodeHeader>(o, '/api/node'), fetchJson<TablePage>(o, `/api/processes?sort=${sort}&limit=${o.limit}`)]);
  return { node, table };
}

async function json(o: TopOptions): Promise<void> {
  // the first request starts the endpoint's sampling; rates are filled one interval later
  const first = await fetchJson<NodeHeader>(o, '/api/node');
  await new Promise((r) => setTimeout(r, Math.max(first.sampleMs, 1000) + 50));
  process.stdout.write(`${JSON.stringify(await snapshot(o, o.sort))}\n`);
}

async function interactive(o: TopOptions): Promise<void> {
  let sort: string = o.sort;
  let paused = false;
  let typed = '';
  let viewing: string | null = null;
  let rows: string[] = [];
  let busy = false;
  let status = '';
  const draw = async (): Promise<void> => {
    if (busy || paused) return;
    busy = true;
    try {
      const lines: string[] = [];
      const { node, table } = await snapshot(o, sort);
      rows = table.rows.map((r) => r.pid);
      lines.push(...renderHeader(node, o.url), '');
      if (viewing !== null) {
        const v = await fetchJson<ProcessView>(o, `/api/processes/${encodeURIComponent(viewing)}`).catch((e: unknown) => e as Error);
        lines.push(...(v instanceof Error ? [`process ${viewing}: ${v.message}`] : renderProcess(v)), '', 'b back · q quit');
      } else {
        lines.push(...renderTable(table), '', 'm mailbox · i/o per s · I/O total · r restarts · p pid · n name · e last event · <n> Enter open · space pause · q quit');
      }
      if (status !== '') lines.push(status);
      if (typed !== '') lines.push(`open row: ${typed}`);
      process.stdout.write(`${CLEAR}${lines.join('\n')}\n`);
      status = '';
    } catch (e) {
      process.stdout.write(`${CLEAR}otpscope top: ${(e as Error).message}\n`);
    } finally {
      busy = false;
    }
  };
  const timer = setInterval(() => void draw(), o.intervalMs);
  const quit = (): void => {
    clearInterval(timer);
    if (process.stdin.isTTY) process.stdin.setRawMode(false);
    process.stdin.pause();
    // the endpoint's keep-alive connections would hold the process a few seconds more
    process.stdout.write('\n', () => process.exit(0));
  };
  if (process.stdin.isTTY) process.stdin.setRawMode(true);
  process.stdin.setEncoding('utf8');
  process.stdin.on('data', (chunk: string) => {
    for (const k of chunk) {
      if (k === 'q' || k === '\u0003') {
        quit();
        return;
      }
      if (k === ' ') paused = !paused;
      else if (k === 'b' || k === '\u001b') viewing = null;
      else if (/[0-9]/.test(k)) typed += k;
      else if (k === '\r' || k === '\n') {
        const n = Number(typed);
        typed = '';
        if (n >= 1 && n <= rows.length) viewing = rows[n - 1];
        else if (typed !== '') status = `no row ${n}`;
      } else if (SORT_KEYS[k] !== undefined) {
        sort = SORT_KEYS[k];
        viewing = null;
      }
    }
    void draw();
  });
  process.stdin.on('end', quit);
  await draw();
}

async function main(argv: readonly string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command !== 'top' || rest.includes('--help') || rest.includes('-h')) {
    process.stderr.write(`${USAGE}\n`);
    return command === 'top' || command === '--help' || command === '-h' ? 0 : 2;
  }
  let o: TopOptions;
  try {
    o = parseTopArgs(rest);
  } catch (e) {
    process.stderr.write(`otpscope top: ${(e as Error).message}\n\n${USAGE}\n`);
    return 2;
  }
  try {
    if (o.json) await json(o);
    else await interactive(o);
    return 0;
  } catch (e) {
    process.stderr.write(`otpscope top: ${(e as Error).message}\n`);
    return 1;
  }
}

process.exitCode = await main(process.argv.slice(2));
