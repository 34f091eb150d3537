import { describe, expect, it } from 'vitest';
import { CallError, CallbackFailedError, GenServer, setTraceSink, sys, type DebugEvent, type Pid, type Runtime } from '../../runtime/index.ts';
import { exitReason, fresh, inProcess } from './helpers.ts';

interface CounterProtocol {
  call: { request: 'get'; reply: number } | { request: 'stateOfSelf'; reply: unknown };
  cast: 'inc' | 'crash';
}

const Counter: GenServer.GenServerBehaviour<number, number, CounterProtocol> = {
  init: (n) => ['ok', n],
  handleCall(req, _from, n, self) {
    if (req === 'get') return ['reply', n, n];
    // a sys call from a process to itself: rejected at once, the server keeps running
    return sys.getState(self.pid).then(
      (v) => ['reply', v, n] as const,
      (e: unknown) => ['reply', e, n] as const,
    );
  },
  handleCast: (msg, n) => {
    if (msg === 'crash') throw new Error('cast crash');
    return ['noreply', n + 1];
  },
  // sys.changeCode needs it (without one the change fails with undef, as OTP)
  codeChange: (_old, n) => ['ok', n],
};

async function counter(rt: Runtime, n = 0): Promise<GenServer.Server<CounterProtocol>> {
  return GenServer.okPid(await GenServer.start(Counter, n, { runtime: rt }));
}

async function rejection(p: Promise<unknown>): Promise<CallError> {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(CallError);
  return e as CallError;
}

describe('sys call failures are typed CallErrors', () => {
  it('a dead pid or an unknown name: noproc, naming the sys function and its arguments', async () => {
    const { rt } = fresh();
    const dead = rt.spawn(() => undefined);
    await rt.settled();
    const e = await rejection(sys.getState(dead));
    expect(e.reason).toBe('noproc');
    expect(e.call).toEqual({ module: 'sys', function: 'get_state', args: [dead] });
    expect(e.exitTerm).toEqual(['noproc', ['sys', 'get_state', [dead]]]);
    const byName = await rejection(sys.suspend('no_such_name', 100));
    expect(byName.reason).toBe('noproc');
    expect(byName.call.args).toEqual(['no_such_name', 100]);
  });

  it('a process that never answers system messages: timeout', async () => {
    const { rt } = fresh();
    const deaf = rt.spawn(async (self) => {
      await self.receive((m) => m === 'never');
    });
    const e = await rejection(sys.getState(deaf, 20));
    expect(e.reason).toBe('timeout');
    expect(e.call).toEqual({ module: 'sys', function: 'get_state', args: [deaf, 20] });
    expect(rt.isAlive(deaf)).toBe(true);
    rt.exit(deaf as Pid, 'kill'); // what this test started
  });

  it('a process calling sys on itself: calling_self', async () => {
    const { rt } = fresh();
    const server = await counter(rt);
    const e = (await GenServer.call(server, 'stateOfSelf')) as CallError;
    expect(e).toBeInstanceOf(CallError);
    expect(e.reason).toBe('calling_self');
    expect(rt.isAlive(server)).toBe(true);
    const fromPlain = await inProcess(rt, (self) => sys.getState(self.pid).catch((err: unknown) => err));
    expect(fromPlain).toMatchObject({ reason: 'calling_self' });
    rt.exit(server as Pid, 'kill'); // what this test started
  });

  it('a server that dies before answering: the reason it died with', async () => {
    const { rt } = fresh();
    const server = await counter(rt);
    GenServer.cast(server, 'crash');
    const e = await rejection(sys.getState(server));
    expect(e.reason).toMatchObject({ message: 'cast crash' });
  });
});

describe('a failing state callback', () => {
  it('replaceState whose function throws: CallbackFailedError naming the callback, the state kept', async () => {
    const { rt } = fresh();
    const server = await counter(rt, 7);
    const thrown = new Error('bad replace');
    const e = await sys
      .replaceState(server, () => {
        throw thrown;
      })
      .catch((err: unknown) => err);
    expect(e).toBeInstanceOf(CallbackFailedError);
    expect((e as CallbackFailedError).reason).toEqual(['callback_failed', ['gen_server', 'system_replace_state'], ['error', thrown]]);
    expect(await sys.getState(server)).toBe(7);
    rt.exit(server as Pid, 'kill'); // what this test started
  });
});

