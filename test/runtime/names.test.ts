/**
 * Names beyond local strings: `{ global: name }` and `{ via: Global, name }` with send, monitor, timers and
 * sys; a global name is any term (equal tuples are one name), one per process, freed when it ends. Global's
 * functions work on the default runtime (the test's), as OTP's global works on its node.
 */
import { describe, expect, it } from 'vitest';
import { DownMessage, GenServer, Global, ProcessExit, runtime, sys, tuple, type Pid } from '../../runtime/index.ts';
import { inProcess } from './helpers.ts';

const Echo: GenServer.GenServerBehaviour<unknown[], null, { call: { request: 'got'; reply: unknown[] }; cast: never }> = {
  init: () => ['ok', []],
  handleCall: (_q, _f, got) => ['reply', got, got],
  handleInfo: (m, got) => ['noreply', [...got, m]],
};

describe('global and via names', () => {
  it('sends, times and monitors through a global name; a tuple name is one name whatever its array identity', async () => {
    const rt = runtime();
    const name = { global: tuple('svc', 1) };
    const s = GenServer.okPid(await GenServer.start(Echo, null, { name, runtime: rt }));
    expect(Global.whereisName(tuple('svc', 1))).toBe(s);
    rt.send({ global: tuple('svc', 1) }, 'hello');
    rt.send({ via: Global, name: tuple('svc', 1) }, 'via');
    expect(await GenServer.call(name, 'got')).toEqual(['hello', 'via']);
    expect(await sys.getState({ via: Global, name: tuple('svc', 1) })).toEqual(['hello', 'via']);
    const down = await inProcess(rt, async (self) => {
      const ref = self.monitor({ global: tuple('svc', 1) });
      await GenServer.stop(s);
      return (await self.receive((m) => m instanceof DownMessage && m.ref === ref)) as DownMessage;
    });
    expect([down.object, down.reason]).toEqual([s, 'normal']);
    expect(Global.whereisName(tuple('svc', 1))).toBeUndefined();
    expect(Global.registeredNames()).toEqual([]);
  });

  it('monitoring a global name nobody holds is a DOWN noproc naming it; sending to it is badarg', async () => {
    const rt = runtime();
    const down = await inProcess(rt, async (self) => {
      const ref = self.monitor({ global: 'nobody' });
      return (await self.receive((m) => m instanceof DownMessage && m.ref === ref)) as DownMessage;
    });
    expect(down.reason).toBe('noproc');
    expect(down.object).toEqual({ global: 'nobody' });
    expect(() => rt.send({ global: 'nobody' }, 'x')).toThrow(/no process registered as \{global,nobody\}/);
    await expect(inProcess(rt, () => Global.send('nobody', 'x'))).rejects.toBeInstanceOf(ProcessExit);
  });

  it('refuses a second global name for a process and a taken name; frees the name at exit', async () => {
    const rt = runtime();
    const [a, b] = await inProcess(rt, (self) => {
      const idle = (): Pid => self.spawn(async (me) => void (await me.receive((m) => m === 'stop')));
      return [idle(), idle()];
    });
    expect(Global.registerName('n1', a)).toBe('yes');
    expect(Global.registerName('n1', b)).toBe('no');
    expect(Global.registerName('n2', a)).toBe('no');
    rt.send(a, 'stop');
    await rt.settled();
    expect(Global.whereisName('n1')).toBeUndefined();
    expect(Global.registerName('n1', b)).toBe('yes');
    rt.send(b, 'stop');
    await rt.settled();
  });
});
