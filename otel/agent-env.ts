/**
 * The agent's configuration from the environment, checked. Reads the agent's
 * own variables (`OTPSCOPE_SHUTDOWN_TIMEOUT_MS`, `OTPSCOPE_FLIGHT_RECORDER`,
 * the diagnostics endpoint's `OTPSCOPE_DIAGNOSTICS_*`, checked in every mode)
 * and decides the mode, and finds the invalid values of the standard `OTEL_*`
 * variables the agent and `@opentelemetry/sdk-node` read: each problem names
 * the variable, the value and what is used instead.
 *
 * The rules mirror what sdk-node 0.301 (with core 3.1) does with each value,
 * read from its source: which values it accepts (exact spelling, trimmed or
 * not), what it falls back to, and whether it reports the value itself
 * through `diag` (visible only when `OTEL_LOG_LEVEL` installs a console
 * logger) and at which level — so the agent warns exactly when the SDK stays
 * silent.
 */

/** Default bound of the agent's flush and shutdown, in ms (`OTPSCOPE_SHUTDOWN_TIMEOUT_MS`). */
export const DEFAULT_SHUTDOWN_TIMEOUT_MS = 3000;

/**
 * 'env' when the OTEL_* variables chose the exporters, 'embedded' for the
 * readable default, 'disabled' for `OTEL_SDK_DISABLED=true`.
 */
export type AgentMode = 'env' | 'embedded' | 'disabled';

/** The SDK's `diag` levels (`DiagLogLevel`), by the names `OTEL_LOG_LEVEL` takes. */
const DIAG_LEVELS: Readonly<Record<string, number>> = { NONE: 0, ERROR: 30, WARN: 50, INFO: 60, DEBUG: 70, VERBOSE: 80, ALL: 9999 };

/**
 * What makes the SDK read a variable: starting at all ('sdk'), making its
 * TracerProvider ('tracer': a trace exporter is configured, or the embedded
 * default), an OTLP trace exporter ('otlp'), a batch span processor ('batch':
 * the otlp or zipkin exporter), an OTLP metric reader ('otlp-metrics').
 */
type Reader = 'sdk' | 'tracer' | 'otlp' | 'batch' | 'otlp-metrics';

/** How the SDK reports a bad value itself: through `diag` at this level, when it reads the variable. */
interface SdkReport {
  readonly level: 'error' | 'warn';
  readonly reader: Reader;
}

/** One invalid value in the environment. */
export interface EnvProblem {
  /** The variable, e.g. `OTEL_TRACES_SAMPLER`. */
  readonly variable: string;
  /** Its value as given. */
  readonly value: string;
  /** What is wrong with it, e.g. `is not a number`. */
  readonly problem: string;
  /** What is used instead, e.g. `parentbased_always_on (the default)`. */
  readonly instead: string;
  /** How the SDK reports this value itself (null: it stays silent, or its report is never visible). */
  readonly sdk: SdkReport | null;
}

/** The diagnostics endpoint's settings (`OTPSCOPE_DIAGNOSTICS_*`), read whatever the mode. */
export interface DiagnosticsEnv {
  /** Open the endpoint at startup on this port (0: a free one); null: only on the signal. */
  readonly port: number | null;
  /** Address to listen on (default 127.0.0.1). */
  readonly host: string;
  /** Allow actions (default false: read-only). */
  readonly actions: boolean;
  /** Open the endpoint on SIGUSR2 (default true; `OTPSCOPE_DIAGNOSTICS_SIGNAL=none` turns it off). */
  readonly signal: boolean;
  /** The token to use (default: a fresh random one per opening). */
  readonly token: string | null;
}

/** The agent's settings, read from the environment. */
export interface AgentEnv {
  readonly mode: AgentMode;
  /** The diagnostics endpoint's settings. */
  readonly diagnostics: DiagnosticsEnv;
  /** OTEL_METRICS_EXPORTER is exactly `prometheus`: the agent starts the exporter itself, on this host and port. */
  readonly prometheus: { readonly host: string | undefined; readonly port: number | undefined } | null;
  /** Bound of flush and shutdown in ms. */
  readonly shutdownTimeoutMs: number;
  /** Flight-recorder ring size (0: off). */
  readonly flightRecorder: number;
  /** The invalid values found (none when the mode is 'disabled': nothing reads them). */
  readonly problems: readonly EnvProblem[];
}

