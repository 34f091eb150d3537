/**
 * The process table: one row per live process (pid, name or label,
 * behaviour, status, mailbox, messages in/out absolute and per second,
 * restarts, last event and its age, the call it waits on), the top N by any
 * column, one page at a time. Selecting the top of 100,000 processes keeps a
 * bounded heap of `offset + limit` entries (O(n log k)), and rows are built
 * only for the page returned.
 */
import { formatTerm, type Pid, type Process, type Runtime } from '../runtime/index.ts';
import type { Collector } from './collector.ts';

/** Columns the table sorts by. */
export const COLUMNS = ['pid', 'name', 'behaviour', 'status', 'mailbox', 'in', 'out', 'inRate', 'outRate', 'restarts', 'lastEventAge'] as const;
/** A sortable column. */
export type Column = (typeof COLUMNS)[number];

/** What a process is doing. */
export type Status = 'running' | 'runnable' | 'busy' | 'suspended' | 'hibernating' | 'waiting' | 'exiting';

/** The call a process waits on. */
export interface WaitingCall {
  /** The server called. */
  readonly server: string;
  readonly serverName: string | null;
  /** `module:function`, e.g. `gen_server:call`. */
  readonly call: string;
  /** How long it has waited, in ms (null: a call with no deadline, whose start is not recorded). */
  readonly waitingMs: number | null;
}

/** One row. */
export interface ProcessRow {
  readonly pid: string;
  readonly id: number;
  readonly name: string | null;
  readonly label: string | null;
  readonly behaviour: string;
  readonly status: Status;
  readonly mailbox: number;
  /** Messages delivered to it and sent by it since counting began, and per second over the last interval. */
  readonly in: number;
  readonly out: number;
  readonly inRate: number;
  readonly outRate: number;
  readonly restarts: number;
  readonly lastEvent: string | null;
  /** ms since the last event (null: none seen). */
  readonly lastEventAge: number | null;
  readonly call: WaitingCall | null;
}

/** A page of the table. */
export interface TablePage {
  /** Live processes in all. */
  readonly total: number;
  readonly sort: Column;
  readonly order: 'asc' | 'desc';
  readonly offset: number;
  readonly limit: number;
  readonly rows: readonly ProcessRow[];
  /** Time taken to select and build the page, in ms. */
  readonly tookMs: number;
}

/** A table query. */
export interface TableQuery {
  readonly sort?: Column;
  readonly order?: 'asc' | 'desc';
  readonly offset?: number;
  readonly limit?: number;
}

/** Largest page. */
export const MAX_LIMIT = 500;

/** What `p` is doing now. */
export function statusOf(p: Process): Status {
  if (p.dead) return 'exiting';
  if (p.running) return 'running';
  if (p.busy) return 'busy';
  if (p.suspended) return 'suspended';
  if (p.queued) return 'runnable';
  if (p.hibernating) return 'hibernating';
  return 'waiting';
}

/** The calls processes wait on, by caller: one walk over every server's pending calls. */
export function waitingCalls(rt: Runtime): Map<Process, WaitingCall> {
  const out = new Map<Process, WaitingCall>();
  const now = globalThis.performance.now();
  for (const pid of rt.processes()) {
    const server = pid.proc;
    for (let from = server.pendingCalls; from !== null; from = from.nextCall) {
      const failed = from.failed;
      out.set(from.pid.proc, {
        server: String(server.pid),
        serverName: server.name,
        call: failed === null ? 'call' : `${failed.module}:${failed.function}`,
        waitingMs: Number.isFinite(from.timeout) && from.deadline > 0 ? Math.max(0, Math.round(now - (from.deadline - from.timeout))) : null,
      });
    }
  }
  return out;
}

const STATUS_ORDER: Readonly<Record<Status, number>> = { running: 6, busy: 5, runnable: 4, suspended: 3, hibernating: 2, waiting: 1, exiting: 0 };

/** The sort key of `p` for `column` (numbers compare as numbers, texts as texts). */
function keyOf(c: Collector, column: Column, p: Process, now: number): number | string {
  switch (column) {
    case 'pid':
      return p.pid.id;
    case 'name':
      return p.name ?? p.labelText ?? '';
    case 'behaviour':
      return p.behaviour;
    case 'status':
      return STATUS_ORDER[statusOf(p)];
    case 'mailbox':
      return p.mailbox.length;
    case 'in':
      return p.received;
    case 'out':
      return p.sent;
    case 'inRate':
      return c.samples.get(p)?.inRate ?? 0;
    case 'outRate':
      return c.samples.get(p)?.outRate ?? 0;
    case 'restarts':
      return c.restartsOf(p);
    case 'lastEventAge': {
      const e = c.lastEventOf(p);
      return e === null ? Infinity : now - e.time;
    }
  }
}

