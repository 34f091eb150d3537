/**
 * Supervisor flags and child specs: their types, defaults and validation.
 * A bad spec is rejected with OTP's reason term, which names the bad field
 * (`['invalid_restart_type', 'sometimes']`), and a readable message.
 */
import type { ExitReason, Pid } from '../kernel/terms.ts';
import { isTuple, tuple } from '../kernel/terms.ts';

/** How a child is restarted. */
export type RestartType = 'permanent' | 'transient' | 'temporary';
/** How a child is stopped: ms to wait after 'shutdown' before killing, 'brutal_kill', or 'infinity'. */
export type Shutdown = number | 'brutal_kill' | 'infinity';
/** The strategies. */
export type Strategy = 'one_for_one' | 'one_for_all' | 'rest_for_one' | 'simple_one_for_one';

/** What a child's start function returns (OTP `{ok, Pid}` | `{ok, Pid, Info}` | `ignore` | `{error, R}`). */
export type ChildStartResult =
  | readonly ['ok', Pid]
  | readonly ['ok', Pid, unknown]
  | 'ignore'
  | readonly ['error', ExitReason];

/** A child spec (OTP's child_spec map). `start` runs in the supervisor and must link the child to it. */
export interface ChildSpec {
  readonly id: string;
  /** Starts the child linked to the caller (e.g. `() => GenServer.startLink(mod, arg)`); extra args for simple_one_for_one. */
  readonly start: (...extra: never[]) => Promise<ChildStartResult> | ChildStartResult;
  readonly restart?: RestartType;
  readonly shutdown?: Shutdown;
  readonly type?: 'worker' | 'supervisor';
  readonly modules?: readonly string[] | 'dynamic';
  readonly significant?: boolean;
}

/** A child spec with every field filled in (what `getChildspec` returns). */
export interface FullChildSpec extends ChildSpec {
  readonly restart: RestartType;
  readonly shutdown: Shutdown;
  readonly type: 'worker' | 'supervisor';
  readonly modules: readonly string[] | 'dynamic';
  readonly significant: boolean;
}

/** When a supervisor ends by itself (OTP `auto_shutdown`): when any, or all, of its significant children have ended without restart. */
export type AutoShutdown = 'never' | 'any_significant' | 'all_significant';

/** Supervisor flags; defaults: one_for_one, intensity 1, period 5 s, autoShutdown never. */
export interface SupFlags {
  readonly strategy?: Strategy;
  readonly intensity?: number;
  /** Seconds. */
  readonly period?: number;
  /** OTP `auto_shutdown`. */
  readonly autoShutdown?: AutoShutdown;
}

/** OTP's old tuple flags `{Strategy, MaxR, MaxT}` (`tuple('one_for_all', 3, 10)`). */
export type OldSupFlags = readonly [Strategy, number, number];

/** Flags with defaults applied. */
export interface FullSupFlags {
  readonly strategy: Strategy;
  readonly intensity: number;
  readonly period: number;
  readonly autoShutdown: AutoShutdown;
}

/** A rejected spec or flag: OTP's reason term and a message naming the field. */
export class SpecError extends Error {
  readonly term: unknown;

  constructor(term: unknown, message: string) {
    super(message);
    this.name = 'SpecError';
    this.term = term;
  }
}

const STRATEGIES: readonly string[] = ['one_for_one', 'one_for_all', 'rest_for_one', 'simple_one_for_one'];

/** Validates flags (throws SpecError with `['invalid_strategy', S]` etc.). */
export function checkFlags(flags: SupFlags | OldSupFlags | undefined): FullSupFlags {
  const f: SupFlags = isTuple(flags) && flags.length === 3 ? { strategy: flags[0], intensity: flags[1], period: flags[2] } : ((flags ?? {}) as SupFlags);
  const strategy = f.strategy ?? 'one_for_one';
  if (!STRATEGIES.includes(strategy)) {
    throw new SpecError(tuple('invalid_strategy', strategy), `supervisor flags: strategy must be one of ${STRATEGIES.join(', ')}, got ${String(strategy)}`);
  }
  const intensity = f.intensity ?? 1;
  if (typeof intensity !== 'number' || !Number.isInteger(intensity) || intensity < 0) {
    throw new SpecError(tuple('invalid_intensity', intensity), `supervisor flags: intensity must be a non-negative integer, got ${String(intensity)}`);
  }
  const period = f.period ?? 5;
  if (typeof period !== 'number' || !(period > 0)) {
    throw new SpecError(tuple('invalid_period', period), `supervisor flags: period must be a positive number of seconds, got ${String(period)}`);
  }
  const autoShutdown = f.autoShutdown ?? 'never';
  if (autoShutdown !== 'never' && autoShutdown !== 'any_significant' && autoShutdown !== 'all_significant') {
    throw new SpecError(tuple('invalid_auto_shutdown', autoShutdown), `supervisor flags: autoShutdown must be never, any_significant or all_significant, got ${String(autoShutdown)}`);
  }
  return { strategy: strategy as Strategy, intensity, period, autoShutdown };
}

