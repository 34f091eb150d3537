/**
 * The bounded formatter: Erlang's `~p` look, and limits that hold for any
 * value — cycles, shared subterms, huge and hostile terms — with the markers
 * it prints where it cuts; and the consumers that used to hang or die on such
 * terms (sys.trace of a supervisor, crash reports, CallError, waits).
 */
import { describe, expect, it } from 'vitest';
import {
  CallError,
  DownMessage,
  GenServer,
  Redacted,
  Supervisor,
  formatTerm,
  isTuple,
  makeRef,
  runtime,
  setTraceSink,
  sys,
  tuple,
  type LogEvent,
} from '../../runtime/index.ts';
import { BadArgError, UncaughtThrow } from '../../runtime/kernel/errors.ts';
import { waitForEvent, WaitTimeoutError } from '../../vitest-plugin/index.ts';
import { fresh } from './helpers.ts';

describe('formatTerm: Erlang look', () => {
  it('prints atoms bare, strings quoted, tuples and lists, maps, pids and messages', () => {
    const { rt } = fresh();
    const pid = rt.spawn(() => undefined);
    const ref = makeRef();
    expect(formatTerm(tuple('ok', ['a b', 1, true, null, undefined]))).toBe('{ok,["a b",1,true,null,undefined]}');
    expect(formatTerm({ k: 1, 'K K': new Map([['x', 2]]) })).toBe('#{k => 1,"K K" => #{x => 2}}');
    expect(formatTerm(new Set([1, 2]))).toBe('[1,2]');
    expect(formatTerm(pid)).toBe(String(pid));
    expect(formatTerm(new DownMessage(ref, pid, 'normal'))).toBe(`{'DOWN',${String(ref)},process,${String(pid)},normal}`);
    expect(formatTerm(() => 1)).toBe('#Fun');
    expect(formatTerm(12n)).toBe('12');
    expect(formatTerm(Symbol('tag'))).toBe('tag');
  });

  it('prints a Date as a date, not as an empty map', () => {
    expect(formatTerm(new Date(Date.UTC(2026, 11, 2, 4, 33)))).toBe('#Date<2026-12-02T04:33:00.000Z>');
    expect(formatTerm(new Date(Number.NaN))).toBe('#Date<invalid>');
  });

  it('prints errors as OTP does: the runtime errors by their reason term, others by their message', () => {
    expect(formatTerm(new Error('boom'))).toBe("{boom,'<stack>'}");
    expect(formatTerm(new BadArgError('send: no such name'))).toBe("{badarg,'<stack>'}");
    expect(formatTerm(new UncaughtThrow('oops'))).toBe("{{nocatch,oops},'<stack>'}");
  });

  it('prints binaries as <<bytes>>, at most 64 of them', () => {
    expect(formatTerm(Buffer.from('hi'))).toBe('<<104,105>>');
    const text = formatTerm(new Uint8Array(100));
    expect(text).toBe(`<<${new Array(64).fill(0).join(',')},...>>`);
  });

  it('prints a withheld value as its kind', () => {
    expect(formatTerm(tuple('bad_return_value', new Redacted('map')))).toBe('{bad_return_value,<map>}');
  });
});

describe('formatTerm: bounded in size and time, and never throws', () => {
  it('prints a cycle as <cycle> and goes on', () => {
    const a: Record<string, unknown> = { x: 1 };
    a.self = a;
    a.list = [a, 2];
    expect(formatTerm(a)).toBe('#{x => 1,self => <cycle>,list => [<cycle>,2]}');
  });

  it('copies a shared subterm it has printed instead of walking it again', () => {
    const shared = { v: 1 };
    expect(formatTerm([shared, shared, { s: shared }])).toBe('[#{v => 1},#{v => 1},#{s => #{v => 1}}]');
    // a 40-level DAG has 2^40 paths: printed by copying, it is cut by size after a few dozen nodes
    let dag: unknown = 'leaf';
    let reads = 0;
    for (let i = 0; i < 40; i++) {
      const child = dag;
      dag = {
        get l() {
          reads++;
          return child;
        },
        get r() {
          reads++;
          return child;
        },
      };
    }
    const text = formatTerm(dag, { chars: 10_000 });
    expect(text).toHaveLength(10_001);
    expect(text.endsWith('…')).toBe(true);
    expect(reads).toBeLessThanOrEqual(80); // each level read once or twice, never 2^40 times
  });

  it('cuts at the character limit, exactly, and marks the cut', () => {
    expect(formatTerm('x'.repeat(100), { chars: 10 })).toBe('xxxxxxxxxx…');
    expect(formatTerm('A'.repeat(100), { chars: 10 })).toBe('"AAAAAAAAA…');
    expect(formatTerm([1, 2, 3], { chars: 3 })).toBe('[1,…');
    expect(formatTerm([1, 2, 3], { chars: 7 })).toBe('[1,2,3]');
  });

  it('prints ... past the depth and the node budget', () => {
    expect(formatTerm([[[[1]]]], { depth: 2 })).toBe('[[[...]]]');
    expect(formatTerm([1, 2, 3, 4, 5], { nodes: 3 })).toBe('[1,2,...]');
    expect(formatTerm(new Map([[1, 1], [2, 2], [3, 3]]), { nodes: 4 })).toBe('#{1 => 1,2 => ...,...}');
    expect(formatTerm({ a: 1, b: 2, c: 3 }, { nodes: 4 })).toBe('#{a => 1,b => ...,...}');
  });

  it('quotes no more of a huge string than it can show', () => {
    const huge = 'Z'.repeat(5_000_000);
    const text = formatTerm(huge, { chars: 100 });
    expect(text).toHaveLength(101);
  });

  it('prints a value whose getters or proxy traps throw as <unprintable>, never throwing', () => {
    const hostile = new Proxy(
      {},
      {
        ownKeys() {
          throw new Error('no keys');
        },
      },
    );
    const getter = {
      ok: 1,
      get bad(): never {
        throw new Error('no');
      },
    };
    expect(formatTerm([1, hostile, 2])).toBe('[1,<unprintable>,2]');
    expect(formatTerm(getter)).toBe('#{ok => 1,bad => <unprintable>}');
    const revoked = Proxy.revocable({}, {});
    revoked.revoke();
    expect(() => formatTerm(revoked.proxy)).not.toThrow();
  });
});

