/** The plugin's options and OTPSCOPE_SEED are checked: a bad value fails loudly instead of becoming a default. */
import { describe, expect, it } from 'vitest';
import { BadArgError } from '../../runtime/index.ts';
import { parseSeed, resolveOptions } from '../../vitest-plugin/options.ts';

describe('OTPSCOPE_SEED', () => {
  it('unset or empty is no seed; a decimal integer is that seed', () => {
    expect(parseSeed(undefined)).toBeNull();
    expect(parseSeed(' ')).toBeNull();
    expect(parseSeed('42')).toBe(42);
    expect(parseSeed('4294967295')).toBe(4294967295);
  });

  it('anything else is a BadArgError naming the variable and the value, never seed 0', () => {
    for (const bad of ['abc', '1.5', '-3', '0x10', '4294967296', '12abc']) {
      expect(() => parseSeed(bad)).toThrow(BadArgError);
      expect(() => parseSeed(bad)).toThrow(`OTPSCOPE_SEED must be an integer from 0 to 4294967295, got "${bad}"`);
    }
  });
});

describe('otpscope() options', () => {
  it('fills in the defaults', () => {
    expect(resolveOptions()).toEqual({ timeout: 1000, leaks: 'warn', seed: null, timelineSize: 20 });
  });

  it('refuses a bad option, naming it', () => {
    expect(() => resolveOptions({ timeout: 0 })).toThrow(/timeout must be a positive number/);
    expect(() => resolveOptions({ leaks: 'loud' as never })).toThrow(/leaks must be/);
    expect(() => resolveOptions({ seed: -1 })).toThrow(/seed must be an integer/);
    expect(() => resolveOptions({ seed: 'often' as never })).toThrow(/seed must be/);
    expect(() => resolveOptions({ timelineSize: 2.5 })).toThrow(/timelineSize must be/);
  });
});
