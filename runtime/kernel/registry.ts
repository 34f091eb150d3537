/**
 * Registered names (OTP `register/2`, `unregister/1`, `whereis/1`,
 * `registered/0`): one map from name to process, per runtime. A name is
 * freed when its process ends.
 */
import { checkName, checkPid } from './args.ts';
import { BadArgError } from './errors.ts';
import type { Kernel } from './kernel.ts';
import type { Process } from './process.ts';
import { Pid, type Dest } from './terms.ts';

/** The names of one runtime. */
export class Registry {
  private readonly k: Kernel;
  private readonly names = new Map<string, Process>();

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
    if (typeof name !== 'string' || name === '' || name === 'undefined') {
      throw new BadArgError(`register: invalid name ${String(name)}`);
    }
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
    const p = dest instanceof Pid ? dest.proc : this.names.get(dest);
    return p === undefined || p.dead ? undefined : p;
  }
}
