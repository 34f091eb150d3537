/**
 * otpscope: Erlang/OTP's processes, proc_lib, sys, GenServer and Supervisor
 * for TypeScript, with every sys debug event as one typed stream.
 */
export { Runtime, onRuntimeCreated, runtime, setRuntime, setRuntimeResolver, type RuntimeResolver, type ProcessInfo, type RuntimeOptions, type EventListener, type Interest, type ListenerInterest } from './runtime.ts';
export { TIMEOUT, type Matcher, type ProcessBody, type Self, type SpawnOptions, type Timeout } from './process.ts';
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
} from './terms.ts';
export { BadArgError, BadCallbackError, CallError, CallbackFailedError, NoProcError, ProcessExit, UncaughtThrow, describeReason, reasonOf, type FailedCall } from './errors.ts';
export { From } from './from.ts';
export type * from './events.ts';
export { isDebugEvent } from './events.ts';
export { DEFAULT_FORMAT_LIMITS, formatTerm, type FormatLimits } from './format.ts';
export {
  DEFAULT_TEXT_LIMIT,
  REASON_TEXT_LIMIT,
  defaultRedactor,
  dropEverything,
  errorTypeOf,
  reasonSummary,
  reasonText,
  recordEverything,
  redactTerm,
  redactedText,
  shapeOf,
  stackFrames,
  type RedactionSite,
  type Redactor,
} from './redact.ts';
export { Redacted, isAtomLike, kindOf } from './kinds.ts';
export { redactEvent } from './redact-event.ts';
export { FlightRecorder } from './flight-recorder.ts';
export { RaceScheduler, seededRandom, type RaceOptions } from './race.ts';
export { Carried, PROCESS_START, unwrap, type Instrumentation } from './instrumentation.ts';
export { CallMessage, CastMessage } from './gen-server.ts';
export { SystemMessage, isSystemMessage } from './sys.ts';
export type { Process } from './process.ts';
export { defaultLogger, silentLogger, type LogEvent, type Logger } from './logger.ts';
export { formatDebugEvent, setTraceSink, type DebugFormatter, type DebugFun } from './debug.ts';
export * from './erlang.ts';
export { EventStream, bounded, contained, droppedEventCount, events, eventsOf, ofKind, type DropStats } from './stream.ts';
export { exportEvent, exportable, type ExportedEvent } from './exportable.ts';
export * as procLib from './proc-lib.ts';
export * as sys from './sys.ts';
export * as GenServer from './gen-server.ts';
export * as Supervisor from './supervisor.ts';
