/**
 * Call deadlines and pending calls, as a GenServer caller sees them (behaviour
 * only, so they hold whatever keeps the deadlines): every call pending on a
 * server that dies fails with its exit reason; calls sharing a timeout each
 * expire at their own deadline, and a timeout value used before still times
 * out. Fake timers; each step waits for a real event-loop turn, never a sleep.
 */
import { setImmediate as realSetImmediate } from 'node:timers';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { CallError, From as HandMadeFrom, GenServer, ProcessExit, Ref, exit, send, spawn, tuple, type From, type Pid } from '../../runtime/index.ts';
import { deferred, fresh } from './helpers.ts';
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

/** The calls pending on `server`, newest first (its list, as the diagnostics walk it). */
function pendingOn(server: Pid): From[] {
  const out: From[] = [];
  for (let f = server.proc.pendingCalls; f !== null; f = f.nextCall) out.push(f as From);
  return out;
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

describe('calls with different timeouts', () => {
  it('a call whose timeout differs from the last one made waits in its own queue and expires at its own time', async () => {
    vi.useFakeTimers();
    const server = GenServer.okPid(await GenServer.start(Silent, null));
    // 100, then 20, then 100 again: each goes to the queue of its own timeout (the last one used is remembered)
    const t = track([GenServer.call(server, 'a', 100), GenServer.call(server, 'b', 20), GenServer.call(server, 'c', 100)]);
    await turn();
    vi.advanceTimersByTime(20);
    await turn();
    expect(t.outcomes).toEqual(['pending', 'timeout', 'pending']);
    vi.advanceTimersByTime(80);
    await turn();
    expect(t.outcomes).toEqual(['timeout', 'timeout', 'timeout']);
    await GenServer.stop(server);
  });

  it('names the call that failed as a plain {module, function, args}: [Server, Request], with the timeout only when the caller gave one', async () => {
    vi.useFakeTimers();
    const server = GenServer.okPid(await GenServer.start(Silent, null));
    const given = GenServer.call(server, 'a', 10).catch((e: unknown) => e as CallError);
    vi.advanceTimersByTime(10);
    const e = await given;
    // a plain FailedCall, as documented: no more fields than module, function and args
    expect(e.call).toStrictEqual({ module: 'gen_server', function: 'call', args: [server, 'a', 10] });
    expect(JSON.parse(JSON.stringify(e.call))).toEqual({ module: 'gen_server', function: 'call', args: [String(server), 'a', 10] });
    await GenServer.stop(server);
    const gone = (await GenServer.call(server, 'b').catch((x: unknown) => x)) as CallError;
    expect([gone.reason, gone.call.args]).toEqual(['noproc', [server, 'b']]);
  });
});

describe('the deadline timers', () => {
  it("a runtime made in the test: its first calls' deadlines count from when each was made", async () => {
    vi.useFakeTimers();
    const { rt } = fresh();
    const server = GenServer.okPid(await GenServer.start(Silent, null, { runtime: rt }));
    const first = GenServer.call(server, 'a', 100);
    await turn();
    vi.advanceTimersByTime(60);
    await turn();
    const t = track([first, GenServer.call(server, 'b', 100)]); // the second is due at 160
    await turn();
    vi.advanceTimersByTime(40);
    await turn();
    expect(t.outcomes).toEqual(['timeout', 'pending']);
    vi.advanceTimersByTime(60);
    await turn();
    expect(t.outcomes).toEqual(['timeout', 'timeout']);
    await GenServer.stop(server);
  });

  it('calls sharing a timeout share one host timer, which holds the event loop until the last of them is answered', async () => {
    const refTimers = (): number => process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;
    const { server: started, held } = holder();
    const server = await started;
    const before = refTimers();
    const t = track([GenServer.call(server, 'c1', 60_000), GenServer.call(server, 'c2', 60_000)]);
    await turn();
    expect(refTimers()).toBe(before + 1);
    GenServer.reply(held.get('c1') as From<string>, 'one');
    await turn();
    // c2 still waits for its reply or its deadline: the timer still holds the loop
    expect(refTimers()).toBe(before + 1);
    GenServer.reply(held.get('c2') as From<string>, 'two');
    await turn();
    expect(refTimers()).toBe(before);
    expect(t.outcomes).toEqual([
      ['replied', 'one'],
      ['replied', 'two'],
    ]);
    await GenServer.stop(server);
  });

  it('a call answered behind one that expires leaves no timer armed for its own deadline', async () => {
    vi.useFakeTimers();
    const { server: started, held } = holder();
    const server = await started;
    const t = track([GenServer.call(server, 'first', 100)]);
    await turn();
    vi.advanceTimersByTime(10);
    await turn();
    const answered = track([GenServer.call(server, 'second', 100)]); // due at 110
    await turn();
    GenServer.reply(held.get('second') as From<string>, 'two');
    await turn();
    expect(vi.getTimerCount()).toBe(1);
    vi.advanceTimersByTime(90); // 100: the first expires, and nothing is left to wait for
    await turn();
    expect([t.outcomes, answered.outcomes]).toEqual([['timeout'], [['replied', 'two']]]);
    expect(vi.getTimerCount()).toBe(0);
    await GenServer.stop(server);
  });

  it('a bad timeout fails the call with a BadArgError naming gen_server.call and the value', async () => {
    const { server: started } = holder();
    const server = await started;
    await expect(GenServer.call(server, 'now', -1)).rejects.toThrow(/^gen_server\.call: bad timeout -1 \(a number of ms from 0 to /);
    await GenServer.stop(server);
  });
});

/** A server that keeps each call's From (to answer later, or never) and answers 'now' at once. */
function holder(): { server: Promise<Pid>; held: Map<string, From<string>> } {
  const held = new Map<string, From<string>>();
  const server = GenServer.start(
    {
      init: () => ['ok', null],
      handleCall: (req: string, from: From<string>, s: null) => {
        if (req === 'now') return ['reply', 'now', s];
        held.set(req, from);
        return ['noreply', s];
      },
    } as GenServer.GenServerBehaviour<null, null, { call: { request: string; reply: string }; cast: never }>,
    null,
  ).then((r) => GenServer.okPid(r) as unknown as Pid);
  return { server, held };
}

describe('answering calls', () => {
  it('a call answered in the middle of the pending list leaves the calls before and after it to fail with the reason', async () => {
    vi.useFakeTimers();
    const { server: started, held } = holder();
    const server = await started;
    const t = track([GenServer.call(server, 'c1', 60_000), GenServer.call(server, 'c2', 60_000), GenServer.call(server, 'c3', 60_000)]);
    await turn();
    GenServer.reply(held.get('c2') as From<string>, 'two');
    await turn();
    // the answered call has left the server's list of pending calls (what the diagnostics show as waiting)
    expect(pendingOn(server)).toEqual([held.get('c3'), held.get('c1')]);
    exit(server, 'gone');
    await turn();
    expect(t.outcomes).toEqual(['gone', ['replied', 'two'], 'gone']);
    expect(pendingOn(server)).toEqual([]);
  });

  it("reply returns 'ok'; a second reply to the same call reaches the caller as a stray {Tag, Reply} message", async () => {
    const { server: started, held } = holder();
    const server = await started;
    const got = await new Promise<{ first: unknown; second: unknown; ok: unknown[] }>((resolve) => {
      spawn(async (self) => {
        const call = GenServer.call(server, 'x', { caller: self });
        await settled();
        const from = held.get('x') as From<string>;
        const ok = [GenServer.reply(from, 'one')];
        const first = await call;
        ok.push(GenServer.reply(from, 'two'));
        resolve({ first, second: await self.receive(null, 1000), ok });
      });
    });
    const from = held.get('x') as From<string>;
    expect(got).toEqual({ first: 'one', second: tuple(from.tag, 'two'), ok: ['ok', 'ok'] });
    await GenServer.stop(server);
  });

  it('a reply after the caller gave up (timeout) is dropped; a hand-made From gets {Tag, Reply} in its mailbox', async () => {
    vi.useFakeTimers();
    const { server: started, held } = holder();
    const server = await started;
    const box = deferred<unknown[]>();
    const caller = spawn(async (self) => {
      const failed = await GenServer.call(server, 'late', { caller: self, timeout: 100 }).catch((e: unknown) => (e as CallError).reason);
      await self.receive((m) => m === 'check');
      box.resolve([failed, ...(self.runtime.processInfo(self.pid)?.messages ?? [])]);
    });
    await turn();
    vi.advanceTimersByTime(100);
    await turn();
    expect(GenServer.reply(held.get('late') as From<string>, 'too late')).toBe('ok');
    send(caller, 'check');
    expect(await box.promise).toEqual(['timeout']);
    const tag = new Ref();
    const box2 = deferred<unknown>();
    const inbox = spawn(async (self) => {
      box2.resolve(await self.receive(null, 1000));
    });
    expect(GenServer.reply(new HandMadeFrom<string>(inbox, tag), 'by hand')).toBe('ok');
    expect(await box2.promise).toEqual(tuple(tag, 'by hand'));
    await GenServer.stop(server);
  });

  it('a call with no timeout (Infinity) never times out', async () => {
    vi.useFakeTimers();
    const { server: started, held } = holder();
    const server = await started;
    const t = track([GenServer.call(server, 'forever', Infinity)]);
    await turn();
    vi.advanceTimersByTime(24 * 3600_000);
    await turn();
    expect(t.outcomes).toEqual(['pending']);
    GenServer.reply(held.get('forever') as From<string>, 'at last');
    await turn();
    expect(t.outcomes).toEqual([['replied', 'at last']]);
    await GenServer.stop(server);
  });

  it("a killed process's code that goes on after an await and calls gets its own exit reason, and asks nothing", async () => {
    const { server: started, held } = holder();
    const server = await started;
    const gate = deferred();
    const outcome = deferred<unknown>();
    const p = spawn(async (self) => {
      await gate.promise;
      outcome.resolve(await GenServer.call(server, 'after death', { caller: self }).catch((e: unknown) => e));
    });
    await settled();
    exit(p, 'kill');
    gate.resolve();
    const e = await outcome.promise;
    expect(e).toBeInstanceOf(ProcessExit);
    expect((e as ProcessExit).reason).toBe('killed');
    expect(held.has('after death')).toBe(false);
    await GenServer.stop(server);
  });
});
