/**
 * The error texts GenEvent builds name shapes and kinds, never user terms:
 * `okPid` of a failed start passes the reason through the redactor and the
 * bounded formatter, as GenServer's and GenStatem's do.
 */
import { describe, expect, it } from 'vitest';
import { GenEvent, GenServer, GenStatem } from '../../runtime/index.ts';

describe('GenEvent.okPid of a failed start', () => {
  it('says why without the reason\'s payload, as the other behaviours do', () => {
    const failed = ['error', ['bad_init', 'password=hunter2']] as const;
    const texts = [
      () => GenEvent.okPid(failed as never),
      () => GenServer.okPid(failed as never),
      () => GenStatem.okPid(failed as never),
    ].map((f) => {
      try {
        f();
        return 'no throw';
      } catch (e) {
        return (e as Error).message;
      }
    });
    expect(texts[0]).toBe('GenEvent did not start: [bad_init,<string>]');
    for (const t of texts) expect(t).not.toContain('hunter2');
    expect(texts.map((t) => t.slice(t.indexOf(':')))).toEqual([': [bad_init,<string>]', ': [bad_init,<string>]', ': [bad_init,<string>]']);
  });
});
