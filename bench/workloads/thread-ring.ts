/**
 * thread-ring (the Computer Language Benchmarks Game's): `size` processes in a
 * ring pass a token; each holder passes it on with the count one lower, until
 * it reaches 0. `ops` counts the passes the processes really made (`hops`).
 */
import { Deferred, Effect, Fiber, Queue } from 'effect';
import { createActor, fromCallback, type CallbackActorRef } from 'xstate';
import type { Pid } from '../../runtime/index.ts';
import { deferred, now, type Sample } from '../harness.ts';
import { freshRuntime, type OtpOptions } from '../systems/otp-lib.ts';
import { RawSystem, type RawActor } from '../systems/raw-actors.ts';

/** otpscope: `size` plain processes in `self.loop` handlers. */
export async function otpscope(size: number, hops: number, opts: OtpOptions = {}): Promise<Sample> {
  const { rt, detach } = freshRuntime(opts);
  const end = deferred<number>();
  let passes = 0;
  const ring: Pid[] = [];
  for (let i = 0; i < size; i++) {
    ring.push(
      rt.spawn((self) => {
        const next = ring[(i + 1) % size];
        self.loop((msg) => {
          const k = msg as number;
          if (k === 0) {
            end.resolve(now());
            return;
          }
          passes++;
          self.send(next, k - 1);
        });
      }),
    );
  }
  await rt.idle();
  const t0 = now();
  rt.send(ring[0], hops);
  const t1 = await end.promise;
  for (const p of ring) rt.exit(p, 'kill');
  detach();
  return { ops: passes, seconds: t1 - t0 };
}

/** raw: `size` ring-buffer actors. */
export async function raw(size: number, hops: number): Promise<Sample> {
  const sys = new RawSystem();
  let passes = 0;
  let t1 = 0;
  const ring: RawActor[] = [];
  for (let i = 0; i < size; i++) {
    ring.push(
      sys.spawn((msg) => {
        const k = msg as number;
        if (k === 0) {
          t1 = now();
          return;
        }
        passes++;
        sys.send(ring[(i + 1) % size], k - 1);
      }),
    );
  }
  const t0 = now();
  sys.send(ring[0], hops);
  sys.run();
  return { ops: passes, seconds: t1 - t0 };
}

interface Token {
  readonly type: 'token';
  readonly k: number;
}

/** XState v5: `size` callback actors; each sends the token event to the next. */
export async function xstate(size: number, hops: number): Promise<Sample> {
  let passes = 0;
  let t1 = 0;
  const ring: CallbackActorRef<Token>[] = [];
  for (let i = 0; i < size; i++) {
    ring.push(
      createActor(
        fromCallback<Token>(({ receive }) => {
          receive((e) => {
            if (e.k === 0) {
              t1 = now();
              return;
            }
            passes++;
            ring[(i + 1) % size].send({ type: 'token', k: e.k - 1 });
          });
        }),
      ),
    );
  }
  for (const a of ring) a.start();
  const t0 = now();
  ring[0].send({ type: 'token', k: hops });
  while (t1 === 0) await new Promise((r) => setImmediate(r));
  for (const a of ring) a.stop();
  return { ops: passes, seconds: t1 - t0 };
}

/** Effect: `size` fibers, each taking from its own Queue and offering to the next one's. */
export async function effect(size: number, hops: number): Promise<Sample> {
  let passes = 0;
  const program = Effect.gen(function* () {
    const boxes: Queue.Queue<number>[] = [];
    for (let i = 0; i < size; i++) boxes.push(yield* Queue.unbounded<number>());
    const done = yield* Deferred.make<number>();
    const fibers: Fiber.RuntimeFiber<void>[] = [];
    for (let i = 0; i < size; i++) {
      const inbox = boxes[i];
      const next = boxes[(i + 1) % size];
      fibers.push(
        yield* Effect.fork(
          Effect.gen(function* () {
            for (;;) {
              const k = yield* Queue.take(inbox);
              if (k === 0) {
                yield* Deferred.succeed(done, now());
                return;
              }
              passes++;
              yield* Queue.offer(next, k - 1);
            }
          }),
        ),
      );
    }
    yield* Effect.yieldNow();
    const t0 = now();
    yield* Queue.offer(boxes[0], hops);
    const t1 = yield* Deferred.await(done);
    yield* Fiber.interruptAll(fibers);
    return t1 - t0;
  });
  const seconds = await Effect.runPromise(program);
  return { ops: passes, seconds };
}
