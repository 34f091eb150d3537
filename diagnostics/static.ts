/**
 * The observer page's files (diagnostics/page/: HTML, JS, CSS; no build
 * step), read once at start and served with a strict Content-Security-Policy:
 * scripts, styles and connections to this origin only, no framing. They hold
 * no data: every figure comes from the token-guarded API.
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** A page file: its bytes and type. */
export interface PageFile {
  readonly body: Buffer;
  readonly type: string;
}

const FILES: Readonly<Record<string, { readonly file: string; readonly type: string }>> = {
  '/': { file: 'index.html', type: 'text/html; charset=utf-8' },
  '/index.html': { file: 'index.html', type: 'text/html; charset=utf-8' },
  '/app.js': { file: 'app.js', type: 'text/javascript; charset=utf-8' },
  '/style.css': { file: 'style.css', type: 'text/css; charset=utf-8' },
};

/** The page's Content-Security-Policy. */
export const PAGE_CSP =
  "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/**
 * The folder of the page: beside this module in the sources
 * (diagnostics/page/), or in the package's diagnostics/page/ when this module
 * runs from dist/diagnostics/.
 */
export function pageDir(): string {
  const candidates = [new URL('./page/', import.meta.url), new URL('../../diagnostics/page/', import.meta.url)];
  for (const c of candidates) if (existsSync(new URL('index.html', c))) return fileURLToPath(c);
  throw new Error(`otpscope diagnostics: the page (diagnostics/page/index.html) is missing next to ${fileURLToPath(import.meta.url)}`);
}

/** Reads the page's files. */
export function loadPage(): ReadonlyMap<string, PageFile> {
  const dir = pageDir();
  const out = new Map<string, PageFile>();
  for (const [path, f] of Object.entries(FILES)) out.set(path, { body: readFileSync(`${dir}/${f.file}`), type: f.type });
  return out;
}
