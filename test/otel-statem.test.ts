/** OTel spans of a state machine: the span names the state the message was handled in, with the state before and after as attributes (redacted). */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { instrument, type Instrumented } from '../otel/index.ts';
import { GenStatem, Runtime, setRuntime, tuple } from '../runtime/index.ts';
import { otelFixture } from './otel-fixture.ts';

const otel = otelFixture();
let rt: Runtime;
let handle: Instrumented;

beforeEach(() => {
  rt = new Runtime();
  setRuntime(rt);
  otel.spans.reset();
  handle = instrument(rt);
});
afterEach(() => handle.stop());

type S = 'idle' | 'busy' | readonly ['secret', string];
const Machine: GenStatem.HandleEventStatem<S, null, null, { call: { request: 'get'; reply: unknown }; cast: 'go' | 'hide' }> = {
  name: 'worker',
  callbackMode: 'handle_event_function',
  init: () => ['ok', 'idle', null],
  handleEvent(e, s) {
    if (e.type === 'cast' && e.content === 'go') return ['next_state', 'busy', null];
    if (e.type === 'cast') return ['next_state', tuple('secret', 'pin 1234'), null];
    if (e.type === 'call') return ['keep_state_and_data', [['reply', e.from, s]]];
    return 'keep_state_and_data';
  },
};

describe('state machine spans', () => {
  it('names the state the message was handled in and records the state after, as the default policy summarises reasons', async () => {
    const m = GenStatem.okPid(await GenStatem.start(Machine, null, { name: 'worker', runtime: rt }));
    GenStatem.cast(m, 'go');
    await GenStatem.call(m, 'get');
    GenStatem.cast(m, 'hide');
    await GenStatem.call(m, 'get');
    const spans = otel.finished().filter((s) => s.attributes['otp.behaviour'] === 'gen_statem' && s.attributes['messaging.operation.name'] !== 'start');
    expect(spans.map((s) => [s.name, s.attributes['otp.statem.state'], s.attributes['otp.statem.next_state']])).toEqual([
      ['cast worker in idle', 'idle', 'busy'],
      ['call worker in busy', 'busy', 'busy'],
      ['cast worker in busy', 'busy', '{secret,<string>}'],
      ['call worker in {secret,<string>}', '{secret,<string>}', '{secret,<string>}'],
    ]);
    expect(JSON.stringify(spans.map((s) => [s.name, s.attributes]))).not.toContain('1234');
    await GenStatem.stop(m);
  });

  it('shows only the kind of a state the redactor withholds', async () => {
    rt.redactor = () => undefined;
    const m = GenStatem.okPid(await GenStatem.start(Machine, null, { runtime: rt }));
    await GenStatem.call(m, 'get');
    const span = otel.finished().find((s) => s.attributes['otp.behaviour'] === 'gen_statem' && s.attributes['messaging.operation.name'] === 'call');
    expect(span?.name).toBe('call worker in <atom>');
    expect(span?.attributes['otp.statem.state']).toBe('<atom>');
    await GenStatem.stop(m);
  });
});
