/**
 * Attaching to a running process: opens the endpoint (on loopback unless
 * told otherwise) and writes its URL and token to a file only the owner can
 * read (mode 0600, in a directory of mode 0700, created without following
 * links), so that `otpscope top --token-file <file>` or a person can find
 * them without the token ever being printed. The agent calls this on
 * SIGUSR2 and for `OTPSCOPE_DIAGNOSTICS_PORT`; a second call returns the
 * endpoint already open.
 */
import { closeSync, fchmodSync, lstatSync, mkdirSync, openSync, unlinkSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { start, type Diagnostics, type DiagnosticsOptions } from './server.ts';

/** Options of `attach`: the endpoint's, and where the token file goes. */
export interface AttachOptions extends DiagnosticsOptions {
  /** The token file (default: `tokenFilePath()`). */
  readonly file?: string;
}

/** An attached endpoint and its token file. */
export interface Attached {
  readonly diagnostics: Diagnostics;
  readonly file: string;
}

/** The default token file of process `pid`: `<tmpdir>/otpscope-<uid>/diagnostics-<pid>.json`. */
export function tokenFilePath(pid = process.pid): string {
  const uid = typeof process.getuid === 'function' ? String(process.getuid()) : 'user';
  return join(tmpdir(), `otpscope-${uid}`, `diagnostics-${pid}.json`);
}

/** Writes `text` to `file`, readable and writable by the owner only; refuses a directory that is a link or someone else's. */
export function writePrivateFile(file: string, text: string): void {
  const dir = dirname(file);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const st = lstatSync(dir);
  if (!st.isDirectory()) throw new Error(`otpscope diagnostics: ${dir} is not a directory`);
  if (typeof process.getuid === 'function' && st.uid !== process.getuid()) throw new Error(`otpscope diagnostics: ${dir} belongs to another user`);
  if ((st.mode & 0o022) !== 0) throw new Error(`otpscope diagnostics: ${dir} is writable by others`);
  try {
    unlinkSync(file);
  } catch {
    // none there
  }
  // O_EXCL: a link planted at the path makes this fail instead of writing through it
  const fd = openSync(file, 'wx', 0o600);
  try {
    fchmodSync(fd, 0o600);
    writeSync(fd, text);
  } finally {
    closeSync(fd);
  }
}

let attached: Promise<Attached> | null = null;

/** Opens the endpoint (once per process) and writes its token file. */
export function attach(options: AttachOptions = {}): Promise<Attached> {
  attached ??= (async () => {
    const diagnostics = await start({ host: '127.0.0.1', ...options });
    const file = options.file ?? tokenFilePath();
    try {
      writePrivateFile(file, `${JSON.stringify({ url: diagnostics.url, token: diagnostics.token, pid: process.pid, actions: diagnostics.actions })}\n`);
    } catch (e) {
      await diagnostics.close();
      throw e;
    }
    return { diagnostics, file };
  })().catch((e: unknown) => {
    attached = null;
    throw e;
  });
  return attached;
}

/** Closes the endpoint `attach` opened, if any, and removes its token file. */
export async function detach(): Promise<void> {
  const a = attached;
  attached = null;
  if (a === null) return;
  const { diagnostics, file } = await a;
  await diagnostics.close();
  try {
    unlinkSync(file);
  } catch {
    // already gone
  }
}
