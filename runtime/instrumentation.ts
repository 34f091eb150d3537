/**
 * The runtime's tracing hooks, API-agnostic: an instrumentation (otel/) gives
 * `capture` (the context to carry with a message when it is sent, a timer is
 * armed or a process is spawned) and `handle` (runs one message's handling
 * inside that context). With no instrumentation installed, messages are
 * stored bare and nothing here runs.
 */
import type { Process } from './process.ts';

/** What an instrumentation provides. */
export interface Instrumentation {
  /** The context to carry (undefined: nothing to carry). Called at send, call, cast, timer arm, spawn. */
  capture(): unknown;
  /**
   * Runs `run` — the handling of `msg` by `p` — within `carried` (what `capture`
   * returned at send). Must return what `run` returns (a promise for async handlers).
   */
  handle<T>(p: Process, msg: unknown, carried: unknown, run: () => T): T;
}

/** A message and the context it carries; what a mailbox holds while instrumented. */
export class Carried {
  readonly msg: unknown;
  readonly ctx: unknown;

  constructor(msg: unknown, ctx: unknown) {
    this.msg = msg;
    this.ctx = ctx;
  }
}

/** The message inside a mailbox item. */
export function unwrap(item: unknown): unknown {
  return item instanceof Carried ? item.msg : item;
}

/** Marks a process start for `Instrumentation.handle` (its body runs as a pseudo message). */
export const PROCESS_START: unique symbol = Symbol('process start');
