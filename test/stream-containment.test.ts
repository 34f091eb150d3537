/**
 * The stream's containment: a throw anywhere in a chain built from
 * `events()`/`eventsOf()` — an operator, a subscriber's next, error or
 * complete, a `bounded` consumer — is reported once to the runtime's logger
 * and never reaches RxJS's `reportUnhandledError` (which rethrows on a timer
 * and ends Node); other subscribers keep receiving. And the boundary: an
 * Observable made outside the stream (`merge`) is not ours unless wrapped in
 * `contained`.
 */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { NEVER, config, map, merge, tap, type Observable } from 'rxjs';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Runtime, bounded, contained, events, eventsOf, ofKind, type LogEvent, type Pid, type SysEvent } from '../runtime/index.ts';

const root = fileURLToPath(new URL('..', import.meta.url));

function fresh(): { rt: Runtime; logs: LogEvent[]; failures: () => number } {
  const logs: LogEvent[] = [];
  const rt = new Runtime({ logger: (e) => logs.push(e) });
  return { rt, logs, failures: () => logs.filter((l) => l.label === 'event_subscriber_failed').length };
}

const boom = (): never => {
  throw new Error('operator failed');
};

/** What RxJS would have rethrown at Node (its `onUnhandledError` hook, run by flushing the faked setTimeout). */
let unhandled: unknown[] = [];

beforeEach(() => {
  unhandled = [];
  config.onUnhandledError = (e) => unhandled.push(e);
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
});

afterEach(() => {
  vi.runOnlyPendingTimers();
  vi.useRealTimers();
  config.onUnhandledError = null;
});

/** Runs RxJS's pending reportUnhandledError timers and returns what reached it. */
function reachedRxjs(): unknown[] {
  vi.runOnlyPendingTimers();
  return unhandled;
}

const CHAINS: readonly [string, (rt: Runtime, p: Pid, seen: () => void) => Observable<unknown>][] = [
  ['events().pipe(map)', (rt, _p, seen) => events(rt).pipe(tap(seen), map(boom))],
  ['eventsOf(pid).pipe(map)', (rt, p, seen) => eventsOf(p, rt).pipe(tap(seen), map(boom))],
  ["events().pipe(ofKind('in'), map)", (rt, _p, seen) => events(rt).pipe(ofKind('in'), tap(seen), map(boom))],
  ["eventsOf('name').pipe(map)", (rt, _p, seen) => eventsOf('target', rt).pipe(tap(seen), map(boom))],
];

describe('a throwing operator in a chain from events() / eventsOf()', () => {
  it('does not end the Node process (run in a child process)', async () => {
    const out = await new Promise<string>((resolve, reject) => {
      execFile(process.execPath, ['test/fixtures/throwing-operators-app.ts'], { cwd: root, timeout: 60_000 }, (err, stdout, stderr) =>
        err ? reject(new Error(`${err.message}\n${stderr}`)) : resolve(stdout),
      );
    });
    const result = JSON.parse(out) as { labels: string[]; good: number; listening: boolean };
    // four failing chains, each reported once; the good subscriber got its three messages
    expect(result.labels).toEqual(Array.from({ length: 4 }, () => 'event_subscriber_failed'));
    expect(result.good).toBe(3);
  });

  it.each(CHAINS)('%s: is reported once, ends that chain, and the others keep receiving', async (_name, chain) => {
    const { rt, failures } = fresh();
    const p = rt.spawn((self) => self.loop(() => undefined), { name: 'target' });
    await rt.settled();
    const good: unknown[] = [];
    const goodSub = eventsOf(p, rt)
      .pipe(ofKind('in'))
      .subscribe((e) => good.push(e.message));
    let seen = 0;
    chain(rt, p, () => seen++).subscribe(() => undefined);
    for (let i = 0; i < 3; i++) rt.send(p, i);
    await rt.settled();
    expect(good).toEqual([0, 1, 2]);
    expect(seen).toBe(1); // torn down after its first event
    expect(failures()).toBe(1);
    expect(reachedRxjs()).toEqual([]);
    goodSub.unsubscribe();
    expect(rt.listening).toBe(false); // the failed chain's listener went with it
    rt.exit(p, 'kill');
  });

  it("goes to the subscriber's own error callback when it has one (nothing logged), in both subscribe forms", async () => {
    const { rt, failures } = fresh();
    const p = rt.spawn((self) => self.loop(() => undefined));
    const errors: unknown[] = [];
    events(rt)
      .pipe(map(boom))
      .subscribe({ next: () => undefined, error: (e: unknown) => errors.push(e) });
    // the deprecated (next, error) form is honoured too
    eventsOf(p, rt).pipe(map(boom)).subscribe(() => undefined, (e: unknown) => errors.push(e));
    rt.send(p, 1);
    await rt.settled();
    expect(errors).toHaveLength(2);
    expect(failures()).toBe(0);
    expect(reachedRxjs()).toEqual([]);
    rt.exit(p, 'kill');
  });

  it('is reported once when the error callback itself throws, and when complete throws', async () => {
    const { rt, failures } = fresh();
    const p = rt.spawn(async (self) => {
      await self.receive();
    });
    events(rt)
      .pipe(map(boom))
      .subscribe({ error: boom });
    rt.send(p, 1);
    await rt.settled();
    expect(failures()).toBe(1);
    eventsOf(p, rt).subscribe({ complete: boom }); // p has exited: completes at once
    expect(failures()).toBe(2);
    expect(reachedRxjs()).toEqual([]);
  });

  it('is contained after bounded(), whose consumer runs in a later turn', async () => {
    const { rt, failures } = fresh();
    const p = rt.spawn((self) => self.loop(() => undefined));
    const good: unknown[] = [];
    events(rt)
      .pipe(ofKind('in'), bounded(10))
      .subscribe(() => {
        throw new Error('slow consumer failed');
      });
    events(rt)
      .pipe(ofKind('in'), bounded(10))
      .subscribe((e) => good.push(e.message));
    for (let i = 0; i < 3; i++) rt.send(p, i);
    await rt.settled();
    await new Promise((r) => setImmediate(r));
    expect(good).toEqual([0, 1, 2]);
    expect(failures()).toBe(1);
    expect(reachedRxjs()).toEqual([]);
    rt.exit(p, 'kill');
  });
});

describe('the boundary: an Observable made outside the stream', () => {
  it('merge(events().pipe(throwing), …) reaches RxJS as unhandled; contained(merge(…)) is reported instead', async () => {
    const { rt, failures } = fresh();
    const p = rt.spawn((self) => self.loop(() => undefined));
    merge(events(rt).pipe(map(boom)), NEVER).subscribe(() => undefined);
    rt.send(p, 1);
    await rt.settled();
    expect(failures()).toBe(0);
    expect(reachedRxjs()).toHaveLength(1); // not ours: merge subscribed with its own Subscriber
    unhandled = [];
    contained(merge(events(rt).pipe(map(boom)), NEVER), rt).subscribe(() => undefined);
    const thrower = contained(merge(events(rt), NEVER), rt).subscribe((e: SysEvent) => {
      if (e.kind === 'in') throw new Error('subscriber failed');
    });
    rt.send(p, 2);
    await rt.settled();
    expect(failures()).toBe(2);
    expect(reachedRxjs()).toEqual([]);
    thrower.unsubscribe();
    rt.exit(p, 'kill');
  });
});