type Env = NodeJS.ProcessEnv;
/** What a rule says about a set value: nothing (valid), or what is wrong and what is used instead. */
type Verdict = Pick<EnvProblem, 'problem' | 'instead' | 'sdk'> | null;

/** True when the environment names a trace exporter or an OTLP endpoint. */
export function exporterConfigured(env: Env = process.env): boolean {
  return env.OTEL_TRACES_EXPORTER !== undefined || env.OTEL_EXPORTER_OTLP_ENDPOINT !== undefined || env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT !== undefined;
}

/** True when `OTEL_SDK_DISABLED` turns OpenTelemetry off (the spec's boolean: "true", any case). */
export function sdkDisabled(env: Env = process.env): boolean {
  return env.OTEL_SDK_DISABLED?.trim().toLowerCase() === 'true';
}

// ---- the rules ----

const sdkSays = (level: SdkReport['level'], reader: Reader): SdkReport => ({ level, reader });

/** The value must be one of `known`, spelled exactly (the SDK neither trims nor lower-cases these). */
function oneOf(known: readonly string[], instead: string, sdk: SdkReport | null): (v: string) => Verdict {
  return (v) => (known.includes(v) ? null : { problem: `is not one of ${known.join(', ')}`, instead, sdk });
}

/** The SDK's `getNumberFromEnv`, then "greater than 0". */
function positiveNumber(fallback: string, sdk: SdkReport | null): (v: string) => Verdict {
  return (v) => {
    const n = Number(v);
    if (Number.isNaN(n)) return { problem: 'is not a number', instead: fallback, sdk };
    if (!(n > 0) || !Number.isFinite(n)) return { problem: 'is not a number greater than 0', instead: fallback, sdk };
    return null;
  };
}

/** The SDK's `getStringListFromEnv`: comma-separated, trimmed, empty entries dropped, duplicates ignored. */
function list(v: string): string[] {
  return [...new Set(v.split(',').map((s) => s.trim()).filter((s) => s !== ''))];
}

const TRACE_EXPORTERS = ['otlp', 'zipkin', 'console', 'none'];
const TRACE_SAMPLERS = ['always_on', 'always_off', 'traceidratio', 'parentbased_always_on', 'parentbased_always_off', 'parentbased_traceidratio'];
const OTLP_PROTOCOLS = ['grpc', 'http/json', 'http/protobuf'];

/** OTEL_TRACES_EXPORTER as sdk-node's getSpanProcessorsFromEnv reads it ("null" is a legacy synonym it drops). */
function tracesExporter(v: string): Verdict {
  const names = list(v).filter((s) => s !== 'null');
  if (names.length > 1 && names[0] === 'none') return { problem: `starts with "none"`, instead: 'none: no spans are exported (the other names are ignored)', sdk: sdkSays('warn', 'sdk') };
  if (names.length > 1 && names.includes('none')) return { problem: `mixes "none" with exporters`, instead: 'otlp alone (what the SDK does then)', sdk: sdkSays('warn', 'sdk') };
  const unknown = names.filter((s) => !TRACE_EXPORTERS.includes(s));
  if (unknown.length === 0) return null;
  const left = names.filter((s) => TRACE_EXPORTERS.includes(s));
  return {
    problem: `names ${unknown.map((s) => `"${s}"`).join(', ')}, not one of ${TRACE_EXPORTERS.join(', ')}`,
    instead: left.length > 0 ? `${left.join(', ')} (the unknown names are ignored)` : 'nothing: no exporter is left, so no spans are exported',
    sdk: sdkSays('warn', 'sdk'),
  };
}

/** OTEL_METRICS_EXPORTER / OTEL_LOGS_EXPORTER as sdk-node reads them: unknown names ignored, "none" anywhere wins. */
function signalExporter(known: readonly string[], what: string): (v: string) => Verdict {
  return (v) => {
    const names = list(v);
    if (names.length > 1 && names.includes('none')) return { problem: `mixes "none" with exporters`, instead: `none: no ${what} are exported`, sdk: null };
    const unknown = names.filter((s) => !known.includes(s));
    if (unknown.length === 0) return null;
    const left = names.filter((s) => known.includes(s));
    return {
      problem: `names ${unknown.map((s) => `"${s}"`).join(', ')}, not one of ${known.join(', ')}`,
      instead: left.length > 0 ? `${left.join(', ')} (the unknown names are ignored)` : `nothing: no ${what} are exported`,
      sdk: sdkSays('warn', 'sdk'),
    };
  };
}

