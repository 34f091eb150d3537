/**
 * The bench's workloads at their quick sizes, for otpscope and the raw
 * baseline: each really does the work it is timed for (the counts come from
 * the workloads' own handlers). No timing is asserted. Also the rewrite that
 * compiles event emission out of the runtime for the emission check.
 */
import { execFile } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { median, summarise } from '../bench/harness.ts';
import { compileOutEmission } from '../bench/no-emit.ts';
import { loadSchedulerCopies, timerLateness } from '../bench/scheduler.ts';
import { projectLib } from '../bench/systems/otp-lib.ts';
import { QUICK, sizesFor } from '../bench/sizes.ts';
import { subscriptionRun } from '../bench/subscriptions.ts';
import { workloads } from '../bench/workloads/index.ts';

describe('bench workloads (quick sizes)', () => {
  for (const w of workloads) {
    for (const system of ['otpscope', 'raw'] as const) {
      it(`${w.name} on ${system} performs ${w.expected(QUICK)} operations`, async () => {
        const s = await w.run[system](QUICK);
        expect(s.ops).toBe(w.expected(QUICK));
        expect(Number.isFinite(s.seconds)).toBe(true);
        if (w.name === 'spawn') expect(s.bytesPerProcess).toBeTypeOf('number');
      });
    }
  }

  it('ping-pong delivers exactly N messages, not one more (a different N)', async () => {
    const pingPong = workloads.find((w) => w.name === 'ping-pong');
    const s = await pingPong?.run.otpscope({ ...QUICK, pingPong: 777 });
    expect(s?.ops).toBe(777);
  });

  it('call counts only replies carrying the expected value', async () => {
    const call = workloads.find((w) => w.name === 'call');
    const s = await call?.run.raw({ ...QUICK, calls: 321 });
    expect(s?.ops).toBe(321);
  });

  it('per-process subscriptions: every subscriber sees exactly its own exit, indexed and unindexed', async () => {
    for (const indexing of ['indexed', 'unindexed'] as const) {
      const s = await subscriptionRun(indexing, 50, 200);
      expect(Number.isFinite(s.perMessage)).toBe(true);
    }
  });

  it('scales only Effect down', () => {
    expect(sizesFor('otpscope', QUICK)).toEqual(QUICK);
    expect(sizesFor('effect', QUICK).pingPong).toBe(QUICK.pingPong / 10);
    expect(sizesFor('effect', QUICK).ringSize).toBe(QUICK.ringSize);
  });
});

describe('fresh-process scenarios (issue 12)', () => {
  /** One child of bench/fresh/run.ts at a small size, no warm-up: its JSON line (it throws when the ops differ from the size). */
  const child = (scenario: string, size: number): Promise<{ scenario: string; ops: number; usPerOp: number[]; exported?: number }> =>
    new Promise((resolve, reject) => {
      execFile(
        process.execPath,
        [fileURLToPath(new URL('../bench/fresh/child.ts', import.meta.url)), scenario, String(size), '1'],
        { env: { ...process.env, BENCH_FRESH_WARM_S: '0' }, timeout: 60_000 },
        (err, stdout, stderr) => (err ? reject(new Error(`${err.message}\n${stderr}`)) : resolve(JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}') as never)),
      );
    });

  it("runs the by-hand traced scenarios (the wiring check's baseline) with one span exported per message", async () => {
    const out = await Promise.all([child('pp-by-hand-discard', 500), child('call-by-hand-discard', 300)]);
    expect(out.map((o) => [o.scenario, o.ops])).toEqual([
      ['pp-by-hand-discard', 500],
      ['call-by-hand-discard', 300],
    ]);
    // ping-pong: one span per message; call: one per call, and the caller's first span
    expect(out.map((o) => o.exported)).toEqual([500, 301]);
  }, 60_000);

  it('runs the call, raw-queue, filtered-subscriber and traced scenarios each for exactly the operations asked', async () => {
    const out = await Promise.all([child('call-install', 300), child('call-raw-awaited', 300), child('call-external', 300), child('pp-exit', 2000), child('pp-otel-discard', 500), child('call-effect', 50)]);
    expect(out.map((o) => [o.scenario, o.ops])).toEqual([
      ['call-install', 300],
      ['call-raw-awaited', 300],
      ['call-external', 300],
      ['pp-exit', 2000],
      ['pp-otel-discard', 500],
      ['call-effect', 50],
    ]);
    // the traced run's spans reached the exporter: one per message, and the first message's
    expect(out[4].exported).toBeGreaterThanOrEqual(500);
    for (const o of out) expect(o.usPerOp[0]).toBeGreaterThan(0);
  }, 60_000);

  it("runs issue 13's diagnostics load with the trace on for exactly the messages asked (the run throws when the trace tripped or was refused)", async () => {
    const out = await child('diag-traced', 60_000);
    expect([out.scenario, out.ops]).toEqual(['diag-traced', 60_000]);
    // a figure of the timed part (its wall clock): positive and finite
    expect(out.usPerOp[0]).toBeGreaterThan(0);
    expect(Number.isFinite(out.usPerOp[0])).toBe(true);
  }, 60_000);
});

describe('bench harness', () => {
  it('takes the median of the per-run rates', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    const row = summarise('call', 'raw', [
      { ops: 100, seconds: 1 },
      { ops: 100, seconds: 0.5 },
      { ops: 100, seconds: 0.25 },
    ]);
    expect(row.ops_per_sec).toBe(200);
    expect(row.us_per_op).toBe(5000);
  });
});

