/**
 * What is current: which runtime, and which process's code is running.
 *
 * While a process runs synchronously (its run slice, `runAs`), that process
 * and its runtime are current (`running`, `Kernel.current`): two plain
 * variables, the only thing the hot paths touch. Code of a process that goes
 * on after an `await` (an async body, an async handler or callback) runs later,
 * outside any slice: for it, the process is kept in an AsyncLocalStorage (its
 * async context), entered only around the slices of a process whose code can
 * continue asynchronously (see `Process.asyncContext`) and consulted only when
 * no process runs synchronously. Outside both, the runtime layer's choice
 * (the Vitest plugin's per-test runtime, else the default one) answers, and
 * calls come from the runtime's external pid `<0.0.0>`.
 */
import { AsyncLocalStorage, AsyncResource } from 'node:async_hooks';
import type { Kernel } from './kernel.ts';
import type { Process } from './process.ts';

/** The runtime whose process is running synchronously right now (null between processes). */
let running: Kernel | null = null;

/** Who answers when no process is running (runtime.ts installs it: resolver, then the default runtime). */
let provider: (() => Kernel) | null = null;

/** The process whose asynchronous code is running (its async context), if any. */
const contexts = new AsyncLocalStorage<Process | undefined>();


/** The runtime of the running process, if one runs synchronously now. */
export function runningKernel(): Kernel | null {
  return running;
}

/** Makes `k` the running runtime; returns the previous one (to put back). */
export function enterKernel(k: Kernel | null): Kernel | null {
  const prev = running;
  running = k;
  return prev;
}

/** Installs what answers `currentKernel()` between processes. */
export function setCurrentProvider(p: () => Kernel): void {
  provider = p;
}

/** The current runtime: the running process's, else the process's whose async code runs, else the provider's. */
export function currentKernel(): Kernel {
  if (running !== null) return running;
  const p = contexts.getStore();
  if (p !== undefined) return p.runtime;
  if (provider === null) throw new Error('otpscope: no runtime yet (import the package entry, not kernel/ directly)');
  return provider();
}

/** The process whose asynchronous code is running now (after an `await` in its code), if any. */
export function contextProcess(): Process | undefined {
  return contexts.getStore();
}

/**
 * Runs `fn(a, b, c)` with `p` as the async context: what `fn` awaits, the timers
 * it sets and the promises it chains go on as `p`'s code.
 *
 * Each process enters its context through one AsyncResource made at its first
 * entry (`Process.contextScope`), not with `AsyncLocalStorage.run`: with Node
 * 24's AsyncContextFrame, `run` builds two new frames (copies of a Map) per
 * call; a resource's `runInAsyncScope` only switches to the frame it holds.
 */
export function inContext<A, B, C, R>(p: Process, fn: (a: A, b: B, c: C) => R, a: A, b: B, c: C): R {
  if (HOOKED) return contexts.run(p, fn, a, b, c);
  const scope = p.contextScope ?? (p.contextScope = contexts.run(p, newScope));
  return scope.runInAsyncScope(fn, null, a, b, c);
}

/**
 * True where AsyncLocalStorage is built on async hooks (Node 22, or Node 24
 * with `--no-async-context-frame`), not on AsyncContextFrame. There `run` only
 * swaps a slot of the current resource (cheaper than entering a resource's
 * scope, which emits before/after), and every promise pays an init hook once
 * a storage is in use.
 */
const HOOKED = '_propagate' in AsyncLocalStorage.prototype;

function newScope(): AsyncResource {
  return new AsyncResource('otpscope.process');
}

/** The context outside every process (made at load, outside any of them). */
const outside = new AsyncResource('otpscope.outside');

/** Set at the start of each scheduler drain: the drain was woken from some process's async context. */
let drainInherited = false;

/**
 * Called by the schedulers as a drain (or a race step) starts: makes `k` the
 * running runtime for the whole drain (its slices run only `k`'s processes;
 * entering per slice cost ~200 instructions a message, measured with
 * callgrind), and notes whether the drain runs inside the async context of
 * the process whose code woke it (a microtask keeps the context it was queued
 * in). Returns the runtime to put back with `endDrain`.
 */
export function beginDrain(k: Kernel | null): Kernel | null {
  drainInherited = contexts.getStore() !== undefined;
  if (k === null) return running;
  const prev = running;
  running = k;
  return prev;
}

/** Called as a drain ends: puts back the runtime `beginDrain` replaced. */
export function endDrain(prev: Kernel | null): void {
  running = prev;
}

/**
 * True when the running drain was woken from a process's async context: a
 * process without one of its own must then run outside it (`outsideProcesses`),
 * or the promises and timers its code makes would go on as the other process.
 */
export function inheritedContext(): boolean {
  return drainInherited;
}

const RESOLVED: Promise<void> = Promise.resolve();

/**
 * Queues `fn` as a microtask (the schedulers' drains) as a reaction to a
 * settled promise, not with `queueMicrotask`: Node's `queueMicrotask` makes an
 * AsyncResource and a bound function per task (inside an async context it
 * also enters its scope: about 200 ns a message on Node 24 in an async
 * ping-pong), where a promise reaction on the same microtask queue keeps the
 * context for the price of a pointer. Measured alone, a task costs 25 ns
 * this way against 70 ns (Node 22) and 32 ns (Node 24) with `queueMicrotask`.
 * `fn` must not throw (a drain catches what its processes throw): what it
 * threw would be an unhandled rejection, not an uncaught exception.
 */
export function queueTask(fn: () => void): void {
  void RESOLVED.then(fn);
}

/** Runs `fn(a, b, c)` outside any process's async context (see `inheritedContext`). */
export function outsideProcesses<A, B, C, R>(fn: (a: A, b: B, c: C) => R, a: A, b: B, c: C): R {
  return HOOKED ? contexts.run(undefined, fn, a, b, c) : outside.runInAsyncScope(fn, null, a, b, c);
}

/** `fn()` with `p` running synchronously in `k` (what `runAs` runs in `p`'s async context). */
export function runAsIn<T>(k: Kernel, p: Process, fn: () => T): T {
  const prev = k.current;
  const prevKernel = enterKernel(k);
  k.current = p;
  try {
    return fn();
  } finally {
    k.current = prev;
    enterKernel(prevKernel);
  }
}
