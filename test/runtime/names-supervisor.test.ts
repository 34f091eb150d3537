/**
 * Supervisors by global and via names: started under one, asked through it
 * (which_children, start_child, count_children), the name freed when the
 * supervisor ends, and a second start under a taken name refused as OTP's
 * `{already_started, Pid}`.
 */
import { describe, expect, it } from 'vitest';
import { GenServer, Global, Supervisor, runtime, type Pid } from '../../runtime/index.ts';

const Idle: GenServer.GenServerBehaviour<null, null, { call: never; cast: never }> = { init: () => ['ok', null] };

const worker = (id: string): Supervisor.ChildSpec => ({ id, start: () => GenServer.startLink(Idle, null), restart: 'temporary' });

describe('a supervisor under a global or via name', () => {
  it('is started, asked and stopped by its name; the name is freed when it ends', async () => {
    const rt = runtime();
    const name = { global: 'top_sup' };
    const sup = GenServer.okPid(await Supervisor.start({ init: () => ['ok', { strategy: 'one_for_one' }, [worker('a')]] }, null, { name, runtime: rt }));
    expect(Global.whereisName('top_sup')).toBe(sup);
    const second = await Supervisor.start({ init: () => ['ok', { strategy: 'one_for_one' }, []] }, null, { name, runtime: rt });
    expect(second).toEqual(['error', ['already_started', sup]]);
    expect((await Supervisor.whichChildren(name)).map((c) => c.id)).toEqual(['a']);
    const started = await Supervisor.startChild({ via: Global, name: 'top_sup' }, worker('b'));
    expect(started[0]).toBe('ok');
    expect((await Supervisor.whichChildren({ via: Global, name: 'top_sup' })).map((c) => c.id)).toEqual(['b', 'a']);
    await GenServer.stop(name);
    expect(rt.isAlive(sup as Pid)).toBe(false);
    expect(Global.whereisName('top_sup')).toBeUndefined();
  });
});
