/**
 * What the behaviours share about starting and names (OTP's `gen` module):
 * the start itself (`genStart`), the check for a taken name before a start, registering a via/global name in the new process
 * (a local name is registered at spawn), freeing it when init fails, and the
 * name a process's trace lines, status header and reports show.
 */
import { serverNameError } from '../kernel/args.ts';
import { BadArgError, ProcessExit } from '../kernel/errors.ts';
import { formatTerm } from '../kernel/format.ts';
import { isGlobalName, isRemoteName, nameTerm, type RemoteName, type ServerName } from '../kernel/names.ts';
import type { Process, ProcessBody } from '../kernel/process.ts';
import type { Kernel } from '../kernel/kernel.ts';
import { Pid, tuple } from '../kernel/terms.ts';
import { runtime, type Runtime, type Self } from '../runtime.ts';
import { initAck, start as procLibStart } from './proc-lib.ts';

/** The via/global name each process was started under (what OTP's gen keeps as the server's Name). */
const remoteNames = new WeakMap<Process, RemoteName>();
/** Bumped whenever `remoteNames` changes: what `procNameReader` compares to know its text is still right. */
let remoteChanges = 0;

/** OTP `gen:where/1`: the pid registered under `name` now, or undefined. */
export function whereName(rt: Kernel, name: ServerName): Pid | undefined {
  if (typeof name === 'string') return rt.whereis(name);
  return rt.registry.resolveName(name)?.pid;
}

/** True when `name` is a name a behaviour can be started under. */
export function isServerName(name: unknown): name is ServerName {
  return (typeof name === 'string' && name !== '') || isRemoteName(name);
}

/**
 * OTP `gen:start`'s name check, shared by every behaviour's start: a
 * malformed name throws a BadArgError naming `fn` (OTP: a function_clause in
 * the caller); a taken one gives `{error, {already_started, Pid}}` to return
 * at once; a free one (or none) gives undefined.
 */
export function nameTaken(rt: Kernel, fn: string, name: unknown): readonly ['error', readonly ['already_started', Pid]] | undefined {
  if (name === undefined) return undefined;
  if (!isServerName(name)) throw new BadArgError(serverNameError(fn, name));
  const holder = whereName(rt, name);
  return holder === undefined ? undefined : tuple('error', tuple('already_started', holder));
}

/**
 * OTP `gen:register_name/1` for a via/global name, run by the new process
 * before init: true, or (the name was taken meanwhile) the starter is told
 * `{error, {already_started, Pid}}` and the process ends normally.
 */
export function registerRemote(p: Process, name: RemoteName): boolean {
  const answer = isGlobalName(name) ? p.runtime.registry.globals.register(name.global, p) : name.via.registerName(name.name, p.pid);
  if (answer === 'yes') {
    remoteNames.set(p, name);
    remoteChanges++;
    return true;
  }
  initAck(p, tuple('error', tuple('already_started', whereName(p.runtime, name))));
  throw new ProcessExit('normal');
}

/** OTP `gen:unregister_name/1` after a failed init: frees the via/global name `p` registered. */
export function unregisterRemote(p: Process): void {
  const name = remoteNames.get(p);
  if (name === undefined) return;
  remoteNames.delete(p);
  remoteChanges++;
  if (isGlobalName(name)) p.runtime.registry.globals.unregister(name.global);
  else name.via.unregisterName(name.name);
}

/**
 * The name a process goes by in trace lines, status headers and reports
 * (OTP `gen:get_proc_name`): its local name, else its via/global name's term
 * as text, else its pid.
 */
export function procName(p: Process): string | Pid {
  if (p.name !== null) return p.name;
  const remote = remoteNames.get(p);
  if (remote === undefined) return p.pid;
  const term = nameTerm(remote);
  return typeof term === 'string' ? term : formatTerm(term, { chars: 256, nodes: 256 });
}

/**
 * `procName(p)` as a function a process's sys debug options call with every
 * event: the local name when it has one, else the via/global name's text or
 * the pid, looked up once and again only after some via/global name was
 * recorded or freed (no map lookup and no formatting per event).
 */
export function procNameReader(p: Process): () => string | Pid {
  let seen = -1;
  let other: string | Pid = p.pid;
  return () => {
    if (p.name !== null) return p.name;
    if (seen !== remoteChanges) {
      seen = remoteChanges;
      other = procName(p);
    }
    return other;
  };
}

/** The start options every behaviour reads the same way (`genStart`). */
export interface GenStartOptions {
  readonly runtime?: Runtime;
  readonly caller?: Self;
  readonly name?: unknown;
  readonly trapExit?: boolean;
  readonly timeout?: number;
}

/**
 * OTP `gen:start`: in the runtime of `opts` (else the caller's, else the
 * current one), a malformed name throws a BadArgError naming `fn` and a taken
 * one answers `{error, {already_started, Pid}}` before anything starts; else
 * `body()` starts under proc_lib with the local name, the link and the options,
 * and `how` says what the process is (behaviour, initial call, async context).
 */
export function genStart<R>(
  fn: string,
  opts: GenStartOptions,
  link: boolean,
  how: { readonly behaviour: string; readonly initialCall: string; readonly asyncContext?: boolean },
  body: () => ProcessBody,
): Promise<R> {
  const rt = opts.runtime ?? opts.caller?.runtime ?? runtime();
  // OTP gen:start: a malformed name is a function_clause in the caller; a taken one starts nothing
  const taken = nameTaken(rt, fn, opts.name);
  if (taken !== undefined) return Promise.resolve(taken as R);
  const name = typeof opts.name === 'string' ? opts.name : undefined;
  return procLibStart<R>(body(), { runtime: rt, link, name, trapExit: opts.trapExit, timeout: opts.timeout, caller: opts.caller, ...how }) as Promise<R>;
}
