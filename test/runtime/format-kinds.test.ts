/**
 * The exact text of the formatter at its edges (OTP messages and errors, the
 * node budget in lists, maps, sets and binaries, regexps, promises, a value
 * that cannot be inspected), every kind `kindOf` names, and the redaction
 * helpers' limits: where text is cut and where it is not, what a reason
 * summary keeps of an Error, what `errorTypeOf`, `stackFrames` and `shapeOf`
 * give for the unusual cases.
 */
import { describe, expect, it } from 'vitest';
import {
  BadArgError,
  DownMessage,
  ExitMessage,
  NoProcError,
  Redacted,
  Ref,
  Runtime,
  TimeoutMessage,
  UncaughtThrow,
  formatTerm,
  isAtomLike,
  kindOf,
  tuple,
  type Pid,
} from '../../runtime/index.ts';
import { className, redactedKind } from '../../runtime/kernel/kinds.ts';
import {
  dropEverything,
  errorTypeOf,
  reasonSummary,
  reasonText,
  recordEverything,
  redactKey,
  redactTerm,
  redactedText,
  shapeOf,
  stackFrames,
} from '../../runtime/kernel/redact.ts';

function somePid(): { pid: Pid; rt: Runtime } {
  const rt = new Runtime({ logger: () => undefined });
  const pid = rt.spawn(() => undefined);
  return { pid, rt };
}

describe('formatTerm: OTP messages and errors', () => {
  it("prints DOWN, EXIT and timeout messages as OTP's tuples", () => {
    const { pid } = somePid();
    const ref = new Ref();
    expect(formatTerm(new DownMessage(ref, pid, tuple('shutdown', 'x')))).toBe(`{'DOWN',${String(ref)},process,${String(pid)},{shutdown,x}}`);
    expect(formatTerm(new ExitMessage(pid, 'killed'))).toBe(`{'EXIT',${String(pid)},killed}`);
    expect(formatTerm(new ExitMessage(pid, ['a', 'Text']))).toBe(`{'EXIT',${String(pid)},[a,"Text"]}`);
    expect(formatTerm(new TimeoutMessage(ref, tuple('tick', 1)))).toBe(`{timeout,${String(ref)},{tick,1}}`);
    expect(kindOf(new TimeoutMessage(ref, 1))).toBe('timeout');
  });

  it('prints badarg, noproc and {nocatch, V} by their reason term, other errors by their message', () => {
    expect(formatTerm(new BadArgError('register: bad name'))).toBe("{badarg,'<stack>'}");
    expect(formatTerm(new NoProcError('link: dead'))).toBe("{noproc,'<stack>'}");
    expect(formatTerm(new UncaughtThrow(tuple('oops', 1)))).toBe("{{nocatch,{oops,1}},'<stack>'}");
    expect(formatTerm(new Error('plain text'))).toBe(`{"plain text",'<stack>'}`);
    expect(formatTerm(new TypeError('bad_thing'))).toBe("{bad_thing,'<stack>'}");
  });
});

