/**
 * The leak check at a test's end: which processes a runtime still has alive
 * once the work the test's last acts queued has run. A supervisor killed on a
 * test's last line leaves its trapping children an EXIT to handle, and the
 * time-sliced scheduler may run them only in a later event-loop turn (after 5 ms
 * of handling in one macrotask): they are on their way out, not leaked.
 */
import { setImmediate } from 'node:timers';
import type { Pid, Runtime } from '../runtime/index.ts';

/** Event-loop turns the check gives queued work before it looks (a process that keeps itself busy is reported, not waited for). */
export const QUEUED_WORK_TURNS = 50;

/** The processes of `rt` alive once its run queue is empty, or after `turns` event-loop turns if it never empties. */
export async function aliveAfterQueuedWork(rt: Runtime, turns = QUEUED_WORK_TURNS): Promise<Pid[]> {
  let done = false;
  const idle = rt.idle().then(() => {
    done = true;
  });
  for (let i = 0; i < turns && !done; i++) {
    // node:timers' setImmediate: the check is not held up by fake timers the test left installed
    await Promise.race([idle, new Promise<void>((resolve) => setImmediate(resolve))]);
  }
  return rt.processes();
}
