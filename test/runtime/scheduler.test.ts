import { stat } from 'node:fs';
import { setImmediate as realSetImmediate } from 'node:timers';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { GenServer, Runtime, events, ofKind, type Pid, type SendEvent } from '../../runtime/index.ts';
import { deferred, exitReason, fresh } from './helpers.ts';

const MILLION = 1_000_000;

describe('fairness', () => {
  it('a process looping over 1M queued messages lets another process, setImmediate and I/O run before it is done', async () => {
    const { rt } = fresh();
    let handled = 0;
    const finished = deferred();
    const flooder = rt.spawn((self) =>
      self.loop(() => {
        if (++handled === MILLION) finished.resolve();
      }),
    );
    for (let i = 0; i < MILLION; i++) rt.send(flooder, i);
    const seenByProcess = deferred<number>();
    rt.spawn(() => seenByProcess.resolve(handled));
    const seenByImmediate = new Promise<number>((resolve) => setImmediate(() => resolve(handled)));
    const seenByIo = new Promise<number>((resolve) => stat('.', () => resolve(handled)));
    await finished.promise;
    expect(await seenByProcess.promise).toBeLessThan(MILLION);
    expect(await seenByImmediate).toBeLessThan(MILLION);
    expect(await seenByIo).toBeLessThan(MILLION);
    rt.exit(flooder as Pid, 'kill'); // what this test started
  });

  it('an async body receiving in a loop yields too', async () => {
    const { rt } = fresh();
    let handled = 0;
    const total = 200_000;
    const flooder = rt.spawn(async (self) => {
      while (handled < total) {
        await self.receive();
        handled++;
      }
    });
    for (let i = 0; i < total; i++) rt.send(flooder, i);
    const done = exitReason(rt, flooder);
    const seenByImmediate = new Promise<number>((resolve) => setImmediate(() => resolve(handled)));
    const seenByProcess = deferred<number>();
    rt.spawn(() => seenByProcess.resolve(handled));
    expect(await done).toBe('normal');
    expect(handled).toBe(total);
    expect(await seenByImmediate).toBeLessThan(total);
    expect(await seenByProcess.promise).toBeLessThan(total);
  });
});

describe('no stack growth', () => {
  it('passes a token 1M hops around a ring of processes without a RangeError', async () => {
    const { rt } = fresh();
    const size = 10;
    const ring: Pid[] = [];
    const done = deferred<number>();
    for (let i = 0; i < size; i++) {
      ring.push(
        rt.spawn((self) =>
          self.loop((hops) => {
            const n = hops as number;
            if (n === MILLION) done.resolve(n);
            else self.send(ring[(i + 1) % size], n + 1);
          }),
        ),
      );
    }
    const reasons = ring.map((p) => exitReason(rt, p));
    rt.send(ring[0], 0);
    expect(await done.promise).toBe(MILLION);
    expect(ring.every((p) => rt.isAlive(p))).toBe(true);
    for (const p of ring) rt.exit(p, 'shutdown');
    expect(await Promise.all(reasons)).toEqual(Array(size).fill('shutdown'));
  }, 60_000); // 1M messages: seconds on a loaded machine; what is checked is no RangeError, not the time

  it('ping-pongs 1M messages between two async bodies', async () => {
    const { rt } = fresh();
    const rounds = MILLION / 2;
    const pong = rt.spawn(async (self) => {
      for (;;) {
        const [from, n] = (await self.receive()) as [Pid, number];
        self.send(from, n);
        if (n === rounds) return;
      }
    });
    const ping = rt.spawn(async (self) => {
      for (let n = 1; n <= rounds; n++) {
        self.send(pong, [self.pid, n]);
        const back = await self.receive();
        if (back !== n) throw new Error(`out of order: ${String(back)} != ${n}`);
      }
    });
    const reasons = Promise.all([exitReason(rt, ping), exitReason(rt, pong)]);
    expect(await reasons).toEqual(['normal', 'normal']);
  }, 60_000);
});

