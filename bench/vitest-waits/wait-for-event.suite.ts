/**
 * The article's fixed test ×1000 with `waitForEvent(server, 'DOWN')`. Also
 * measures the wait's latency: from the DOWN event (a listener added first) to
 * the resolved await, and whether a macrotask ran in between (it must not).
 */
import { writeFileSync } from 'node:fs';
import { setImmediate } from 'node:timers';
import { afterAll, expect, it } from 'vitest';
import { send } from '../../runtime/index.ts';
import { testRuntime, waitForEvent } from '../../vitest-plugin/index.ts';
import { TESTS, serverWithSubscriber, subscribers } from './article.ts';

const latencies: number[] = [];
let macrotasksBetween = 0;

for (let i = 0; i < TESTS; i++) {
  it(`subscriber ${i} is dropped after its DOWN`, async () => {
    const { server, child } = await serverWithSubscriber();
    let eventAt = 0;
    let ticked = false;
    const off = testRuntime().subscribe((e) => {
      if (eventAt === 0 && e.kind === 'in' && e.pid === server && (e.message as { reason?: unknown }).reason !== undefined) {
        eventAt = performance.now();
        setImmediate(() => (ticked = true));
      }
    });
    send(child, 'terminate');
    await waitForEvent(server, 'DOWN');
    latencies.push(performance.now() - eventAt);
    if (ticked) macrotasksBetween++;
    off();
    expect(await subscribers(server)).toEqual([]);
  });
}

afterAll(() => {
  const out = process.env.BENCH_LATENCY_FILE;
  if (out !== undefined) writeFileSync(out, JSON.stringify({ latencies, macrotasksBetween }));
});
