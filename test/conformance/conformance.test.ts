/**
 * The OTP conformance suite: every scenario runs in real Erlang/OTP (live
 * `escript`) and on otpscope, and the outputs must match line by line, apart
 * from the accepted differences (accepted-differences.ts), which are listed.
 * Without escript the live comparison is skipped with a message — except under
 * CI=true, where it fails — and the stored OTP output is compared instead.
 * CONFORMANCE_LIVE=0 leaves the live comparison out (mutation testing compares
 * with the stored output only).
 */
import { describe, expect, it } from 'vitest';
import { scenarioNames, untwinnedNames } from './catalog.ts';
import { hasEscript } from './escript.ts';
import { runOne, untwinned } from './runner.ts';

const live = process.env.CONFORMANCE_LIVE !== '0' && hasEscript();
const names = scenarioNames();

describe('OTP conformance (stored real-OTP output)', () => {
  for (const name of names) {
    it(name, async () => {
      const r = await runOne(name, false);
      if (r.verdict === 'accepted difference') console.info(`${name}: accepted difference\n${r.details}`);
      expect(r.verdict, r.details).not.toBe('mismatch');
    });
  }
});

describe('OTP conformance: golden scenarios without a twin', () => {
  it('each has a listed reason (an accepted difference), none is skipped silently', () => {
    for (const name of untwinnedNames()) {
      const r = untwinned(name);
      console.info(`${name}: ${r.verdict}: ${r.details}`);
      expect(r.verdict, r.details).toBe('accepted difference');
    }
  });
});

describe('OTP conformance (live escript)', () => {
  it('has real Erlang/OTP (escript) to compare with', () => {
    if (!live && process.env.CI === 'true' && process.env.CONFORMANCE_LIVE !== '0') {
      throw new Error('escript is missing: CI must install erlang-base (apt-get install -y erlang-base)');
    }
    if (!live) console.warn('conformance: escript not found — live OTP comparison skipped (apt-get install -y erlang-base)');
  });
  for (const name of names) {
    it.skipIf(!live)(name, async () => {
      const r = await runOne(name, true);
      expect(r.verdict, r.details).not.toBe('mismatch');
    }, 130_000);
  }
});
