/** Waiting on state machines: waitForEvent(pid, 'state-changed'), waitForState and toHaveState on a GenStatem's [state, data]. */
import { describe, expect, it } from 'vitest';
import { GenStatem, tuple } from '../../runtime/index.ts';
import { waitForEvent, waitForState } from '../../vitest-plugin/index.ts';

type Light = 'red' | 'green';
const Traffic: GenStatem.HandleEventStatem<Light, number, null, { call: { request: 'get'; reply: Light }; cast: 'next' | 'tick' }> = {
  name: 'traffic',
  callbackMode: 'handle_event_function',
  init: () => ['ok', 'red', 0],
  handleEvent(e, s, n) {
    if (e.type === 'cast' && e.content === 'next') return ['next_state', s === 'red' ? 'green' : 'red', n + 1];
    if (e.type === 'cast') return ['keep_state', n + 100];
    if (e.type === 'call') return ['keep_state_and_data', [['reply', e.from, s]]];
    return 'keep_state_and_data';
  },
};

describe('state machine waits', () => {
  it("waitForEvent(pid, 'state-changed') resolves with the change, matched on the new state", async () => {
    const light = GenStatem.okPid(await GenStatem.start(Traffic, null));
    const toGreen = waitForEvent(light, 'state-changed', (e) => e.state === 'green');
    GenStatem.cast(light, 'next');
    const e = await toGreen;
    expect([e.previous, e.state, e.data]).toEqual(['red', 'green', 1]);
    const back = waitForEvent(light, 'state-changed');
    GenStatem.cast(light, 'next');
    expect((await back).state).toBe('red');
    await GenStatem.stop(light);
  });

  it('waitForState and toHaveState see [state, data], also a change of data alone', async () => {
    const light = GenStatem.okPid(await GenStatem.start(Traffic, null));
    const ticked = waitForState<readonly [Light, number]>(light, ([, n]) => n >= 100);
    GenStatem.cast(light, 'tick');
    expect(await ticked).toEqual(['red', 100]);
    GenStatem.cast(light, 'next');
    await expect(light).toHaveState(tuple('green', 101));
    await GenStatem.stop(light);
  });
});
