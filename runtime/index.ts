/**
 * otpscope: Erlang/OTP's processes, proc_lib, sys, GenServer and Supervisor
 * for TypeScript, with every sys debug event as one typed stream.
 */
export {
  Runtime,
  onRuntimeCreated,
  runtime,
  setRuntime,
  setRuntimeResolver,
  type EventListener,
  type Interest,
  type ListenerInterest,
  type ProcessBody,
  type ProcessInfo,
  type RuntimeOptions,
  type RuntimeResolver,
  type Self,
} from './runtime.ts';
export type { Kernel, KernelOptions } from './kernel/kernel.ts';
export { TIMEOUT, type Matcher, type SpawnOptions, type Timeout } from './kernel/process.ts';
export {
  DownMessage,
  ExitMessage,
  NODE,
  Pid,
  Ref,
  TimeoutMessage,
  isDown,
  isExit,
  isNormalReason,
  isTuple,
  makeRef,
  tuple,
  type Dest,
  type ExitReason,
  type MonitorObject,
  type Name,
  type Tuple,
} from './kernel/terms.ts';
export { BadArgError, BadCallbackError, CallError, CallbackFailedError, NoProcError, ProcessExit, UncaughtThrow, describeReason, reasonOf, type FailedCall } from './kernel/errors.ts';
export { From } from './kernel/from.ts';
export type * from './observe/events.ts';
export { isDebugEvent } from './observe/events.ts';
export { DEFAULT_FORMAT_LIMITS, formatTerm, type FormatLimits } from './kernel/format.ts';
export {
  DEFAULT_TEXT_LIMIT,
  REASON_TEXT_LIMIT,
  defaultRedactor,
  dropEverything,
  errorTypeOf,
  reasonSummary,
  reasonText,
  recordEverything,
  redactKey,
  redactTerm,
  redactedText,
  shapeOf,
  stackFrames,
  type RedactionSite,
  type Redactor,
} from './kernel/redact.ts';
export { Redacted, isAtomLike, kindOf } from './kernel/kinds.ts';
export { redactEvent } from './observe/redact-event.ts';
export { FlightRecorder } from './observe/flight-recorder.ts';
export { RaceScheduler, seededRandom, type RaceOptions } from './kernel/race.ts';
export { Carried, PROCESS_START, unwrap, type Instrumentation } from './kernel/hooks.ts';
export { CallMessage, CastMessage } from './otp/gen-server.ts';
export { SystemMessage, isSystemMessage } from './otp/sys.ts';
export type { Process } from './kernel/process.ts';
export { defaultLogger, silentLogger, type LogEvent, type Logger } from './observe/logger.ts';
export { debugStateOf, formatDebugEvent, setTraceSink, type DebugFormatter, type DebugFun, type DebugState } from './observe/debug.ts';
export * from './erlang.ts';
export { EventStream, bounded, contained, droppedEventCount, events, eventsOf, ofKind, type DropStats } from './observe/stream.ts';
export { exportEvent, exportable, type ExportedEvent } from './observe/exportable.ts';
export * as procLib from './otp/proc-lib.ts';
export * as sys from './otp/sys.ts';
export * as GenServer from './otp/gen-server.ts';
export * as Supervisor from './otp/supervisor.ts';
export { Queue } from './kernel/queue.ts';
