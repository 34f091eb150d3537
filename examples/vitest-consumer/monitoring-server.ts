/** The article's MonitoringServer, written by a user against the published package. */
import { GenServer, isDown, type Pid, type Self } from 'otpscope';

export interface MonitoringProtocol {
  call: { request: 'subscribe'; reply: 'ok' } | { request: 'subscribers'; reply: readonly Pid[] };
  cast: never;
}

export const MonitoringServer: GenServer.GenServerBehaviour<readonly Pid[], void, MonitoringProtocol> = {
  name: 'MonitoringServer',
  init: () => ['ok', []],
  handleCall(request, from, subs, self: Self) {
    if (request === 'subscribe') {
      self.monitor(from.pid);
      return ['reply', 'ok', [...subs, from.pid]];
    }
    return ['reply', subs, subs];
  },
  handleInfo(msg, subs) {
    return isDown(msg) ? ['noreply', subs.filter((p) => p !== msg.object)] : ['noreply', subs];
  },
};
