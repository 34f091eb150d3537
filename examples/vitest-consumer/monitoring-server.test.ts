/** The article's test, fixed with the plugin: wait until the server has taken in the DOWN. */
import { describe, expect, it } from 'vitest';
import { GenServer, send, spawn } from 'otpscope';
import { waitForEvent } from 'otpscope/vitest';
import { MonitoringServer } from './monitoring-server.ts';

describe('MonitoringServer', () => {
  it('drops a subscriber once its DOWN is handled', async () => {
    const server = GenServer.okPid(await GenServer.start(MonitoringServer, undefined));
    let ready!: () => void;
    const subscribed = new Promise<void>((r) => (ready = r));
    const child = spawn(async (self) => {
      await GenServer.call(server, 'subscribe', { caller: self });
      ready();
      await self.receive((m) => m === 'terminate');
    });
    await subscribed;
    expect(await GenServer.call(server, 'subscribers')).toEqual([child]);

    send(child, 'terminate');
    await waitForEvent(server, 'DOWN');
    expect(await GenServer.call(server, 'subscribers')).toEqual([]);

    await expect(child).toExit('normal');
    await GenServer.stop(server);
    expect(server).not.toBeAlive();
  });

  it('the matchers are typed', async () => {
    const server = GenServer.okPid(await GenServer.start(MonitoringServer, undefined));
    // @ts-expect-error the timeout must be a number
    await expect(server).not.toReceive('x', { timeout: 'never' }).catch(() => undefined);
    // @ts-expect-error a supervisor is a pid or a name
    await expect(server).toBeRestartedBy(1).catch(() => undefined);
    await GenServer.stop(server);
  });
});
