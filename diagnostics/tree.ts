/**
 * The supervision tree: every live supervisor with its strategy, intensity
 * and period, the restarts inside the current period (from its state, read
 * with `sys.getState` as observer does, bounded by a timeout), the restarts
 * seen while a client was connected with their history, and its children
 * (id, pid, type, restart type, status, restarts), nested: a child that is a
 * supervisor carries its own node. Only names, pids, kinds and counts leave;
 * the children's start functions and arguments never do.
 */
import { sys, type Process, type Runtime } from '../runtime/index.ts';
import { childIdText, type Collector, type RestartRecord } from './collector.ts';
import { statusOf, type Status } from './table.ts';

/** Children listed per supervisor (a simple_one_for_one may have thousands). */
export const CHILDREN_SHOWN = 200;

/** One child of a supervisor. */
export interface ChildNode {
  readonly id: string;
  /** Its pid, 'restarting', or null when not running. */
  readonly pid: string | null;
  readonly type: 'worker' | 'supervisor';
  readonly restart: string;
  readonly status: Status | null;
  readonly restarts: number;
  readonly supervisor: SupervisorNode | null;
}

/** One supervisor. */
export interface SupervisorNode {
  readonly pid: string;
  readonly name: string | null;
  readonly label: string | null;
  /** null when the supervisor did not answer `sys.getState` in time. */
  readonly strategy: string | null;
  readonly intensity: number | null;
  /** Seconds. */
  readonly period: number | null;
  readonly restartsInPeriod: number | null;
  /** Restarts seen since the first client connected. */
  readonly restartsSeen: number;
  readonly history: readonly RestartRecord[];
  readonly children: readonly ChildNode[];
  /** Children not listed (past `CHILDREN_SHOWN`). */
  readonly more: number;
  readonly answered: boolean;
}

/** The tree: its roots (supervisors no other supervisor lists as a child). */
export interface Tree {
  readonly roots: readonly SupervisorNode[];
  readonly supervisors: number;
}

interface SupStateShape {
  readonly flags?: { readonly strategy?: unknown; readonly intensity?: unknown; readonly period?: unknown };
  readonly children?: readonly { readonly spec?: { readonly id?: unknown; readonly type?: unknown; readonly restart?: unknown }; readonly pid?: unknown }[];
  readonly template?: { readonly id?: unknown; readonly type?: unknown; readonly restart?: unknown } | null;
  readonly dynamic?: ReadonlyMap<unknown, { readonly pid?: unknown }>;
  readonly restarts?: readonly number[];
}

const num = (v: unknown): number | null => (typeof v === 'number' ? v : null);
const isPidLike = (v: unknown): v is { proc: Process; toString(): string } => typeof v === 'object' && v !== null && 'proc' in v;

/** Reads the tree of `rt`'s supervisors; each `sys.getState` waits at most `timeoutMs`. */
export async function supervisionTree(c: Collector, rt: Runtime, timeoutMs: number): Promise<Tree> {
  const sups = rt.processes().filter((pid) => pid.proc.behaviour === 'supervisor' && !pid.proc.dead);
  const states = await Promise.all(sups.map((pid) => sys.getState<SupStateShape>(pid, timeoutMs).then((s) => s, () => null)));
  const nodes = new Map<Process, { node: SupervisorNode; childSups: Process[] }>();
  sups.forEach((pid, i) => {
    const p = pid.proc;
    const st = states[i];
    const children: ChildNode[] = [];
    const childSups: Process[] = [];
    let more = 0;
    const add = (id: unknown, type: unknown, restart: unknown, cpid: unknown): void => {
      if (children.length >= CHILDREN_SHOWN) {
        more++;
        return;
      }
      const idText = childIdText(id);
      const live = isPidLike(cpid) && !cpid.proc.dead ? cpid.proc : null;
      if (live !== null && live.behaviour === 'supervisor') childSups.push(live);
      children.push({
        id: idText,
        pid: cpid === 'restarting' ? 'restarting' : isPidLike(cpid) ? String(cpid) : null,
        type: type === 'supervisor' ? 'supervisor' : 'worker',
        restart: typeof restart === 'string' ? restart : 'permanent',
        status: live === null ? null : statusOf(live),
        restarts: c.restartsOfChild(p, idText),
        supervisor: null,
      });
    };
    if (st !== null) {
      for (const ch of st.children ?? []) add(ch.spec?.id, ch.spec?.type, ch.spec?.restart, ch.pid);
      if (st.template !== null && st.template !== undefined && st.dynamic !== undefined) {
        for (const ch of st.dynamic.values()) add(st.template.id, st.template.type, st.template.restart, ch.pid);
      }
    }
    nodes.set(p, {
      childSups,
      node: {
        pid: String(pid),
        name: p.name,
        label: p.labelText,
        strategy: st === null ? null : typeof st.flags?.strategy === 'string' ? st.flags.strategy : null,
        intensity: st === null ? null : num(st.flags?.intensity),
        period: st === null ? null : num(st.flags?.period),
        restartsInPeriod: st === null || !Array.isArray(st.restarts) ? null : st.restarts.length,
        restartsSeen: c.restartsOf(p),
        history: c.restartHistory(p),
        children,
        more,
        answered: st !== null,
      },
    });
  });
  // nest: a child that is a supervisor carries its node; the rest are roots
  const nested = new Set<Process>();
  const build = (p: Process, seen: Set<Process>): SupervisorNode => {
    const entry = nodes.get(p) as { node: SupervisorNode; childSups: Process[] };
    seen.add(p);
    const children = entry.node.children.map((ch) => {
      const sub = entry.childSups.find((s) => String(s.pid) === ch.pid);
      if (sub === undefined || !nodes.has(sub) || seen.has(sub)) return ch;
      nested.add(sub);
      return { ...ch, supervisor: build(sub, seen) };
    });
    return { ...entry.node, children };
  };
  const built = sups.map((pid) => ({ p: pid.proc, node: build(pid.proc, new Set()) }));
  return { roots: built.filter((b) => !nested.has(b.p)).map((b) => b.node), supervisors: sups.length };
}
