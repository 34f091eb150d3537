/**
 * Compile-time checks of the plugin's types (`npm run typecheck` compiles this
 * file: each @ts-expect-error line must be an error, or the build fails), and a
 * run-time check that the typed events carry what the types promise.
 */
import { describe, expect, expectTypeOf, it } from 'vitest';
import { GenServer, send, spawn, type DownMessage, type Pid } from '../../runtime/index.ts';
import { settled, waitForEvent, type EventFor } from '../../vitest-plugin/index.ts';

describe('types', () => {
  it('waitForEvent results are typed by kind', async () => {
    expectTypeOf<EventFor<'DOWN'>['message']>().toEqualTypeOf<DownMessage>();
    expectTypeOf<EventFor<'handled'>['kind']>().toEqualTypeOf<'out' | 'noreply'>();
    expectTypeOf<EventFor<'restart'>['childId']>().toEqualTypeOf<unknown>();
    expectTypeOf<EventFor<'exit'>['kind']>().toEqualTypeOf<'exit'>();
    const p = spawn(async (self) => {
      await self.receive();
    });
    send(p, 'go');
    const e = await waitForEvent(p, 'exit');
    expect(e.reason).toBe('normal');
  });

  it('matchers reject wrong arguments at compile time', async () => {
    const p: Pid = spawn(async (self) => {
      await self.receive();
    });
    await settled();
    expect(p).toBeAlive();
    // @ts-expect-error toBeAlive takes no argument
    expect(p).toBeAlive('yes');
    // @ts-expect-error the timeout is a number of ms
    await expect(p).not.toReceive('x', { timeout: 'soon' }).catch(() => undefined);
    // @ts-expect-error a supervisor is a Pid or a registered name
    await expect(p).toBeRestartedBy(42).catch(() => undefined);
    // @ts-expect-error waitForEvent kinds are the stream's kinds and the shorthands
    await waitForEvent(p, 'DWON', { timeout: 1 }).catch(() => undefined);
    send(p, 'stop');
    await expect(p).toExit('normal');
  });

  it('GenServer protocol types still flow through the helpers', async () => {
    const Echo: GenServer.GenServerBehaviour<null, null, { call: { request: 'ping'; reply: 'pong' }; cast: never }> = {
      init: () => ['ok', null],
      handleCall: () => ['reply', 'pong', null],
    };
    const s = GenServer.okPid(await GenServer.start(Echo, null));
    const reply = waitForEvent(s, 'reply');
    expectTypeOf(await GenServer.call(s, 'ping')).toEqualTypeOf<'pong'>();
    expect((await reply).reply).toBe('pong');
    await GenServer.stop(s);
  });
});