/** OTEL_PROPAGATORS as sdk-node's getPropagatorFromEnv reads it. */
function propagators(v: string): Verdict {
  const known = ['tracecontext', 'baggage', 'b3', 'b3multi', 'none'];
  const names = list(v);
  const unknown = names.filter((s) => !known.includes(s));
  if (unknown.length === 0 || names.includes('none')) return null;
  const left = names.filter((s) => known.includes(s));
  return {
    problem: `names ${unknown.map((s) => `"${s}"`).join(', ')}, not one of ${known.join(', ')}`,
    instead: left.length > 0 ? `${left.join(', ')} (the unknown names are ignored)` : 'no propagator: trace context is neither read nor sent',
    sdk: sdkSays('warn', 'sdk'),
  };
}

/** OTEL_TRACES_SAMPLER_ARG: read only by the ratio samplers; a number in [0, 1]. */
function samplerArg(v: string, env: Env): Verdict {
  if (env.OTEL_TRACES_SAMPLER !== 'traceidratio' && env.OTEL_TRACES_SAMPLER !== 'parentbased_traceidratio') return null;
  const n = Number(v);
  if (Number.isNaN(n)) return { problem: 'is not a number', instead: '1 (every trace sampled)', sdk: sdkSays('warn', 'tracer') };
  if (n < 0 || n > 1) return { problem: 'is not in [0, 1]', instead: '1 (every trace sampled)', sdk: sdkSays('error', 'tracer') };
  return null;
}

/** An OTLP endpoint: the http exporters take it only if `new URL()` parses it. */
function endpoint(v: string): Verdict {
  try {
    new URL(v);
    return null;
  } catch {
    return { problem: 'is not a URL', instead: "the exporter's default endpoint (localhost)", sdk: sdkSays('warn', 'otlp') };
  }
}

/** One variable: how its set value is judged. */
interface Rule {
  readonly variable: string;
  readonly check: (value: string, env: Env) => Verdict;
}

/** The checked variables, in the order their warnings are printed. */
const RULES: readonly Rule[] = [
  {
    variable: 'OTEL_SDK_DISABLED',
    // the SDK's diag warning comes before its OTEL_LOG_LEVEL logger exists: it is never visible
    check: (v) => (['true', 'false'].includes(v.trim().toLowerCase()) ? null : { problem: 'is not "true" or "false"', instead: 'false: OpenTelemetry stays on', sdk: null }),
  },
  {
    variable: 'OTEL_LOG_LEVEL',
    // likewise reported before the logger is installed
    check: (v) => (Object.hasOwn(DIAG_LEVELS, v.toUpperCase()) ? null : { problem: `is not one of ${Object.keys(DIAG_LEVELS).join(', ')}`, instead: 'INFO', sdk: null }),
  },
  { variable: 'OTEL_TRACES_EXPORTER', check: tracesExporter },
  { variable: 'OTEL_METRICS_EXPORTER', check: signalExporter(['otlp', 'console', 'prometheus', 'none'], 'metrics') },
  { variable: 'OTEL_LOGS_EXPORTER', check: signalExporter(['otlp', 'console', 'none'], 'logs') },
  { variable: 'OTEL_TRACES_SAMPLER', check: oneOf(TRACE_SAMPLERS, 'parentbased_always_on (the default)', sdkSays('error', 'tracer')) },
  { variable: 'OTEL_TRACES_SAMPLER_ARG', check: samplerArg },
  { variable: 'OTEL_PROPAGATORS', check: propagators },
  { variable: 'OTEL_EXPORTER_OTLP_PROTOCOL', check: oneOf(OTLP_PROTOCOLS, 'http/protobuf', sdkSays('warn', 'otlp')) },
  { variable: 'OTEL_EXPORTER_OTLP_TRACES_PROTOCOL', check: oneOf(OTLP_PROTOCOLS, 'http/protobuf', sdkSays('warn', 'otlp')) },
  { variable: 'OTEL_EXPORTER_OTLP_ENDPOINT', check: endpoint },
  { variable: 'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT', check: endpoint },
  { variable: 'OTEL_EXPORTER_OTLP_TIMEOUT', check: positiveNumber('10000 (the default)', sdkSays('warn', 'otlp')) },
  { variable: 'OTEL_EXPORTER_OTLP_TRACES_TIMEOUT', check: positiveNumber('OTEL_EXPORTER_OTLP_TIMEOUT or 10000', sdkSays('warn', 'otlp')) },
  { variable: 'OTEL_BSP_SCHEDULE_DELAY', check: positiveNumber('5000 (the default)', sdkSays('warn', 'batch')) },
  { variable: 'OTEL_BSP_EXPORT_TIMEOUT', check: positiveNumber('30000 (the default)', sdkSays('warn', 'batch')) },
  { variable: 'OTEL_BSP_MAX_QUEUE_SIZE', check: positiveNumber('2048 (the default)', sdkSays('warn', 'batch')) },
  { variable: 'OTEL_BSP_MAX_EXPORT_BATCH_SIZE', check: positiveNumber('512 (the default)', sdkSays('warn', 'batch')) },
  { variable: 'OTEL_METRIC_EXPORT_INTERVAL', check: positiveNumber('60000 (the default)', sdkSays('warn', 'otlp-metrics')) },
  { variable: 'OTEL_METRIC_EXPORT_TIMEOUT', check: positiveNumber('30000 (the default)', sdkSays('warn', 'otlp-metrics')) },
  { variable: 'OTPSCOPE_SHUTDOWN_TIMEOUT_MS', check: positiveNumber(`${DEFAULT_SHUTDOWN_TIMEOUT_MS} (the default)`, null) },
  {
    variable: 'OTPSCOPE_FLIGHT_RECORDER',
    check: (v) => (/^\s*\d+\s*$/.test(v) ? null : { problem: 'is not a whole number of events', instead: '0: the flight recorder stays off', sdk: null }),
  },
  { variable: 'OTEL_EXPORTER_PROMETHEUS_PORT', check: (v) => (isPort(v, 1) ? null : { problem: 'is not a port number (1-65535)', instead: '9464 (the default)', sdk: null }) },
];

