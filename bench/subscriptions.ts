/**
 * Many per-process subscriptions (issue 9): N idle processes, each watched by
 * its own `eventsOf(pid)` subscriber doing nothing, while two other processes
 * play ping-pong. Three timed parts: spawning the N processes and subscribing
 * to each (spawn, subscribe, spawn, …), the ping-pong (µs per message, with all
 * N subscriptions live), and the teardown (killing the N processes: each
 * subscription completes at its process's exit).
 *
 * Two systems: `indexed` is `eventsOf(pid)` as it is (the runtime calls a
 * per-pid subscriber with its own pid's events only); `unindexed` is the
 * previous `eventsOf`, copied verbatim below: `events().pipe(startWith,
 * takeWhile, filter by pid)`, one listener of every event per subscriber, so
 * every event is filtered by all N. Each run checks that every subscriber saw
 * exactly its own process's exit and nothing else (a benchmark that drops work
 * measures nothing).
 */
import { filter, startWith, takeWhile, type Observable } from 'rxjs';
import { Runtime, events, eventsOf, silentLogger, type Pid, type Self, type SysEvent } from '../runtime/index.ts';
import { deferred, fullGc, median, now } from './harness.ts';

/** How per-process subscriptions are made. */
export type Indexing = 'indexed' | 'unindexed';

/** The previous `eventsOf(pid)` (before the registry indexed pids), verbatim. */
function unindexedEventsOf(pid: Pid, rt: Runtime): Observable<SysEvent> {
  return events(rt).pipe(
    startWith(null),
    takeWhile((e) => (e === null ? !pid.proc.dead : !(e.kind === 'exit' && e.pid === pid)), true),
    filter((e): e is SysEvent => e !== null && e.pid === pid),
  );
}

/** One run's timings. */
export interface SubscriptionSample {
  /** Spawning the N processes and subscribing to each, in seconds. */
  readonly setup: number;
  /** µs per ping-pong message with the N subscriptions live. */
  readonly perMessage: number;
  /** Killing the N processes (each subscription completes), in seconds. */
  readonly teardown: number;
}

/** One run: N watched processes, `messages` ping-pong messages. */
export async function subscriptionRun(indexing: Indexing, n: number, messages: number): Promise<SubscriptionSample> {
  const rt = new Runtime({ logger: silentLogger });
  const of = indexing === 'indexed' ? (p: Pid) => eventsOf(p, rt) : (p: Pid) => unindexedEventsOf(p, rt);
  const watched: Pid[] = [];
  let seen = 0;
  let wrong = 0;
  const t0 = now();
  for (let i = 0; i < n; i++) {
    const p = rt.spawn((self) => self.loop(() => undefined));
    watched.push(p);
    of(p).subscribe((e) => {
      if (e.pid === p && e.kind === 'exit') seen++;
      else wrong++;
    });
  }
  const t1 = now();
  await rt.settled();

  const end = deferred<number>();
  let a: Pid | null = null;
  let b: Pid | null = null;
  const player = (peer: () => Pid) => (self: Self) =>
    self.loop((k) => {
      if ((k as number) >= messages) end.resolve(now());
      else self.send(peer(), (k as number) + 1);
    });
  a = rt.spawn(player(() => b as Pid));
  b = rt.spawn(player(() => a as Pid));
  await rt.settled();
  const t2 = now();
  rt.send(a, 1);
  const t3 = await end.promise;
  rt.exit(a, 'kill');
  rt.exit(b, 'kill');
  await rt.settled();

  const t4 = now();
  for (const p of watched) rt.exit(p, 'kill');
  const t5 = now();
  await rt.settled();
  if (seen !== n || wrong !== 0) throw new Error(`subscriptions/${indexing} N=${n}: ${seen} of ${n} exits seen, ${wrong} events of other processes`);
  if (rt.listening) throw new Error(`subscriptions/${indexing} N=${n}: still listening after every watched process exited`);
  return { setup: t1 - t0, perMessage: ((t3 - t2) * 1e6) / messages, teardown: t5 - t4 };
}

/** The sizes: N per-process subscriptions, and messages per run for each system. */
export interface SubscriptionSizes {
  /** N for both systems. */
  readonly both: readonly number[];
  /** N for the indexed system only (the unindexed one is quadratic: minutes). */
  readonly indexedOnly: readonly number[];
  readonly messagesIndexed: number;
  /** Unindexed, a message costs O(N): the messages of a run at N (about the same time at every N). */
  readonly messagesUnindexed: (n: number) => number;
}

