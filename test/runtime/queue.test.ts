/**
 * The ring buffer under mailboxes and the run queue, against an array model:
 * every operation (push, shift, pop, at, removeAt, clear, release, compact) at every fill
 * and wrap-around of 8- and 16-slot rings, growth and shrinking; and the
 * mailbox case it exists for: selective receive from a full ring keeps every
 * other message, in order.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Queue } from '../../runtime/kernel/queue.ts';
import { fresh, inProcess } from './helpers.ts';

type Op =
  | { readonly op: 'push'; readonly n: number }
  | { readonly op: 'shift' }
  | { readonly op: 'pop' }
  | { readonly op: 'compact' }
  | { readonly op: 'removeAt'; readonly at: number }
  | { readonly op: 'at'; readonly at: number }
  | { readonly op: 'clear' }
  | { readonly op: 'release' };

const ops: fc.Arbitrary<Op[]> = fc.array(
  fc.oneof(
    { arbitrary: fc.record({ op: fc.constant('push' as const), n: fc.integer({ min: 1, max: 40 }) }), weight: 5 },
    { arbitrary: fc.constant({ op: 'shift' as const }), weight: 4 },
    { arbitrary: fc.constant({ op: 'pop' as const }), weight: 2 },
    { arbitrary: fc.constant({ op: 'compact' as const }), weight: 1 },
    { arbitrary: fc.record({ op: fc.constant('removeAt' as const), at: fc.integer({ min: -1, max: 70 }) }), weight: 4 },
    { arbitrary: fc.record({ op: fc.constant('at' as const), at: fc.integer({ min: -1, max: 70 }) }), weight: 2 },
    { arbitrary: fc.constant({ op: 'clear' as const }), weight: 1 },
    { arbitrary: fc.constant({ op: 'release' as const }), weight: 1 },
  ),
  { maxLength: 60 },
);

/** The smallest ring (a power of two, at least 8) that holds `n` items. */
function ringFor(n: number): number {
  let cap = 8;
  while (cap < n) cap *= 2;
  return cap;
}