describe('consumers of the formatter survive what it is given', () => {
  it('sys.trace of a supervisor (whose state holds itself) prints bounded lines and the call completes', async () => {
    const { rt } = fresh();
    const lines: string[] = [];
    const old = setTraceSink((l) => lines.push(l));
    try {
      const sup = GenServer.okPid(
        await Supervisor.start({ init: () => ['ok', { strategy: 'one_for_one' }, []] }, undefined, { runtime: rt }),
      );
      // a state that refers to itself, as the supervisor's own record does
      await sys.replaceState(sup, (st) => {
        const s = st as Record<string, unknown>;
        s.loop = s;
        return s;
      });
      await sys.trace(sup, true);
      expect(await Supervisor.whichChildren(sup)).toEqual([]);
      expect(lines.length).toBeGreaterThan(0);
      for (const l of lines) expect(l.length).toBeLessThan(70_000);
      expect(lines.some((l) => l.includes('<cycle>'))).toBe(true);
      rt.exit(sup, 'kill');
    } finally {
      setTraceSink(old);
    }
  });

  it('a crashing server whose state is a tree with parent pointers still logs its terminate report', async () => {
    const { rt, logs } = fresh();
    type Node = { parent: Node | null; children: Node[] };
    const root: Node = { parent: null, children: [] };
    const all = [root];
    for (let i = 0; i < 15; i++) {
      const parent = all[i >> 1];
      const n: Node = { parent, children: [] };
      parent.children.push(n);
      all.push(n);
    }
    const s = GenServer.okPid(
      await GenServer.start(
        {
          init: () => ['ok', root],
          handleCast: () => {
            throw new Error('boom');
          },
        },
        undefined,
        { runtime: rt },
      ),
    );
    GenServer.cast(s, 'go');
    await rt.settled();
    const report = logs.find((l: LogEvent) => l.label === 'gen_server:terminate');
    expect(report).toBeDefined();
    expect(formatTerm(report?.report).length).toBeLessThan(70_000);
  });

  it('a CallError for a bad return holding a 40-level DAG is made at once, its message naming only the shape', async () => {
    const { rt } = fresh();
    let dag: unknown = 'leaf';
    for (let i = 0; i < 40; i++) dag = { l: dag, r: dag };
    const s = GenServer.okPid(
      await GenServer.start({ init: () => ['ok', dag], handleCall: (_r, _f, st) => ['weird', st] as never }, undefined, { runtime: rt }),
    );
    const err = await GenServer.call(s, 'x').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CallError);
    expect((err as CallError).message).toBe('gen_server.call failed: {bad_return_value,[weird,<map>]}');
    expect(isTuple((err as CallError).reason)).toBe(true);
  });

  it('sys.statistics shows its start time as a date', async () => {
    const { rt } = fresh();
    const s = GenServer.okPid(await GenServer.start({ init: () => ['ok', 0] }, undefined, { runtime: rt }));
    await sys.statistics(s, true);
    const st = await sys.statistics(s, 'get');
    expect(formatTerm(st)).toMatch(/startTime => #Date<\d{4}-\d\d-\d\dT/);
    rt.exit(s, 'kill');
  });

  it('a timed-out wait on a process whose events hold a cyclic state still fails, with its explanation', async () => {
    const rt = runtime();
    const cyclic: Record<string, unknown> = {};
    cyclic.me = cyclic;
    cyclic.big = 'Q'.repeat(1_000_000);
    const s = GenServer.okPid(
      await GenServer.start({ init: () => ['ok', cyclic], handleCast: (_m, st) => ['noreply', st] }, undefined, { runtime: rt }),
    );
    GenServer.cast(s, 'touch');
    await rt.settled();
    const err = await waitForEvent(s, 'DOWN', { timeout: 20 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WaitTimeoutError);
    expect((err as Error).message).toContain('noreply, state #{me => <cycle>');
    rt.exit(s, 'kill');
  });
});
