import { defineConfig } from 'vitest/config';
import { otpscope } from './vitest-plugin/index.ts';

export default defineConfig({
  plugins: [otpscope({ leaks: 'fail' })],
  test: {
    include: ['test/**/*.test.ts', 'examples/**/*.test.ts'],
    exclude: ['node_modules/**', 'examples/vitest-consumer/**'],
  },
});
