/**
 * The article's MonitoringServer: subscribers call `subscribe`, the server
 * monitors each one and drops it when its DOWN arrives; `subscribers` lists them.
 */
import { GenServer, isDown, type Pid, type Self } from '../../runtime/index.ts';

/** What the server answers: `subscribe` → 'ok', `subscribers` → ['ok', pids]. */
export interface MonitoringProtocol {
  call: { request: 'subscribe'; reply: 'ok' } | { request: 'subscribers'; reply: readonly ['ok', readonly Pid[]] };
  cast: never;
}

/** The server's state: the subscribed pids, newest first. */
export type Subscribers = readonly Pid[];

/** The callback module. */
export const MonitoringServer: GenServer.GenServerBehaviour<Subscribers, void, MonitoringProtocol> = {
  name: 'MonitoringServer',
  init: () => ['ok', []],
  handleCall(request, from, subs, self: Self) {
    switch (request) {
      case 'subscribe':
        self.monitor(from.pid);
        return ['reply', 'ok', [from.pid, ...subs]];
      case 'subscribers':
        return ['reply', ['ok', subs], subs];
    }
  },
  handleInfo(msg, subs) {
    if (isDown(msg)) return ['noreply', subs.filter((p) => p !== msg.object)];
    return ['noreply', subs];
  },
};

/** Starts a MonitoringServer (optionally registered, optionally linked to the caller). */
export function startMonitoringServer(opts: GenServer.GenServerStartOptions = {}): Promise<GenServer.StartResult<MonitoringProtocol>> {
  return GenServer.start(MonitoringServer, undefined, opts);
}

/** Subscribes the calling process `self`. */
export function subscribe(server: GenServer.Server<MonitoringProtocol>, self: Self): Promise<'ok'> {
  return GenServer.call(server, 'subscribe', { caller: self });
}

/** The current subscribers. */
export async function subscribers(server: GenServer.Server<MonitoringProtocol>): Promise<readonly Pid[]> {
  const [, list] = await GenServer.call(server, 'subscribers');
  return list;
}
