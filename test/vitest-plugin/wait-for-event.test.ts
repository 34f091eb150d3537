/** waitForEvent / waitForState: race-free by construction, consume-once, no polling. */
import { setImmediate } from 'node:timers';
import { describe, expect, it } from 'vitest';
import { GenServer, Supervisor, exit, runtime, send, spawn, sys, type Pid } from '../../runtime/index.ts';
import { settled, testRuntime, waitForEvent, waitForState, WaitTimeoutError } from '../../vitest-plugin/index.ts';

/** A GenServer counting casts; `get` returns the count. */
const Counter: GenServer.GenServerBehaviour<number, number, { call: { request: 'get'; reply: number }; cast: 'inc' }> = {
  name: 'Counter',
  init: (n) => ['ok', n],
  handleCall: (_req, _from, n) => ['reply', n, n],
  handleCast: (_msg, n) => ['noreply', n + 1],
};

function idle(): Pid {
  return spawn(async (self) => {
    await self.receive((m) => m === 'stop');
  });
}

describe('waitForEvent', () => {
  it('each test has its own runtime, and it is the default one', () => {
    expect(runtime()).toBe(testRuntime());
  });

  it('sees an event armed before the action (the wait is set, then the DOWN happens)', async () => {
    const watcher = spawn(async (self) => {
      self.monitor(child);
      await self.receive();
    });
    const child = idle();
    await settled();
    const down = waitForEvent(watcher, 'DOWN');
    send(child, 'stop');
    const e = await down;
    expect(e.message.object).toBe(child);
    expect(e.message.reason).toBe('normal');
  });

  it('sees an event that happened between the action and the await (per-test record)', async () => {
    const server = GenServer.okPid(await GenServer.start(Counter, 0));
    GenServer.cast(server, 'inc');
    await settled(); // the cast has been handled before anyone waits
    const handled = await waitForEvent(server, 'handled');
    expect(handled.kind).toBe('noreply');
    expect(handled.kind === 'noreply' && handled.state).toBe(1);
    await GenServer.stop(server);
  });

  it('consumes each event once: two waits need two events', async () => {
    const server = GenServer.okPid(await GenServer.start(Counter, 0));
    GenServer.cast(server, 'inc');
    await settled();
    const first = await waitForEvent(server, 'handled');
    const second = waitForEvent(server, 'handled', { timeout: 2000 });
    let resolved = false;
    void second.then(() => (resolved = true));
    await settled();
    expect(resolved).toBe(false);
    GenServer.cast(server, 'inc');
    const e = await second;
    expect(e.seq).toBeGreaterThan(first.seq);
    await GenServer.stop(server);
  });

  it('resolves in the same macrotask as the event: no timer, no polling', async () => {
    const p = idle();
    await settled();
    let macrotaskRan = false;
    const exited = waitForEvent(p, 'exit').then(() => macrotaskRan);
    send(p, 'stop');
    setImmediate(() => (macrotaskRan = true));
    expect(await exited).toBe(false);
  });

  it('waits for replies, exits, and a predicate on the event', async () => {
    const server = GenServer.okPid(await GenServer.start(Counter, 41, { name: 'counter' }));
    const reply = waitForEvent('counter', 'reply', (e) => e.reply === 42);
    GenServer.cast('counter', 'inc');
    expect(await GenServer.call(server, 'get')).toBe(42);
    expect((await reply).reply).toBe(42);
    const down = waitForEvent(server, 'exit');
    await GenServer.stop(server);
    expect((await down).reason).toBe('normal');
  });

  it('waits for a restart by a supervisor', async () => {
    const sup = GenServer.okPid(
      await Supervisor.start(
        { init: () => ['ok', { strategy: 'one_for_one', intensity: 5, period: 5 }, [{ id: 'counter', start: () => GenServer.startLink(Counter, 0) }]] },
        undefined,
      ),
    );
    const [first] = await Supervisor.whichChildren(sup);
    exit(first.pid as Pid, 'kill');
    const restart = await waitForEvent(sup, 'restart');
    expect(restart.childId).toBe('counter');
    expect(restart.reason).toBe('killed');
    expect(restart.child).not.toBe(first.pid);
    // the matcher form, armed before the kill
    const second = restart.child as Pid;
    const restarted = expect(second).toBeRestartedBy(sup);
    exit(second, 'kill');
    await restarted;
    const [now] = await Supervisor.whichChildren(sup);
    expect(now.pid).not.toBe(second);
    await GenServer.stop(sup);
  });

  it('fails with a timeline of the target and the processes alive', async () => {
    const p = idle();
    const err = await waitForEvent(p, 'DOWN', { timeout: 30 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WaitTimeoutError);
    const text = (err as Error).message;
    expect(text).toContain(`waitForEvent(${String(p)}, 'DOWN'): nothing within 30 ms.`);
    expect(text).toContain('Recent events of');
    expect(text).toMatch(/spawned/);
    expect(text).toContain('Processes alive:');
    expect(text).toContain(`${String(p)} plain`);
    send(p, 'stop');
    await expect(p).toExit('normal');
  });

  it('events of one runtime never reach waits on another', async () => {
    const p = idle();
    const other = new (testRuntime().constructor as new () => ReturnType<typeof testRuntime>)();
    const q = other.spawn(async (self) => {
      await self.receive();
    });
    const wait = waitForEvent(p, 'exit', { timeout: 50 });
    other.send(q, 'x');
    await expect(wait).rejects.toBeInstanceOf(WaitTimeoutError);
    send(p, 'stop');
  });
});

describe('waitForState', () => {
  it('resolves at once when the state already matches, else when a later event shows it', async () => {
    const server = GenServer.okPid(await GenServer.start(Counter, 0));
    expect(await waitForState<number>(server, (n) => n === 0)).toBe(0);
    const three = waitForState<number>(server, (n) => n === 3);
    for (let i = 0; i < 5; i++) GenServer.cast(server, 'inc');
    expect(await three).toBe(3);
    expect(await sys.getState(server)).toBe(5);
    await GenServer.stop(server);
  });
});
