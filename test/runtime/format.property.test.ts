/**
 * The bounded formatter as a property (issue 9, item 2): over random terms
 * with cycles, shared subterms (DAGs whose unfolding is astronomically big),
 * huge strings, wide lists, deep chains and values whose traps throw, every
 * format returns, stays within its character limit, gives the same text twice,
 * walks each object at most once, and reads no more of the term than its node
 * budget allows. The reason texts made from it (spans, error messages) are
 * bounded the same way.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatTerm, tuple } from '../../runtime/index.ts';
import { CUT_MARK, DEFAULT_FORMAT_LIMITS, type FormatLimits } from '../../runtime/kernel/format.ts';
import {
  REASON_TEXT_LIMIT,
  defaultRedactor,
  reasonSummary,
  reasonText,
  recordEverything,
  redactedText,
} from '../../runtime/kernel/redact.ts';

/** A term whose containers may be wired to each other after they are built. */
const leaf = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.constantFrom('ok', 'normal', 'bad_return_value', ''),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constantFrom(null, undefined),
  fc.bigInt(),
  fc.date({ noInvalidDate: false }),
  fc.constant(new Error('boom')),
  fc.constant(new Uint8Array(100).fill(7)),
  fc.constant(() => 1),
  fc.constant(Symbol('s')),
);

const { term } = fc.letrec<{ term: unknown }>((tie) => ({
  term: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    leaf,
    fc.array(tie('term'), { maxLength: 5 }),
    fc.array(tie('term'), { maxLength: 4 }).map((xs) => tuple(...xs)),
    fc.dictionary(fc.string({ maxLength: 6 }), tie('term'), { maxKeys: 4 }),
    fc.array(fc.tuple(tie('term'), tie('term')), { maxLength: 3 }).map((kv) => new Map(kv)),
    fc.array(tie('term'), { maxLength: 3 }).map((xs) => new Set(xs)),
  ),
}));

/** Something big to hang on the term: each alone would be unprintable without the budgets. */
const huge = fc.constantFrom(
  'none',
  'string', // 2 million characters
  'wide', // 100,000 elements
  'deep', // a chain 5,000 levels deep
  'dag', // 60 levels, each node shared twice: 2^60 paths
  'throwing', // a proxy whose every trap throws
  'getter', // an object whose getter throws
);

function makeHuge(kind: string): unknown {
  switch (kind) {
    case 'string':
      return 'x'.repeat(2_000_000);
    case 'wide':
      return Array.from({ length: 100_000 }, (_, i) => i);
    case 'deep': {
      let v: unknown = 'bottom';
      for (let i = 0; i < 5_000; i++) v = [v];
      return v;
    }
    case 'dag': {
      let v: unknown = 'leaf';
      for (let i = 0; i < 60; i++) v = { l: v, r: v };
      return v;
    }
    case 'throwing':
      return new Proxy(
        {},
        {
          ownKeys: () => {
            throw new Error('trap');
          },
          get: () => {
            throw new Error('trap');
          },
          getPrototypeOf: () => {
            throw new Error('trap');
          },
        },
      );
    case 'getter':
      return Object.defineProperty({ a: 1 }, 'b', {
        enumerable: true,
        get: () => {
          throw new Error('getter');
        },
      });
    default:
      return undefined;
  }
}

/** The containers of `root` that can take another reference (not frozen tuples). */
function containers(root: unknown): object[] {
  const found: object[] = [];
  const seen = new Set<object>();
  const walk = (v: unknown): void => {
    if (typeof v !== 'object' || v === null || seen.has(v) || v instanceof Date || v instanceof Error || ArrayBuffer.isView(v)) return;
    seen.add(v);
    if (!Object.isFrozen(v)) found.push(v);
    if (v instanceof Map)
      for (const [k, x] of v) {
        walk(k);
        walk(x);
      }
    else if (v instanceof Set) for (const x of v) walk(x);
    else for (const x of Object.values(v)) walk(x);
  };
  walk(root);
  return found;
}

/** Adds a reference to `to` inside `from`: a cycle when `to` contains `from`, a shared subterm otherwise. */
function wire(from: object, to: object, key: number): void {
  if (Array.isArray(from)) from.push(to);
  else if (from instanceof Map) from.set(`w${key}`, to);
  else if (from instanceof Set) from.add(to);
  else (from as Record<string, unknown>)[`w${key}`] = to;
}

/** A random term with its random cycles and shared subterms, and maybe something huge inside. */
const wiredTerm = fc
  .tuple(fc.array(term, { minLength: 1, maxLength: 4 }), fc.array(fc.tuple(fc.nat(), fc.nat()), { maxLength: 8 }), huge)
  .map(([items, edges, big]) => {
    const root: unknown[] = [...items];
    const all = containers(root);
    edges.forEach(([a, b], i) => wire(all[a % all.length], all[b % all.length], i));
    if (big !== 'none') {
      const host = all[edges.length % all.length];
      wire(host, { huge: makeHuge(big) }, 99);
    }
    return root;
  });

