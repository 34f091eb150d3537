/**
 * GenStatem beyond the conformance scenarios: the typed protocol (the `@ts-expect-error` lines are checked
 * by `npm run typecheck`), the `state-changed` stream event, async state callbacks, timeouts on fake
 * time, and starting/reaching a state machine through a via registry of one's own.
 */
import { describe, expect, it, vi } from 'vitest';
import { GenServer, GenStatem, Pid, events, ofKind, sys, tuple, type StateChangedEvent, type ViaRegistry } from '../../runtime/index.ts';
import { fresh, inProcess } from './helpers.ts';

type DoorState = 'locked' | 'open';
interface DoorProtocol {
  call: { request: readonly ['unlock', string]; reply: 'ok' | 'wrong' } | { request: 'state'; reply: DoorState };
  cast: 'lock';
}

const Door: GenStatem.StateFunctionsStatem<DoorState, { code: string }, string, DoorProtocol> = {
  name: 'door',
  callbackMode: ['state_functions', 'state_enter'],
  init: (code) => ['ok', 'locked', { code }],
  states: {
    locked(e, d) {
      if (e.type === 'enter') return 'keep_state_and_data';
      if (e.type === 'call' && e.content === 'state') return ['keep_state_and_data', [['reply', e.from, 'locked']]];
      if (e.type === 'call' && Array.isArray(e.content)) {
        return e.content[1] === d.code ? ['next_state', 'open', d, [['reply', e.from, 'ok']]] : ['keep_state_and_data', [['reply', e.from, 'wrong']]];
      }
      return 'keep_state_and_data';
    },
    open(e, d) {
      if (e.type === 'enter') return ['keep_state', d, [['state_timeout', 1000, 'relock']]];
      if (e.type === 'state_timeout' || (e.type === 'cast' && e.content === 'lock')) return ['next_state', 'locked', d];
      if (e.type === 'call' && e.content === 'state') return ['keep_state_and_data', [['reply', e.from, 'open']]];
      return ['keep_state_and_data', ['postpone']];
    },
  },
};

/** Never called: each marked line must fail to compile. */
export async function typeErrors(door: GenStatem.Statem<DoorProtocol, DoorState>): Promise<void> {
  // @ts-expect-error a request the protocol does not have
  await GenStatem.call(door, 'nope');
  // @ts-expect-error a cast the protocol does not have
  GenStatem.cast(door, 'unlock');
  const reply: 'ok' | 'wrong' = await GenStatem.call(door, tuple('unlock', '1234'));
  void reply;
  const bad: GenStatem.StateFunctionsStatem<DoorState, null> = {
    callbackMode: 'state_functions',
    init: () => ['ok', 'locked', null],
    states: {
      // @ts-expect-error a state that is not one of the machine's states
      locked: () => ['next_state', 'ajar', null],
      open: () => 'keep_state_and_data',
    },
  };
  void bad;
  // @ts-expect-error a state function missing
  const missing: GenStatem.StateFunctionsStatem<DoorState, null> = { callbackMode: 'state_functions', init: () => ['ok', 'locked', null], states: { locked: () => 'keep_state_and_data' } };
  void missing;
  // @ts-expect-error init into a state the machine does not have
  const badInit: GenStatem.HandleEventStatem<DoorState, null> = { callbackMode: 'handle_event_function', init: () => ['ok', 'ajar', null], handleEvent: () => 'keep_state_and_data' };
  void badInit;
}

