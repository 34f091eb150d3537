/**
 * The diagnostics endpoint's JSON API and event stream against a live
 * runtime: the node header, the top-N table (sorting, paging, rates, the call
 * a process waits on), the process view (state only through formatStatus and
 * the redactor, queued messages as shapes), the supervision tree with a
 * restart, and the collector's life: nothing counted or listened to until a
 * client comes, everything dropped after the last one leaves.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { start, type Diagnostics } from '../../diagnostics/index.ts';
import { GenServer, Runtime, Supervisor, type LogEvent, type Pid, type Redactor } from '../../runtime/index.ts';
import { call, eventually, openStream } from './client.ts';

let diag: Diagnostics | null = null;
let rt: Runtime;
const logs: LogEvent[] = [];

async function setup(opts: Parameters<typeof start>[0] = {}): Promise<Diagnostics> {
  rt = new Runtime({ logger: (e) => logs.push(e) });
  diag = await start({ runtime: rt, warn: () => undefined, ...opts });
  return diag;
}

afterEach(async () => {
  await diag?.close();
  diag = null;
  for (const pid of rt.processes()) rt.exit(pid, 'kill');
  logs.length = 0;
});

const idle = (): Pid => rt.spawn((self) => self.loop(() => undefined));
/** A process that never takes a message (its mailbox fills). */
const deaf = (): Pid => rt.spawn((self) => self.receive((m) => m === 'never-sent'));

describe('node header and table', () => {
  it('counts nothing and listens to nothing until a client comes', async () => {
    const d = await setup();
    idle();
    await rt.settled();
    expect(rt.countingMessages).toBe(false);
    expect(rt.interest.size).toBe(0);
    expect(d.collector.attached).toBe(false);
    const r = await call(d, '/api/node');
    expect(r.status).toBe(200);
    expect(r.body.processes).toBe(1);
    expect(rt.countingMessages).toBe(true);
    expect(rt.interest.size).toBe(1);
    for (const f of ['messagesInPerSecond', 'messagesOutPerSecond', 'runQueue', 'slicesPerSecond', 'yieldsPerSecond', 'loop', 'sampleMs', 'countingSince']) expect(r.body).toHaveProperty(f);
    const loop = r.body.loop as Record<string, unknown>;
    expect(loop.heapUsed).toBeGreaterThan(0);
    expect(loop.utilization).toBeGreaterThanOrEqual(0);
  });

  it('sorts by any column, pages, and shows rates, labels and the call a process waits on', async () => {
    const d = await setup();
    const full = deaf();
    const half = deaf();
    const labelled = rt.spawn((self) => {
      self.setLabel(['conn', 7]);
      self.loop(() => undefined);
    });
    const stuck = GenServer.okPid(await rt.runAs(rt.external, () => GenServer.start({ init: () => ['ok', null], handleCall: () => new Promise<never>(() => undefined) }, undefined, { name: 'stuck' })));
    const caller = rt.spawn(async (self) => {
      await GenServer.call(stuck, 'hang', { caller: self, timeout: 60_000 }).catch(() => undefined);
    });
    for (let i = 0; i < 20; i++) idle();
    await call(d, '/api/node'); // a client: counting starts
    for (let i = 0; i < 30; i++) rt.send(full, i);
    for (let i = 0; i < 10; i++) rt.send(half, i);
    for (let i = 0; i < 5; i++) rt.send(labelled, i);
    await rt.settled();
    d.collector.sample();

    const byMailbox = await call(d, '/api/processes?sort=mailbox&limit=2');
    expect(byMailbox.status).toBe(200);
    expect(byMailbox.body.total).toBe(25);
    const rows = byMailbox.body.rows as { pid: string; mailbox: number; in: number; inRate: number }[];
    expect(rows.map((r) => [r.pid, r.mailbox])).toEqual([
      [String(full), 30],
      [String(half), 10],
    ]);
    expect(rows[0].in).toBe(30);
    expect(rows[0].inRate).toBeGreaterThan(0);

    const page2 = await call(d, '/api/processes?sort=mailbox&limit=2&offset=1');
    expect((page2.body.rows as { pid: string }[]).map((r) => r.pid)).toEqual([String(half), String((page2.body.rows as { pid: string }[])[1].pid)]);

    const byIn = await call(d, '/api/processes?sort=in&order=desc&limit=3');
    expect((byIn.body.rows as { pid: string }[]).map((r) => r.pid).slice(0, 3)).toEqual([String(full), String(half), String(labelled)]);
    const byPid = await call(d, '/api/processes?sort=pid&order=asc&limit=500');
    const ids = (byPid.body.rows as { id: number }[]).map((r) => r.id);
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    const all = byPid.body.rows as { pid: string; label: string | null; call: { server: string; serverName: string; call: string } | null; status: string }[];
    expect(all.find((r) => r.pid === String(labelled))?.label).toBe('[conn,7]');
    expect(all.find((r) => r.pid === String(caller))?.call).toMatchObject({ server: String(stuck), serverName: 'stuck', call: 'gen_server:call' });
    expect(all.find((r) => r.pid === String(stuck))?.status).toBe('busy');

    expect((await call(d, '/api/processes?sort=nope')).body.error).toBe('bad_query');
    expect((await call(d, '/api/processes?limit=100000')).status).toBe(400);
  });
});

