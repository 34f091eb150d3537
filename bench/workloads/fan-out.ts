/**
 * fan-out: one producer sends `rounds` messages to each of `width` receivers
 * (round by round: every receiver gets round 1, then round 2, …). The run ends
 * when every receiver has had all its messages. `ops` counts the messages the
 * receivers really handled (`width × rounds`).
 */
import { Deferred, Effect, Fiber, Queue } from 'effect';
import { createActor, fromCallback, type CallbackActorRef } from 'xstate';
import type { Pid } from '../../runtime/index.ts';
import { deferred, now, type Sample } from '../harness.ts';
import { freshRuntime, type OtpOptions } from '../systems/otp-lib.ts';
import { RawSystem, type RawActor } from '../systems/raw-actors.ts';

/** otpscope: `width` plain processes in `self.loop` handlers; the producer is a process too. */
export async function otpscope(width: number, rounds: number, opts: OtpOptions = {}): Promise<Sample> {
  const { rt, detach } = freshRuntime(opts);
  const end = deferred<number>();
  let handled = 0;
  let finished = 0;
  const workers: Pid[] = new Array<Pid>(width);
  for (let i = 0; i < width; i++) {
    workers[i] = rt.spawn((self) => {
      let got = 0;
      self.loop(() => {
        handled++;
        if (++got === rounds && ++finished === width) end.resolve(now());
      });
    });
  }
  await rt.idle();
  const t0 = now();
  rt.spawn((self) => {
    for (let r = 1; r <= rounds; r++) for (let i = 0; i < width; i++) self.send(workers[i], r);
  });
  const t1 = await end.promise;
  for (const p of workers) rt.exit(p, 'kill');
  detach();
  return { ops: handled, seconds: t1 - t0 };
}

/** raw: ring-buffer actors; the producer is a plain loop. */
export async function raw(width: number, rounds: number): Promise<Sample> {
  const sys = new RawSystem();
  let handled = 0;
  let finished = 0;
  let t1 = 0;
  const workers: RawActor[] = new Array<RawActor>(width);
  for (let i = 0; i < width; i++) {
    let got = 0;
    workers[i] = sys.spawn(() => {
      handled++;
      if (++got === rounds && ++finished === width) t1 = now();
    });
  }
  const t0 = now();
  const producer = sys.spawn(() => {
    for (let r = 1; r <= rounds; r++) for (let i = 0; i < width; i++) sys.send(workers[i], r);
  });
  sys.send(producer, 'go');
  sys.run();
  return { ops: handled, seconds: t1 - t0 };
}

interface Round {
  readonly type: 'round';
  readonly r: number;
}

/** XState v5: `width` callback actors; the producer sends each an event per round. */
export async function xstate(width: number, rounds: number): Promise<Sample> {
  let handled = 0;
  let finished = 0;
  let t1 = 0;
  const workers: CallbackActorRef<Round>[] = new Array<CallbackActorRef<Round>>(width);
  const worker = fromCallback<Round>(({ receive }) => {
    let got = 0;
    receive(() => {
      handled++;
      if (++got === rounds && ++finished === width) t1 = now();
    });
  });
  for (let i = 0; i < width; i++) workers[i] = createActor(worker).start();
  const t0 = now();
  for (let r = 1; r <= rounds; r++) for (let i = 0; i < width; i++) workers[i].send({ type: 'round', r });
  while (t1 === 0) await new Promise((res) => setImmediate(res));
  for (const a of workers) a.stop();
  return { ops: handled, seconds: t1 - t0 };
}

/** Effect: `width` fibers taking from their own Queues; a producer fiber offers to each per round. */
export async function effect(width: number, rounds: number): Promise<Sample> {
  let handled = 0;
  let finished = 0;
  const program = Effect.gen(function* () {
    const done = yield* Deferred.make<number>();
    const boxes: Queue.Queue<number>[] = new Array<Queue.Queue<number>>(width);
    const fibers: Fiber.RuntimeFiber<void>[] = new Array<Fiber.RuntimeFiber<void>>(width);
    for (let i = 0; i < width; i++) {
      const box = yield* Queue.unbounded<number>();
      boxes[i] = box;
      fibers[i] = yield* Effect.fork(
        Effect.gen(function* () {
          for (let got = 1; got <= rounds; got++) {
            yield* Queue.take(box);
            handled++;
          }
          if (++finished === width) yield* Deferred.succeed(done, now());
        }),
      );
    }
    yield* Effect.yieldNow();
    const t0 = now();
    yield* Effect.fork(
      Effect.gen(function* () {
        for (let r = 1; r <= rounds; r++) for (let i = 0; i < width; i++) yield* Queue.offer(boxes[i], r);
      }),
    );
    const t1 = yield* Deferred.await(done);
    yield* Fiber.interruptAll(fibers);
    return t1 - t0;
  });
  const seconds = await Effect.runPromise(program);
  return { ops: handled, seconds };
}