describe('formatTerm: budgets and kinds of value', () => {
  it('the node budget cuts a list, a map, a set and an object with ...', () => {
    expect(formatTerm([1, 2], { nodes: 1 })).toBe('[...]');
    expect(formatTerm([1, 2, 3, 4], { nodes: 3 })).toBe('[1,2,...]');
    expect(formatTerm(new Set([1, 2, 3, 4]), { nodes: 3 })).toBe('[1,2,...]');
    expect(formatTerm(new Set([1, 2]), { nodes: 1 })).toBe('[...]');
    expect(formatTerm(new Set([1, 2]))).toBe('[1,2]');
    expect(formatTerm(new Map([['a', 1], ['b', 2], ['c', 3]]), { nodes: 5 })).toBe('#{a => 1,b => 2,...}');
    expect(formatTerm(new Map([['a', 1]]), { nodes: 1 })).toBe('#{...}');
    expect(formatTerm({ a: 1, b: 2, c: 3 }, { nodes: 5 })).toBe('#{a => 1,b => 2,...}');
    expect(formatTerm({ a: 1 }, { nodes: 1 })).toBe('#{...}');
  });

  it('a set cut by the character budget stops there', () => {
    expect(formatTerm(new Set(['aaaa', 'bbbb', 'cccc']), { chars: 8 })).toBe('[aaaa,bb…');
  });

  it('a binary costs a node per byte shown (at most 64): what comes after it is cut by the budget', () => {
    const bytes = new Uint8Array(10);
    expect(formatTerm([bytes, 1, 2], { nodes: 40 })).toBe('[<<0,0,0,0,0,0,0,0,0,0>>,1,2]');
    expect(formatTerm([bytes, 1, 2], { nodes: 12 })).toBe('[<<0,0,0,0,0,0,0,0,0,0>>,...]');
    expect(formatTerm([new Uint8Array(100), 1], { nodes: 70 })).toBe(`[<<${Array(64).fill(0).join(',')},...>>,1]`);
    expect(formatTerm(new Uint8Array(64))).toBe(`<<${Array(64).fill(0).join(',')}>>`);
    expect(formatTerm(new Uint8Array(65))).toBe(`<<${Array(64).fill(0).join(',')},...>>`);
    expect(formatTerm(new Uint8Array([1, 2, 3]).buffer)).toBe('<<1,2,3>>');
  });

  it('prints regexps, promises, weak collections and symbols by what they are', () => {
    expect(formatTerm(/a+b/gi)).toBe('#RegExp</a+b/gi>');
    expect(formatTerm(Promise.resolve(1))).toBe('#Promise');
    expect(formatTerm(new WeakMap())).toBe('#WeakMap');
    expect(formatTerm(new WeakSet())).toBe('#WeakSet');
    expect(formatTerm(new WeakRef({}))).toBe('#WeakRef');
    expect(formatTerm(Symbol('tag'))).toBe('tag');
    expect(formatTerm(Symbol())).toBe('symbol');
    expect(formatTerm(Symbol('Not an atom'))).toBe('"Not an atom"');
  });

  it('a value that cannot even be looked at prints <unprintable>', () => {
    const hostile = new Proxy(
      {},
      {
        getPrototypeOf() {
          throw new Error('no');
        },
      },
    );
    expect(formatTerm(hostile)).toBe('<unprintable>');
    // inside a list it spoils the list (a value is printed whole or as <unprintable>), not what comes after
    expect(formatTerm(tuple('ok', [1, hostile], 2))).toBe('{ok,<unprintable>,2}');
  });

  it('the cut text is the start of the full text, exactly the budget long, then …', () => {
    const value = { list: Array.from({ length: 30 }, (_, i) => `item ${i}`) };
    const full = formatTerm(value);
    for (const chars of [1, 7, 20, 50]) {
      const cut = formatTerm(value, { chars });
      expect(cut).toBe(`${full.slice(0, chars)}…`);
    }
    expect(formatTerm(value, { chars: full.length })).toBe(full);
  });
});

