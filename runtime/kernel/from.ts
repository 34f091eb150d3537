/**
 * `From`: who is waiting for a call's reply (OTP's `{Pid, Tag}`). The caller's
 * promise is settled straight from `reply(from, value)`: no message, no scan of
 * the caller's mailbox. Late replies (after a timeout) are dropped, as OTP's
 * aliases drop them.
 */
import type { Process } from './process.ts';
import { Ref, type Pid } from './terms.ts';

/** Where a failed call came from: `{Module, Function, Args}` as OTP reports it. */
export interface FailedCall {
  readonly module: string;
  readonly function: string;
  readonly args: readonly unknown[];
}

/**
 * The `FailedCall` of a behaviour's call (`{Module, call, [Server, Request]}`,
 * with the timeout when the caller gave one), its arguments built only when
 * a failure reads them: a call that succeeds allocates no array for them.
 */
export class CallSite implements FailedCall {
  readonly module: string;
  readonly function: string;
  private readonly target: unknown;
  private readonly request: unknown;
  private readonly timeout: number | undefined;
  private built: readonly unknown[] | null = null;

  /** `timeout`: the caller's own, or undefined when it gave none (OTP's call/2, not call/3). */
  constructor(module: string, fn: string, target: unknown, request: unknown, timeout: number | undefined) {
    this.module = module;
    this.function = fn;
    this.target = target;
    this.request = request;
    this.timeout = timeout;
  }

  /** `[Server, Request]` or `[Server, Request, Timeout]` (the same array on every read). */
  get args(): readonly unknown[] {
    return (this.built ??= this.timeout === undefined ? [this.target, this.request] : [this.target, this.request, this.timeout]);
  }
}

/** The caller of a call, as the server sees it. Opaque; pass it to `reply`. */
export class From<R = unknown> {
  /** The calling process (the runtime's external pid for calls made outside any process). */
  readonly pid: Pid;
  private tagRef: Ref | null;
  /** @internal settles the caller's promise; null once settled or for a hand-made From. */
  resolve: ((value: R) => void) | null = null;
  /** @internal rejects the caller's promise (with a CallError). */
  reject: ((error: unknown) => void) | null = null;
  /** @internal the function and arguments a failure names. */
  failed: FailedCall | null = null;
  /** @internal the server whose death fails this call. */
  server: Process | null = null;
  /** @internal neighbours in the server's list of pending calls. */
  prevCall: From | null = null;
  /** @internal neighbours in the server's list of pending calls. */
  nextCall: From | null = null;
  /** @internal the deadline queue this call waits in, if any. */
  bucket: object | null = null;
  /** @internal when a pending call times out (runtime clock, ms). */
  deadline = 0;
  /** @internal the call's timeout in ms (Infinity: none). */
  timeout = Infinity;
  /** @internal 'pending' | 'replied' | 'abandoned' (timed out or failed) | 'manual' (hand-made). */
  state: 'pending' | 'replied' | 'abandoned' | 'manual';

  /** Makes a hand-made From: `reply` to it sends `[tag, reply]` to `pid`'s mailbox. */
  constructor(pid: Pid, tag?: Ref) {
    this.pid = pid;
    this.tagRef = tag ?? null;
    this.state = tag === undefined ? 'pending' : 'manual';
  }

  /** The call's unique tag. */
  get tag(): Ref {
    if (this.tagRef === null) this.tagRef = new Ref();
    return this.tagRef;
  }

  /** `{<0.N.0>, #Ref<…>}`. */
  toString(): string {
    return `{${String(this.pid)},${String(this.tag)}}`;
  }
}
