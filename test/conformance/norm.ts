/**
 * The TypeScript twin of the goldens' norm.hrl: prints otpscope values as the
 * Erlang terms the escripts print (`~0p` after normalisation), so a scenario's
 * output can be diffed line by line against real OTP's.
 *
 * Mapping: strings are atoms (wrap Erlang strings with `str`), arrays are lists,
 * `tuple(...)` is a tuple, pids become '<name>' / '<pidN>', refs '#RefN',
 * functions 'fun', an Error thrown as a crash is `{Message, '<stack>'}`.
 */
import {
  BadArgError,
  CallError,
  ErlangError,
  Global,
  isGlobalName,
  isViaName,
  CallMessage,
  CastMessage,
  DownMessage,
  ExitMessage,
  From,
  NoProcError,
  UncaughtThrow,
  Pid,
  ProcessExit,
  Ref,
  TimeoutMessage,
  isTuple,
  tuple,
  type DebugEvent,
} from '../../runtime/index.ts';

/** An Erlang string (charlist) value: printed "like this". */
export class Str {
  readonly text: string;
  constructor(text: string) {
    this.text = text;
  }
}

/** Marks `text` as an Erlang string. */
export function str(text: string): Str {
  return new Str(text);
}

/** An atom that must print quoted even if it looks bare (for 'DOWN' etc. use plain strings). */
const RESERVED = new Set([
  'after', 'and', 'andalso', 'band', 'begin', 'bnot', 'bor', 'bsl', 'bsr', 'bxor', 'case', 'catch', 'cond', 'div',
  'end', 'fun', 'if', 'let', 'not', 'of', 'or', 'orelse', 'receive', 'rem', 'try', 'when', 'xor', 'maybe', 'else',
]);

/** Prints an atom with Erlang's quoting rules. */
export function atom(a: string): string {
  if (/^[a-z][a-zA-Z0-9_@]*$/.test(a) && !RESERVED.has(a)) return a;
  return `'${a.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

/** Names pids and refs, and prints terms. One per scenario run. */
export class Norm {
  private readonly names = new Map<unknown, string>();
  private npid = 0;
  private nref = 0;
  /** The printed lines. */
  readonly lines: string[] = [];

  /** OTP norm.hrl `name/2`: pid P prints as '<N>', ref as N. */
  name(p: Pid | Ref, n: string): void {
    this.names.set(p, p instanceof Pid ? `<${n}>` : n);
  }

  /** True when `p` has a name already (given, or '<pidN>' from being printed): norm.hrl's `maps:is_key(P, get('$names'))`. */
  isNamed(p: Pid | Ref): boolean {
    return this.names.has(p);
  }

  /** The printed name of a pid (naming it '<pidN>' on first sight). */
  pidName(p: Pid): string {
    let n = this.names.get(p);
    if (n === undefined) {
      n = `<pid${++this.npid}>`;
      this.names.set(p, n);
    }
    return n;
  }

  /** The printed name of a ref ('#RefN' on first sight). */
  refName(r: Ref): string {
    let n = this.names.get(r);
    if (n === undefined) {
      n = `#Ref${++this.nref}`;
      this.names.set(r, n);
    }
    return n;
  }

  /** Formats `v` as `~0p` would print its Erlang counterpart. */
  fmt(v: unknown): string {
    switch (typeof v) {
      case 'string':
        return atom(v);
      case 'number':
        // Infinity is how the TypeScript API spells OTP's timeout atom infinity
        if (v === Infinity) return 'infinity';
        return Number.isInteger(v) ? String(v) : String(v);
      case 'bigint':
        return String(v);
      case 'boolean':
        return String(v);
      case 'undefined':
        return 'undefined';
      case 'function':
        return 'fun';
      case 'symbol':
        return atom(v.description ?? 'symbol');
    }
    if (v === null) return 'null';
    if (v instanceof Str) return v.text === '' ? '[]' : JSON.stringify(v.text); // "" is the empty list
    if (v instanceof Pid) return atom(this.pidName(v));
    if (v instanceof Ref) return atom(this.refName(v));
    // OTP 25's From is {Pid, [alias|Ref]} (the call's tag is an alias), except for a local call with an
    // infinity timeout, which gen makes without an alias: {Pid, Ref}
    if (v instanceof From) {
      return v.timeout === Infinity && v.state !== 'manual' ? `{${this.fmt(v.pid)},${this.fmt(v.tag)}}` : `{${this.fmt(v.pid)},[alias|${this.fmt(v.tag)}]}`;
    }
    if (v instanceof CallMessage) return this.fmt(tuple('$gen_call', v.from, v.request));
    if (v instanceof CastMessage) return this.fmt(tuple('$gen_cast', v.request));
    if (v instanceof DownMessage) return this.fmt(tuple('DOWN', v.ref, 'process', v.object, v.reason));
    if (v instanceof ExitMessage) return this.fmt(tuple('EXIT', v.from, v.reason));
    if (v instanceof TimeoutMessage) return this.fmt(tuple('timeout', v.ref, v.message));
    if (v instanceof CallError) return this.fmt(v.exitTerm);
    if (v instanceof ProcessExit) return this.fmt(v.reason);
    if (v instanceof BadArgError || v instanceof NoProcError || v instanceof UncaughtThrow || v instanceof ErlangError) return `{${this.fmt(v.reason)},'<stack>'}`;
    if (v instanceof Error) return `{${this.fmt(v.message)},'<stack>'}`;
    if (isDebugEventObject(v)) return this.fmt(debugEventTerm(v));
    // {global, N} and {via, Module, N}: a via registry prints as its `module` (the Global module as global)
    if (isGlobalName(v)) return this.fmt(tuple('global', v.global));
    // a gen_event handler prints as its module name
    if (typeof v === 'object' && v !== null && typeof (v as { handleEvent?: unknown }).handleEvent === 'function' && typeof (v as { name?: unknown }).name === 'string') {
      return atom((v as { name: string }).name);
    }
    if (isViaName(v)) return this.fmt(tuple('via', viaModule(v.via), v.name));
    if (Array.isArray(v)) {
      const items = v.map((x) => this.fmt(x)).join(',');
      return isTuple(v) ? `{${items}}` : `[${items}]`;
    }
    if (v instanceof Map) {
      const entries = [...v.entries()].map(([k, x]) => [this.fmt(k), this.fmt(x)] as const);
      entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
      return `#{${entries.map(([k, x]) => `${k} => ${x}`).join(',')}}`;
    }
    const entries = Object.entries(v as Record<string, unknown>).map(([k, x]) => [atom(k), this.fmt(x)] as const);
    entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `#{${entries.map(([k, x]) => `${k} => ${x}`).join(',')}}`;
  }

  /** OTP norm.hrl `say/2`: prints `Label: Term`. */
  say(label: string, v: unknown): void {
    this.lines.push(`${label}: ${this.fmt(v)}`);
  }

  /** Prints a raw line. */
  line(s: string): void {
    this.lines.push(s);
  }

  /** OTP norm.hrl `say_text/2`: a label, then each text line as `  | line`, pids replaced by names. */
  sayText(label: string, text: string): void {
    this.lines.push(`${label}:`);
    for (const l of this.normText(text).split('\n')) if (l !== '') this.lines.push(`  | ${l}`);
  }

  /** Replaces `<0.N.0>` texts of named pids by `<name>`, others by `<pid>`. */
  normText(text: string): string {
    let t = text;
    for (const [k, n] of this.names) if (k instanceof Pid) t = t.split(String(k)).join(n);
    return t.replace(/<[0-9]+\.[0-9]+\.[0-9]+>/g, '<pid>');
  }
}

