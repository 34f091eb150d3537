/**
 * The rarely used fields of a process, allocated on first write so that an
 * idle process stays small (see `Process.extras`).
 */
import { formatTerm } from './format.ts';
import type { ExitReason, Pid } from './terms.ts';

/** Characters of a label's text (see `Self.setLabel`). */
export const LABEL_TEXT_LIMIT = 64;

/** The rarely used fields of a process (see `Process.extras`). */
export class ProcessExtras {
  crashHook: ((thrown: unknown, reason: ExitReason) => void) | null = null;
  exitHook: ((reason: ExitReason) => void) | null = null;
  exitWaiters: ((reason: ExitReason) => void)[] | null = null;
  spawnCtx: unknown = undefined;
  ackHook: ((value: unknown) => void) | null = null;
  initialCall: string | null = null;
  dict: Map<unknown, unknown> | null = null;
  /** The ancestors list shared by this process's children, and the name it was made under. */
  ancestorsOfChildren: readonly (Pid | string)[] | null = null;
  ancestorsNamedAs: string | null = null;
  /** `Self.setLabel`'s term, and its text. */
  label: unknown = undefined;
  labelText: string | null = null;

  /** Keeps `label` and its text (at most LABEL_TEXT_LIMIT characters). */
  setLabel(label: unknown): void {
    this.label = label;
    this.labelText = label === undefined ? null : formatTerm(label, { chars: LABEL_TEXT_LIMIT, nodes: 64, depth: 4 });
  }

  /** Drops what a dead process no longer needs: its dictionary, carried context and exit waiters. */
  release(): void {
    this.dict = null;
    this.spawnCtx = undefined;
    this.exitWaiters = null;
  }
}
