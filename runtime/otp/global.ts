/**
 * OTP's `global` name registry, for one node: `registerName`, `unregisterName`,
 * `whereisName`, `send`, `registeredNames`. The module itself is a via
 * registry, so `{ via: Global, name }` is OTP's `{via, global, Name}` and
 * `{ global: name }` its `{global, Name}`: every function that takes a name
 * (start, call, cast, send, monitor, sys.*, Supervisor.*) accepts both.
 *
 * A name is any term (strings, numbers, tuples of them…); a process holds at
 * most one; the name is freed when the process ends. The table lives in the
 * runtime's kernel (one runtime is one node); the distribution work will back
 * it with a cluster store, keeping these functions.
 */
import { BadArgError, ProcessExit } from '../kernel/errors.ts';
import { runtime, type Runtime } from '../runtime.ts';
import { Pid, tuple } from '../kernel/terms.ts';

export type { GlobalName, ViaName, ViaRegistry } from '../kernel/names.ts';

function rtFor(pid?: Pid): Runtime {
  return pid instanceof Pid ? (pid.proc.runtime as Runtime) : runtime();
}

/** OTP `global:register_name/2`: 'yes', or 'no' when the name is taken or `pid` already has a global name. */
export function registerName(name: unknown, pid: Pid): 'yes' | 'no' {
  if (!(pid instanceof Pid)) throw new BadArgError('global:registerName: expected a pid');
  return rtFor(pid).registry.globals.register(name, pid.proc);
}

/** OTP `global:unregister_name/1`: frees the name (also when it is not registered). */
export function unregisterName(name: unknown): 'ok' {
  runtime().registry.globals.unregister(name);
  return 'ok';
}

/** OTP `global:whereis_name/1`: the pid registered as `name`, or undefined. */
export function whereisName(name: unknown): Pid | undefined {
  return runtime().registry.globals.get(name)?.pid;
}

/**
 * OTP `global:send/2`: sends `msg` to the process registered as `name` and
 * returns its pid; when the name is not registered, exits as OTP does: throws
 * a `ProcessExit` with reason `['badarg', [name, msg]]` (OTP `{badarg, {Name, Msg}}`).
 */
export function send(name: unknown, msg: unknown): Pid {
  const rt = runtime();
  const p = rt.registry.globals.get(name);
  if (p === undefined) throw new ProcessExit(tuple('badarg', tuple(name, msg)), rt.redactor);
  rt.deliver(p, msg, rt.current);
  return p.pid;
}

/** OTP `global:registered_names/0`. */
export function registeredNames(): unknown[] {
  return runtime().registry.globals.names();
}
