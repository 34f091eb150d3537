/**
 * Registered names (OTP `register/2`, `unregister/1`, `whereis/1`,
 * `registered/0`): one map from name to process, per runtime, and the node's
 * global names (names.ts). A name is freed when its process ends. A via name
 * is looked up in its own registry.
 */
import { checkName, checkPid, nameError } from './args.ts';
import { BadArgError } from './errors.ts';
import type { Kernel } from './kernel.ts';
import { GlobalNames, isGlobalName, isViaName, type RemoteName } from './names.ts';
import type { Process } from './process.ts';
import { Pid, type Dest } from './terms.ts';

/** The names of one runtime. */
export class Registry {
  private readonly k: Kernel;
  private readonly names = new Map<string, Process>();
  /** The node's global names (OTP `global`). */
  readonly globals = new GlobalNames();

  constructor(k: Kernel) {
    this.k = k;
  }

  /** The process registered as `name`, alive or about to be told it died, or undefined. */
  get(name: string): Process | undefined {
    return this.names.get(name);
  }

  /** OTP `register/2`. Throws BadArgError when the name is taken, the pid is dead or already named. */
  register(name: string, pid: Pid): true {
    checkName('register', name);
    checkPid('register', pid);
    const p = pid.proc;
    this.check(name, p);
    this.bind(name, p);
    return true;
  }

  /** Throws the BadArgError `register` would for `name` and `p` (a spawn checks its name before anything happens). */
  check(name: string, p: Process): void {
    if (typeof name !== 'string' || name === '' || name === 'undefined') throw new BadArgError(nameError('register', name));
    if (p.dead || p === this.k.external) throw new BadArgError(`register: ${String(p.pid)} is not alive`);
    const holder = this.names.get(name);
    if (holder !== undefined) throw new BadArgError(`register: name '${name}' is already registered to ${String(holder.pid)}`);
    if (p.name !== null) throw new BadArgError(`register: ${String(p.pid)} is already registered as '${p.name}'`);
  }

  /** Registers `p` as `name` (already checked). */
  bind(name: string, p: Process): void {
    this.names.set(name, p);
    p.name = name;
    if (this.k.listening) this.k.events.registered(p, name);
  }

  /** Frees the name of `p`, which is ending (no event: its exit says it). */
  release(p: Process): void {
    this.globals.release(p);
    if (p.name === null) return;
    this.names.delete(p.name);
    p.name = null;
  }

  /** OTP `unregister/1`. Throws BadArgError for an unknown name. */
  unregister(name: string): true {
    checkName('unregister', name);
    const p = this.names.get(name);
    if (p === undefined) throw new BadArgError(`unregister: no process registered as '${name}'`);
    if (this.k.listening) this.k.events.unregistered(p, name);
    this.names.delete(name);
    p.name = null;
    return true;
  }

  /** OTP `whereis/1`: the pid registered as `name`, or undefined. */
  whereis(name: string): Pid | undefined {
    checkName('whereis', name);
    return this.names.get(name)?.pid;
  }

  /** OTP `registered/0`. */
  registered(): string[] {
    return [...this.names.keys()];
  }

  /** The live process a pid or name stands for, or undefined. */
  resolve(dest: Dest): Process | undefined {
    const p = dest instanceof Pid ? dest.proc : typeof dest === 'string' ? this.names.get(dest) : this.resolveName(dest);
    return p === undefined || p.dead ? undefined : p;
  }

  /** The process a via or global name stands for now (OTP: `global:whereis_name`, `Mod:whereis_name`), or undefined. */
  resolveName(n: RemoteName): Process | undefined {
    if (isGlobalName(n)) return this.globals.get(n.global);
    if (!isViaName(n)) return undefined;
    const pid: unknown = n.via.whereisName(n.name);
    return pid instanceof Pid ? pid.proc : undefined;
  }
}