describe('Queue', () => {
  it('behaves as an array under any sequence of operations, from capacity 0, 8 and 16', () => {
    fc.assert(
      fc.property(fc.constantFrom(0, 8, 16), ops, (capacity, script) => {
        const q = new Queue<number>(capacity);
        const model: number[] = [];
        let next = 0;
        for (const o of script) {
          switch (o.op) {
            case 'push':
              for (let k = 0; k < o.n; k++) {
                q.push(next);
                model.push(next++);
              }
              break;
            case 'shift':
              expect(q.shift()).toBe(model.shift());
              break;
            case 'pop':
              expect(q.pop()).toBe(model.pop());
              break;
            case 'compact': {
              // an empty ring gives back all its slots; another shrinks to the smallest ring that holds its items
              const before = q.capacity;
              const after = model.length === 0 ? 0 : Math.min(before, ringFor(model.length));
              expect(q.compact()).toBe(before - after);
              expect(q.capacity).toBe(after);
              break;
            }
            case 'removeAt': {
              const expected = o.at >= 0 && o.at < model.length ? model.splice(o.at, 1)[0] : undefined;
              expect(q.removeAt(o.at)).toBe(expected);
              break;
            }
            case 'at':
              expect(q.at(o.at)).toBe(o.at >= 0 ? model[o.at] : undefined);
              break;
            case 'clear': {
              // an empty ring of at most 8 slots (or none) is left as it is; any other goes back to 8 slots
              const kept = model.length === 0 && q.capacity <= 8 ? q.capacity : 8;
              q.clear();
              model.length = 0;
              expect(q.capacity).toBe(kept);
              break;
            }
            case 'release':
              q.release();
              model.length = 0;
              expect(q.capacity).toBe(0);
              break;
          }
          expect(q.length).toBe(model.length);
          expect(q.toArray()).toEqual(model);
          expect(q.capacity).toBeGreaterThanOrEqual(model.length);
        }
      }),
      { numRuns: 400 },
    );
  });

  it('removes from the middle of a full, wrapped 8- and 16-slot ring without touching the oldest', () => {
    for (const slots of [8, 16]) {
      for (let wrap = 0; wrap < slots; wrap++) {
        for (let i = 0; i < slots; i++) {
          const q = new Queue<string>(slots);
          // move the head `wrap` slots along, then fill the ring exactly
          for (let k = 0; k < wrap; k++) q.push('old');
          for (let k = 0; k < wrap; k++) q.shift();
          const items = Array.from({ length: slots }, (_, k) => `m${k}`);
          for (const m of items) q.push(m);
          expect(q.capacity).toBe(slots);
          expect(q.removeAt(i)).toBe(items[i]);
          const rest = items.filter((_, k) => k !== i);
          expect(q.toArray()).toEqual(rest);
          expect(q.length).toBe(slots - 1);
          // the freed slot takes the next push; nothing old comes back
          q.push('new');
          expect(q.capacity).toBe(slots);
          expect(q.toArray()).toEqual([...rest, 'new']);
          const drained: (string | undefined)[] = [];
          while (q.length > 0) drained.push(q.shift());
          expect(drained).toEqual([...rest, 'new']);
          expect(q.shift()).toBeUndefined();
        }
      }
    }
  });

  it('reads nothing outside the items, also in a full, wrapped ring (where the slots around the items are taken)', () => {
    const q = new Queue<number>(8);
    for (let i = 0; i < 5; i++) q.push(i);
    for (let i = 0; i < 5; i++) q.shift();
    for (let i = 0; i < 8; i++) q.push(10 + i);
    expect(q.capacity).toBe(8);
    expect(q.at(-1)).toBeUndefined();
    expect(q.at(8)).toBeUndefined();
    expect(q.removeAt(-1)).toBeUndefined();
    expect(q.removeAt(8)).toBeUndefined();
    expect(q.toArray()).toEqual([10, 11, 12, 13, 14, 15, 16, 17]);
  });

  it('a 64-slot ring shrinks by shift and by removeAt; a 32-slot one by neither', () => {
    const byShift = new Queue<number>(64);
    for (let i = 0; i < 20; i++) byShift.push(i);
    while (byShift.length > 15) byShift.shift();
    expect(byShift.capacity).toBe(64);
    byShift.shift();
    expect(byShift.capacity).toBe(32);
    expect(byShift.toArray()).toEqual([6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19]);
    const small = new Queue<number>(32);
    for (let i = 0; i < 20; i++) small.push(i);
    while (small.length > 1) small.removeAt(small.length - 1);
    expect(small.capacity).toBe(32);
    expect(small.toArray()).toEqual([0]);
  });

  it('grows by doubling when full and shrinks by half when a big ring falls under a quarter full', () => {
    const q = new Queue<number>();
    expect(q.capacity).toBe(8);
    for (let i = 0; i < 8; i++) q.push(i);
    expect(q.capacity).toBe(8);
    q.push(8);
    expect(q.capacity).toBe(16);
    for (let i = 9; i < 128; i++) q.push(i);
    expect(q.capacity).toBe(128);
    // 128 slots: shrinks when fewer than 127 >> 2 = 31 are left
    while (q.length > 31) q.shift();
    expect(q.capacity).toBe(128);
    q.shift();
    expect(q.capacity).toBe(64);
    expect(q.toArray()).toEqual(Array.from({ length: 30 }, (_, k) => 98 + k));
    // 64 slots: shrinks under 15 left, by removal from the middle too
    while (q.length > 15) q.removeAt(1);
    expect(q.capacity).toBe(64);
    q.removeAt(1);
    expect(q.capacity).toBe(32);
    expect(q.toArray()).toEqual([98, ...Array.from({ length: 13 }, (_, k) => 115 + k)]);
    // rings under 64 slots never shrink
    while (q.length > 1) q.shift();
    expect(q.capacity).toBe(32);
  });

  it('sizes a requested capacity up to a power of two; 0 allocates nothing until the first push', () => {
    expect(new Queue(1).capacity).toBe(8);
    expect(new Queue(9).capacity).toBe(16);
    expect(new Queue(16).capacity).toBe(16);
    expect(new Queue(100).capacity).toBe(ringFor(100));
    const lazy = new Queue<string>(0);
    expect(lazy.capacity).toBe(0);
    expect(lazy.length).toBe(0);
    expect(lazy.shift()).toBeUndefined();
    expect(lazy.at(0)).toBeUndefined();
    expect(lazy.toArray()).toEqual([]);
    lazy.push('a');
    expect(lazy.capacity).toBe(8);
    expect(lazy.toArray()).toEqual(['a']);
  });

  it('compact shrinks a ring to the smallest that holds its items, keeps one that fits, and drops an empty one', () => {
    const q = new Queue<number>(16);
    q.push(1);
    q.push(2);
    expect(q.compact()).toBe(8);
    expect([q.capacity, q.toArray()]).toEqual([8, [1, 2]]);
    expect(q.compact()).toBe(0);
    expect(q.capacity).toBe(8);
    const wrapped = new Queue<number>(32);
    for (let i = 0; i < 30; i++) wrapped.push(i);
    for (let i = 0; i < 20; i++) wrapped.shift();
    for (let i = 30; i < 35; i++) wrapped.push(i); // 15 items, wrapped round the 32-slot ring
    expect(wrapped.compact()).toBe(16);
    expect(wrapped.toArray()).toEqual(Array.from({ length: 15 }, (_, k) => 20 + k));
    wrapped.push(99);
    expect(wrapped.toArray().at(-1)).toBe(99);
    while (wrapped.length > 0) wrapped.shift();
    expect(wrapped.compact()).toBe(16);
    expect(wrapped.capacity).toBe(0);
  });

  it('clear keeps a small empty ring as it is and gives a grown one back its 8 slots', () => {
    const q = new Queue<number>();
    for (let i = 0; i < 20; i++) q.push(i);
    q.clear();
    expect([q.length, q.capacity, q.toArray()]).toEqual([0, 8, []]);
    q.push(1);
    q.push(2);
    expect(q.toArray()).toEqual([1, 2]);
    q.release();
    expect([q.length, q.capacity]).toEqual([0, 0]);
    q.push(3);
    expect([q.toArray(), q.capacity]).toEqual([[3], 8]);
  });
});