describe('suspend and resume', () => {
  it('a suspended process queues ordinary messages, answers system ones, and handles the queue in order on resume', async () => {
    const { rt } = fresh();
    const server = await counter(rt);
    expect(await sys.suspend(server)).toBe('ok');
    GenServer.cast(server, 'inc');
    GenServer.cast(server, 'inc');
    const call = GenServer.call(server, 'get');
    await rt.settled();
    expect(rt.processInfo(server)?.messageQueueLen).toBe(3);
    expect(await sys.getState(server)).toBe(0);
    expect(await sys.replaceState<number>(server, (n) => n + 100)).toBe(100);
    expect((await sys.getStatus(server)).status).toBe('suspended');
    expect(await sys.resume(server)).toBe('ok');
    expect(await call).toBe(102);
    expect((await sys.getStatus(server)).status).toBe('running');
    rt.exit(server as Pid, 'kill'); // what this test started
  });

  it('change_code works only while suspended', async () => {
    const { rt } = fresh();
    const server = await counter(rt);
    expect(await sys.changeCode(server, 'counter', '1', null)).toEqual(['error', ['unknown_system_msg', ['change_code', 'counter', '1', null]]]);
    await sys.suspend(server);
    expect(await sys.changeCode(server, 'counter', '1', null)).toBe('ok');
    await sys.resume(server);
    rt.exit(server as Pid, 'kill'); // what this test started
  });

  it('terminate while suspended ends the process with the reason', async () => {
    const { rt } = fresh();
    const server = await counter(rt);
    await sys.suspend(server);
    const reason = exitReason(rt, server);
    expect(await sys.terminate(server, 'shutdown')).toBe('ok');
    expect(await reason).toBe('shutdown');
  });
});

describe('installed debug functions', () => {
  it('see every debug event; returning done removes the function', async () => {
    const { rt } = fresh();
    const server = await counter(rt);
    const seen: string[] = [];
    const fun = (n: number, e: DebugEvent): number | 'done' => {
      seen.push(e.kind);
      return n + 1 === 3 ? 'done' : n + 1;
    };
    expect(await sys.install(server, fun, 0)).toBe('ok');
    // OTP's Debug list shows `{Func, FuncState}` by its first element: the function itself is its id
    expect((await sys.getStatus(server)).debug).toEqual([fun]);
    for (let i = 0; i < 3; i++) GenServer.cast(server, 'inc');
    expect(await GenServer.call(server, 'get')).toBe(3);
    // in, noreply, in — then 'done'
    expect(seen).toEqual(['in', 'noreply', 'in']);
    expect((await sys.getStatus(server)).debug).toEqual([]);
    rt.exit(server as Pid, 'kill'); // what this test started
  });

  it('remove by id or by function; installing the same id twice keeps the first state', async () => {
    const { rt } = fresh();
    const server = await counter(rt);
    const counts = { a: 0, b: 0 };
    const a = (s: number): number => {
      counts.a++;
      return s;
    };
    const b = (s: number): number => {
      counts.b++;
      return s;
    };
    await sys.install(server, { id: 'a', fun: a, state: 0 });
    await sys.install(server, { id: 'a', fun: b, state: 0 });
    await sys.install(server, b, 0);
    // by id, newest first (OTP prepends): the function installed without an id, then 'a'
    expect((await sys.getStatus(server)).debug).toEqual([b, 'a']);
    GenServer.cast(server, 'inc');
    await sys.getState(server);
    expect(counts).toEqual({ a: 2, b: 2 });
    await sys.remove(server, 'a');
    await sys.remove(server, b);
    expect(await sys.remove(server, 'never installed')).toBe('ok');
    GenServer.cast(server, 'inc');
    await sys.getState(server);
    expect(counts).toEqual({ a: 2, b: 2 });
    expect((await sys.getStatus(server)).debug).toEqual([]);
    rt.exit(server as Pid, 'kill'); // what this test started
  });

  it('a debug function that throws is dropped; the server is unaffected', async () => {
    const { rt } = fresh();
    const server = await counter(rt);
    await sys.install(server, () => {
      throw new Error('bad debug fun');
    }, null);
    GenServer.cast(server, 'inc');
    expect(await GenServer.call(server, 'get')).toBe(1);
    expect((await sys.getStatus(server)).debug).toEqual([]);
    rt.exit(server as Pid, 'kill'); // what this test started
  });
});

