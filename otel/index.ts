/**
 * otpscope/otel: the runtime's events as OpenTelemetry spans and metrics,
 * through `@opentelemetry/api` only. Start an SDK yourself (or use the agent,
 * `node --import otpscope/otel/register app.js`) and call `instrument()`.
 */
export { instrument, SCOPE_NAME, SCOPE_VERSION, type InstrumentOptions, type Instrumented } from './instrument.ts';
export { NameCap, OTHER } from './names.ts';
export * from './semconv.ts';