/** Validates one spec and fills in defaults (throws SpecError naming the bad field). */
export function checkSpec(spec: unknown, autoShutdown?: AutoShutdown): FullChildSpec {
  if (typeof spec !== 'object' || spec === null) throw new SpecError('missing_id', 'child spec: must be an object with an id');
  const s = (isTuple(spec) && spec.length === 6 ? fromTupleSpec(spec) : spec) as Record<string, unknown>;
  if (s.id === undefined) throw new SpecError('missing_id', 'child spec: field "id" is missing');
  if (s.start === undefined) throw new SpecError('missing_start', `child spec ${String(s.id)}: field "start" is missing`);
  if (typeof s.start !== 'function') {
    throw new SpecError(tuple('invalid_mfa', s.start), `child spec ${String(s.id)}: field "start" must be a function, got ${typeof s.start}`);
  }
  const restart = s.restart ?? 'permanent';
  if (restart !== 'permanent' && restart !== 'transient' && restart !== 'temporary') {
    throw new SpecError(tuple('invalid_restart_type', restart), `child spec ${String(s.id)}: field "restart" must be permanent, transient or temporary, got ${String(restart)}`);
  }
  const type = s.type ?? 'worker';
  if (type !== 'worker' && type !== 'supervisor') {
    throw new SpecError(tuple('invalid_child_type', type), `child spec ${String(s.id)}: field "type" must be worker or supervisor, got ${String(type)}`);
  }
  const shutdown = s.shutdown ?? (type === 'supervisor' ? 'infinity' : 5000);
  if (shutdown !== 'brutal_kill' && shutdown !== 'infinity' && !(typeof shutdown === 'number' && Number.isInteger(shutdown) && shutdown >= 0)) {
    throw new SpecError(tuple('invalid_shutdown', shutdown), `child spec ${String(s.id)}: field "shutdown" must be a non-negative integer, 'brutal_kill' or 'infinity', got ${String(shutdown)}`);
  }
  const modules = s.modules ?? [String(s.id)];
  if (modules !== 'dynamic' && !Array.isArray(modules)) {
    throw new SpecError(tuple('invalid_modules', modules), `child spec ${String(s.id)}: field "modules" must be a list of names or 'dynamic'`);
  }
  const badModule = modules === 'dynamic' ? undefined : (modules as unknown[]).find((m) => typeof m !== 'string');
  if (badModule !== undefined) {
    throw new SpecError(tuple('invalid_module', badModule), `child spec ${String(s.id)}: field "modules" holds ${String(badModule)}, not a name`);
  }
  const significant = s.significant ?? false;
  if (typeof significant !== 'boolean') {
    throw new SpecError(tuple('invalid_significant', significant), `child spec ${String(s.id)}: field "significant" must be a boolean`);
  }
  // OTP: a significant child needs a supervisor that shuts down on it, and a restart type that lets it end
  if (significant && autoShutdown === 'never') {
    throw new SpecError(tuple('bad_combination', [tuple('auto_shutdown', 'never'), tuple('significant', true)]), `child spec ${String(s.id)}: significant needs autoShutdown any_significant or all_significant`);
  }
  if (significant && restart === 'permanent') {
    throw new SpecError(tuple('bad_combination', [tuple('restart', 'permanent'), tuple('significant', true)]), `child spec ${String(s.id)}: a permanent child cannot be significant`);
  }
  return {
    id: s.id as string,
    start: s.start as ChildSpec['start'],
    restart,
    shutdown: shutdown as Shutdown,
    type,
    modules: modules as FullChildSpec['modules'],
    significant,
  };
}

/** OTP's old tuple spec `{Id, Start, Restart, Shutdown, Type, Modules}` as a spec object. */
function fromTupleSpec(t: readonly unknown[]): Record<string, unknown> {
  const [id, start, restart, shutdown, type, modules] = t;
  return { id, start, restart, shutdown, type, modules };
}

/** Validates a list of specs: duplicates are rejected with `['duplicate_child_name', id]`. */
export function checkSpecs(specs: readonly unknown[], autoShutdown?: AutoShutdown): FullChildSpec[] {
  if (!Array.isArray(specs)) throw new SpecError(tuple('invalid_child_specs', specs), 'child specs: must be an array');
  const seen = new Set<unknown>();
  return specs.map((spec) => {
    const full = checkSpec(spec, autoShutdown);
    if (seen.has(full.id)) throw new SpecError(tuple('duplicate_child_name', full.id), `child specs: duplicate id ${String(full.id)}`);
    seen.add(full.id);
    return full;
  });
}