describe('kindOf and className', () => {
  it('names every kind', () => {
    const { pid } = somePid();
    const ref = new Ref();
    class Custom {}
    const cases: [unknown, string][] = [
      ['normal', 'atom'],
      ['Not an atom', 'string'],
      ['a'.repeat(65), 'string'],
      [1.5, 'number'],
      [10n, 'integer'],
      [true, 'boolean'],
      [undefined, 'undefined'],
      [Symbol('s'), 'symbol'],
      [() => 1, 'fun'],
      [null, 'null'],
      [new Redacted('secret_kind'), 'secret_kind'],
      [pid, 'pid'],
      [ref, 'ref'],
      [new DownMessage(ref, pid, 'normal'), 'DOWN'],
      [new ExitMessage(pid, 'normal'), 'EXIT'],
      [new TimeoutMessage(ref, 1), 'timeout'],
      [tuple('a', 1), 'tuple'],
      [[1, 2], 'list'],
      [new Map(), 'map'],
      [new Set(), 'set'],
      [new Date(0), 'date'],
      [new Uint8Array(1), 'binary'],
      [new ArrayBuffer(1), 'binary'],
      [new TypeError('x'), 'TypeError'],
      [{ a: 1 }, 'map'],
      [Object.create(null), 'map'],
      [new Custom(), 'Custom'],
    ];
    for (const [value, kind] of cases) expect([value, kindOf(value)]).toEqual([value, kind]);
    const hostile = new Proxy(
      {},
      {
        getPrototypeOf() {
          throw new Error('no');
        },
      },
    );
    expect(kindOf(hostile)).toBe('unknown');
  });

  it("className is the constructor's name, Object when it has none or cannot be read", () => {
    class Named {}
    expect(className(new Named())).toBe('Named');
    const anonymous = new (class {})();
    expect(className(anonymous)).toBe('Object');
    expect(className({ constructor: { name: 42 } })).toBe('Object');
    expect(className({ constructor: { name: '' } })).toBe('Object');
    expect(
      className(
        new Proxy(
          {},
          {
            get() {
              throw new Error('no');
            },
          },
        ),
      ),
    ).toBe('Object');
  });

  it('isAtomLike: a short lowercase-first word of letters, digits, _ and @', () => {
    for (const yes of ['a', 'normal', 'bad_return_value', 'node@host', 'x1', 'a'.repeat(64)]) expect([yes, isAtomLike(yes)]).toEqual([yes, true]);
    for (const no of ['', 'Normal', '1a', '_a', 'a b', 'a-b', 'ok!', 'a'.repeat(65), 'ab\n', 42]) expect([no, isAtomLike(no)]).toEqual([no, false]);
  });

  it('a withheld value prints, serialises and inspects as <kind>', () => {
    const r = redactedKind({ secret: 1 });
    expect(String(r)).toBe('<map>');
    expect(JSON.stringify({ r })).toBe('{"r":"<map>"}');
    expect((r as unknown as Record<symbol, () => string>)[Symbol.for('nodejs.util.inspect.custom')]()).toBe('<map>');
    expect(redactedKind(r)).toBe(r);
  });
});