const limits: fc.Arbitrary<FormatLimits | undefined> = fc.oneof(
  fc.constant(undefined),
  fc.record({ chars: fc.integer({ min: 0, max: 3_000 }), nodes: fc.integer({ min: 1, max: 3_000 }), depth: fc.integer({ min: 0, max: 40 }) }),
);

/**
 * Wraps the arrays and plain objects of `root` (the same object always in the
 * same proxy, so cycles and sharing survive) in proxies that count the
 * property reads made on each.
 */
function counted(root: unknown): { root: unknown; reads: Map<object, number>; keys: Map<object, number> } {
  const reads = new Map<object, number>();
  const keys = new Map<object, number>();
  const proxies = new WeakMap<object, object>();
  const wrap = (v: unknown): unknown => {
    if (typeof v !== 'object' || v === null || Object.isFrozen(v)) return v;
    if (!Array.isArray(v) && Object.getPrototypeOf(v) !== Object.prototype) return v;
    const known = proxies.get(v);
    if (known !== undefined) return known;
    const target = v;
    keys.set(target, Object.keys(target).length);
    const p = new Proxy(target, {
      get(t, k, r) {
        reads.set(target, (reads.get(target) ?? 0) + 1);
        return wrap(Reflect.get(t, k, r));
      },
    });
    proxies.set(v, p);
    return p;
  };
  return { root: wrap(root), reads, keys };
}

/** Values in a summary (a tree: it rebuilds every list it keeps). */
function summaryNodes(v: unknown): number {
  return Array.isArray(v) ? 1 + v.reduce((n: number, x: unknown) => n + summaryNodes(x), 0) : 1;
}

/** A summary keeps 8 items (+ one "N more") per list, 4 lists deep: at most 1 + 9 + 9^2 + 9^3 + 9^4 values. */
const SUMMARY_BOUND = 1 + 9 + 81 + 729 + 6561;

describe('the bounded formatter, as a property', () => {
  it('returns within its character limit, never throws, and gives the same text twice', () => {
    fc.assert(
      fc.property(wiredTerm, limits, (t, l) => {
        const text = formatTerm(t, l);
        const chars = l?.chars ?? DEFAULT_FORMAT_LIMITS.chars;
        expect(typeof text).toBe('string');
        expect(text.length).toBeLessThanOrEqual(chars + CUT_MARK.length);
        if (text.length > chars) expect(text.endsWith(CUT_MARK)).toBe(true);
        expect(formatTerm(t, l)).toBe(text);
      }),
      { numRuns: 300 },
    );
  });

  it('walks each object at most once, however often it is shared (no node budget to hide behind)', () => {
    fc.assert(
      fc.property(wiredTerm, (t) => {
        const { root, reads, keys } = counted(t);
        formatTerm(root, { nodes: Number.MAX_SAFE_INTEGER, chars: 1_000_000, depth: 100 });
        for (const [target, n] of reads) {
          // its keys' values, plus `length` and the tuple mark of an array
          expect(n, 'reads of one object').toBeLessThanOrEqual((keys.get(target) ?? 0) + 2);
        }
      }),
      { numRuns: 100 },
    );
  }, 60_000);

  it('reads no more of a term than its node budget allows', () => {
    fc.assert(
      fc.property(wiredTerm, fc.integer({ min: 1, max: 500 }), (t, nodes) => {
        const { root, reads } = counted(t);
        formatTerm(root, { nodes, chars: 1_000_000, depth: 1_000 });
        let total = 0;
        for (const n of reads.values()) total += n;
        // a visited array reads its tuple mark, its length and one item per node; an object one value per node
        expect(total).toBeLessThanOrEqual(3 * nodes + 3);
      }),
      { numRuns: 200 },
    );
  });

  it('the texts of reasons for spans, error messages and logs are bounded too, under any redactor', () => {
    fc.assert(
      fc.property(wiredTerm, fc.integer({ min: 0, max: 2_000 }), (t, limit) => {
        expect(reasonText(recordEverything, t, limit).length).toBeLessThanOrEqual(limit + CUT_MARK.length);
        expect(reasonText(defaultRedactor, t).length).toBeLessThanOrEqual(REASON_TEXT_LIMIT + CUT_MARK.length);
        const log = redactedText(recordEverything, t, 'log', limit);
        expect(log?.length).toBeLessThanOrEqual(limit + CUT_MARK.length);
        expect(summaryNodes(reasonSummary(t))).toBeLessThanOrEqual(SUMMARY_BOUND);
      }),
      { numRuns: 200 },
    );
  });
});
