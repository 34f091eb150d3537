/**
 * What a process looks like from outside (OTP `process_info/1`): status,
 * mailbox, links, monitors, name, behaviour, flags, ancestry, dictionary.
 */
import { checkPid } from './args.ts';
import type { Kernel } from './kernel.ts';
import type { MonitorObject, Pid, Ref } from './terms.ts';

/** What `processInfo` reports. */
export interface ProcessInfo {
  readonly pid: Pid;
  /** A sys-suspended process is `waiting` (in its receive), as OTP: sys:suspend is not erlang:suspend_process. */
  readonly status: 'running' | 'runnable' | 'waiting';
  readonly messageQueueLen: number;
  readonly messages: readonly unknown[];
  readonly links: readonly Pid[];
  /** `object` is what the DOWN will name: the pid, or `[name, node]` for a monitor taken by name (OTP `{process, {Name, Node}}`). */
  readonly monitors: readonly { ref: Ref; pid: Pid; object: MonitorObject }[];
  readonly monitoredBy: readonly Pid[];
  readonly registeredName: string | null;
  readonly behaviour: string;
  readonly trapExit: boolean;
  readonly parent: Pid | null;
  readonly ancestors: readonly (Pid | string)[];
  readonly initialCall: string | null;
  readonly dictionary: readonly [unknown, unknown][];
  /** Hibernating (OTP: current_function is {erlang, hibernate, 3}). */
  readonly hibernating: boolean;
  /** `self.setLabel`'s term (OTP 27 `process_info(P, label)`), undefined if none. */
  readonly label: unknown;
}

/** OTP `process_info/1` of `pid` in `k`, or undefined for a dead pid. */
export function processInfo(k: Kernel, pid: Pid): ProcessInfo | undefined {
  checkPid('processInfo', pid);
  const p = pid.proc;
  if (p.dead || p === k.external) return undefined;
  return {
    pid,
    status: p.running ? 'running' : p.queued ? 'runnable' : 'waiting',
    messageQueueLen: p.mailbox.length,
    messages: p.messages(),
    links: p.links === null ? [] : [...p.links].map((l) => l.pid),
    monitors: p.monitors === null ? [] : [...p.monitors.values()].map((m) => ({ ref: m.ref, pid: m.target.pid, object: m.object })),
    monitoredBy: p.monitoredBy === null ? [] : [...p.monitoredBy.values()].map((m) => m.watcher.pid),
    registeredName: p.name,
    behaviour: p.behaviour,
    trapExit: p.trapping,
    parent: p.parent,
    ancestors: p.ancestors,
    initialCall: p.initialCall,
    dictionary: p.dict === null ? [] : [...p.dict.entries()],
    hibernating: p.hibernating,
    label: p.label,
  };
}