/** True for a whole number from `min` to 65535. */
function isPort(v: string, min: number): boolean {
  const t = v.trim();
  return /^\d+$/.test(t) && Number(t) >= min && Number(t) <= 65535;
}

/** The diagnostics endpoint's variables: checked whatever the mode (the endpoint is not OpenTelemetry's). */
const DIAGNOSTICS_RULES: readonly Rule[] = [
  {
    variable: 'OTPSCOPE_DIAGNOSTICS_PORT',
    check: (v) => (isPort(v, 0) ? null : { problem: 'is not a port number (0-65535; 0: a free port)', instead: 'none: the endpoint opens only on SIGUSR2', sdk: null }),
  },
  {
    variable: 'OTPSCOPE_DIAGNOSTICS_ACTIONS',
    check: (v) => (['true', 'false'].includes(v.trim().toLowerCase()) ? null : { problem: 'is not "true" or "false"', instead: 'false: the endpoint is read-only', sdk: null }),
  },
  {
    variable: 'OTPSCOPE_DIAGNOSTICS_SIGNAL',
    check: (v) => (['SIGUSR2', 'none'].includes(v.trim()) ? null : { problem: 'is not SIGUSR2 or none', instead: 'SIGUSR2', sdk: null }),
  },
  {
    variable: 'OTPSCOPE_DIAGNOSTICS_TOKEN',
    check: (v) => (v.trim().length >= 16 ? null : { problem: 'is shorter than 16 characters', instead: 'a fresh random token (written to the token file)', sdk: null }),
  },
];

// ---- reading ----

