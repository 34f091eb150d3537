/**
 * The other OpenTelemetry instrumentations the agent loads, the way the OTel
 * Node distribution does, and the ESM loader hook they need:
 *
 * - `@opentelemetry/auto-instrumentations-node` (an optional peer) installed:
 *   its `getNodeAutoInstrumentations()`, which reads
 *   `OTEL_NODE_ENABLED_INSTRUMENTATIONS` / `OTEL_NODE_DISABLED_INSTRUMENTATIONS`
 *   itself (names without the `@opentelemetry/instrumentation-` prefix:
 *   `http,undici,pg`);
 * - not installed, and `OTEL_NODE_ENABLED_INSTRUMENTATIONS` set: each named
 *   `@opentelemetry/instrumentation-<name>` package, if installed (its
 *   exported `…Instrumentation` class, default options); a name whose package
 *   is missing is reported once on stderr.
 *
 * With any instrumentation loaded (or `OTPSCOPE_ESM_HOOK=true`, for ones an
 * app adds itself from a later `--import`), the agent registers
 * `@opentelemetry/instrumentation/hook.mjs` with `module.register` before the
 * app's modules load: without it an ESM app's `import http from 'node:http'`
 * is never patched and silently gives no server spans.
 */
import { createRequire, register } from 'node:module';
import type { Instrumentation } from '@opentelemetry/instrumentation';
import type { AgentEnv } from './agent-env.ts';
import { agentWarn, quoted } from './agent-warn.ts';

const require = createRequire(import.meta.url);

/** The loader hook's specifier (resolved from here, i.e. from where otpscope is installed). */
export const ESM_HOOK = '@opentelemetry/instrumentation/hook.mjs';

/** What was loaded. */
export interface LoadedInstrumentations {
  readonly instrumentations: Instrumentation[];
  /** Where they came from: the meta package, the named packages, or nothing. */
  readonly source: 'auto-instrumentations-node' | 'packages' | 'none';
  /** True when the ESM loader hook was registered. */
  readonly hook: boolean;
}

/** `require(id)`, or undefined when it is not installed (any other failure is thrown). */
function optional(id: string): unknown {
  try {
    return require(id) as unknown;
  } catch (e) {
    if ((e as { code?: unknown }).code === 'MODULE_NOT_FOUND' && String((e as Error).message).includes(id)) return undefined;
    throw e;
  }
}

/** The instrumentation class a package exports (`HttpInstrumentation`, …), or undefined. */
function instrumentationClass(mod: unknown): (new () => Instrumentation) | undefined {
  if (typeof mod !== 'object' || mod === null) return undefined;
  for (const [name, value] of Object.entries(mod)) {
    if (name.endsWith('Instrumentation') && typeof value === 'function') return value as new () => Instrumentation;
  }
  return undefined;
}

/** Loads the instrumentations `config` asks for, and registers the ESM loader hook when something needs it. */
export function loadInstrumentations(config: Pick<AgentEnv, 'enabledInstrumentations' | 'esmHook'>): LoadedInstrumentations {
  let instrumentations: Instrumentation[] = [];
  let source: LoadedInstrumentations['source'] = 'none';
  const auto = optional('@opentelemetry/auto-instrumentations-node') as { getNodeAutoInstrumentations?: () => Instrumentation[] } | undefined;
  if (auto?.getNodeAutoInstrumentations !== undefined) {
    instrumentations = auto.getNodeAutoInstrumentations();
    source = 'auto-instrumentations-node';
  } else if (config.enabledInstrumentations !== null) {
    for (const name of config.enabledInstrumentations) {
      const pkg = `@opentelemetry/instrumentation-${name}`;
      const Made = instrumentationClass(optional(pkg));
      if (Made === undefined) {
        agentWarn(
          `instrumentation-${name}`,
          `OTEL_NODE_ENABLED_INSTRUMENTATIONS names ${quoted(name)}, but neither @opentelemetry/auto-instrumentations-node nor ${pkg} is installed: it is not loaded`,
        );
        continue;
      }
      instrumentations.push(new Made());
    }
    source = instrumentations.length > 0 ? 'packages' : 'none';
  }
  const hook = instrumentations.length > 0 || config.esmHook;
  if (hook) register(ESM_HOOK, import.meta.url);
  return { instrumentations, source, hook };
}
