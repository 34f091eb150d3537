/**
 * `otpscope top` run as a command (node diagnostics/cli.ts) against a live
 * endpoint in this process: `--json` prints one snapshot for scripts; the
 * interactive screen shows the header and the top-N table, changes its sort
 * column on a key, opens a process by its row number and quits on `q`. Its
 * waits are for the command's own output (bounded), never sleeps.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { start, type Diagnostics } from '../../diagnostics/index.ts';
import { writePrivateFile } from '../../diagnostics/attach.ts';
import { parseTopArgs } from '../../diagnostics/top.ts';
import { Runtime, type Pid } from '../../runtime/index.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
let diag: Diagnostics | null = null;
let rt: Runtime;
let child: ChildProcessWithoutNullStreams | null = null;

afterEach(async () => {
  child?.kill('SIGKILL');
  child = null;
  await diag?.close();
  diag = null;
  for (const pid of rt.processes()) rt.exit(pid, 'kill');
});

/** A live endpoint with a backlog process, and its token file as the agent writes it. */
async function endpoint(): Promise<{ d: Diagnostics; file: string; backlog: Pid }> {
  rt = new Runtime({ logger: () => undefined });
  const d = await start({ runtime: rt, sampleMs: 200, warn: () => undefined });
  diag = d;
  const backlog = rt.spawn((self) => {
    self.register('backlog');
    return self.receive((m) => m === 'never');
  });
  for (let i = 0; i < 5; i++) rt.spawn((self) => self.loop(() => undefined));
  await rt.settled();
  for (let i = 0; i < 77; i++) rt.send(backlog, i);
  const file = join(mkdtempSync(join(tmpdir(), 'otpscope-top-')), 'diagnostics.json');
  writePrivateFile(file, JSON.stringify({ url: d.url, token: d.token }));
  return { d, file, backlog };
}

function run(args: string[]): ChildProcessWithoutNullStreams {
  child = spawn(process.execPath, ['diagnostics/cli.ts', ...args], { cwd: root, env: { PATH: process.env.PATH ?? '' } });
  return child;
}

/** Resolves with everything printed so far once `pred` accepts it (bounded). */
function output(c: ChildProcessWithoutNullStreams, pred: (out: string) => boolean, ms = 20_000): Promise<string> {
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`not seen within ${ms} ms; output:\n${out}`)), ms);
    const check = (d: Buffer): void => {
      out += d.toString();
      if (pred(out)) {
        clearTimeout(timer);
        c.stdout.off('data', check);
        resolve(out);
      }
    };
    c.stdout.on('data', check);
  });
}

const lastFrame = (out: string): string => out.slice(out.lastIndexOf('\x1b[2J') + 4);

describe('otpscope top', () => {
  it('--json prints the header and the top-N table for scripts', async () => {
    const { file, backlog } = await endpoint();
    const c = run(['top', '--token-file', file, '--json', '--limit', '3']);
    const [code, out] = await new Promise<[number | null, string]>((resolve) => {
      let o = '';
      c.stdout.on('data', (d: Buffer) => (o += d.toString()));
      c.on('exit', (code) => resolve([code, o]));
    });
    expect(code).toBe(0);
    const snap = JSON.parse(out) as { node: { processes: number }; table: { sort: string; rows: { pid: string; name: string; mailbox: number }[] } };
    expect(snap.node.processes).toBe(6);
    expect(snap.table.sort).toBe('mailbox');
    expect(snap.table.rows).toHaveLength(3);
    expect(snap.table.rows[0]).toMatchObject({ pid: String(backlog), name: 'backlog', mailbox: 77 });
  }, 30_000);

  it('shows the top screen, sorts on a key, opens a process by row number, quits on q', async () => {
    const { backlog, file } = await endpoint();
    const c = run(['top', '--token-file', file]);
    const first = lastFrame(await output(c, (o) => /sort: mailbox[\s\S]*backlog/.test(lastFrame(o))));
    expect(first).toMatch(/processes 6/);
    expect(first).toMatch(/event loop \d+%/);
    expect(first).toMatch(new RegExp(`  1 ${String(backlog).replace(/[<>.]/g, '\\$&')}\\s+backlog\\s+plain\\s+\\S+\\s+77`));
    c.stdin.write('p');
    const byPid = lastFrame(await output(c, (o) => /sort: pid asc[\s\S]*<0\.1\.0>/.test(lastFrame(o))));
    expect(byPid).toMatch(/  1 <0\.1\.0>/);
    c.stdin.write('1');
    c.stdin.write('\n');
    const view = lastFrame(await output(c, (o) => lastFrame(o).includes('process <0.1.0> backlog')));
    expect(view).toContain('mailbox 77');
    expect(view).toContain('queued: number, number');
    c.stdin.write('q');
    const code = await new Promise<number | null>((resolve) => c.on('exit', resolve));
    expect(code).toBe(0);
  }, 30_000);

  it('refuses bad arguments with its usage, and a wrong token with the endpoint’s reason', async () => {
    expect(() => parseTopArgs(['--url', 'http://127.0.0.1:1/'], {})).toThrow(/no token/);
    expect(() => parseTopArgs(['--interval', '10', '--url', 'x', '--token', 'y'], {})).toThrow(/at least 1000/);
    const { d } = await endpoint();
    const c = run(['top', '--url', d.url, '--token', 'wrong-wrong-wrong-wrong', '--json']);
    const err = await new Promise<string>((resolve) => {
      let e = '';
      c.stderr.on('data', (x: Buffer) => (e += x.toString()));
      c.on('exit', () => resolve(e));
    });
    expect(err).toMatch(/401 the token does not match/);
  }, 30_000);
});