describe('process view', () => {
  it('shows links, monitors, queued shapes and the state through formatStatus', async () => {
    const d = await setup();
    const server = GenServer.okPid(
      await rt.runAs(rt.external, () =>
        GenServer.start(
          {
            init: () => ['ok', { user: 'ann', password: 'hunter2' }],
            handleCall: (_r, _f, s) => ['reply', 'ok', s],
            formatStatus: (_reason, state) => ({ ...(state as object), password: '****' }),
          },
          undefined,
          { name: 'accounts' },
        ),
      ),
    );
    const other = deaf();
    const r = await call(d, `/api/processes/${encodeURIComponent(String(server))}`);
    expect(r.status).toBe(200);
    expect(r.body.name).toBe('accounts');
    expect(r.body.behaviour).toBe('gen_server');
    const state = r.body.state as { available: boolean; text: string };
    expect(state.available).toBe(true);
    expect(state.text).toContain('****');
    expect(r.text).not.toContain('hunter2');

    rt.send(other, ['subscribe', { token: 'secret-in-message' }]);
    rt.send(other, 'ping');
    await rt.settled();
    const v = await call(d, `/api/processes/${String(other).slice(1, -1)}`);
    expect(v.body.queued).toEqual(['{subscribe,…}', 'atom']);
    expect(v.text).not.toContain('secret-in-message');
    const plain = v.body.state as { available: boolean; why: string };
    expect(plain.available).toBe(false);
  });

  it("never shows a state the redactor withholds ('status' site)", async () => {
    const d = await setup();
    const withhold: Redactor = (v, site) => (site === 'status' ? undefined : v);
    rt.setRedactor(withhold);
    const server = GenServer.okPid(await rt.runAs(rt.external, () => GenServer.start({ init: () => ['ok', { apiKey: 'sk-live-123' }] }, undefined)));
    server.proc.put('session', 'dict-secret');
    const r = await call(d, `/api/processes/${String(server)}`);
    expect(r.status).toBe(200);
    expect(r.text).not.toContain('sk-live-123');
    expect(r.text).not.toContain('dict-secret');
    expect((r.body.state as { text: string }).text).toMatch(/<(list|map)>/);
  });

  it('answers 404 for an unknown pid and 400 for text that is not a pid', async () => {
    const d = await setup();
    const gone = idle();
    rt.exit(gone, 'kill');
    const r = await call(d, `/api/processes/${String(gone)}`);
    expect(r.status).toBe(404);
    expect(r.body.error).toBe('no_such_process');
    const bad = await call(d, '/api/processes/robert');
    expect(bad.status).toBe(400);
    expect(bad.body.error).toBe('bad_pid');
  });
});

describe('supervision tree', () => {
  it('shows strategy, intensity, children, and a restart with its history (also pushed on the event stream)', async () => {
    const d = await setup();
    const worker = { init: () => ['ok', null] as const, handleCall: (_r: unknown, _f: unknown, s: null) => ['reply', 'ok', s] as const };
    const sup = GenServer.okPid(
      await rt.runAs(rt.external, () =>
        Supervisor.start(
          {
            init: () => [
              'ok',
              { strategy: 'one_for_one', intensity: 5, period: 10 },
              [
                { id: 'w1', start: () => GenServer.startLink(worker, undefined, { name: 'w1' }) },
                { id: 'w2', start: () => GenServer.startLink(worker, undefined) },
              ],
            ],
          },
          undefined,
          { name: 'top_sup' },
        ),
      ),
    );
    const events = await openStream(d);
    const before = await call(d, '/api/tree');
    const [root] = before.body.roots as { pid: string; name: string; strategy: string; intensity: number; period: number; children: { id: string; restarts: number; pid: string }[] }[];
    expect(root).toMatchObject({ pid: String(sup), name: 'top_sup', strategy: 'one_for_one', intensity: 5, period: 10 });
    expect(root.children.map((c) => [c.id, c.restarts])).toEqual([
      ['w1', 0],
      ['w2', 0],
    ]);
    rt.exit(rt.whereis('w1') as Pid, 'kill');
    await events.next('tree');
    await rt.settled();
    const after = await call(d, '/api/tree');
    const [r2] = after.body.roots as { restartsInPeriod: number; restartsSeen: number; history: { childId: string; reason: string }[]; children: { id: string; restarts: number; pid: string }[] }[];
    expect(r2.children.find((c) => c.id === 'w1')?.restarts).toBe(1);
    expect(r2.restartsInPeriod).toBe(1);
    expect(r2.restartsSeen).toBe(1);
    expect(r2.history).toMatchObject([{ childId: 'w1', reason: 'killed' }]);
    // the new w1 shows its restart in the table too
    const table = await call(d, '/api/processes?sort=restarts&limit=3');
    // the supervisor (its children's restarts) and the new w1 (its slot's), then the rest
    expect((table.body.rows as { name: string; restarts: number }[]).map((r) => [r.name, r.restarts])).toEqual([
      ['top_sup', 1],
      ['w1', 1],
      [null, 0],
    ]);
    events.close();
    await GenServer.stop(sup);
  });
});

describe('event stream and the collector', () => {
  it('pushes node headers, and releases everything when the last client leaves', async () => {
    const d = await setup({ leaseMs: 100_000 });
    idle();
    const s = await openStream(d);
    expect(rt.countingMessages).toBe(true);
    expect(d.sessions).toBe(1);
    d.collector.sample();
    const h = await s.next('node');
    expect(h.processes).toBe(1);
    s.close();
    await eventually(() => d.sessions === 0);
    expect(rt.countingMessages).toBe(false);
    expect(rt.interest.size).toBe(0);
    expect(d.collector.samples.size).toBe(0);
  });
});
