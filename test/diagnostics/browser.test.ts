/**
 * The observer page in a real browser: playwright-core driving Debian's
 * chromium (/usr/bin/chromium, installed by .ci/run) against a live endpoint.
 * Asserts on the DOM: the token leaves the address bar, the table sorts and
 * pages, a row opens the process view (state through formatStatus), a live
 * trace appears in its timeline, and a restart shows in the supervision
 * tree. Takes screenshots (docs/observer.png and docs/observer-tree.png, which
 * the README shows, with OTPSCOPE_UPDATE_SCREENSHOTS=1). Skipped with a message without chromium; under CI=true that fails.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { start, type Diagnostics } from '../../diagnostics/index.ts';
import { GenServer, Runtime, Supervisor, tuple, type Pid } from '../../runtime/index.ts';

const CHROMIUM = '/usr/bin/chromium';
const have = existsSync(CHROMIUM);
if (!have && process.env.CI === 'true') throw new Error(`${CHROMIUM} is missing: .ci/run installs Debian's chromium for the browser test`);
if (!have) process.stderr.write(`browser.test.ts skipped: ${CHROMIUM} is not installed (apt-get install chromium)\n`);

/** Screenshots go to a temp folder; with OTPSCOPE_UPDATE_SCREENSHOTS=1 to docs/, which the README shows. */
const shots = process.env.OTPSCOPE_UPDATE_SCREENSHOTS === '1' ? fileURLToPath(new URL('../../docs/', import.meta.url)) : mkdtempSync(join(tmpdir(), 'otpscope-shots-'));
/** The machine notes' flags: headless Chromium on a closed network, as root. */
const FLAGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

let rt: Runtime;
let diag: Diagnostics;
let context: BrowserContext;
let page: Page;
let profile: string;
let sup: Pid;

interface Account {
  readonly user: string;
  readonly password: string;
  readonly logins: number;
}

/** A small system to look at: a supervisor of named servers, labelled connections, a backlog. */
async function system(): Promise<void> {
  const accounts: GenServer.GenServerBehaviour<Account> = {
    init: () => ['ok', { user: 'ann', password: 'hunter2', logins: 0 }],
    handleCast: (_m, s) => ['noreply', { ...s, logins: s.logins + 1 }],
    handleCall: (_r, _f, s) => ['reply', s.logins, s],
    formatStatus: (_reason, s) => ({ ...(s as Account), password: '****' }),
  };
  const cache: GenServer.GenServerBehaviour<number> = { init: () => ['ok', 0], handleCast: (_m, s) => ['noreply', s + 1] };
  sup = GenServer.okPid(
    await rt.runAs(rt.external, () =>
      Supervisor.start(
        {
          init: () => [
            'ok',
            { strategy: 'one_for_one', intensity: 10, period: 60 },
            [
              { id: 'accounts', start: () => GenServer.startLink(accounts, undefined, { name: 'accounts' }) },
              { id: 'cache', start: () => GenServer.startLink(cache, undefined, { name: 'cache' }) },
            ],
          ],
        },
        undefined,
        { name: 'app_sup' },
      ),
    ),
  );
  for (let i = 0; i < 12; i++) {
    rt.spawn((self) => {
      self.setLabel(tuple('conn', i));
      self.loop(() => undefined);
    });
  }
  const backlog = rt.spawn((self) => {
    self.register('mailer');
    return self.receive((m) => m === 'never');
  });
  await rt.settled();
  for (let i = 0; i < 240; i++) rt.send(backlog, tuple('send_mail', i));
}

beforeAll(async () => {
  if (!have) return;
  rt = new Runtime({ logger: () => undefined });
  diag = await start({ runtime: rt, sampleMs: 250, warn: () => undefined });
  await system();
  profile = mkdtempSync(join(tmpdir(), 'otpscope-chromium-'));
  context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: true, args: FLAGS, viewport: { width: 1500, height: 860 } });
  page = context.pages()[0] ?? (await context.newPage());
}, 60_000);

afterAll(async () => {
  if (!have) return;
  await context?.close();
  await diag?.close();
  for (const pid of rt.processes()) rt.exit(pid, 'kill');
  rmSync(profile, { recursive: true, force: true });
});

/** The bits of the DOM the predicates read (they run in the page; the project compiles without the DOM library). */
interface El {
  readonly textContent: string | null;
  getAttribute(name: string): string | null;
}
interface Win {
  readonly document: { querySelector(s: string): El | null; querySelectorAll(s: string): { readonly length: number }; getElementById(id: string): El | null };
}

const pidsShown = (): Promise<string[]> => page.$$eval('#processes tbody tr', (trs) => trs.map((tr) => tr.getAttribute('data-pid') ?? ''));
const idOf = (pid: string): number => Number(pid.split('.')[1]);

