/**
 * Issue 2's memory target: no workload's memory grows with the number of
 * messages handled. The same processes handle N messages, then 4N more; the
 * live heap (after a full GC) is read after each phase, and the growth per
 * extra message is printed: it should be about 0 bytes.
 */
import { GenServer, Runtime, silentLogger, type Pid, type Self } from '../runtime/index.ts';
import { deferred, liveHeap } from './harness.ts';
import type { Check } from './observability.ts';

/** A workload that can run more messages on the same processes. */
interface Phased {
  readonly name: string;
  /** Handles `n` more messages; resolves when done. */
  more(n: number): Promise<void>;
  stop(): void;
}

function pingPong(rt: Runtime): Phased {
  let left = 0;
  let done = deferred();
  const bounce = (self: Self, other: () => Pid) => (msg: unknown): void => {
    if (--left <= 0) done.resolve();
    else self.send(other(), msg);
  };
  const a: Pid = rt.spawn((self) => self.loop(bounce(self, () => b)));
  const b: Pid = rt.spawn((self) => self.loop(bounce(self, () => a)));
  return {
    name: 'ping-pong',
    more(n) {
      left = n;
      done = deferred();
      rt.send(a, 'ball');
      return done.promise;
    },
    stop() {
      rt.exit(a, 'kill');
      rt.exit(b, 'kill');
    },
  };
}

const Counter: GenServer.GenServerBehaviour<number, null, { call: { request: 'inc'; reply: number }; cast: never }> = {
  init: () => ['ok', 0],
  handleCall: (_req, _from, n) => ['reply', n + 1, n + 1],
};

async function calls(rt: Runtime): Promise<Phased> {
  const server = GenServer.okPid(await GenServer.start(Counter, null, { runtime: rt }));
  let client: Pid | null = null;
  return {
    name: 'call',
    more(n) {
      const done = deferred();
      client = rt.spawn(async (self) => {
        for (let i = 0; i < n; i++) await GenServer.call(server, 'inc', { caller: self });
        done.resolve();
      });
      return done.promise;
    },
    stop() {
      rt.exit(server, 'kill');
      if (client !== null) rt.exit(client, 'kill');
    },
  };
}

function threadRing(rt: Runtime, size: number): Phased {
  let left = 0;
  let done = deferred();
  const ring: Pid[] = [];
  for (let i = 0; i < size; i++) {
    ring.push(
      rt.spawn((self) =>
        self.loop((token) => {
          if (--left <= 0) done.resolve();
          else self.send(ring[(i + 1) % size], token);
        }),
      ),
    );
  }
  return {
    name: 'thread-ring',
    more(n) {
      left = n;
      done = deferred();
      rt.send(ring[0], 'token');
      return done.promise;
    },
    stop() {
      for (const p of ring) rt.exit(p, 'kill');
    },
  };
}

/** Runs each phased workload for `n` then `4n` messages and checks the live-heap growth per extra message. */
export async function memoryChecks(n: number): Promise<Check[]> {
  const out: Check[] = [];
  const makers: ((rt: Runtime) => Phased | Promise<Phased>)[] = [pingPong, calls, (rt) => threadRing(rt, 503)];
  for (const make of makers) {
    const rt = new Runtime({ logger: silentLogger });
    const w = await make(rt);
    await w.more(n);
    await rt.settled();
    const h1 = liveHeap();
    await w.more(4 * n);
    await rt.settled();
    const h2 = liveHeap();
    w.stop();
    const perMessage = (h2 - h1) / (4 * n);
    out.push({
      workload: w.name,
      target: 'live heap growth per message handled ≈ 0 (issue 2: memory does not grow with messages)',
      value: `${perMessage.toFixed(4)} B/msg (${((h2 - h1) / 1024).toFixed(0)} KiB after ${4 * n} more messages on the same processes)`,
      pass: perMessage < 0.05,
    });
  }
  return out;
}
