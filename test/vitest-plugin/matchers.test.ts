/** The matchers: pass, `.not`, and failure messages that show what the process did. */
import { describe, expect, it } from 'vitest';
import { GenServer, runtime, send, spawn, tuple, type Pid } from '../../runtime/index.ts';
import { settled } from '../../vitest-plugin/index.ts';

const Store: GenServer.GenServerBehaviour<{ items: string[] }, null, { call: { request: 'items'; reply: string[] }; cast: readonly ['add', string] }> = {
  name: 'Store',
  init: () => ['ok', { items: [] }],
  handleCall: (_r, _f, s) => ['reply', s.items, s],
  handleCast: ([, item], s) => ['noreply', { items: [...s.items, item] }],
};

async function store(): Promise<GenServer.Server<{ call: { request: 'items'; reply: string[] }; cast: readonly ['add', string] }>> {
  return GenServer.okPid(await GenServer.start(Store, null));
}

describe('matchers', () => {
  it('toReceive / toHandle / toReply / toHaveState, with asymmetric patterns and predicates', async () => {
    const s = await store();
    GenServer.cast(s, tuple('add', 'a'));
    await expect(s).toReceive(['add', 'a']);
    GenServer.cast(s, tuple('add', 'b'));
    await expect(s).toHandle(expect.arrayContaining(['b']));
    await expect(s).toHaveState({ items: ['a', 'b'] });
    await expect(s).toHaveState((st: { items: string[] }) => st.items.length === 2);
    const items = GenServer.call(s, 'items');
    await expect(s).toReply(['a', 'b']);
    expect(await items).toEqual(['a', 'b']);
    await GenServer.stop(s);
  });

  it('.not waits for the timeout and passes when nothing matching happens', async () => {
    const s = await store();
    GenServer.cast(s, tuple('add', 'x'));
    await expect(s).not.toReceive(['add', 'y'], { timeout: 30 });
    await expect(s).not.toReply('anything', { timeout: 30 });
    await expect(s).not.toExit(undefined, { timeout: 30 });
    expect(s).toBeAlive();
    await GenServer.stop(s);
    expect(s).not.toBeAlive();
  });

  it('toExit checks the reason, also of a process that is already dead', async () => {
    const p = spawn(async (self) => {
      await self.receive();
      throw new Error('boom');
    });
    send(p, 'go');
    await settled();
    await expect(p).toExit(expect.objectContaining({ message: 'boom' }));
    await expect(expect(p).toExit('normal')).rejects.toThrow(/exited with/);
  });

  it('a failing matcher explains itself: expectation, timeline, processes alive', async () => {
    const s = await store();
    GenServer.cast(s, tuple('add', 'a'));
    const err = (await expect(s).toReceive(['add', 'zzz'], { timeout: 30 }).catch((e: unknown) => e)) as Error;
    expect(err.message).toContain('expected');
    expect(err.message).toContain('"zzz"');
    expect(err.message).toMatch(/in cast \{add,a\}/);
    expect(err.message).toMatch(/noreply, state #\{items => \[a\]\}/);
    expect(err.message).toContain('Processes alive:');
    expect(err.message).toContain('gen_server');
    expect(() => expect(s).not.toBeAlive()).toThrow(/not to be alive/);
    await GenServer.stop(s);
  });

  it("a failing toHaveState prints the state the process has now, as the runtime's redactor lets it out", async () => {
    runtime().setRedactor((v) => (typeof v === 'object' && v !== null && 'token' in v ? { ...v, token: '<hidden>' } : v));
    const s = GenServer.okPid(
      await GenServer.start(
        { init: () => ['ok', { items: ['a'], token: 's3cret' }], handleCast: (_m: unknown, st: { items: string[]; token: string }) => ['noreply', { ...st, items: [...st.items, 'b'] }] },
        null,
      ),
    );
    const before = (await expect(s).toHaveState({ items: [] }, { timeout: 30 }).catch((e: unknown) => e)) as Error;
    expect(before.message).toMatch(/^expected <0\.\d+\.0> to have state \{"items": \[\]\}: nothing within 30 ms\.\n\nIts state now: #\{items => \[a\],token => "<hidden>"\}\n\nRecent events of /);
    // a state a later event showed is the one printed
    GenServer.cast(s, 'add');
    await expect(s).toHandle('add');
    const after = (await expect(s).toHaveState({ items: [] }, { timeout: 30 }).catch((e: unknown) => e)) as Error;
    expect(after.message).toMatch(/\n\nIts state now: #\{items => \[a,b\],token => "<hidden>"\}\n/);
    for (const m of [before.message, after.message]) {
      expect(m).toContain('<hidden>');
      expect(m).not.toContain('s3cret');
    }
    await GenServer.stop(s);
  });

  it('matcher messages carry no ANSI colour codes when read as .message', async () => {
    const s = await store();
    GenServer.cast(s, tuple('add', 'a'));
    const errors = [
      await expect(s).toReceive(['add', 'zzz'], { timeout: 30 }).catch((e: unknown) => e),
      await expect(s).toHandle(['add', 'zzz'], { timeout: 30 }).catch((e: unknown) => e),
      await expect(s).toHaveState({ items: ['zzz'] }, { timeout: 30 }).catch((e: unknown) => e),
      await expect(s).not.toHaveState({ items: ['a'] }).catch((e: unknown) => e),
      await expect(s).toExit('normal', { timeout: 30 }).catch((e: unknown) => e),
    ] as Error[];
    for (const e of errors) {
      expect(e).toBeInstanceOf(Error);
      expect(e.message).toMatch(/"zzz"|"normal"|"a"/);
      expect(e.message).not.toMatch(/\u001b\[/);
    }
    await GenServer.stop(s);
  });

  it('toBeAlive on a registered name', async () => {
    const s = GenServer.okPid(await GenServer.start(Store, null, { name: 'store' }));
    expect('store').toBeAlive();
    await GenServer.stop(s);
    expect('store').not.toBeAlive();
    const q: Pid = spawn(() => undefined);
    await settled();
    expect(q).not.toBeAlive();
  });
});