describe('redaction helpers at their edges', () => {
  it("reasonSummary keeps an Error's message only when it is text, cut after 256 characters", () => {
    const e = new Error('x');
    (e as { message: unknown }).message = { secret: 'state' };
    expect(reasonSummary(e)).toBe('Error');
    expect(reasonSummary(new Error(''))).toBe('Error');
    const exact = new Error('m'.repeat(256 - 'Error: '.length));
    expect(reasonSummary(exact)).toBe(`Error: ${'m'.repeat(249)}`);
    const over = new Error('m'.repeat(250));
    expect(reasonSummary(over)).toBe(`Error: ${'m'.repeat(249)}…`);
    expect(reasonSummary(10n)).toEqual(new Redacted('integer'));
  });

  it('reasonSummary cuts at 8 elements and says how many more', () => {
    expect(formatTerm(reasonSummary(tuple(1, 2, 3, 4, 5, 6, 7, 8)))).toBe('{1,2,3,4,5,6,7,8}');
    expect(formatTerm(reasonSummary(tuple(1, 2, 3, 4, 5, 6, 7, 8, 9, 10)))).toBe('{1,2,3,4,5,6,7,8,<2 more>}');
    expect(formatTerm(reasonSummary([[[[[1]]]]]))).toBe('[[[[<list>]]]]');
  });

  it('a summary of something that throws while looked at is <unprintable>', () => {
    const hostile = new Proxy([1, 2], {
      get() {
        throw new Error('no');
      },
    });
    expect(reasonSummary(hostile)).toEqual(new Redacted('unprintable'));
  });

  it('redactTerm leaves undefined undefined; other withheld values become their kind', () => {
    expect(redactTerm(dropEverything, undefined, 'event')).toBeUndefined();
    expect(redactTerm(dropEverything, 'Secret text', 'event')).toEqual(new Redacted('string'));
    expect(redactTerm(recordEverything, { a: 1 }, 'event')).toEqual({ a: 1 });
    expect(redactKey(dropEverything, 'name', 'status')).toBe('name');
    expect(redactKey(dropEverything, 'Not a name', 'status')).toEqual(new Redacted('string'));
  });

  it('redactedText: a string the redactor returns is the text, cut after the limit; undefined when withheld', () => {
    const asText = (): string => 'abcdef';
    expect(redactedText(asText, 1, 'event', 6)).toBe('abcdef');
    expect(redactedText(asText, 1, 'event', 5)).toBe('abcde…');
    expect(redactedText(dropEverything, 1, 'event')).toBeUndefined();
    expect(redactedText(recordEverything, ['long', 'list'], 'event', 5)).toBe('[long…');
    expect(reasonText(dropEverything, { a: 1 })).toBe('<map>');
    expect(reasonText(recordEverything, 'Text reason', 6)).toBe('Text r…');
  });

  it("errorTypeOf: an Error's class without asking the redactor; asks for the 'reason' site otherwise", () => {
    const sites: string[] = [];
    const spy = (v: unknown, site: string): unknown => {
      sites.push(site);
      return v;
    };
    class MyFailure extends Error {}
    expect(errorTypeOf(spy, new MyFailure('x'))).toBe('MyFailure');
    expect(sites).toEqual([]);
    expect(errorTypeOf(spy, tuple('bad_return_value', { s: 1 }))).toBe('bad_return_value');
    expect(errorTypeOf(spy, new NoProcError('x'))).toBe('noproc');
    expect(errorTypeOf(dropEverything, 'my_reason')).toBe('atom');
    expect(sites).toEqual(['reason', 'reason']);
  });

  it('stackFrames: undefined for a non-Error or a stack that is not text; the class alone for a stack without frames', () => {
    expect(stackFrames('not an error')).toBeUndefined();
    expect(stackFrames({ stack: 'Error: secret\n    at f (x.ts:1:1)' })).toBeUndefined();
    const odd = new Error('x');
    (odd as { stack: unknown }).stack = 42;
    expect(stackFrames(odd)).toBeUndefined();
    const bare = new RangeError('secret');
    bare.stack = 'RangeError: secret';
    expect(stackFrames(bare)).toBe('RangeError');
    const withFrames = new TypeError('secret');
    withFrames.stack = 'TypeError: secret\n    at f (file.ts:1:1)';
    expect(stackFrames(withFrames)).toBe('TypeError\n    at f (file.ts:1:1)');
    const atStart = new Error('s');
    atStart.stack = '\n    at g (x.ts:2:2)';
    expect(stackFrames(atStart)).toBe('Error\n    at g (x.ts:2:2)');
    const throwing = new Error('s');
    Object.defineProperty(throwing, 'stack', {
      get() {
        throw new Error('no');
      },
    });
    expect(stackFrames(throwing)).toBeUndefined();
  });

  it('shapeOf: a tag up to 64 characters, else tuple or list', () => {
    expect(shapeOf(tuple('a'.repeat(64), 1))).toBe(`{${'a'.repeat(64)},…}`);
    expect(shapeOf(tuple('a'.repeat(65), 1))).toBe('tuple');
    expect(shapeOf([1, 2])).toBe('list');
    expect(shapeOf(tuple(1, 2))).toBe('tuple');
    expect(shapeOf(['Tag', 1])).toBe('list');
    expect(shapeOf([['ok'], 1])).toBe('list'); // a head that only prints like an atom is no tag
    expect(shapeOf({ a: 1 })).toBe('map');
  });
});