interface Keyed {
  readonly key: number | string;
  readonly id: number;
  readonly p: Process;
}

/** a before b in the page's order (ties by pid, ascending). */
function before(a: Keyed, b: Keyed, desc: boolean): boolean {
  if (a.key !== b.key) return desc ? a.key > b.key : a.key < b.key;
  return a.id < b.id;
}

/**
 * The first `k` processes in order: a bounded heap whose root is the worst
 * kept entry, so each process costs one comparison unless it belongs in.
 */
function topK(pids: readonly Pid[], keyOfPid: (p: Process) => number | string, k: number, desc: boolean): Keyed[] {
  const heap: Keyed[] = [];
  // worse(a, b): a comes after b in the order (the heap keeps the worst at the root)
  const worse = (a: Keyed, b: Keyed): boolean => before(b, a, desc);
  const up = (i: number): void => {
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!worse(heap[i], heap[parent])) break;
      [heap[i], heap[parent]] = [heap[parent], heap[i]];
      i = parent;
    }
  };
  const down = (i: number): void => {
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < heap.length && worse(heap[l], heap[m])) m = l;
      if (r < heap.length && worse(heap[r], heap[m])) m = r;
      if (m === i) return;
      [heap[i], heap[m]] = [heap[m], heap[i]];
      i = m;
    }
  };
  if (k <= 0) return [];
  // an entry is allocated only when it gets into the heap
  const probe = { key: 0 as number | string, id: 0, p: null as unknown as Process };
  for (const pid of pids) {
    probe.key = keyOfPid(pid.proc);
    probe.id = pid.id;
    if (heap.length < k) {
      heap.push({ key: probe.key, id: probe.id, p: pid.proc });
      up(heap.length - 1);
    } else if (before(probe, heap[0], desc)) {
      heap[0] = { key: probe.key, id: probe.id, p: pid.proc };
      down(0);
    }
  }
  return heap.sort((a, b) => (before(a, b, desc) ? -1 : before(b, a, desc) ? 1 : 0));
}

/** One row of `p`. */
export function rowOf(c: Collector, p: Process, calls: ReadonlyMap<Process, WaitingCall>, now: number): ProcessRow {
  const s = c.samples.get(p);
  const e = c.lastEventOf(p);
  return {
    pid: String(p.pid),
    id: p.pid.id,
    name: p.name,
    label: p.labelText,
    behaviour: p.behaviour,
    status: statusOf(p),
    mailbox: p.mailbox.length,
    in: p.received,
    out: p.sent,
    inRate: s?.inRate ?? 0,
    outRate: s?.outRate ?? 0,
    restarts: c.restartsOf(p),
    lastEvent: e?.kind ?? null,
    lastEventAge: e === null ? null : Math.max(0, Math.round(now - e.time)),
    call: calls.get(p) ?? null,
  };
}

/** A page of the table: the processes ranked `offset` … `offset + limit - 1` by `sort`. */
export function tablePage(c: Collector, q: TableQuery = {}): TablePage {
  const t0 = performance.now();
  const sort = q.sort ?? 'mailbox';
  const order = q.order ?? (sort === 'pid' || sort === 'name' || sort === 'behaviour' || sort === 'lastEventAge' ? 'asc' : 'desc');
  const offset = Math.max(0, Math.floor(q.offset ?? 0));
  const limit = Math.min(MAX_LIMIT, Math.max(1, Math.floor(q.limit ?? 50)));
  const now = performance.now();
  const pids = c.rt.processes();
  const top = topK(pids, (p) => keyOf(c, sort, p, now), offset + limit, order === 'desc').slice(offset);
  const calls = waitingCalls(c.rt);
  const rows = top.map((k) => rowOf(c, k.p, calls, now));
  return { total: pids.length, sort, order, offset, limit, rows, tookMs: Math.round((performance.now() - t0) * 100) / 100 };
}

/** A label or name for text output: the name, else the label, else ''. */
export function displayName(row: Pick<ProcessRow, 'name' | 'label'>): string {
  return row.name ?? row.label ?? '';
}

/** Bounded text of any term for the table (names and labels are already text). */
export function shortText(v: unknown, chars = 80): string {
  return typeof v === 'string' ? (v.length > chars ? `${v.slice(0, chars)}…` : v) : formatTerm(v, { chars });
}