describe('selective receive from a full mailbox ring', () => {
  for (const slots of [8, 16]) {
    it(`takes the matching message out of a full ${slots}-slot mailbox and keeps every other one, in order`, async () => {
      const { rt } = fresh();
      const got = await inProcess(rt, async (self) => {
        const out: unknown[] = [];
        // wrap the ring first: take a few messages, so the head is not at slot 0
        for (let k = 0; k < 3; k++) self.send(self.pid, `warm${k}`);
        for (let k = 0; k < 3; k++) out.push(await self.receive());
        for (let k = 0; k < slots; k++) self.send(self.pid, k);
        const before = rt.processInfo(self.pid)?.messages;
        // the last, a middle one and the oldest, by selective receive
        out.push(await self.receive((m) => m === slots - 1, 0)); // all are queued: `after 0` never waits
        out.push(await self.receive((m) => m === 3, 0));
        out.push(await self.receive((m) => m === 0, 0));
        const left: unknown[] = [];
        for (let k = 0; k < slots - 3; k++) left.push(await self.receive(null, 0));
        return { out, before, left, after: rt.processInfo(self.pid)?.messageQueueLen };
      });
      expect(got.out).toEqual(['warm0', 'warm1', 'warm2', slots - 1, 3, 0]);
      expect(got.before).toEqual(Array.from({ length: slots }, (_, k) => k));
      expect(got.left).toEqual(Array.from({ length: slots }, (_, k) => k).filter((k) => k !== 0 && k !== 3 && k !== slots - 1));
      expect(got.after).toBe(0);
    });
  }
});
