/**
 * A copy of runtime/ with event emission compiled out, made at bench time, to
 * check that the event stream costs nothing when nobody listens.
 *
 * Every emission in the runtime sits behind a `listening` guard
 * (`if (this.listening) this.emit(…)`, `if (rt.listening) …`,
 * `p.debug !== null || p.runtime.listening`, GenServer's `observed`). The copy
 * is the same source with those guards rewritten the way a build-time flag
 * would: a one-line `if (X.listening) <statement>;` is deleted, and every other
 * read of `X.listening` becomes the literal `false` (so `if (false && …)` and
 * `debug !== null || false` remain, which V8 folds when it compiles them).
 * Assignments (`this.listening = …`) are left alone. sys debug (trace, log,
 * statistics) stays: it is OTP behaviour, not the event stream.
 */
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { OtpLib } from './systems/otp-lib.ts';

const projectRoot = fileURLToPath(new URL('../', import.meta.url));

/** What the rewrite did to one source text. */
export interface Rewrite {
  readonly text: string;
  /** Guarded one-line statements deleted. */
  readonly deleted: number;
  /** Other `listening` reads replaced by `false`. */
  readonly replaced: number;
}

const GUARDED_LINE = /^[ \t]*if \([\w$.]+\.listening\) (.+;)[ \t]*\r?\n/gm;
const LISTENING_READ = /(?<![\w$.])[\w$]+(?:\.[\w$]+)*\.listening\b(?!\s*=(?!=))/g;

function balanced(s: string): boolean {
  let depth = 0;
  for (const c of s) {
    if (c === '(' || c === '{' || c === '[') depth++;
    else if (c === ')' || c === '}' || c === ']') depth--;
    if (depth < 0) return false;
  }
  return depth === 0;
}

/** Compiles the event emission out of one runtime source file. */
export function compileOutEmission(source: string): Rewrite {
  let deleted = 0;
  let replaced = 0;
  const text = source
    .replace(GUARDED_LINE, (line: string, stmt: string) => {
      if (!balanced(stmt)) return line;
      deleted++;
      return '';
    })
    .replace(LISTENING_READ, () => {
      replaced++;
      return 'false';
    });
  return { text, deleted, replaced };
}

/** A loaded copy of runtime/. */
export interface RuntimeCopy {
  readonly lib: OtpLib;
  readonly dir: string;
  /** Guarded statements deleted, over all files (0 for the verbatim copy). */
  readonly deleted: number;
  /** Guard reads replaced by `false`, over all files (0 for the verbatim copy). */
  readonly replaced: number;
  /** Removes the temp folder. */
  remove(): void;
}

/**
 * Copies runtime/ to a temp folder, with emission compiled out (`noEmit`) or
 * verbatim (the control: it is loaded the same way, so comparing it with the
 * project's runtime shows what copying alone does), and imports it. `replace`
 * gives files of the copy other contents (scheduler.ts: the bench's count-only
 * scheduler, see scheduler.ts).
 */
export async function loadRuntimeCopy(noEmit: boolean, replace: Readonly<Record<string, string>> = {}): Promise<RuntimeCopy> {
  const dir = mkdtempSync(join(tmpdir(), noEmit ? 'otpscope-noemit-' : Object.keys(replace).length > 0 ? 'otpscope-variant-' : 'otpscope-copy-'));
  const out = join(dir, 'runtime');
  cpSync(join(projectRoot, 'runtime'), out, { recursive: true });
  for (const [file, text] of Object.entries(replace)) writeFileSync(join(out, file), text);
  // the runtime's one package import (rxjs, for stream.ts) resolves through the project's node_modules
  symlinkSync(join(projectRoot, 'node_modules'), join(dir, 'node_modules'), 'dir');
  let deleted = 0;
  let replaced = 0;
  if (noEmit) {
    for (const f of readdirSync(out, { recursive: true, encoding: 'utf8' })) {
      if (!f.endsWith('.ts')) continue;
      const r = compileOutEmission(readFileSync(join(out, f), 'utf8'));
      writeFileSync(join(out, f), r.text);
      deleted += r.deleted;
      replaced += r.replaced;
    }
    if (deleted === 0) throw new Error('no-emit copy: no emission guard found in runtime/ (did the guards change shape?)');
  }
  const lib = (await import(pathToFileURL(join(out, 'index.ts')).href)) as OtpLib;
  return { lib, dir, deleted, replaced, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