/** OTP norm.hrl `try_/1`: `{ok, V}` or `{exit, Reason}` (a CallError carries its OTP exit term). */
export async function tryOf(f: () => unknown): Promise<unknown> {
  try {
    return tuple('ok', await f());
  } catch (e) {
    if (e instanceof CallError) return tuple('exit', e.exitTerm);
    if (e instanceof ProcessExit) return tuple('exit', e.reason);
    if (e instanceof Error && 'reason' in e) return tuple('error', (e as { reason: unknown }).reason);
    return tuple('error', e);
  }
}

/** The module name a via registry prints as: `global` for the Global module, else its `module` field. */
function viaModule(via: unknown): string {
  if (via === Global) return 'global';
  const m = (via as { module?: unknown }).module;
  return typeof m === 'string' ? m : 'via';
}

const DEBUG_KINDS = ['in', 'out', 'noreply', 'continue', 'custom', 'enter', 'consume', 'postpone', 'start-timer', 'terminate'];

/** True for a sys debug event object (what `sys.install` funs and `sys.log` get). */
function isDebugEventObject(v: unknown): v is DebugEvent {
  if (typeof v !== 'object' || v === null) return false;
  const e = v as { kind?: unknown; seq?: unknown; pid?: unknown };
  return typeof e.seq === 'number' && e.pid instanceof Pid && DEBUG_KINDS.includes(e.kind as string);
}

/** A gen_statem event as OTP writes it: `{cast, M}`, `{{call, From}, Req}`, `{{timeout, Name}, C}`, … */
function statemEventTerm(e: { messageKind: string; message: unknown; from?: From; timeoutName?: unknown }): unknown {
  const type = e.messageKind === 'call' ? tuple('call', e.from) : e.messageKind === 'generic_timeout' ? tuple('timeout', e.timeoutName) : e.messageKind;
  return tuple(type, e.message);
}

/**
 * The OTP term of a debug event (sys:handle_debug's Event): `{in, Msg}` with a call as
 * `{'$gen_call', From, Req}` and a cast as `{'$gen_cast', Msg}`, `{out, Reply, From, State}`,
 * `{noreply, State}`, `{continue, C}`; a custom event is its own term.
 */
export function debugEventTerm(e: DebugEvent): unknown {
  if (e.behaviour === 'gen_statem' && e.kind === 'in') return tuple('in', statemEventTerm(e), e.state);
  if (e.behaviour === 'gen_event' && e.kind === 'in') {
    if (e.messageKind === 'cast') return tuple('in', tuple('notify', e.message));
    if (e.messageKind === 'call' && e.from !== undefined) return tuple('in', tuple(e.from.pid, e.from, e.message));
    return tuple('in', e.message);
  }
  switch (e.kind) {
    case 'enter':
      return tuple('enter', e.module, e.state);
    case 'consume':
    case 'postpone':
      return tuple(e.kind, statemEventTerm(e), e.state, e.nextState);
    case 'start-timer':
      return tuple('start_timer', tuple(e.timeoutType === 'generic_timeout' ? tuple('timeout', e.timeoutName) : e.timeoutType, e.after, e.content, e.options), e.state);
    case 'terminate':
      return tuple('terminate', e.reason, e.state);
    case 'in':
      if (e.messageKind === 'call') return tuple('in', tuple('$gen_call', e.from, e.message));
      if (e.messageKind === 'cast') return tuple('in', tuple('$gen_cast', e.message));
      if (e.messageKind === 'system') return tuple('in', tuple('system', e.from, e.message));
      return tuple('in', e.message);
    case 'out':
      return e.hasState ? tuple('out', e.reply, e.to, e.state) : tuple('out', e.reply, e.to);
    case 'noreply':
      return tuple('noreply', e.state);
    case 'continue':
      return tuple('continue', e.continuation);
    case 'custom':
      return e.data;
  }
}
