/** The article's test ×1000 made to pass by polling with `vi.waitFor` (default interval), as users do without the plugin. */
import { expect, it, vi } from 'vitest';
import { send } from '../../runtime/index.ts';
import { TESTS, serverWithSubscriber, subscribers } from './article.ts';

for (let i = 0; i < TESTS; i++) {
  it(`subscriber ${i} is dropped (vi.waitFor)`, async () => {
    const { server, child } = await serverWithSubscriber();
    send(child, 'terminate');
    await vi.waitFor(async () => expect(await subscribers(server)).toEqual([]));
  });
}