/** Full sizes: 1k and 4k for both, 20k indexed only. */
export const SUBSCRIPTIONS_FULL: SubscriptionSizes = { both: [1, 1000, 4000], indexedOnly: [20_000], messagesIndexed: 1_000_000, messagesUnindexed: (n) => Math.max(300, Math.round(1_000_000 / n)) };
/** Quick sizes (smoke runs). */
export const SUBSCRIPTIONS_QUICK: SubscriptionSizes = { both: [1, 100, 400], indexedOnly: [2000], messagesIndexed: 2000, messagesUnindexed: (n) => Math.max(100, Math.round(2000 / n)) };

/** One line of the table: medians for one N. */
export interface SubscriptionRow {
  readonly n: number;
  readonly indexed: SubscriptionSample;
  readonly unindexed: SubscriptionSample | null;
}

/**
 * Measures every N: the indexed system `reps` times (median), the unindexed
 * one `unindexedReps` times, taking turns at each N, a full GC before each run.
 */
export async function measureSubscriptions(sizes: SubscriptionSizes, reps: number, unindexedReps: number, log: (line: string) => void): Promise<SubscriptionRow[]> {
  const rows: SubscriptionRow[] = [];
  // warm-up: the JIT compiles both paths at a small N first
  await subscriptionRun('indexed', sizes.both[1] ?? 100, sizes.messagesIndexed / 5);
  await subscriptionRun('unindexed', 100, sizes.messagesUnindexed(100));
  for (const n of [...sizes.both, ...sizes.indexedOnly]) {
    const withUnindexed = sizes.both.includes(n);
    const idx: SubscriptionSample[] = [];
    const un: SubscriptionSample[] = [];
    for (let r = 0; r < Math.max(reps, withUnindexed ? unindexedReps : 0); r++) {
      if (r < reps) {
        fullGc();
        idx.push(await subscriptionRun('indexed', n, sizes.messagesIndexed));
      }
      if (withUnindexed && r < unindexedReps) {
        fullGc();
        un.push(await subscriptionRun('unindexed', n, sizes.messagesUnindexed(n)));
      }
    }
    const row: SubscriptionRow = { n, indexed: medianSample(idx), unindexed: un.length > 0 ? medianSample(un) : null };
    log(`  subscriptions N=${n}: indexed ${row.indexed.perMessage.toFixed(3)} µs/msg, unindexed ${row.unindexed === null ? '—' : `${row.unindexed.perMessage.toFixed(3)} µs/msg`}`);
    rows.push(row);
  }
  return rows;
}

function medianSample(xs: readonly SubscriptionSample[]): SubscriptionSample {
  return { setup: median(xs.map((x) => x.setup)), perMessage: median(xs.map((x) => x.perMessage)), teardown: median(xs.map((x) => x.teardown)) };
}

/** The table: per N, both systems' setup, per-message and teardown cost, and unindexed ÷ indexed. */
export function subscriptionTable(rows: readonly SubscriptionRow[]): string {
  const head = ['N', 'system', 'setup ms', 'µs/msg', 'teardown ms', 'setup ×', 'µs/msg ×', 'teardown ×'];
  const lines: string[][] = [head];
  const ms = (s: number): string => (s * 1000).toFixed(1);
  const times = (a: number, b: number): string => `${(a / b).toFixed(1)}×`;
  for (const r of rows) {
    lines.push([String(r.n), 'indexed', ms(r.indexed.setup), r.indexed.perMessage.toFixed(3), ms(r.indexed.teardown), '', '', '']);
    const u = r.unindexed;
    if (u === null) lines.push([String(r.n), 'unindexed', 'not run (quadratic)', '', '', '', '', '']);
    else lines.push([String(r.n), 'unindexed', ms(u.setup), u.perMessage.toFixed(3), ms(u.teardown), times(u.setup, r.indexed.setup), times(u.perMessage, r.indexed.perMessage), times(u.teardown, r.indexed.teardown)]);
  }
  const widths = head.map((_, i) => Math.max(...lines.map((l) => (l[i] === 'not run (quadratic)' ? 0 : l[i].length))));
  const fmt = (l: string[]): string =>
    l
      .map((c, i) => (i < 2 ? c.padEnd(widths[i]) : c === 'not run (quadratic)' ? c : c.padStart(widths[i])))
      .join('  ')
      .trimEnd();
  return [fmt(lines[0]), widths.map((w) => '-'.repeat(w)).join('  '), ...lines.slice(1).map(fmt)].join('\n');
}
