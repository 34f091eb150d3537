import { firstValueFrom, lastValueFrom, take, toArray } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { GenServer, Runtime, bounded, events, eventsOf, exportable, ofKind, type ExportedEvent, type LogEvent, type SysEvent } from '../runtime/index.ts';

function fresh(): { rt: Runtime; logs: LogEvent[] } {
  const logs: LogEvent[] = [];
  return { rt: new Runtime({ logger: (e) => logs.push(e) }), logs };
}

describe('events()', () => {
  it('is free when nobody listens, and hot once subscribed', () => {
    const { rt } = fresh();
    expect(rt.listening).toBe(false);
    const sub = events(rt).subscribe(() => undefined);
    expect(rt.listening).toBe(true);
    sub.unsubscribe();
    expect(rt.listening).toBe(false);
  });

  it('stops listening when an operator or firstValueFrom ends its subscription', async () => {
    const { rt } = fresh();
    const p = rt.spawn((self) => self.loop(() => undefined));
    await rt.settled();
    const first = firstValueFrom(events(rt));
    const two = firstValueFrom(events(rt).pipe(take(2), toArray()));
    expect(rt.listening).toBe(true);
    rt.send(p, 'a');
    await rt.settled();
    await expect(first).resolves.toMatchObject({ kind: 'send' });
    await expect(two).resolves.toMatchObject([{ kind: 'send' }, { kind: 'in' }]);
    // nobody listens any more: the runtime is back to one check and no event work
    expect(rt.listening).toBe(false);
    const piped = eventsOf(p, rt).pipe(ofKind('in')).subscribe(() => undefined);
    expect(rt.listening).toBe(true);
    piped.unsubscribe();
    expect(rt.listening).toBe(false);
  });

  it('reports spawn, send, in and exit of a plain process, in order, with seq and time', async () => {
    const { rt } = fresh();
    const seen: SysEvent[] = [];
    // time is read only for a listener that asks for it (issue 12: timestamps on request)
    events(rt, { time: true }).subscribe((e) => seen.push(e));
    const startedAt = performance.now();
    const p = rt.spawn(async (self) => {
      await self.receive();
    });
    rt.send(p, 'hello');
    await rt.settled();
    const mine = seen.filter((e) => e.pid === p);
    expect(mine.map((e) => e.kind)).toEqual(['spawn', 'in', 'exit']);
    const send = seen.find((e) => e.kind === 'send');
    expect(send).toMatchObject({ kind: 'send', to: p, message: 'hello', delivered: true });
    // seq counts up by one per event; time is performance.now() at the event, in order
    const seqs = seen.map((e) => e.seq);
    expect(seqs).toEqual(seqs.map((_, i) => seqs[0] + i));
    const times = seen.map((e) => e.time);
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(times[0]).toBeGreaterThanOrEqual(startedAt);
    expect(times.at(-1)).toBeLessThanOrEqual(performance.now());
  });

  it('is synchronous: a GenServer event is seen before the server handles its next message', async () => {
    const { rt } = fresh();
    const order: string[] = [];
    const mod: GenServer.GenServerBehaviour<number> = {
      init: () => ['ok', 0],
      handleCast: (m, s) => {
        order.push(`handle ${String(m)}`);
        return ['noreply', s + 1];
      },
    };
    const server = GenServer.okPid(await GenServer.start(mod, undefined, { runtime: rt }));
    events(rt)
      .pipe(ofKind('noreply'))
      .subscribe((e) => order.push(`event state ${String(e.state)}`));
    GenServer.cast(server, 'a');
    GenServer.cast(server, 'b');
    await rt.settled();
    expect(order).toEqual(['handle a', 'event state 1', 'handle b', 'event state 2']);
  });

  it('sees a dead send as delivered: false', async () => {
    const { rt } = fresh();
    const p = rt.spawn(() => undefined);
    await rt.settled();
    const seen = firstValueFrom(events(rt).pipe(ofKind('send')));
    rt.send(p, 'too late');
    await expect(seen).resolves.toMatchObject({ to: p, delivered: false });
  });
});

describe('eventsOf() and ofKind()', () => {
  it('keeps one process, by pid or by name', async () => {
    const { rt } = fresh();
    const a = rt.spawn((self) => self.loop(() => undefined), { name: 'a' });
    const b = rt.spawn((self) => self.loop(() => undefined));
    const byPid = eventsOf(a, rt).pipe(ofKind('in'), take(2), toArray());
    const pending = firstValueFrom(byPid);
    const byName = firstValueFrom(eventsOf('a', rt).pipe(ofKind('in'), take(2), toArray()));
    rt.send(b, 'x');
    rt.send(a, 1);
    rt.send(b, 'y');
    rt.send(a, 2);
    const got = await pending;
    expect(got.map((e) => e.message)).toEqual([1, 2]);
    expect((await byName).map((e) => e.pid)).toEqual([a, a]);
  });
});

describe('eventsOf(pid) is finite', () => {
  it('completes after the process exits, and at once for a pid already dead', async () => {
    const { rt } = fresh();
    const p = rt.spawn(async (self) => {
      await self.receive();
    });
    const life = lastValueFrom(eventsOf(p, rt).pipe(toArray()));
    rt.send(p, 'go');
    await rt.settled();
    expect((await life).map((e) => e.kind)).toEqual(['in', 'exit']);
    expect(rt.listening).toBe(false);
    await expect(lastValueFrom(eventsOf(p, rt).pipe(toArray()))).resolves.toEqual([]);
    expect(rt.listening).toBe(false);
  });
});