/** Reads the agent's settings and finds the invalid values (an empty or blank variable counts as unset, as in the SDK). */
export function readAgentEnv(env: Env = process.env): AgentEnv {
  const mode: AgentMode = sdkDisabled(env) ? 'disabled' : exporterConfigured(env) ? 'env' : 'embedded';
  const problems: EnvProblem[] = [];
  // disabled: nothing reads the rest, but a misspelt OTEL_SDK_DISABLED cannot be 'disabled'
  if (mode !== 'disabled') {
    for (const rule of [...RULES, ...DIAGNOSTICS_RULES]) {
      const value = env[rule.variable];
      if (value === undefined || value.trim() === '') continue;
      const verdict = rule.check(value, env);
      if (verdict !== null) problems.push({ variable: rule.variable, value, ...verdict });
    }
  } else {
    for (const rule of DIAGNOSTICS_RULES) {
      const value = env[rule.variable];
      if (value === undefined || value.trim() === '') continue;
      const verdict = rule.check(value, env);
      if (verdict !== null) problems.push({ variable: rule.variable, value, ...verdict });
    }
  }
  const bad = (variable: string): boolean => problems.some((p) => p.variable === variable);
  const timeout = env.OTPSCOPE_SHUTDOWN_TIMEOUT_MS?.trim();
  const recorder = env.OTPSCOPE_FLIGHT_RECORDER?.trim();
  const set = (variable: string): string | undefined => {
    const v = env[variable]?.trim();
    return v === undefined || v === '' || bad(variable) ? undefined : v;
  };
  const port = set('OTPSCOPE_DIAGNOSTICS_PORT');
  const metrics = list(env.OTEL_METRICS_EXPORTER ?? '');
  const promPort = set('OTEL_EXPORTER_PROMETHEUS_PORT');
  return {
    mode,
    diagnostics: {
      port: port === undefined ? null : Number(port),
      host: set('OTPSCOPE_DIAGNOSTICS_HOST') ?? '127.0.0.1',
      actions: set('OTPSCOPE_DIAGNOSTICS_ACTIONS')?.toLowerCase() === 'true',
      signal: set('OTPSCOPE_DIAGNOSTICS_SIGNAL') !== 'none',
      token: set('OTPSCOPE_DIAGNOSTICS_TOKEN') ?? null,
    },
    prometheus:
      mode !== 'disabled' && metrics.length === 1 && metrics[0] === 'prometheus'
        ? { host: set('OTEL_EXPORTER_PROMETHEUS_HOST'), port: promPort === undefined ? undefined : Number(promPort) }
        : null,
    shutdownTimeoutMs: timeout && !bad('OTPSCOPE_SHUTDOWN_TIMEOUT_MS') ? Number(timeout) : DEFAULT_SHUTDOWN_TIMEOUT_MS,
    flightRecorder: recorder && !bad('OTPSCOPE_FLIGHT_RECORDER') ? Number(recorder) : 0,
    problems,
  };
}

/** The trace exporters sdk-node makes from OTEL_TRACES_EXPORTER (its getSpanProcessorsFromEnv), or 'embedded'. */
function traceExportersMade(mode: AgentMode, env: Env): string[] {
  if (mode === 'disabled') return [];
  if (mode === 'embedded') return ['embedded'];
  const names = list(env.OTEL_TRACES_EXPORTER ?? '').filter((s) => s !== 'null');
  if (names[0] === 'none') return [];
  if (names.length === 0 || names.includes('none')) return ['otlp'];
  return names.filter((s) => TRACE_EXPORTERS.includes(s));
}

/** Whether sdk-node reads a variable of this reader, in this mode and environment. */
function sdkReads(reader: Reader, mode: AgentMode, env: Env): boolean {
  const traces = traceExportersMade(mode, env);
  switch (reader) {
    case 'sdk':
      return mode !== 'disabled';
    case 'tracer':
      return traces.length > 0;
    case 'otlp':
      return traces.includes('otlp');
    case 'batch':
      return traces.includes('otlp') || traces.includes('zipkin');
    case 'otlp-metrics': {
      // the embedded default turns an unset OTEL_METRICS_EXPORTER into none
      const names = list(env.OTEL_METRICS_EXPORTER ?? (mode === 'embedded' ? 'none' : ''));
      return !names.includes('none') && (names.length === 0 || names.includes('otlp'));
    }
  }
}

/**
 * True when the SDK prints this problem itself, visibly: it reports it through
 * `diag`, it reads the variable in this mode and environment, and
 * `OTEL_LOG_LEVEL` installs a console logger at that level or finer. The
 * agent does not repeat it then.
 */
export function sdkPrints(p: EnvProblem, mode: AgentMode, env: Env = process.env): boolean {
  if (p.sdk === null || !sdkReads(p.sdk.reader, mode, env)) return false;
  const raw = env.OTEL_LOG_LEVEL;
  if (raw === undefined || raw.trim() === '') return false;
  const level = Object.hasOwn(DIAG_LEVELS, raw.toUpperCase()) ? DIAG_LEVELS[raw.toUpperCase()] : DIAG_LEVELS.INFO;
  return level >= DIAG_LEVELS[p.sdk.level.toUpperCase()];
}

/** The warning for a problem: variable, value, what is wrong, what is used instead. */
export function describeProblem(p: EnvProblem, quote: (value: string) => string): string {
  return `${p.variable}=${quote(p.value)} ${p.problem}; using ${p.instead}`;
}
