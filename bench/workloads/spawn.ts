/**
 * spawn: start `n` idle processes (each waits for a message), then stop them
 * all with a 'stop' message. Timed: from the first spawn until every process
 * has started and is waiting. Measured: live heap per idle process (after a
 * full GC, against the heap before). `ops` counts processes that started,
 * waited, got 'stop' and ended.
 */
import { Effect, Fiber, Queue } from 'effect';
import { createActor, fromCallback, type CallbackActorRef } from 'xstate';
import type { Pid, Self } from '../../runtime/index.ts';
import { deferred, liveHeap, now, type Sample } from '../harness.ts';
import { freshRuntime, type OtpOptions } from '../systems/otp-lib.ts';
import { RawSystem, type RawActor } from '../systems/raw-actors.ts';

/**
 * otpscope: idle processes waiting in a `loop` handler that ends them on the
 * first message (OTP `receive stop -> ok end`; a GenServer idles the same way,
 * with no promise); with `asyncIdle`, `async` bodies awaiting `self.receive()`.
 */
export async function otpscope(n: number, opts: OtpOptions = {}): Promise<Sample> {
  const { rt, detach } = freshRuntime(opts);
  const pids: Pid[] = new Array<Pid>(n);
  let started = 0;
  let stopped = 0;
  const allStopped = deferred();
  const loopBody = (self: Self): void => {
    started++;
    self.loop(() => {
      self.stopLoop();
      if (++stopped === n) allStopped.resolve();
    });
  };
  const asyncBody = async (self: Self): Promise<void> => {
    started++;
    await self.receive();
    if (++stopped === n) allStopped.resolve();
  };
  const body = opts.asyncIdle === true ? asyncBody : loopBody;
  const base = liveHeap();
  const t0 = now();
  for (let i = 0; i < n; i++) pids[i] = rt.spawn(body);
  await rt.idle();
  const t1 = now();
  if (started !== n || rt.processCount !== n) throw new Error(`otpscope spawn: ${started} of ${n} started`);
  const bytes = (liveHeap() - base) / n;
  for (const pid of pids) rt.send(pid, 'stop');
  await allStopped.promise;
  await rt.idle();
  const ended = n - rt.processCount;
  detach();
  return { ops: Math.min(stopped, ended), seconds: t1 - t0, bytesPerProcess: bytes };
}

/** raw: actor records (handler + ring mailbox) in a set; 'stop' removes one. */
export async function raw(n: number): Promise<Sample> {
  const sys = new RawSystem();
  const actors: RawActor[] = new Array<RawActor>(n);
  let started = 0;
  let stopped = 0;
  const base = liveHeap();
  const t0 = now();
  for (let i = 0; i < n; i++) {
    const a: RawActor = sys.spawn((msg) => {
      if (msg === 'stop') {
        stopped++;
        sys.stop(a);
      }
    });
    started++;
    actors[i] = a;
  }
  const t1 = now();
  if (started !== n) throw new Error(`raw spawn: ${started} of ${n} started`);
  const bytes = (liveHeap() - base) / n;
  for (const a of actors) sys.send(a, 'stop');
  sys.run();
  const ended = n - sys.actors.size;
  return { ops: Math.min(stopped, ended), seconds: t1 - t0, bytesPerProcess: bytes };
}

interface Stop {
  readonly type: 'stop';
}

/** XState v5: started callback actors waiting for events; `actor.stop()` ends each (its cleanup counts it). */
export async function xstate(n: number): Promise<Sample> {
  const actors: CallbackActorRef<Stop>[] = new Array<CallbackActorRef<Stop>>(n);
  let started = 0;
  let stopped = 0;
  const idle = fromCallback<Stop>(({ receive }) => {
    started++;
    receive(() => undefined);
    return () => {
      stopped++;
    };
  });
  const base = liveHeap();
  const t0 = now();
  for (let i = 0; i < n; i++) actors[i] = createActor(idle).start();
  const t1 = now();
  if (started !== n) throw new Error(`xstate spawn: ${started} of ${n} started`);
  const bytes = (liveHeap() - base) / n;
  for (const a of actors) a.stop();
  return { ops: stopped, seconds: t1 - t0, bytesPerProcess: bytes };
}

/** Effect: forked fibers each blocked on `Queue.take` of its own unbounded Queue. */
export async function effect(n: number): Promise<Sample> {
  let started = 0;
  let stopped = 0;
  const program = Effect.gen(function* () {
    const boxes: Queue.Queue<string>[] = new Array<Queue.Queue<string>>(n);
    const fibers: Fiber.RuntimeFiber<void>[] = new Array<Fiber.RuntimeFiber<void>>(n);
    const base = liveHeap();
    const t0 = now();
    for (let i = 0; i < n; i++) {
      const box = yield* Queue.unbounded<string>();
      boxes[i] = box;
      fibers[i] = yield* Effect.fork(
        Effect.gen(function* () {
          started++;
          yield* Queue.take(box);
          stopped++;
        }),
      );
    }
    while (started < n) yield* Effect.yieldNow();
    const t1 = now();
    const bytes = (liveHeap() - base) / n;
    for (const box of boxes) yield* Queue.offer(box, 'stop');
    yield* Fiber.joinAll(fibers);
    return { seconds: t1 - t0, bytes };
  });
  const { seconds, bytes } = await Effect.runPromise(program);
  return { ops: stopped, seconds, bytesPerProcess: bytes };
}
