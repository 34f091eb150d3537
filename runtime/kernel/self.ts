/**
 * How a process looks from inside (`Self`: what its own code may do) and the
 * shapes around it: a body, spawn options, a receive's matcher and receiver,
 * and the markers of "no message" and "timed out".
 */
import type { Kernel } from './kernel.ts';
import type { RuntimeTimer } from './clock.ts';
import type { Dest, ExitReason, Pid, Ref } from './terms.ts';

/** Says "no message matched" in the mailbox scan (messages may be undefined). */
export const NO_MESSAGE: unique symbol = Symbol('no message');

/** Returned by `receive` when its `after` timeout expires. */
export const TIMEOUT: unique symbol = Symbol('timeout');
/** The type of `TIMEOUT`. */
export type Timeout = typeof TIMEOUT;

/** Selects the messages a receive accepts. */
export type Matcher<T = unknown> = ((msg: unknown) => msg is T) | ((msg: unknown) => boolean);

/** A process body: runs when the process starts; an async body is awaited, its end is the process's normal exit. */
export type ProcessBody = (self: Self) => unknown;

/** Options when spawning. */
export interface SpawnOptions {
  /** Link the new process to the spawner. */
  link?: boolean;
  /** Start trapping exits at once. */
  trapExit?: boolean;
  /** Register under this name before the process runs. */
  name?: string;
  /** The behaviour name shown in process info and events (default 'plain'). */
  behaviour?: string;
}

/** What a receiving process is waiting for. */
export interface Receiver {
  /** null accepts any message. */
  match: Matcher | null;
  /** Handles the taken message; may return a promise (the process is busy until it settles). */
  deliver: (msg: unknown) => unknown;
  /** A loop receiver stays installed; a one-shot one is removed after one message. */
  persistent: boolean;
  /** Mailbox positions already tested against `match` (OTP's save pointer). */
  scanned: number;
  /** The `after` timer of a one-shot receive. */
  timer: RuntimeTimer | null;
}

/** How a process looks from inside: what its own code may do. */
export interface Self {
  /** This process's pid. */
  readonly pid: Pid;
  /** Takes the first message (matching `match`) from the mailbox, waiting if none. */
  receive<T = unknown>(match?: Matcher<T> | null): Promise<T>;
  /** Same, giving up after `after` ms with `TIMEOUT`. */
  receive<T = unknown>(match: Matcher<T> | null | undefined, after: number): Promise<T | Timeout>;
  /**
   * Handles every message (matching `match`) with `handler`, one at a time, in
   * order, until replaced or the process ends. A handler that returns a promise
   * keeps later messages queued until it settles. No promise per message.
   */
  loop(handler: (msg: unknown) => unknown, match?: Matcher | null): void;
  /** Stops a `loop`: the process then ends when its body has returned. */
  stopLoop(): void;
  /** Sends `msg` to `dest` (OTP `!`). */
  send(dest: Dest, msg: unknown): void;
  /** Spawns a process. */
  spawn(body: ProcessBody, opts?: SpawnOptions): Pid;
  /** Spawns a process linked to this one. */
  spawnLink(body: ProcessBody, opts?: SpawnOptions): Pid;
  /** Spawns a process and monitors it: `[pid, ref]`. */
  spawnMonitor(body: ProcessBody, opts?: SpawnOptions): [Pid, Ref];
  /** Links to `pid` (OTP `link/1`). Throws NoProcError for a dead pid unless trapping exits. */
  link(pid: Pid): true;
  /** Removes a link (OTP `unlink/1`). */
  unlink(pid: Pid): true;
  /** Monitors a pid or a registered name (OTP `monitor(process, X)`). */
  monitor(target: Dest): Ref;
  /** Removes a monitor (OTP `demonitor/1,2`); see `DemonitorOptions`. */
  demonitor(ref: Ref, opts?: { flush?: boolean; info?: boolean }): boolean;
  /** Sets trap_exit; returns the previous value (OTP `process_flag(trap_exit, B)`). */
  trapExit(flag: boolean): boolean;
  /** Ends this process with `reason` (OTP `exit/1`): throws, so code after it does not run. */
  exit(reason: ExitReason): never;
  /** Sends an exit signal to `pid` from this process (OTP `exit/2`). */
  exitSignal(pid: Pid, reason: ExitReason): true;
  /** Registers this process (or `pid`) under `name`. */
  register(name: string, pid?: Pid): true;
  /** Stores `value` under `key` in the process dictionary; returns the previous value, if any (OTP `put/2`). */
  put(key: unknown, value: unknown): unknown;
  /** The value under `key` in the process dictionary, if any (OTP `get/1`). */
  get(key: unknown): unknown;
  /**
   * Names this process for people (OTP 27 `proc_lib:set_label/1`): the
   * diagnostics table, `sys.trace` lines, test timelines and span attributes
   * show it next to the pid. A label is a name, shown as registered names are
   * (not through the redactor), as text of at most 64 characters: use atoms,
   * numbers, pids and tuples of them (`['conn', 42]`), not user data.
   * `undefined` removes it.
   */
  setLabel(label: unknown): void;
  /** The runtime this process lives in. */
  readonly runtime: Kernel;
}

