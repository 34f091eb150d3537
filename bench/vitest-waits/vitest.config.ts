/** The 1000-test suites of bench/vitest-waits, run by its run.ts in a child vitest. */
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';
import { otpscope } from '../../vitest-plugin/index.ts';

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  plugins: [otpscope({ leaks: 'off' })],
  test: { include: ['*.suite.ts'], reporters: ['dot'] },
});
