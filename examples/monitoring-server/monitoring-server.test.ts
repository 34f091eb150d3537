/**
 * The article's tests. The naive one races the server's DOWN against the
 * test's call; under the default (deterministic) scheduler the call always
 * wins, so the naive test fails, and this file checks that it fails for that
 * reason (its own assertion, with the subscriber still listed). Both fixes pass
 * on every schedule (test/monitoring-race-seeds.test.ts runs all three over 1000 seeds).
 */
import { describe, expect, it } from 'vitest';
import { GenServer, exit, send, spawn } from '../../runtime/index.ts';
import { testRuntime } from '../../vitest-plugin/index.ts';
import { lostTheRace, naiveTest, serverWithSubscriber, sysInstallFix, waitForEventFix } from './article-tests.ts';
import { subscribers } from './monitoring-server.ts';

describe('MonitoringServer (the article)', () => {
  it('lists a subscriber and drops it when its DOWN is handled', async () => {
    const { server, child } = await serverWithSubscriber();
    await expect(server).toHaveState([child]);
    child.proc.runtime.exit(child, 'kill');
    await expect(server).toHandle(expect.objectContaining({ object: child, reason: 'killed' }));
    expect(await subscribers(server)).toEqual([]);
    await GenServer.stop(server);
  });

  it('drops a subscriber that ended normally, from its DOWN', async () => {
    const { server, child } = await serverWithSubscriber();
    const bystander = spawn(async (self) => {
      await self.receive((m) => m === 'never');
    });
    expect(bystander).toBeAlive();
    send(child, 'terminate');
    await expect(child).toExit('normal');
    await expect(server).toHandle(expect.objectContaining({ object: child, reason: 'normal' }));
    expect(await subscribers(server)).toEqual([]);
    send(bystander, 'never');
    await expect(bystander).toExit('normal');
    await GenServer.stop(server);
  });

  it('the naive test races the DOWN and loses: the call reaches the server first, which still lists the child', async () => {
    const failure = await naiveTest().then(
      () => null,
      (e: unknown) => e,
    );
    expect(lostTheRace(failure), String(failure)).toBe(true);
    // the naive test stops at its assertion, before it stops its server and child
    for (const pid of testRuntime().processes()) exit(pid, 'kill');
  });

  it('the sys.install fix (as in the article) passes', sysInstallFix);

  it('the waitForEvent fix passes', waitForEventFix);
});
