import { defineConfig } from 'vitest/config';
import { otpscope } from 'otpscope/vitest';

export default defineConfig({
  plugins: [otpscope({ timeout: 2000, leaks: 'fail' })],
});
