/**
 * Small helpers shared by the runtime unit tests: a fresh runtime with its log
 * captured, running code inside a process, and waiting for a process's end.
 */
import { firstValueFrom } from 'rxjs';
import { afterEach, beforeEach } from 'vitest';
import { trackRuntime } from '../../vitest-plugin/index.ts';
import { Runtime, eventsOf, runtime, setRuntime, type Logger, isDown, ofKind, type DownMessage, type ExitReason, type LogEvent, type Pid, type Self } from '../../runtime/index.ts';

/** A runtime of its own whose log events land in `logs`; checked for leaks at the test's end like the test's own (leaks: 'fail'). */
export function fresh(): { rt: Runtime; logs: LogEvent[] } {
  const logs: LogEvent[] = [];
  return { rt: trackRuntime(new Runtime({ logger: (e) => logs.push(e) })), logs };
}

/** Runs `fn` as the body of a new process; resolves with what it returns, rejects with what it throws. */
export function inProcess<T>(rt: Runtime, fn: (self: Self) => T | Promise<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    rt.spawn(async (self) => {
      try {
        resolve(await fn(self));
      } catch (e) {
        reject(e);
      }
    });
  });
}

/** Resolves with the reason `pid` exits with (subscribe before the exit happens). */
export function exitReason(rt: Runtime, pid: Pid): Promise<ExitReason> {
  return firstValueFrom(eventsOf(pid, rt).pipe(ofKind('exit'))).then((e) => e.reason);
}

/** Spawns a watcher that monitors `target` (resolves once the monitor is set); `down` is the DOWN it receives. */
export async function watch(rt: Runtime, target: Pid | string): Promise<{ down: Promise<DownMessage>; watcher: Pid }> {
  let ready: (pid: Pid) => void = () => undefined;
  const started = new Promise<Pid>((r) => (ready = r));
  const down = new Promise<DownMessage>((resolve) => {
    rt.spawn(async (self) => {
      const ref = self.monitor(target);
      ready(self.pid);
      resolve((await self.receive((m) => isDown(m) && m.ref === ref)) as DownMessage);
    });
  });
  return { down, watcher: await started };
}

/** A promise with its resolver outside. */
export function deferred<T = void>(): { promise: Promise<T>; resolve: (v: T) => void } {
  let resolve: (v: T) => void = () => undefined;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

/**
 * For tests of module-level functions (which act on `runtime()`): before each
 * test, a fresh runtime is made the default and `current.rt` is what
 * `runtime()` then answers (a test runner's per-test runtime, if one is
 * installed), with its log captured in `current.logs`; after the test the
 * previous default is restored. The runtime is tracked: processes left alive
 * fail the test under leaks: 'fail' (and are killed).
 */
export function useDefaultRuntime(): { rt: Runtime; logs: LogEvent[] } {
  const current = fresh();
  let previous: Runtime | null = null;
  let previousLogger: Logger | null = null;
  beforeEach(() => {
    previous = setRuntime(trackRuntime(new Runtime()));
    current.rt = runtime();
    current.logs = [];
    const logs = current.logs;
    previousLogger = current.rt.setLogger((e) => logs.push(e));
  });
  afterEach(() => {
    // what the test left alive is the plugin's to report (leaks: 'fail') and kill: the runtime is tracked
    if (previousLogger !== null) current.rt.setLogger(previousLogger);
    if (previous !== null) setRuntime(previous);
  });
  return current;
}