describe('crashes never become unhandled rejections', () => {
  const unhandled: unknown[] = [];
  const listener = (reason: unknown): void => {
    unhandled.push(reason);
  };
  afterEach(() => {
    process.off('unhandledRejection', listener);
  });

  it('thrown errors and rejected promises in bodies, handlers and GenServer callbacks end the process with the error', async () => {
    process.on('unhandledRejection', listener);
    const { rt } = fresh();
    const errors = Array.from({ length: 6 }, (_, i) => new Error(`e${i}`));
    const pids = [
      rt.spawn(() => {
        throw errors[0];
      }),
      rt.spawn(async () => {
        await Promise.resolve();
        throw errors[1];
      }),
      rt.spawn(() => Promise.reject(errors[2])),
      rt.spawn((self) =>
        self.loop(() => {
          throw errors[3];
        }),
      ),
      rt.spawn((self) => self.loop(async () => Promise.reject(errors[4]))),
    ];
    const reasons = pids.map((p) => exitReason(rt, p));
    rt.send(pids[3], 'go');
    rt.send(pids[4], 'go');
    const server = GenServer.okPid(
      await GenServer.start(
        {
          init: () => ['ok', null],
          handleCast: async () => {
            throw errors[5];
          },
        },
        undefined,
        { runtime: rt },
      ),
    );
    const serverReason = exitReason(rt, server);
    GenServer.cast(server, 'crash');
    expect(await Promise.all(reasons)).toEqual(errors.slice(0, 5));
    expect(await serverReason).toBe(errors[5]);
    const failedInit = await GenServer.start({ init: () => Promise.reject(new Error('init')) }, undefined, { runtime: rt });
    expect(failedInit).toMatchObject(['error', { message: 'init' }]);
    await rt.settled();
    // Node reports an unhandled rejection once the microtasks of a turn have run: one more turn is enough
    await new Promise((r) => setImmediate(r));
    await new Promise((r) => setImmediate(r));
    expect(unhandled).toEqual([]);
  });
});

describe('sending to the dead', () => {
  it('is dropped silently, and seen on the stream as a send with delivered: false', async () => {
    const { rt } = fresh();
    const dead = rt.spawn(() => undefined);
    await rt.settled();
    const sends: SendEvent[] = [];
    events(rt)
      .pipe(ofKind('send'))
      .subscribe((e) => sends.push(e));
    const alive = rt.spawn(async (self) => {
      await self.receive();
    });
    expect(() => rt.send(dead, 'lost')).not.toThrow();
    rt.send(alive, 'kept');
    await rt.settled();
    expect(sends.map((e) => [e.to, e.message, e.delivered])).toEqual([
      [dead, 'lost', false],
      [alive, 'kept', true],
    ]);
    expect(rt.processInfo(dead)).toBeUndefined();
  });
});

describe('a receive … after that expires with a match waiting', () => {
  it('takes the message and reports its in event, also when the drain waits for a macrotask', async () => {
    // one message of credit per macrotask: once 'arm' has used it, a delivery is drained on setImmediate.
    // The receive's timer runs on the fake clock, the scheduler's setImmediate on the real one: advancing the
    // clock right after the send fires the timer before the drain, every time (no busy-wait, no race).
    vi.useFakeTimers();
    try {
      const rt = new Runtime({ yieldBudget: 1 });
      const ins: unknown[] = [];
      const timeouts: unknown[] = [];
      events(rt).subscribe((e) => {
        if (e.kind === 'in') ins.push([e.pid, e.message]);
        if (e.kind === 'receive-timeout') timeouts.push(e.pid);
      });
      const got = deferred<unknown>();
      const queuedAtExpiry = deferred<number | undefined>();
      const waiter = rt.spawn(async (self) => {
        await self.receive((m) => m === 'arm');
        const x = self.receive((m) => m === 'x', 5);
        self.send(self.pid, 'x');
        queuedAtExpiry.resolve(rt.processInfo(self.pid)?.messageQueueLen);
        vi.advanceTimersByTime(5);
        got.resolve(await x);
      });
      await rt.settled();
      realSetImmediate(() => rt.send(waiter, 'arm'));
      // 'x' was still in the mailbox, undrained, when the timer fired: the timer's path took it
      expect(await queuedAtExpiry.promise).toBe(1);
      expect(await got.promise).toBe('x');
      await rt.settled();
      expect(ins).toEqual([
        [waiter, 'arm'],
        [waiter, 'x'],
      ]);
      expect(timeouts).toEqual([]);
    } finally {
      vi.useRealTimers();
    }
  });

});
