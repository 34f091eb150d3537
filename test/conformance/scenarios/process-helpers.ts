/** TypeScript twins of norm.hrl's process helpers (flush_now, flush_all, await_exit, exit_of, watch/reason). */
import { DownMessage, type Pid, type ProcessBody, type Ref, type Self } from '../../../runtime/index.ts';

/** Erlang `flush_now/0`: every message already in the mailbox. */
export async function flushNow(self: Self): Promise<unknown[]> {
  const out: unknown[] = [];
  for (;;) {
    const m = await self.receive(null, 0);
    if (typeof m === 'symbol') return out;
    out.push(m);
  }
}

/** Erlang `flush_all/0`: the mailbox's messages, waiting 50 ms for stragglers after each. */
export async function flushAll(self: Self): Promise<unknown[]> {
  const out: unknown[] = [];
  for (;;) {
    const m = await self.receive(null, 50);
    if (typeof m === 'symbol') return out;
    out.push(m);
  }
}

/** The DOWN of monitor `ref` on `pid`. */
function isDownOf(ref: Ref, pid: Pid): (m: unknown) => boolean {
  return (m) => m instanceof DownMessage && m.ref === ref && m.object === pid;
}

/** Erlang `await_exit/1`: monitors `pid` and returns its exit reason ('still_alive' after 5 s). */
export async function awaitExit(self: Self, pid: Pid): Promise<unknown> {
  return reason(self, watch(self, pid));
}

/** Erlang `watch/1`: monitor now, read the reason later. */
export function watch(self: Self, pid: Pid): readonly [Pid, Ref] {
  return [pid, self.monitor(pid)];
}

/** Erlang `reason/1`: the exit reason of a watched process ('still_alive' after 5 s). */
export async function reason(self: Self, [pid, ref]: readonly [Pid, Ref]): Promise<unknown> {
  const m = await self.receive(isDownOf(ref, pid), 5000);
  return m instanceof DownMessage ? m.reason : 'still_alive';
}

/** Erlang `exit_of/1`: the exit reason of `body` run in a fresh monitored process. */
export async function exitOf(self: Self, body: ProcessBody): Promise<unknown> {
  const [pid, ref] = self.spawnMonitor(body);
  const m = (await self.receive(isDownOf(ref, pid))) as DownMessage;
  return m.reason;
}
