/** waitForEvent / waitForState: race-free by construction, consume-once, no polling. */
import { setImmediate } from 'node:timers';
import { describe, expect, it } from 'vitest';
import { GenServer, Runtime, Supervisor, exit, runtime, send, spawn, sys, type Pid } from '../../runtime/index.ts';
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

  it("resolves only on the target's own event, never on another process's event of the same kind", async () => {
    const p = idle();
    const q = idle();
    await settled();
    const exited = waitForEvent(p, 'exit');
    let resolved = false;
    void exited.then(() => (resolved = true));
    send(q, 'stop');
    await settled();
    expect(resolved).toBe(false);
    send(p, 'stop');
    const e = await exited;
    expect(e.pid).toBe(p);
    // and from the record: q's exit was there first, p's is taken
    const r = idle();
    const s2 = idle();
    await settled();
    send(s2, 'stop');
    send(r, 'stop');
    await settled();
    expect((await waitForEvent(r, 'exit')).pid).toBe(r);
  });

  it('a predicate chooses: the first event it accepts, skipping earlier ones of the kind (recorded and future)', async () => {
    const server = GenServer.okPid(await GenServer.start(Counter, 0));
    for (let i = 0; i < 3; i++) GenServer.cast(server, 'inc');
    await settled();
    // recorded: noreply states 1, 2, 3
    const two = await waitForEvent(server, 'noreply', (e) => e.state === 2);
    expect(two.state).toBe(2);
    // future: 4 comes first, 5 is the one
    const five = waitForEvent(server, 'noreply', (e) => e.state === 5);
    GenServer.cast(server, 'inc');
    GenServer.cast(server, 'inc');
    expect((await five).state).toBe(5);
    // the events the predicates skipped are still there, in order, for a wait without one
    expect((await waitForEvent(server, 'noreply')).state).toBe(1);
    expect((await waitForEvent(server, 'noreply')).state).toBe(3);
    expect((await waitForEvent(server, 'noreply')).state).toBe(4);
    await GenServer.stop(server);
  });

  it('consumes each event once on the future path too: one event resolves one of two armed waits', async () => {
    const server = GenServer.okPid(await GenServer.start(Counter, 0));
    await settled();
    const first = waitForEvent(server, 'handled');
    const second = waitForEvent(server, 'handled', { timeout: 2000 });
    let secondDone = false;
    void second.then(() => (secondDone = true));
    GenServer.cast(server, 'inc');
    const e1 = await first;
    await settled();
    expect(secondDone).toBe(false);
    // the event that resolved the first wait is not handed to a new wait from the record either
    const third = waitForEvent(server, 'handled', { timeout: 2000 });
    let thirdDone = false;
    void third.then(() => (thirdDone = true));
    await settled();
    expect(thirdDone).toBe(false);
    GenServer.cast(server, 'inc');
    GenServer.cast(server, 'inc');
    const [e2, e3] = await Promise.all([second, third]);
    expect([e1.kind === 'noreply' && e1.state, e2.kind === 'noreply' && e2.state, e3.kind === 'noreply' && e3.state]).toEqual([1, 2, 3]);
    await GenServer.stop(server);
  });

  it("waits on a pid of another runtime in that runtime, and on a name in the runtime it is given; the test's runtime never answers them", async () => {
    const other = new Runtime({ logger: () => undefined });
    const q = other.spawn(async (self) => {
      await self.receive();
    });
    const named = other.spawn(
      async (self) => {
        await self.receive();
      },
      { name: 'twin' },
    );
    // a process of the same name in the test's runtime, which ends first
    const local = spawn(
      async (self) => {
        await self.receive();
      },
      { name: 'twin' },
    );
    await settled();
    const qExit = waitForEvent(q, 'exit');
    const twinExit = waitForEvent('twin', 'exit', { runtime: other, timeout: 2000 });
    let twinDone = false;
    void twinExit.then(() => (twinDone = true));
    send(local, 'x');
    await settled();
    expect(twinDone).toBe(false);
    other.send(q, 'x');
    other.send(named, 'x');
    expect((await qExit).pid).toBe(q);
    expect((await twinExit).pid).toBe(named);
  });

  it('a wait on one runtime never sees events of another', async () => {
    const p = idle();
    const other = new Runtime({ logger: () => undefined });
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

  it('sees a state set by sys.replaceState', async () => {
    const server = GenServer.okPid(await GenServer.start(Counter, 0));
    const ten = waitForState<number>(server, (n) => n === 10, { timeout: 2000 });
    await settled(); // asked and answered 0: now it waits for an event
    await sys.replaceState<number>(server, () => 10);
    expect(await ten).toBe(10);
    await GenServer.stop(server);
  });

  it('sees the state a call left (carried by the reply event)', async () => {
    const Setter: GenServer.GenServerBehaviour<number, number, { call: { request: number; reply: 'ok' }; cast: never }> = {
      init: (n) => ['ok', n],
      handleCall: (n) => ['reply', 'ok', n],
    };
    const server = GenServer.okPid(await GenServer.start(Setter, 0));
    const seven = waitForState<number>(server, (n) => n === 7, { timeout: 2000 });
    await settled();
    expect(await GenServer.call(server, 7)).toBe('ok');
    expect(await seven).toBe(7);
    await GenServer.stop(server);
  });

  it('fails with the reason when the target cannot be asked', async () => {
    const p = spawn(() => undefined);
    await settled();
    await expect(waitForState(p, () => true, { timeout: 200 })).rejects.toMatchObject({ reason: 'noproc' });
  });
});
