/**
 * Events leaving the process, field by field: the common fields as they are
 * (never cut), the epoch timestamp, numbers, booleans and null kept as JSON
 * values, other text cut at the limit, terms formatted within it, undefined
 * fields left out; every payload field (message, reply, state, continuation,
 * data, report) through the 'event' site and the reason through 'reason'; and
 * `redactEvent`'s copy, which gains no field the event did not have.
 */
import { describe, expect, it } from 'vitest';
import {
  Pid,
  Redacted,
  Ref,
  Runtime,
  events,
  exportEvent,
  exportable,
  redactEvent,
  type ExportedEvent,
  type SysEvent,
} from '../runtime/index.ts';
import { dropEverything, recordEverything, type RedactionSite } from '../runtime/kernel/redact.ts';

function fresh(redactor?: (v: unknown, site: RedactionSite) => unknown): { rt: Runtime; pid: Pid } {
  const rt = new Runtime({ logger: () => undefined });
  if (redactor !== undefined) rt.setRedactor(redactor);
  const pid = rt.spawn(() => undefined, { name: 'a_rather_long_registered_name' });
  return { rt, pid };
}

/** An event of `pid` with the common fields filled in. */
function event(pid: Pid, fields: Record<string, unknown>): SysEvent {
  return { seq: 7, time: 1234.5, pid, name: 'a_rather_long_registered_name', behaviour: 'gen_server', ...fields } as unknown as SysEvent;
}

describe('exportEvent', () => {
  it('keeps the common fields whole (never cut), with the epoch timestamp of the event time', () => {
    const { rt, pid } = fresh();
    const out = exportEvent(event(pid, { kind: 'spawn', parent: null }), rt, 5);
    expect(out).toEqual({
      seq: 7,
      time: 1234.5,
      timestamp: 1234.5 + performance.timeOrigin,
      kind: 'spawn',
      pid: String(pid),
      name: 'a_rather_long_registered_name',
      behaviour: 'gen_server',
      parent: null,
    });
  });

  it('keeps numbers and booleans as such, cuts text after the limit, formats terms within it, leaves undefined out', () => {
    const { rt, pid } = fresh();
    const ref = new Ref();
    expect(exportEvent(event(pid, { kind: 'receive-timeout', after: 5000 }), rt)).toMatchObject({ after: 5000 });
    const label = exportEvent(event(pid, { kind: 'crash-report', label: 'supervisor:child_terminated', report: undefined }), rt, 10);
    expect(label.label).toBe('supervisor…');
    expect(Object.keys(label)).not.toContain('report');
    expect(exportEvent(event(pid, { kind: 'crash-report', label: 'exactly_10' }), rt, 10).label).toBe('exactly_10');
    const mon = exportEvent(event(pid, { kind: 'monitor', ref, target: ['a_long_registered_name', 'nonode@nohost'] }), rt, 12);
    expect(mon.ref).toBe(String(ref).length > 12 ? `${String(ref).slice(0, 12)}…` : String(ref));
    expect(mon.target).toBe('[a_long_regi…');
    const out = exportEvent(event(pid, { kind: 'out', reply: 'r', to: pid, hasState: false, state: undefined }), rt);
    expect(out.hasState).toBe(false);
    expect(out.to).toBe(String(pid));
    expect(Object.keys(out)).not.toContain('state');
    expect(Object.keys(out)).not.toContain('reply'); // a payload, left out by the default redactor
    const info = exportEvent(event(pid, { kind: 'in', messageKind: 'info', message: 'x', from: undefined }), rt);
    expect(Object.keys(info)).not.toContain('from');
  });

  it("passes every payload field through the 'event' site and the reason through 'reason'", () => {
    const asked: [unknown, RedactionSite][] = [];
    const { rt, pid } = fresh((v, site) => {
      asked.push([v, site]);
      return site === 'reason' ? 'why' : `seen ${String(v)}`;
    });
    const payloads = { message: 'm', reply: 'r', state: 's', continuation: 'c', data: 'd', report: 'p' };
    const out = exportEvent(event(pid, { kind: 'custom', ...payloads, reason: 'x' }), rt);
    for (const [field, value] of Object.entries(payloads)) expect(out[field]).toBe(`seen ${value}`);
    expect(out.reason).toBe('why');
    expect(asked.map(([, site]) => site).sort()).toEqual(['event', 'event', 'event', 'event', 'event', 'event', 'reason']);
  });

  it('under the default redactor: payloads left out, a reason summarised, a withheld reason as its kind', () => {
    const { rt, pid } = fresh();
    const out = exportEvent(event(pid, { kind: 'continue', continuation: { secret: 1 } }), rt);
    expect(Object.keys(out)).not.toContain('continuation');
    expect(exportEvent(event(pid, { kind: 'exit', reason: ['shutdown', { secret: 1 }] }), rt).reason).toBe('[shutdown,<map>]');
    rt.setRedactor(dropEverything);
    expect(exportEvent(event(pid, { kind: 'exit', reason: { secret: 1 } }), rt).reason).toBe('<map>');
  });

  it("exportable() without a runtime uses the event's own runtime (its redactor)", async () => {
    const { rt } = fresh(recordEverything);
    const got: ExportedEvent[] = [];
    const sub = events(rt).pipe(exportable()).subscribe((e) => got.push(e));
    const p = rt.spawn(async (self) => {
      await self.receive();
    });
    rt.send(p, 'hello');
    await rt.settled();
    sub.unsubscribe();
    expect(got.find((e) => e.kind === 'in')?.message).toBe('hello');
    const limited: ExportedEvent[] = [];
    const sub2 = events(rt).pipe(exportable(undefined, 3)).subscribe((e) => limited.push(e));
    const q = rt.spawn(async (self) => {
      await self.receive();
    });
    rt.send(q, 'hello');
    await rt.settled();
    sub2.unsubscribe();
    expect(limited.find((e) => e.kind === 'in')?.message).toBe('hel…');
  });

  it("exportable(rt) uses the runtime it is given, not the event's", async () => {
    const { rt } = fresh(recordEverything);
    const { rt: masking } = fresh((v, site) => (site === 'event' ? 'masked' : v));
    const got: ExportedEvent[] = [];
    const sub = events(rt).pipe(exportable(masking)).subscribe((e) => got.push(e));
    const p = rt.spawn(async (self) => {
      await self.receive();
    });
    rt.send(p, 'hello');
    await rt.settled();
    sub.unsubscribe();
    expect(got.find((e) => e.kind === 'in')?.message).toBe('masked');
  });
});

