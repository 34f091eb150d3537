/**
 * The Vite/Vitest plugin: `plugins: [otpscope()]` adds the setup file (per-test
 * runtime, event record, matchers, leak check) and hands the options to the
 * workers. Nothing else to configure.
 */
import { fileURLToPath } from 'node:url';
import { resolveOptions, type OtpscopeVitestOptions } from './options.ts';

/** The absolute path of the setup file next to this module (`.ts` in the repo, `.js` when built). */
const SETUP_FILE = fileURLToPath(new URL(import.meta.url.endsWith('.ts') ? './setup.ts' : './setup.js', import.meta.url));

/** The subset of a Vite plugin this one uses (typed here so the plugin needs no `vite` types). */
export interface OtpscopePlugin {
  readonly name: 'otpscope';
  config(): { test: { setupFiles: string[]; provide: { otpscope: ReturnType<typeof resolveOptions> } } };
}

/** The otpscope Vitest plugin. */
export function otpscope(options: OtpscopeVitestOptions = {}): OtpscopePlugin {
  const provided = resolveOptions(options);
  return {
    name: 'otpscope',
    config: () => ({ test: { setupFiles: [SETUP_FILE], provide: { otpscope: provided } } }),
  };
}
