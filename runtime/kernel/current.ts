/**
 * Which runtime is the current one. While a process runs synchronously, it is
 * that process's (code inside a process acts in its own runtime); otherwise
 * the runtime layer's choice (the Vitest plugin's per-test runtime, else the
 * default one), which it installs with `setCurrentProvider`.
 */
import type { Kernel } from './kernel.ts';

/** The runtime whose process is running synchronously right now (null between processes). */
let running: Kernel | null = null;

/** Who answers when no process is running (runtime.ts installs it: resolver, then the default runtime). */
let provider: (() => Kernel) | null = null;

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

/** The current runtime: the running process's, else the provider's. */
export function currentKernel(): Kernel {
  if (running !== null) return running;
  if (provider === null) throw new Error('otpscope: no runtime yet (import the package entry, not kernel/ directly)');
  return provider();
}