describe('log and statistics', () => {
  it('log keeps a ring of the last N events, oldest first; false empties it', async () => {
    const { rt } = fresh();
    const server = await counter(rt);
    await sys.log(server, { n: 3 });
    for (let i = 0; i < 5; i++) GenServer.cast(server, 'inc');
    await sys.getState(server);
    const logged = await sys.log(server, 'get');
    // 5 casts → in, noreply × 5: the last three are noreply 4, in, noreply 5
    expect(logged.map((e) => [e.kind, e.kind === 'noreply' ? e.state : null])).toEqual([
      ['noreply', 4],
      ['in', null],
      ['noreply', 5],
    ]);
    expect(logged.every((e, i) => i === 0 || e.seq > logged[i - 1].seq)).toBe(true);
    await sys.log(server, false);
    expect(await sys.log(server, 'get')).toEqual([]);
    rt.exit(server as Pid, 'kill'); // what this test started
  });

  it('log print writes the logged events as trace text; an unknown flag answers unknown_debug', async () => {
    const { rt } = fresh();
    const lines: string[] = [];
    const old = setTraceSink((l) => lines.push(l));
    try {
      const server = await counter(rt);
      await sys.log(server, true);
      GenServer.cast(server, 'inc');
      await sys.log(server, 'print');
      expect(lines).toEqual([`*DBG* ${String(server)} got cast inc`, `*DBG* ${String(server)} new state 1`]);
      expect(await sys.log(server, 'sideways' as unknown as 'print')).toBe('unknown_debug');
      rt.exit(server as Pid, 'kill'); // what this test started
    } finally {
      setTraceSink(old);
    }
  });

  it('statistics count messages in and out from when they were turned on', async () => {
    const { rt } = fresh();
    const server: Pid = await counter(rt);
    GenServer.cast(server, 'inc');
    expect(await sys.statistics(server, 'get')).toBe('no_statistics');
    expect(await sys.statistics(server, true)).toBe('ok');
    GenServer.cast(server, 'inc');
    await GenServer.call(server, 'get');
    await GenServer.call(server, 'get');
    const stats = await sys.statistics(server, 'get');
    expect(stats).not.toBe('no_statistics');
    if (stats === 'no_statistics') throw new Error('statistics are on');
    expect(stats.messagesIn).toBe(3);
    expect(stats.messagesOut).toBe(2);
    // in+noreply for the cast, in+out for each call
    expect(stats.reductions).toBe(6);
    expect(stats.startTime).toBeInstanceOf(Date);
    expect(stats.currentTime.getTime()).toBeGreaterThanOrEqual(stats.startTime.getTime());
    await sys.statistics(server, false);
    expect(await sys.statistics(server, 'get')).toBe('no_statistics');
    rt.exit(server, 'kill'); // what this test started
  });

  it('noDebug turns every option off', async () => {
    const { rt } = fresh();
    const server = await counter(rt);
    await sys.statistics(server, true);
    await sys.log(server, true);
    await sys.install(server, { id: 'probe', fun: (s: null) => s, state: null });
    expect((await sys.getStatus(server)).debug).toEqual(['log', 'statistics', 'probe']);
    await sys.noDebug(server);
    expect((await sys.getStatus(server)).debug).toEqual([]);
    rt.exit(server as Pid, 'kill'); // what this test started
  });
});
