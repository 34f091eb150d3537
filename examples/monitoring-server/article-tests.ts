/**
 * The article's tests as functions, so that they run both as ordinary tests
 * (monitoring-server.test.ts) and over 1000 race-scheduler seeds
 * (test/monitoring-race-seeds.test.ts). Each throws (an assertion error) on failure.
 *
 * The story: a child subscribes to the MonitoringServer and waits for
 * 'terminate'. The test sends 'terminate' and asks for the subscribers. The
 * child's DOWN and the test's call come from different senders, so nothing
 * orders them at the server: the naive test races.
 */
import { expect } from 'vitest';
import { GenServer, Pid, isDown, send, spawn, sys } from '../../runtime/index.ts';
import { waitForEvent } from '../../vitest-plugin/index.ts';
import { startMonitoringServer, subscribe, subscribers, type MonitoringProtocol } from './monitoring-server.ts';

type Server = GenServer.Server<MonitoringProtocol>;

/** Starts the server and a subscribed child that ends when told 'terminate'. */
export async function serverWithSubscriber(): Promise<{ server: Server; child: Pid }> {
  const server = GenServer.okPid(await startMonitoringServer());
  let ready!: () => void;
  const subscribed = new Promise<void>((resolve) => (ready = resolve));
  const child = spawn(async (self) => {
    await subscribe(server, self);
    ready();
    await self.receive((m) => m === 'terminate');
  });
  await subscribed;
  expect(await subscribers(server)).toEqual([child]);
  return { server, child };
}

/**
 * True when `e` is how the naive test loses its race: its own assertion failed
 * because the server still listed the one subscriber (the call got there before
 * the DOWN). Anything else thrown is a different failure.
 */
export function lostTheRace(e: unknown): boolean {
  if (!(e instanceof Error) || e.name !== 'AssertionError') return false;
  const { actual, expected } = e as Error & { actual?: unknown; expected?: unknown };
  return Array.isArray(expected) && expected.length === 0 && Array.isArray(actual) && actual.length === 1 && actual[0] instanceof Pid;
}

/** The naive test: races the DOWN. Fails whenever the call reaches the server first. */
export async function naiveTest(): Promise<void> {
  const { server, child } = await serverWithSubscriber();
  send(child, 'terminate');
  expect(await subscribers(server)).toEqual([]);
  await GenServer.stop(server);
}

/**
 * The article's fix: a debug function installed with `sys.install` tells the
 * test when the server has taken in the DOWN, and removes itself ('done').
 */
export async function sysInstallFix(): Promise<void> {
  const { server, child } = await serverWithSubscriber();
  let monitorComplete!: () => void;
  const downTakenIn = new Promise<void>((resolve) => (monitorComplete = resolve));
  await sys.install(server, {
    id: 'waiting_for_down',
    fun: (state: null, event) => {
      if (event.kind === 'in' && isDown(event.message)) {
        monitorComplete();
        return 'done';
      }
      return state;
    },
    state: null,
  });
  send(child, 'terminate');
  await downTakenIn;
  expect(await subscribers(server)).toEqual([]);
  await GenServer.stop(server);
}

/** The one-line fix with the Vitest plugin: wait for the server to take in the DOWN. */
export async function waitForEventFix(): Promise<void> {
  const { server, child } = await serverWithSubscriber();
  send(child, 'terminate');
  await waitForEvent(server, 'DOWN');
  expect(await subscribers(server)).toEqual([]);
  await GenServer.stop(server);
}
