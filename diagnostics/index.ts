/**
 * otpscope/diagnostics: observe and trace a live application safely. An HTTP
 * endpoint inside the application (JSON API, Server-Sent Events and an
 * observer page): the node header, a top-N process table, a process view,
 * the supervision tree, bounded live traces and, when allowed, actions.
 * Loopback and a token by default; nothing is counted while no client is
 * connected. `otpscope top` is its terminal client.
 *
 * @example
 * import { start } from 'otpscope/diagnostics';
 * const diag = await start({ port: 9465 });
 * console.log(`${diag.url}#token=${diag.token}`);
 */
export { start, type Diagnostics, type DiagnosticsOptions } from './server.ts';
export { attach, tokenFilePath, type AttachOptions, type Attached } from './attach.ts';
export type { NodeHeader, RestartRecord } from './collector.ts';
export type { LoopStats } from './node-stats.ts';
export { COLUMNS, type Column, type ProcessRow, type Status, type TablePage, type WaitingCall } from './table.ts';
export type { ProcessView, StateView } from './process-view.ts';
export type { ChildNode, SupervisorNode, Tree } from './tree.ts';
export { ALL_KINDS, TRACE_BOUNDS, type StopReason, type TraceLimit, type TraceStopped } from './tracer.ts';
export type { ShownEvent } from './event-text.ts';
export { ACTIONS, LOG_LEVELS, type ActionName, type ActionResult } from './actions.ts';
