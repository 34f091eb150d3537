/**
 * Call deadlines and pending calls, as a GenServer caller sees them (behaviour
 * only, so they hold whatever keeps the deadlines): every call pending on a
 * server that dies fails with its exit reason; calls sharing a timeout each
 * expire at their own deadline, and a timeout value used before still times
 * out. Fake timers; each step waits for a real event-loop turn, never a sleep.
 */
import { setImmediate as realSetImmediate } from 'node:timers';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { CallError, GenServer, exit, type From, type Pid } from '../../runtime/index.ts';
import { settled } from '../../vitest-plugin/index.ts';

/** A server that never answers a call (each caller waits for its reply or its deadline). */
const Silent: GenServer.GenServerBehaviour<null, null, { call: { request: string; reply: never }; cast: never }> = {
  init: () => ['ok', null],
  handleCall: (_req, _from, s) => ['noreply', s],
};

/** How each call came out so far: pending, or the CallError reason it failed with. */
function track(calls: Promise<unknown>[]): { outcomes: unknown[] } {
  const t = { outcomes: calls.map(() => 'pending' as unknown) };
  calls.forEach((c, i) =>
    c.then(
      (v) => (t.outcomes[i] = ['replied', v]),
      (e: unknown) => (t.outcomes[i] = e instanceof CallError ? e.reason : e),
    ),
  );
  return t;
}

/** One real event-loop turn (the runtime reads its clock once per turn), then the runtime settled. */
async function turn(): Promise<void> {
  await new Promise<void>((r) => realSetImmediate(r));
  await settled();
}

afterEach(() => {
  vi.useRealTimers();
});

describe('pending calls on a server that dies', () => {
  it('all three callers get the exit reason at once, not a timeout', async () => {
    vi.useFakeTimers();
    const server = GenServer.okPid(await GenServer.start(Silent, null));
    const t = track([GenServer.call(server, 'a', 60_000), GenServer.call(server, 'b', 60_000), GenServer.call(server, 'c', 60_000)]);
    await turn();
    expect(t.outcomes).toEqual(['pending', 'pending', 'pending']);
    exit(server as unknown as Pid, 'boom');
    await turn();
    // no fake time has passed: a call still pending here would only ever end by its timeout
    expect(t.outcomes).toEqual(['boom', 'boom', 'boom']);
  });

  it('a call already answered is not failed again; the others still are', async () => {
    vi.useFakeTimers();
    let firstFrom: From<string> | null = null;
    const server = GenServer.okPid(
      await GenServer.start(
        {
          init: () => ['ok', null],
          handleCall: (req: string, from, s: null) => {
            if (req === 'first') firstFrom = from;
            return ['noreply', s];
          },
        } as GenServer.GenServerBehaviour<null, null, { call: { request: string; reply: string }; cast: never }>,
        null,
      ),
    );
    const t = track([GenServer.call(server, 'first', 60_000), GenServer.call(server, 'second', 60_000), GenServer.call(server, 'third', 60_000)]);
    await turn();
    GenServer.reply(firstFrom as unknown as From, 'one');
    exit(server as unknown as Pid, 'shutdown');
    await turn();
    expect(t.outcomes).toEqual([['replied', 'one'], 'shutdown', 'shutdown']);
  });
});

describe('calls sharing a timeout', () => {
  it('each expires at its own deadline, in the order made', async () => {
    vi.useFakeTimers();
    const server = GenServer.okPid(await GenServer.start(Silent, null));
    const first = GenServer.call(server, 'a', 100);
    await turn();
    vi.advanceTimersByTime(60);
    await turn();
    const second = GenServer.call(server, 'b', 100); // made 60 ms later: due at 160
    const t = track([first, second]);
    await turn();
    vi.advanceTimersByTime(40); // 100: the first's deadline
    await turn();
    expect(t.outcomes).toEqual(['timeout', 'pending']);
    vi.advanceTimersByTime(59); // 159
    await turn();
    expect(t.outcomes).toEqual(['timeout', 'pending']);
    vi.advanceTimersByTime(1); // 160
    await turn();
    expect(t.outcomes).toEqual(['timeout', 'timeout']);
    await GenServer.stop(server);
  });

  it('a timeout value that expired a call before still times out later calls', async () => {
    vi.useFakeTimers();
    const server = GenServer.okPid(await GenServer.start(Silent, null));
    const t1 = track([GenServer.call(server, 'a', 250)]);
    await turn();
    vi.advanceTimersByTime(250);
    await turn();
    expect(t1.outcomes).toEqual(['timeout']);
    // the same timeout again, twice, after the first expired
    const t2 = track([GenServer.call(server, 'b', 250), GenServer.call(server, 'c', 250)]);
    await turn();
    vi.advanceTimersByTime(249);
    await turn();
    expect(t2.outcomes).toEqual(['pending', 'pending']);
    vi.advanceTimersByTime(1);
    await turn();
    expect(t2.outcomes).toEqual(['timeout', 'timeout']);
    await GenServer.stop(server);
  });

  it('a call answered before its deadline leaves the next one its own deadline', async () => {
    vi.useFakeTimers();
    let held: From<string> | null = null;
    const server = GenServer.okPid(
      await GenServer.start(
        {
          init: () => ['ok', null],
          handleCall: (req: string, from, s: null) => {
            if (req === 'answered') held = from;
            return ['noreply', s];
          },
        } as GenServer.GenServerBehaviour<null, null, { call: { request: string; reply: string }; cast: never }>,
        null,
      ),
    );
    const t = track([GenServer.call(server, 'answered', 100)]);
    await turn();
    vi.advanceTimersByTime(30);
    await turn();
    const late = track([GenServer.call(server, 'unanswered', 100)]); // due at 130
    await turn();
    GenServer.reply(held as unknown as From, 'ok');
    await turn();
    expect(t.outcomes).toEqual([['replied', 'ok']]);
    vi.advanceTimersByTime(70); // 100: nothing is due
    await turn();
    expect(late.outcomes).toEqual(['pending']);
    vi.advanceTimersByTime(30); // 130
    await turn();
    expect(late.outcomes).toEqual(['timeout']);
    await GenServer.stop(server);
  });
});