describe('GenStatem', () => {
  it('types calls by protocol and emits state-changed events with the previous state, the new one and the data', async () => {
    const { rt } = fresh();
    const seen: StateChangedEvent[] = [];
    const sub = events(rt).pipe(ofKind('state-changed')).subscribe((e) => seen.push(e));
    const door = GenStatem.okPid(await GenStatem.start(Door, '1234', { runtime: rt }));
    expect(await GenStatem.call(door, tuple('unlock', '0000'))).toBe('wrong');
    expect(await GenStatem.call(door, tuple('unlock', '1234'))).toBe('ok');
    GenStatem.cast(door, 'lock');
    expect(await GenStatem.call(door, 'state')).toBe('locked');
    sub.unsubscribe();
    expect(seen.map((e) => [e.pid, e.previous, e.state, e.data])).toEqual([
      [door, 'locked', 'open', { code: '1234' }],
      [door, 'open', 'locked', { code: '1234' }],
    ]);
    await GenStatem.stop(door);
  });

  it('runs a state timeout set on entry on the runtime clock (fake timers)', async () => {
    vi.useFakeTimers();
    try {
      const { rt } = fresh();
      const door = GenStatem.okPid(await GenStatem.start(Door, '1', { runtime: rt }));
      await GenStatem.call(door, tuple('unlock', '1'));
      expect(GenStatem.stateOf(door)?.state).toBe('open');
      await vi.advanceTimersByTimeAsync(999);
      expect(GenStatem.stateOf(door)?.state).toBe('open');
      await vi.advanceTimersByTimeAsync(1);
      expect(GenStatem.stateOf(door)?.state).toBe('locked');
      expect(await GenStatem.getState(door)).toEqual(['locked', { code: '1' }]);
      await GenStatem.stop(door);
    } finally {
      vi.useRealTimers();
    }
  });

  it('fires an absolute generic timeout at its Date.now() time (fake timers)', async () => {
    vi.useFakeTimers();
    try {
      const { rt } = fresh();
      const at = Date.now() + 500;
      const Alarm: GenStatem.HandleEventStatem<'armed' | 'rang', null, null> = {
        callbackMode: 'handle_event_function',
        init: () => ['ok', 'armed', null, [[tuple('timeout', 'alarm'), at, 'ring', { abs: true }]]],
        handleEvent: (e) => (e.type === 'generic_timeout' && e.name === 'alarm' ? ['next_state', 'rang', null] : 'keep_state_and_data'),
      };
      const m = GenStatem.okPid(await GenStatem.start(Alarm, null, { runtime: rt }));
      await vi.advanceTimersByTimeAsync(499);
      expect(GenStatem.stateOf(m)?.state).toBe('armed');
      await vi.advanceTimersByTimeAsync(1);
      expect(GenStatem.stateOf(m)?.state).toBe('rang');
      await GenStatem.stop(m);
    } finally {
      vi.useRealTimers();
    }
  });

  it('waits for an async state callback before the next event, postponed events included', async () => {
    const { rt } = fresh();
    const order: string[] = [];
    const Slow: GenStatem.HandleEventStatem<'a' | 'b', null, null, { call: { request: string; reply: string }; cast: string }> = {
      callbackMode: 'handle_event_function',
      init: () => ['ok', 'a', null],
      async handleEvent(e, s) {
        if (e.type === 'cast' && s === 'a' && e.content !== 'go') return ['keep_state_and_data', ['postpone']];
        if (e.type === 'cast' && e.content === 'go') {
          await new Promise((r) => setTimeout(r, 5));
          order.push('go');
          return ['next_state', 'b', null];
        }
        if (e.type === 'cast') order.push(e.content);
        if (e.type === 'call') return ['keep_state_and_data', [['reply', e.from, s]]];
        return 'keep_state_and_data';
      },
    };
    const m = GenStatem.okPid(await GenStatem.start(Slow, null, { runtime: rt }));
    GenStatem.cast(m, 'x');
    GenStatem.cast(m, 'go');
    GenStatem.cast(m, 'y');
    expect(await GenStatem.call(m, 'which')).toBe('b');
    expect(order).toEqual(['go', 'x', 'y']);
    await GenStatem.stop(m);
  });

  it('starts under a via registry of its own, reached by call, cast, send, sys and monitor; the name goes on exit', async () => {
    const { rt } = fresh();
    const table = new Map<string, Pid>();
    const registry: ViaRegistry<string> = {
      registerName: (name, pid) => (table.has(name) ? 'no' : (table.set(name, pid), 'yes')),
      unregisterName: (name) => table.delete(name),
      whereisName: (name) => {
        const p = table.get(name);
        return p !== undefined && rt.processInfo(p) !== undefined ? p : undefined;
      },
      send: (name, msg) => {
        const p = table.get(name);
        if (p === undefined) throw new Error('not registered');
        rt.send(p, msg);
        return p;
      },
    };
    const name = { via: registry, name: 'front-door' };
    const door = GenStatem.okPid(await GenStatem.start(Door, '7', { name, runtime: rt }));
    expect(table.get('front-door')).toBe(door);
    expect(await GenStatem.start(Door, '7', { name, runtime: rt })).toEqual(['error', ['already_started', door]]);
    expect(await GenStatem.call(name, tuple('unlock', '7'))).toBe('ok');
    GenStatem.cast(name, 'lock');
    expect(await sys.getState(name)).toEqual(['locked', { code: '7' }]);
    expect(await GenServer.call(name, 'state')).toBe('locked');
    const down = await inProcess(rt, async (self) => {
      const ref = self.monitor(name);
      rt.send(name, 'ignored');
      const stopped = GenStatem.stop(name);
      const m = await self.receive((x) => x instanceof Object && 'ref' in x && x.ref === ref);
      await stopped;
      return m as { object: unknown; reason: unknown };
    });
    expect(down.object).toBe(door);
    expect(down.reason).toBe('normal');
    // the registry decides when a name goes; a dead pid is not where the name is
    expect(registry.whereisName('front-door')).toBeUndefined();
    await expect(GenStatem.call(name, 'state')).rejects.toMatchObject({ reason: 'noproc' });
  });

  it('refuses a bad start name in the caller', () => {
    const { rt } = fresh();
    expect(() => GenStatem.start(Door, '1', { name: '' as string, runtime: rt })).toThrow(/name must be/);
  });
});
