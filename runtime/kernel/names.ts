/**
 * Names beyond a local registered name: `{ via: registry, name }` (OTP's
 * `{via, Module, Name}`: a registry module of your own) and `{ global: name }`
 * (OTP's `{global, Name}`), and this node's table of global names. A global
 * name is any term; a process holds at most one (OTP 25 refuses a second); it
 * is freed when the process ends. One node today: the distribution work will
 * back the same table with a cluster store.
 */
import { formatTerm } from './format.ts';
import type { Process } from './process.ts';
import { Pid, Ref, isTuple } from './terms.ts';

/**
 * A via registry (OTP's `via` module callbacks): what `{ via: registry, name }`
 * names go through. `registerName` answers 'yes' or 'no' (taken); `whereisName`
 * the pid or undefined; `send` delivers to the named process and returns its pid,
 * throwing when the name is not registered (OTP exits `{badarg, {Name, Msg}}`).
 * Freeing a name when its process ends is the registry's business, as in OTP
 * (`Global` does it).
 */
export interface ViaRegistry<N = unknown> {
  registerName(name: N, pid: Pid): 'yes' | 'no';
  unregisterName(name: N): unknown;
  whereisName(name: N): Pid | undefined;
  send(name: N, msg: unknown): Pid;
}

/** OTP `{via, Module, Name}`: a name kept by `via`. */
export interface ViaName<N = unknown> {
  readonly via: ViaRegistry<N>;
  readonly name: N;
}

/** OTP `{global, Name}`: a name in the node's (later: the cluster's) global table. */
export interface GlobalName<N = unknown> {
  readonly global: N;
}

/** A name other than a local one: via a registry, or global. */
export type RemoteName = ViaName | GlobalName;

/** The names a process can be started under and reached by: local (a string), via a registry, or global. */
export type ServerName = string | ViaName | GlobalName;

/** True for `{ via: registry, name }`. */
export function isViaName(v: unknown): v is ViaName {
  if (typeof v !== 'object' || v === null || !('via' in v) || !('name' in v)) return false;
  const r = (v as { via: unknown }).via;
  return (typeof r === 'object' || typeof r === 'function') && r !== null && typeof (r as ViaRegistry).whereisName === 'function' && typeof (r as ViaRegistry).registerName === 'function';
}

/** True for `{ global: name }`. */
export function isGlobalName(v: unknown): v is GlobalName {
  return typeof v === 'object' && v !== null && !(v instanceof Pid) && 'global' in v && !('via' in v);
}

/** True for a via or global name. */
export function isRemoteName(v: unknown): v is RemoteName {
  return isGlobalName(v) || isViaName(v);
}

/** The name term a via/global name stands for (OTP `gen:get_proc_name`: the Name of `{global, Name}` / `{via, Mod, Name}`). */
export function nameTerm(n: RemoteName): unknown {
  return isGlobalName(n) ? n.global : n.name;
}

/** A via/global name as text for error messages: `{global,g1}`, `{via,Registry,n}` (bounded; names, not data). */
export function describeName(n: RemoteName): string {
  const term = formatTerm(nameTerm(n), { chars: 64, nodes: 64 });
  return isGlobalName(n) ? `{global,${term}}` : `{via,${n.via.constructor === Object ? 'registry' : (n.via.constructor?.name ?? 'registry')},${term}}`;
}

let objectIds = new WeakMap<object, number>();
let nextObjectId = 1;

/** A key equal for equal terms (strings, numbers, pids, refs, tuples and lists of them); any other object by identity. */
export function termKey(v: unknown): string {
  switch (typeof v) {
    case 'string':
      return `s${JSON.stringify(v)}`;
    case 'number':
      return `n${String(v)}`;
    case 'bigint':
      return `b${String(v)}`;
    case 'boolean':
      return v ? 'T' : 'F';
    case 'undefined':
      return 'u';
    case 'symbol':
      return `y${v.description ?? ''}`;
  }
  if (v === null) return 'z';
  if (v instanceof Pid) return `p${v.id}`;
  if (v instanceof Ref) return `r${v.id}`;
  if (Array.isArray(v)) return `${isTuple(v) ? '{' : '['}${v.map(termKey).join(',')}${isTuple(v) ? '}' : ']'}`;
  let id = objectIds.get(v as object);
  if (id === undefined) objectIds.set(v as object, (id = nextObjectId++));
  return `o${id}`;
}

/** Forgets the identities of objects used as names (tests). */
export function resetTermKeys(): void {
  objectIds = new WeakMap();
}

/** The global names of one node: name → process, one name per process, freed at its end. */
export class GlobalNames {
  private readonly byKey = new Map<string, { readonly name: unknown; readonly p: Process }>();
  private readonly keyOf = new Map<Process, string>();

  /** OTP `global:register_name/2`: 'no' when the name is taken or the process already has a global name. */
  register(name: unknown, p: Process): 'yes' | 'no' {
    const key = termKey(name);
    const held = this.byKey.get(key);
    if (held !== undefined && !held.p.dead) return 'no';
    if (this.keyOf.has(p)) return 'no';
    // OTP says yes for a dead pid, then drops the name when global sees it dead: the same, at once
    if (p.dead) return 'yes';
    this.byKey.set(key, { name, p });
    this.keyOf.set(p, key);
    return 'yes';
  }

  /** OTP `global:unregister_name/1`: frees the name, if registered. */
  unregister(name: unknown): void {
    const key = termKey(name);
    const held = this.byKey.get(key);
    if (held === undefined) return;
    this.byKey.delete(key);
    this.keyOf.delete(held.p);
  }

  /** The live process registered as `name`, or undefined. */
  get(name: unknown): Process | undefined {
    const p = this.byKey.get(termKey(name))?.p;
    return p === undefined || p.dead ? undefined : p;
  }

  /** OTP `global:registered_names/0`. */
  names(): unknown[] {
    return [...this.byKey.values()].map((e) => e.name);
  }

  /** The global name `p` holds, if any. */
  nameOf(p: Process): { name: unknown } | undefined {
    const key = this.keyOf.get(p);
    return key === undefined ? undefined : { name: this.byKey.get(key)?.name };
  }

  /** Frees the name of `p`, which is ending. One map check when it holds none. */
  release(p: Process): void {
    if (this.keyOf.size === 0) return;
    const key = this.keyOf.get(p);
    if (key === undefined) return;
    this.keyOf.delete(p);
    this.byKey.delete(key);
  }
}
