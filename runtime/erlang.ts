/**
 * The `erlang` module's process functions that need no "self": they work from
 * any code, inside a process or not, on the default runtime (or the pid's).
 * What a process does to itself (receive, link, monitor, trapExit, exit/1) is
 * on `Self`.
 */
import { checkDest, checkPid, checkRef } from './kernel/args.ts';
import type { SpawnOptions } from './kernel/process.ts';
import { runtime, type ProcessBody, type ProcessInfo, type Runtime } from './runtime.ts';
import { Pid, type Dest, type ExitReason, type Ref } from './kernel/terms.ts';

function rtFor(dest?: Dest): Runtime {
  return dest instanceof Pid ? dest.proc.runtime : runtime();
}

/** OTP `spawn/1`. */
export function spawn(body: ProcessBody, opts?: SpawnOptions): Pid {
  return rtFor().spawn(body, opts);
}

/** OTP `spawn_link/1`: links to the running process (outside a process there is nothing to link). */
export function spawnLink(body: ProcessBody, opts?: SpawnOptions): Pid {
  return rtFor().spawn(body, { ...opts, link: true });
}

/** OTP `Dest ! Msg`. */
export function send(dest: Dest, msg: unknown): void {
  rtFor(dest).send(dest, msg);
}

/** OTP `exit/2`: sends an exit signal to `pid`. */
export function exit(pid: Pid, reason: ExitReason): true {
  checkPid('exit', pid);
  return pid.proc.runtime.exit(pid, reason);
}

/** OTP `register/2`. */
export function register(name: string, pid: Pid): true {
  checkPid('register', pid);
  return pid.proc.runtime.register(name, pid);
}

/** OTP `unregister/1`. */
export function unregister(name: string): true {
  return rtFor().unregister(name);
}

/** OTP `whereis/1`. */
export function whereis(name: string): Pid | undefined {
  return rtFor().whereis(name);
}

/** OTP `is_process_alive/1`. */
export function isAlive(pid: Pid): boolean {
  checkPid('isAlive', pid);
  return pid.proc.runtime.isAlive(pid);
}

/** OTP `process_info/1`. */
export function processInfo(pid: Pid): ProcessInfo | undefined {
  checkPid('processInfo', pid);
  return pid.proc.runtime.processInfo(pid);
}

/** OTP `erlang:send_after/3`. */
export function sendAfter(ms: number, dest: Dest, msg: unknown): Ref {
  checkDest('sendAfter', dest);
  return rtFor(dest).sendAfter(ms, dest, msg);
}

/** OTP `erlang:start_timer/3`. */
export function startTimer(ms: number, dest: Dest, msg: unknown): Ref {
  checkDest('startTimer', dest);
  return rtFor(dest).startTimer(ms, dest, msg);
}

/** OTP `erlang:cancel_timer/1`. */
export function cancelTimer(ref: Ref): number | false {
  checkRef('cancelTimer', ref);
  return rtFor().cancelTimer(ref);
}

/** OTP `erlang:read_timer/1`. */
export function readTimer(ref: Ref): number | false {
  checkRef('readTimer', ref);
  return rtFor().readTimer(ref);
}
