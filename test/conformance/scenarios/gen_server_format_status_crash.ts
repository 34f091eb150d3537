/**
 * A GenServer whose formatStatus throws: sys.getStatus answers with OTP's "Mod:format_status/2 crashed"
 * in place of the state (the server lives on, its state is not shown), and so does the terminate report.
 */
import { GenServer, isTuple, sys, tuple, type LogEvent } from '../../../runtime/index.ts';
import { str, type Norm } from '../norm.ts';
import type { Scenario } from '../scenario.ts';
import { statusTerm } from './sys-helpers.ts';

const Server: GenServer.GenServerBehaviour<unknown, unknown> = {
  name: 'gen_server_format_status_crash',
  init: (s) => ['ok', s],
  handleCall: (req, _from, s) => (req === 'stop' ? ['stop', 'boom', 'ok', s] : ['reply', 'ok', s]),
  handleCast: (_msg, s) => ['noreply', s],
  formatStatus() {
    throw new Error('format_failed');
  },
};

/** The crash text is an Erlang string (a JavaScript string prints as an atom). */
function erlangStrings(t: unknown): unknown {
  if (typeof t === 'string' && t.endsWith(' crashed')) return str(t);
  if (Array.isArray(t)) return (isTuple(t) ? (xs: unknown[]) => tuple(...xs) : (xs: unknown[]) => xs)(t.map(erlangStrings));
  return t;
}

/** The escript's show/1. */
function show(norm: Norm, e: LogEvent): void {
  const label = tuple(...e.label.split(':'));
  if (e.label === 'gen_server:terminate') {
    const r = e.report as Record<string, unknown>;
    norm.say('level', e.level);
    norm.say('label', label);
    norm.say('  state', erlangStrings(r.state));
    norm.say('  last_message', r.lastMessage);
  } else norm.say('also logged', tuple(e.level, label));
}

const scenario: Scenario = {
  name: 'gen_server_format_status_crash',
  area: 'gen_server',
  run: ({ norm, main, takeLogs, settle }) =>
    main(async (self) => {
      const s = GenServer.okPid(await GenServer.start(Server, tuple('secret', 42), { caller: self }));
      norm.name(s, 'server');
      const status = statusTerm(await sys.getStatus(s), norm) as readonly [unknown, unknown, unknown, readonly unknown[]];
      norm.say('get_status Misc', erlangStrings(status[3][4]));
      norm.say('alive after get_status', s.proc.runtime.isAlive(s));
      norm.say('state', await sys.getState(s));
      norm.say('call that stops', await GenServer.call(s, 'stop', { caller: self }));
      await settle();
      norm.say('alive after stop', s.proc.runtime.isAlive(s));
      await settle();
      for (const l of takeLogs()) show(norm, l);
    }),
};
export default scenario;
