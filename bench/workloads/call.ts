/**
 * call: one client makes `n` request/reply round trips to a counter server,
 * one at a time (each waits for its reply). `ops` counts replies that carried
 * the value the server should have answered.
 */
import { Deferred, Effect, Fiber, Queue } from 'effect';
import { createActor, fromCallback, type AnyActorRef, type CallbackActorRef } from 'xstate';
import type { GenServer as GS } from '../../runtime/index.ts';
import { deferred, now, type Sample } from '../harness.ts';
import { freshRuntime, type OtpOptions } from '../systems/otp-lib.ts';
import { RawSystem, type RawActor } from '../systems/raw-actors.ts';

interface CounterProtocol {
  call: { request: 'inc'; reply: number };
  cast: never;
}

/** The counter server: every 'inc' call answers the new count. */
const counter: GS.GenServerBehaviour<number, number, CounterProtocol> = {
  init: (start) => ['ok', start],
  handleCall: (_req, _from, n) => ['reply', n + 1, n + 1],
};

/** otpscope: a GenServer and a plain process calling it with `GenServer.call` (default 5 s timeout). */
export async function otpscope(n: number, opts: OtpOptions = {}): Promise<Sample> {
  const { rt, lib, detach } = freshRuntime(opts);
  const server = lib.GenServer.okPid(await lib.GenServer.start(counter, 0, { runtime: rt }));
  const end = deferred<{ ok: number; t0: number; t1: number }>();
  rt.spawn(async (self) => {
    let ok = 0;
    const t0 = now();
    for (let i = 1; i <= n; i++) {
      const r = await lib.GenServer.call(server, 'inc', { caller: self });
      if (r === i) ok++;
    }
    end.resolve({ ok, t0, t1: now() });
  });
  const { ok, t0, t1 } = await end.promise;
  await lib.GenServer.stop(server);
  detach();
  return { ops: ok, seconds: t1 - t0 };
}

interface RawCall {
  readonly from: RawActor;
  readonly k: number;
}

/** raw: a request message carrying the caller, a reply message back, both through ring-buffer mailboxes. */
export async function raw(n: number): Promise<Sample> {
  const sys = new RawSystem();
  let count = 0;
  let ok = 0;
  let i = 0;
  let t1 = 0;
  const server = sys.spawn((msg) => {
    const req = msg as RawCall;
    count++;
    sys.send(req.from, count);
  });
  const client: RawActor = sys.spawn((msg) => {
    if (i > 0 && msg === i) ok++;
    if (i === n) {
      t1 = now();
      return;
    }
    i++;
    sys.send(server, { from: client, k: i });
  });
  const t0 = now();
  sys.send(client, 0);
  sys.run();
  return { ops: ok, seconds: t1 - t0 };
}

type ServerEvent = { readonly type: 'call'; readonly replyTo: AnyActorRef };
type ClientEvent = { readonly type: 'reply'; readonly value: number };

/** XState v5: a callback-actor server answering each 'call' event with a 'reply' event to the event's replyTo. */
export async function xstate(n: number): Promise<Sample> {
  let count = 0;
  let ok = 0;
  let i = 0;
  let t1 = 0;
  const server = createActor(
    fromCallback<ServerEvent>(({ receive }) => {
      receive((e) => {
        count++;
        e.replyTo.send({ type: 'reply', value: count });
      });
    }),
  );
  let client: CallbackActorRef<ClientEvent> | null = null;
  client = createActor(
    fromCallback<ClientEvent>(({ receive }) => {
      receive((e) => {
        if (i > 0 && e.value === i) ok++;
        if (i === n) {
          t1 = now();
          return;
        }
        i++;
        server.send({ type: 'call', replyTo: client as AnyActorRef });
      });
    }),
  );
  server.start();
  client.start();
  const t0 = now();
  client.send({ type: 'reply', value: 0 });
  while (t1 === 0) await new Promise((r) => setImmediate(r));
  client.stop();
  server.stop();
  return { ops: ok, seconds: t1 - t0 };
}

interface EffectCall {
  readonly reply: Deferred.Deferred<number>;
}

/** Effect: a server fiber taking requests from a Queue and completing each request's Deferred; a client fiber awaiting them. */
export async function effect(n: number): Promise<Sample> {
  const program = Effect.gen(function* () {
    const inbox = yield* Queue.unbounded<EffectCall>();
    const server = yield* Effect.fork(
      Effect.gen(function* () {
        let count = 0;
        for (;;) {
          const req = yield* Queue.take(inbox);
          count++;
          yield* Deferred.succeed(req.reply, count);
        }
      }),
    );
    const client = Effect.gen(function* () {
      let ok = 0;
      for (let i = 1; i <= n; i++) {
        const reply = yield* Deferred.make<number>();
        yield* Queue.offer(inbox, { reply });
        if ((yield* Deferred.await(reply)) === i) ok++;
      }
      return ok;
    });
    yield* Effect.yieldNow();
    const t0 = now();
    const ok = yield* client;
    const t1 = now();
    yield* Fiber.interrupt(server);
    return { ok, seconds: t1 - t0 };
  });
  const { ok, seconds } = await Effect.runPromise(program);
  return { ops: ok, seconds };
}