describe('no-emit rewrite', () => {
  it('deletes guarded one-line emissions and turns other guard reads into false, leaving assignments', () => {
    const src = [
      '    if (this.listening) this.emit({ ...this.base(p), kind: \'spawn\' });',
      '    if (this.listening && p.behaviour === \'plain\') this.emitIn(p, msg);',
      '    return this.self.debug !== null || this.self.runtime.listening;',
      '    this.listening = true;',
      '    this.listening = this.listeners.length > 0;',
      '',
    ].join('\n');
    const r = compileOutEmission(src);
    expect(r.deleted).toBe(1);
    expect(r.replaced).toBe(2);
    expect(r.text).not.toContain("kind: 'spawn'");
    expect(r.text).toContain("if (false && p.behaviour === 'plain')");
    expect(r.text).toContain('this.self.debug !== null || false;');
    expect(r.text).toContain('this.listening = true;');
    expect(r.text).toContain('this.listening = this.listeners.length > 0;');
  });

  it('finds the guards in the real runtime and leaves no guard read behind', () => {
    const dir = new URL('../runtime/', import.meta.url);
    const files = readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts'));
    let deleted = 0;
    for (const f of files) {
      const r = compileOutEmission(readFileSync(new URL(f, dir), 'utf8'));
      deleted += r.deleted;
      const reads = r.text.split('\n').filter((l) => /\.listening\b/.test(l) && !/\.listening\s*=[^=]/.test(l) && !l.trim().startsWith('*') && !l.trim().startsWith('/'));
      expect(reads, f).toEqual([]);
    }
    expect(deleted).toBeGreaterThan(5);
  });
});

describe('scheduler bench (issue 9)', () => {
  it('the count-only copy loads and runs ping-pong; the lateness probe fires and records its firings', async () => {
    const copies = await loadSchedulerCopies();
    try {
      const pingPong = workloads.find((w) => w.name === 'ping-pong');
      const s = await pingPong?.run.otpscope(QUICK, { lib: copies.countOnly.lib });
      expect(s?.ops).toBe(QUICK.pingPong);
      const l = await timerLateness(projectLib, 0.05, 'slow calls + ping-pong');
      expect(l.firings).toBeGreaterThan(0);
      expect(l.callsPerSec).toBeGreaterThan(0);
      expect(l.bouncesPerSec).toBeGreaterThan(0);
      expect(Number.isFinite(l.p99)).toBe(true);
    } finally {
      copies.countOnly.remove();
      copies.timeBudget.remove();
    }
  });
});