describe.skipIf(!have)('the observer page in Chromium', { timeout: 60_000 }, () => {
  it('takes the token from the fragment once, then keeps it out of the URL', async () => {
    await page.goto(`${diag.url}#token=${diag.token}`);
    await page.waitForSelector('#connection.live', { timeout: 20_000 });
    expect(page.url()).toBe(diag.url);
    expect(page.url()).not.toContain(diag.token);
    await page.waitForSelector('#processes tbody tr', { timeout: 20_000 });
    expect(await page.textContent('#node-header')).toContain('processes');
  });

  it('sorts the table by any column, and pages', async () => {
    // default: by mailbox, the backlog first
    await page.waitForFunction(() => (globalThis as unknown as Win).document.querySelector('#processes tbody tr td:nth-child(2)')?.textContent === 'mailer', undefined, { timeout: 20_000 });
    await page.click('th[data-sort="pid"]');
    await page.waitForSelector('th[data-sort="pid"].sorted.asc');
    await page.waitForFunction(() => (globalThis as unknown as Win).document.querySelector('#processes tbody tr')?.getAttribute('data-pid') === '<0.1.0>', undefined, { timeout: 20_000 });
    const asc = (await pidsShown()).map(idOf);
    expect(asc).toEqual([...asc].sort((a, b) => a - b));
    await page.click('th[data-sort="pid"]');
    await page.waitForSelector('th[data-sort="pid"].sorted:not(.asc)');
    await page.waitForFunction(() => (globalThis as unknown as Win).document.querySelector('#processes tbody tr')?.getAttribute('data-pid') !== '<0.1.0>', undefined, { timeout: 20_000 });
    const desc = (await pidsShown()).map(idOf);
    expect(desc).toEqual([...desc].sort((a, b) => b - a));
    expect(await page.textContent('#table-info')).toMatch(/^1–\d+ of \d+ processes, by pid desc/);
    await page.click('th[data-sort="mailbox"]');
    await page.waitForFunction(() => (globalThis as unknown as Win).document.querySelector('#processes tbody tr td:nth-child(2)')?.textContent === 'mailer', undefined, { timeout: 20_000 });
  });

  it('opens the process view from a row, with its state through formatStatus and a live trace in the timeline', async () => {
    const accounts = rt.whereis('accounts') as Pid;
    await page.click('th[data-sort="name"]');
    await page.waitForSelector(`#processes tbody tr[data-pid="${String(accounts)}"]`, { timeout: 20_000 });
    await page.click(`#processes tbody tr[data-pid="${String(accounts)}"]`);
    await page.waitForSelector('#process-view:not([hidden])');
    await page.waitForFunction(() => ((globalThis as unknown as Win).document.getElementById('pv-state')?.textContent ?? '').includes('****'), undefined, { timeout: 20_000 });
    expect(await page.textContent('#pv-title')).toContain('accounts');
    expect(await page.textContent('#process-view')).not.toContain('hunter2');
    await page.waitForFunction(() => ((globalThis as unknown as Win).document.getElementById('trace-status')?.textContent ?? '').startsWith('tracing'), undefined, { timeout: 20_000 });
    for (let i = 0; i < 5; i++) GenServer.cast(accounts, tuple('login', i));
    await page.waitForFunction(() => (globalThis as unknown as Win).document.querySelectorAll('#timeline li[data-kind="in"]').length >= 5, undefined, { timeout: 20_000 });
    const lines = await page.$$eval('#timeline li', (lis) => lis.map((li) => li.textContent ?? ''));
    expect(lines.some((l) => l.includes('in cast {login,0}'))).toBe(true);
    expect(lines.some((l) => l.includes('noreply, state'))).toBe(true);
    // states in the timeline pass formatStatus too, as the state pane does
    expect(lines.join('\n')).not.toContain('hunter2');
    expect(lines.some((l) => l.includes('password => "****"'))).toBe(true);
    // the screenshot for the README: table, header and the process view with its live timeline
    for (let i = 0; i < 40; i++) rt.send(rt.whereis('cache') as Pid, tuple('$gen_cast', i));
    await page.click('th[data-sort="mailbox"]');
    await page.waitForFunction(() => (globalThis as unknown as Win).document.querySelector('#processes tbody tr td:nth-child(2)')?.textContent === 'mailer', undefined, { timeout: 20_000 });
    mkdirSync(shots, { recursive: true });
    await page.screenshot({ path: join(shots, 'observer.png') });
    expect(statSync(join(shots, 'observer.png')).size).toBeGreaterThan(10_000);
  });

  it('shows a restart in the supervision tree', async () => {
    await page.click('#tabs button[data-tab="tree"]');
    await page.waitForSelector(`.sup[data-sup="${String(sup)}"]`, { timeout: 20_000 });
    expect(await page.textContent(`.sup[data-sup="${String(sup)}"] .head`)).toContain('one_for_one, intensity 10 in 60 s');
    expect(await page.textContent('li[data-child="cache"] .restarts')).toBe('0');
    rt.exit(rt.whereis('cache') as Pid, 'kill');
    await page.waitForFunction(() => (globalThis as unknown as Win).document.querySelector('li[data-child="cache"] .restarts')?.textContent === '1', undefined, { timeout: 20_000 });
    expect(await page.getAttribute('li[data-child="cache"] .restarts', 'class')).toContain('some');
    expect(await page.textContent(`.sup[data-sup="${String(sup)}"] .history`)).toMatch(/restarted cache → <0\.\d+\.0>: killed/);
    await page.screenshot({ path: join(shots, 'observer-tree.png') });
  });
});
