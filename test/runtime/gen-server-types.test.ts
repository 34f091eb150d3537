/**
 * The typed GenServer protocol. The `@ts-expect-error` lines are the test:
 * `npx tsc -p tsconfig.json --noEmit` fails if any of them stops being an
 * error. The runtime tests check that the well-typed calls work.
 */
import { describe, expect, expectTypeOf, it } from 'vitest';
import { GenServer, type Pid, type Runtime } from '../../runtime/index.ts';
import { fresh } from './helpers.ts';

interface StoreProtocol {
  call: { request: readonly ['get', string]; reply: number | undefined } | { request: 'size'; reply: number } | { request: 'keys'; reply: readonly string[] };
  cast: readonly ['put', string, number] | 'clear';
}

type Store = ReadonlyMap<string, number>;

const StoreServer: GenServer.GenServerBehaviour<Store, Store, StoreProtocol> = {
  init: (initial) => ['ok', initial],
  handleCall(request, _from, store) {
    if (request === 'size') return ['reply', store.size, store];
    if (request === 'keys') return ['reply', [...store.keys()], store];
    return ['reply', store.get(request[1]), store];
  },
  handleCast(msg, store) {
    if (msg === 'clear') return ['noreply', new Map()];
    const [, key, value] = msg;
    return ['noreply', new Map([...store, [key, value]])];
  },
};

async function startStore(rt: Runtime): Promise<GenServer.Server<StoreProtocol>> {
  return GenServer.okPid(await GenServer.start(StoreServer, new Map([['a', 1]]), { runtime: rt }));
}

/** Never called: each marked line must fail to compile. */
export async function typeErrors(server: GenServer.Server<StoreProtocol>): Promise<void> {
  // @ts-expect-error a request the protocol does not have
  await GenServer.call(server, 'nope');
  // @ts-expect-error a request with the wrong argument type
  await GenServer.call(server, ['get', 42]);
  // @ts-expect-error the reply to 'size' is a number, not a string
  const size: string = await GenServer.call(server, 'size');
  // @ts-expect-error the reply to 'get' may be undefined: it is not a plain number
  const got: number = await GenServer.call(server, ['get', 'a']);
  // @ts-expect-error a cast the protocol does not have
  GenServer.cast(server, ['put', 'a', 'not a number']);
  void size;
  void got;
}

/** Never used: a callback module that answers with the wrong reply type must not compile. */
export const wrongReply: GenServer.GenServerBehaviour<Store, Store, StoreProtocol> = {
  init: (initial) => ['ok', initial],
  // @ts-expect-error handleCall answers a string, which no request of the protocol replies
  handleCall: (_request, _from, store) => ['reply', 'a string', store],
};

describe('the typed protocol', () => {
  it('infers each reply type from the request', async () => {
    const { rt } = fresh();
    const server = await startStore(rt);
    const size = GenServer.call(server, 'size');
    const got = GenServer.call(server, ['get', 'a']);
    const keys = GenServer.call(server, 'keys');
    expectTypeOf(size).toEqualTypeOf<Promise<number>>();
    expectTypeOf(got).toEqualTypeOf<Promise<number | undefined>>();
    expectTypeOf(keys).toEqualTypeOf<Promise<readonly string[]>>();
    expect(await size).toBe(1);
    expect(await got).toBe(1);
    expect(await keys).toEqual(['a']);
    rt.exit(server as Pid, 'kill'); // what this test started
  });

  it('typed casts change the state the calls see', async () => {
    const { rt } = fresh();
    const server = await startStore(rt);
    GenServer.cast(server, ['put', 'b', 2]);
    expect(await GenServer.call(server, ['get', 'b'])).toBe(2);
    expect(await GenServer.call(server, 'size')).toBe(2);
    GenServer.cast(server, 'clear');
    expect(await GenServer.call(server, ['get', 'a'])).toBeUndefined();
    rt.exit(server as Pid, 'kill'); // what this test started
  });

  it('start gives a server branded with its protocol', async () => {
    const { rt } = fresh();
    const result = await GenServer.start(StoreServer, new Map(), { runtime: rt });
    expectTypeOf(result).toEqualTypeOf<GenServer.StartResult<StoreProtocol>>();
    expectTypeOf(GenServer.okPid(result)).toEqualTypeOf<GenServer.Server<StoreProtocol>>();
    expect(typeof typeErrors).toBe('function');
    expect(wrongReply.handleCall).toBeTypeOf('function');
    rt.exit(GenServer.okPid(result) as unknown as Pid, 'kill'); // what this test started
  });
});
