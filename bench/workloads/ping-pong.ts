/**
 * ping-pong: two processes bounce a counter; each delivery is one message.
 * The run ends when message `n` is delivered; `ops` counts the deliveries the
 * two handlers really saw.
 */
import { Deferred, Effect, Fiber, Queue } from 'effect';
import { createActor, fromCallback, type CallbackActorRef } from 'xstate';
import type { Pid, Self } from '../../runtime/index.ts';
import { deferred, now, type Sample } from '../harness.ts';
import { freshRuntime, type OtpOptions } from '../systems/otp-lib.ts';
import { RawSystem, type RawActor } from '../systems/raw-actors.ts';

/** otpscope: two plain processes, each in a `self.loop` handler. */
export async function otpscope(n: number, opts: OtpOptions = {}): Promise<Sample> {
  const { rt, detach } = freshRuntime(opts);
  const end = deferred<number>();
  let handled = 0;
  let a: Pid | null = null;
  let b: Pid | null = null;
  const player = (peer: () => Pid) => (self: Self) => {
    const other = peer();
    self.loop((msg) => {
      const k = msg as number;
      handled++;
      if (k >= n) end.resolve(now());
      else self.send(other, k + 1);
    });
  };
  a = rt.spawn(player(() => b as Pid));
  b = rt.spawn(player(() => a as Pid));
  await rt.idle();
  const t0 = now();
  rt.send(a, 1);
  const t1 = await end.promise;
  rt.exit(a, 'kill');
  rt.exit(b, 'kill');
  detach();
  return { ops: handled, seconds: t1 - t0 };
}

/** raw: two ring-buffer mailboxes drained by a loop. */
export async function raw(n: number): Promise<Sample> {
  const sys = new RawSystem();
  let handled = 0;
  let t1 = 0;
  let a: RawActor | null = null;
  let b: RawActor | null = null;
  const player = (peer: () => RawActor) => (msg: unknown) => {
    const k = msg as number;
    handled++;
    if (k >= n) t1 = now();
    else sys.send(peer(), k + 1);
  };
  a = sys.spawn(player(() => b as RawActor));
  b = sys.spawn(player(() => a as RawActor));
  const t0 = now();
  sys.send(a, 1);
  sys.run();
  return { ops: handled, seconds: t1 - t0 };
}

interface Ping {
  readonly type: 'ping';
  readonly k: number;
}

/** XState v5: two callback actors sending each other events. */
export async function xstate(n: number): Promise<Sample> {
  let handled = 0;
  let t1 = 0;
  let a: CallbackActorRef<Ping> | null = null;
  let b: CallbackActorRef<Ping> | null = null;
  const player = (peer: () => CallbackActorRef<Ping>) =>
    fromCallback<Ping>(({ receive }) => {
      receive((e) => {
        handled++;
        if (e.k >= n) t1 = now();
        else peer().send({ type: 'ping', k: e.k + 1 });
      });
    });
  a = createActor(player(() => b as CallbackActorRef<Ping>));
  b = createActor(player(() => a as CallbackActorRef<Ping>));
  a.start();
  b.start();
  const t0 = now();
  a.send({ type: 'ping', k: 1 });
  // XState delivers synchronously; wait in case an implementation defers
  while (t1 === 0) await new Promise((r) => setImmediate(r));
  a.stop();
  b.stop();
  return { ops: handled, seconds: t1 - t0 };
}

/** Effect: two fibers, each taking from its own unbounded Queue and offering to the other's. */
export async function effect(n: number): Promise<Sample> {
  let handled = 0;
  const program = Effect.gen(function* () {
    const qa = yield* Queue.unbounded<number>();
    const qb = yield* Queue.unbounded<number>();
    const done = yield* Deferred.make<number>();
    const player = (inbox: Queue.Queue<number>, outbox: Queue.Queue<number>) =>
      Effect.gen(function* () {
        for (;;) {
          const k = yield* Queue.take(inbox);
          handled++;
          if (k >= n) {
            yield* Deferred.succeed(done, now());
            return;
          }
          yield* Queue.offer(outbox, k + 1);
        }
      });
    const fa = yield* Effect.fork(player(qa, qb));
    const fb = yield* Effect.fork(player(qb, qa));
    yield* Effect.yieldNow();
    const t0 = now();
    yield* Queue.offer(qa, 1);
    const t1 = yield* Deferred.await(done);
    yield* Fiber.interrupt(fa);
    yield* Fiber.interrupt(fb);
    return t1 - t0;
  });
  const seconds = await Effect.runPromise(program);
  return { ops: handled, seconds };
}
