/** A monitor: `watcher` gets a DOWN (or `onDown` runs) when `target` dies. */
import type { Process } from './process.ts';
import type { MonitorObject, Ref } from './terms.ts';

/** One active monitor, held by both ends. */
export class Monitor {
  readonly ref: Ref;
  readonly watcher: Process;
  readonly target: Process;
  /** What the DOWN names: the pid, or `[name, node]` for a by-name monitor. */
  readonly object: MonitorObject;

  constructor(ref: Ref, watcher: Process, target: Process, object: MonitorObject) {
    this.ref = ref;
    this.watcher = watcher;
    this.target = target;
    this.object = object;
  }
}