describe('exportable(): the payload capture of events leaving the process', () => {
  async function exported(rt: Runtime): Promise<ExportedEvent[]> {
    const got: ExportedEvent[] = [];
    const sub = events(rt).pipe(exportable()).subscribe((e) => got.push(e));
    const server = GenServer.okPid(
      await GenServer.start<{ secret: string }, undefined>(
        { init: () => ['ok', { secret: 'hunter2' }], handleCall: (_r, _f, s) => ['reply', { token: 'abc'.repeat(1000) }, s] },
        undefined,
        { runtime: rt, name: 'vault' },
      ),
    );
    await GenServer.call(server, { password: 'hunter2' });
    rt.exit(server, 'kill');
    await rt.settled();
    sub.unsubscribe();
    return got;
  }

  it('leaves payloads out under the default redactor, and is plain JSON', async () => {
    const { rt } = fresh();
    const got = await exported(rt);
    const text = JSON.stringify(got);
    expect(text).not.toContain('hunter2');
    expect(text).not.toContain('abc');
    const inEvent = got.find((e) => e.kind === 'in' && e.name === 'vault');
    expect(inEvent).toMatchObject({ kind: 'in', messageKind: 'call', behaviour: 'gen_server' });
    // the server's pid as text, and the call's From: the caller (the runtime's external pid) and the call's tag
    expect(inEvent?.pid).toBe(got.find((e) => e.kind === 'exit' && e.name === 'vault')?.pid);
    expect(inEvent?.pid).toMatch(/^<0\.\d+\.0>$/);
    expect(inEvent?.from).toMatch(new RegExp(`^\\{${String(rt.external.pid).replace(/[.<>]/g, '\\$&')},#Ref<[\\d.]+>\\}$`));
    expect(inEvent).not.toHaveProperty('message');
    expect(got.find((e) => e.kind === 'exit' && e.name === 'vault')).toMatchObject({ reason: 'killed' });
    expect(JSON.parse(text)).toEqual(got);
  });

  it('lets through what the redactor allows, as size-limited text', async () => {
    const { rt } = fresh();
    rt.setRedactor((value, site) => (site === 'event' && typeof value === 'object' && value !== null && 'password' in value ? '<password>' : value));
    const got = await exported(rt);
    const call = got.find((e) => e.kind === 'in' && e.name === 'vault');
    expect(call?.message).toBe('<password>');
    const out = got.find((e) => e.kind === 'out' && e.name === 'vault');
    // cut at the limit (1024 characters) and marked as cut
    expect(String(out?.reply)).toHaveLength(1025);
    expect(String(out?.reply).endsWith('…')).toBe(true);
    expect(String(out?.state)).toContain('hunter2');
  });
});

describe('a subscriber that throws', () => {
  it('breaks neither the runtime nor the other subscribers, and is reported once', async () => {
    const { rt, logs } = fresh();
    const good: number[] = [];
    events(rt)
      .pipe(ofKind('in'))
      .subscribe(() => {
        throw new Error('bad subscriber');
      });
    events(rt)
      .pipe(ofKind('in'))
      .subscribe((e) => good.push(e.message as number));
    const p = rt.spawn((self) => self.loop(() => undefined));
    for (let i = 0; i < 5; i++) rt.send(p, i);
    await rt.settled();
    expect(good).toEqual([0, 1, 2, 3, 4]);
    expect(rt.isAlive(p)).toBe(true);
    expect(logs.filter((l) => l.label === 'event_subscriber_failed')).toHaveLength(1);
  });
  it('is contained the same way when subscribed to events() itself (no operator in between)', async () => {
    const { rt, logs } = fresh();
    const good: SysEvent['kind'][] = [];
    events(rt).subscribe(() => {
      throw new Error('bad root subscriber');
    });
    const observer = {
      kinds: good,
      next(e: SysEvent) {
        this.kinds.push(e.kind);
      },
    };
    const sub = events(rt).subscribe(observer);
    const p = rt.spawn((self) => self.loop(() => undefined));
    rt.send(p, 1);
    await rt.settled();
    expect(good).toEqual(['spawn', 'send', 'in']);
    expect(logs.filter((l) => l.label === 'event_subscriber_failed')).toHaveLength(1);
    sub.unsubscribe();
    expect(sub.closed).toBe(true);
    rt.send(p, 2);
    await rt.settled();
    expect(good).toHaveLength(3);
  });
});

describe('bounded()', () => {
  it('drops the oldest events for a slow consumer and counts them, without stalling the runtime', async () => {
    const { rt } = fresh();
    const stats = { dropped: 0 };
    const got: unknown[] = [];
    events(rt)
      .pipe(ofKind('in'), bounded(10, stats))
      .subscribe((e) => got.push(e.message));
    const p = rt.spawn((self) => self.loop(() => undefined));
    for (let i = 0; i < 100; i++) rt.send(p, i);
    await rt.settled();
    await new Promise((r) => setImmediate(r));
    expect(stats.dropped).toBe(90);
    expect(got).toEqual([90, 91, 92, 93, 94, 95, 96, 97, 98, 99]);
  });

  it('rejects a capacity below 1', () => {
    expect(() => bounded(0)).toThrow(RangeError);
  });
});
