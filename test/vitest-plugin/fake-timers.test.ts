/** Time: runtime timers follow vi.useFakeTimers(); settled({ advanceTimers }) runs them; waits never hang. */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { GenServer, TIMEOUT, runtime, sendAfter, spawn, send } from '../../runtime/index.ts';
import { settled, waitForEvent, WaitTimeoutError } from '../../vitest-plugin/index.ts';

afterEach(() => {
  vi.useRealTimers();
});

// fake timers replace the process-wide clock: these tests must not run concurrently with each other
describe('fake timers', { concurrent: false }, () => {
  it('send_after and receive-after follow the fake clock; settled({ advanceTimers }) runs them in order', async () => {
    vi.useFakeTimers();
    const got: unknown[] = [];
    const p = spawn(async (self) => {
      got.push(await self.receive((m) => m === 'late', 60_000)); // 1 minute of fake time
      got.push(await self.receive((m) => m === 'never', 3_600_000)); // 1 hour: times out
    });
    sendAfter(60_000 - 1, p, 'late');
    await settled();
    expect(got).toEqual([]); // nothing moved without the clock
    const start = Date.now();
    await settled({ advanceTimers: true });
    expect(got).toEqual(['late', TIMEOUT]);
    expect(Date.now() - start).toBeGreaterThanOrEqual(60_000 - 1 + 3_600_000);
    await expect(p).toExit('normal');
  });

  it('GenServer timeouts and call timeouts follow the fake clock', async () => {
    vi.useFakeTimers();
    const Sleepy: GenServer.GenServerBehaviour<number, null, { call: { request: 'hang'; reply: never }; cast: never }> = {
      init: () => ['ok', 0],
      handleCall: (_r, _f, n) => ['noreply', n, 10_000],
      handleInfo: (msg, n) => (msg === 'timeout' ? ['noreply', n + 1] : ['noreply', n]),
    };
    const s = GenServer.okPid(await GenServer.start(Sleepy, null));
    const call = GenServer.call(s, 'hang', 30_000).catch((e: unknown) => e);
    await settled({ advanceTimers: true });
    const err = await call;
    expect(err).toMatchObject({ reason: 'timeout' });
    await expect(s).toHaveState(1);
    await GenServer.stop(s);
  });

  it('a timer beyond Node’s 2^31 ms limit is pending, and settled({ advanceTimers }) fires it at its time, not after 1 ms', async () => {
    vi.useFakeTimers();
    const month = 30 * 86_400_000;
    const got: number[] = [];
    const p = spawn(async (self) => {
      await self.receive((m) => m === 'wake');
      got.push(Date.now());
    });
    const start = Date.now();
    sendAfter(month, p, 'wake');
    await settled();
    expect(runtime().hasPendingTimers()).toBe(true);
    await settled({ advanceTimers: true, maxTimers: 5 });
    expect(got).toEqual([start + month]);
    await expect(p).toExit('normal');
  });

  it("a wait's own timeout runs on real time, so it does not hang under fake timers", async () => {
    vi.useFakeTimers();
    const p = spawn(async (self) => {
      await self.receive();
    });
    await expect(waitForEvent(p, 'DOWN', { timeout: 20 })).rejects.toBeInstanceOf(WaitTimeoutError);
    send(p, 'x');
    await expect(p).toExit('normal');
  });

  it('waitForEvent({ advanceTimers }) drives the fake clock until the event comes', async () => {
    vi.useFakeTimers();
    const p = spawn(async (self) => {
      await self.receive((m) => m === 'tick');
    });
    sendAfter(5_000, p, 'tick');
    const e = await waitForEvent(p, 'exit', { advanceTimers: true });
    expect(e.reason).toBe('normal');
  });

  it('settled({ advanceTimers }) asks for fake timers', async () => {
    const p = spawn(async (self) => {
      await self.receive(null, 10_000);
    });
    await expect(settled({ advanceTimers: true })).rejects.toThrow(/needs fake timers/);
    send(p, 'x');
    await expect(p).toExit('normal');
  });
});

describe('settled', () => {
  it('resolves when every mailbox is empty and nothing runs', async () => {
    let handled = 0;
    const sink = spawn(async (self) => {
      for (;;) {
        await self.receive();
        handled++;
      }
    });
    const relays = Array.from({ length: 5 }, () =>
      spawn(async (self) => {
        for (let i = 0; i < 100; i++) self.send(sink, i);
        await self.receive();
      }),
    );
    await settled();
    expect(handled).toBe(500);
    expect(sink.proc.mailbox.length).toBe(0);
    for (const r of [...relays, sink]) r.proc.runtime.exit(r, 'kill');
  });
});
