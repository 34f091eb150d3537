/**
 * The agent's one way to complain: a line on stderr prefixed
 * `otpscope agent:`, printed once per key (a variable name, or what timed
 * out) however often the cause recurs. Bad configuration, a shutdown that ran
 * out of time and spans that could not be written all go through here.
 */

const warned = new Set<string>();

/** Longest value quoted in a warning, in characters. */
const VALUE_LIMIT = 100;

/** Prints `otpscope agent: <message>` on stderr, the first time `key` is warned about; returns whether it printed. */
export function agentWarn(key: string, message: string): boolean {
  if (warned.has(key)) return false;
  warned.add(key);
  process.stderr.write(`otpscope agent: ${message}\n`);
  return true;
}

/** A value from the environment or an error message, quoted and cut to a bounded length for a warning. */
export function quoted(value: string): string {
  return JSON.stringify(value.length > VALUE_LIMIT ? `${value.slice(0, VALUE_LIMIT)}…` : value);
}