describe('redactEvent', () => {
  it('redacts the term fields the event has and adds none', () => {
    const { pid } = fresh();
    const e = event(pid, { kind: 'out', reply: { secret: 1 }, to: pid, hasState: false });
    const copy = redactEvent(dropEverything, e, 'log');
    expect(Object.keys(copy)).toEqual(Object.keys(e));
    expect(copy).toMatchObject({ reply: new Redacted('map'), to: pid, hasState: false });
  });

  it('leaves a term field that is there but undefined undefined, whatever the redactor makes of undefined', () => {
    const { pid } = fresh();
    const e = event(pid, { kind: 'out', reply: 'r', to: pid, hasState: false, state: undefined });
    const copy = redactEvent(() => 'masked', e, 'log') as unknown as Record<string, unknown>;
    expect(copy.state).toBeUndefined();
    expect(copy.reply).toBe('masked');
  });

  it('covers message, reply, state, continuation, data, report and reason', () => {
    const { pid } = fresh();
    const fields = { message: { a: 1 }, reply: { a: 1 }, state: { a: 1 }, continuation: { a: 1 }, data: { a: 1 }, report: { a: 1 }, reason: { a: 1 } };
    const copy = redactEvent(dropEverything, event(pid, { kind: 'custom', ...fields, other: { a: 1 } }), 'log') as unknown as Record<string, unknown>;
    for (const field of Object.keys(fields)) expect([field, copy[field]]).toEqual([field, new Redacted('map')]);
    expect(copy.other).toEqual({ a: 1 });
  });
});
