/**
 * Log events (crash reports, gen_server error reports, supervisor reports) and
 * the default logger, which prints them to stderr the way OTP's logger does.
 * Replace it with `runtime.setLogger(fn)`.
 */
import { formatTerm } from '../kernel/format.ts';
import type { Logger } from '../kernel/hooks.ts';

export type { LogEvent, Logger } from '../kernel/hooks.ts';

/** Characters of a report the default logger prints (the rest is cut, ending with `…`). */
export const REPORT_TEXT_LIMIT = 4096;

/** Prints `=ERROR REPORT====` style blocks to stderr; info and progress reports are not printed. */
export const defaultLogger: Logger = (event) => {
  if (event.level === 'info' || event.level === 'notice') return;
  const head = event.label === 'proc_lib:crash' ? 'CRASH REPORT' : `${event.level.toUpperCase()} REPORT`;
  const text = formatTerm(event.report, { chars: REPORT_TEXT_LIMIT });
  process.stderr.write(`=${head}==== ${new Date().toISOString()} ===\n    ${event.label}\n    ${text}\n`);
};

/** A logger that drops everything (for benchmarks and tests that assert on reports themselves). */
export const silentLogger: Logger = () => undefined;
