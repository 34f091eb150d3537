/** The article's test ×1000 made to pass by polling with `expect.poll` (default interval). */
import { expect, it } from 'vitest';
import { send } from '../../runtime/index.ts';
import { TESTS, serverWithSubscriber, subscribers } from './article.ts';

for (let i = 0; i < TESTS; i++) {
  it(`subscriber ${i} is dropped (expect.poll)`, async () => {
    const { server, child } = await serverWithSubscriber();
    send(child, 'terminate');
    await expect.poll(() => subscribers(server)).toEqual([]);
  });
}
