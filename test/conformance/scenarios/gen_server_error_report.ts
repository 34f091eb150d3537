/**
 * The error report a GenServer logs when it terminates abnormally (label gen_server:terminate): its
 * fields, with the sys.log events; formatStatus rewrites the state in reports and in getStatus.
 */
import { CallError, GenServer, ProcessExit, sys, tuple, type LogEvent } from '../../../runtime/index.ts';
import { str, type Norm } from '../norm.ts';
import type { Scenario } from '../scenario.ts';
import { flushAll, reason, watch } from './process-helpers.ts';
import { statusTerm } from './sys-helpers.ts';

const isSecret = (s: unknown): boolean => Array.isArray(s) && s[0] === 'secret';

const Server: GenServer.GenServerBehaviour<unknown, unknown> = {
  init: (s) => ['ok', s],
  handleCall(req, _from, s) {
    if (req === 'crash') throw new Error('boom');
    return ['reply', s, s];
  },
  handleCast(msg, s, self) {
    if (msg === 'crash') return self.exit('cast_crash');
    return ['noreply', s];
  },
  formatStatus(reason, s) {
    if (isSecret(s)) return reason === 'normal' ? [tuple('data', [tuple(str('State'), 'redacted')])] : 'redacted_on_terminate';
    return [tuple('data', [tuple(str('State'), s)])];
  },
};

/** The report's fields under OTP's keys (sorted as the escript sorts them). */
function reportFields(r: Record<string, unknown>): [string, unknown][] {
  // OTP's reason is {Reason, Stack}; a thrown Error is the reason with its stack, an exit(R) keeps the stack beside R
  const why = r.reason instanceof Error || r.stack === undefined ? r.reason : tuple(r.reason, STACK);
  return [
    ['client_info', r.clientInfo],
    ['last_message', r.lastMessage],
    ['log', r.log],
    ['name', r.name],
    ['reason', why],
    ['state', r.state],
  ];
}

/** What norm.hrl prints for a stack trace. */
const STACK = '<stack>';

/** The escript's show/1. */
function show(norm: Norm, e: LogEvent): void {
  const label = tuple(...e.label.split(':'));
  if (e.label === 'gen_server:terminate') {
    norm.say('level', e.level);
    norm.say('label', label);
    for (const [k, v] of reportFields(e.report as Record<string, unknown>)) norm.say(`  ${k}`, v);
  } else norm.say('also logged', tuple(e.level, label));
}

const scenario: Scenario = {
  name: 'gen_server_error_report',
  area: 'gen_server',
  run: ({ norm, main, takeLogs, settle }) =>
    main(async (self) => {
      const me = self.pid;
      const s = GenServer.okPid(await GenServer.start(Server, 'plain_state', { name: 'golden_srv', caller: self }));
      norm.name(s, 'server');
      await sys.log(s, true);
      GenServer.cast(s, 'hello', self);
      const c = self.spawn(async (client) => {
        let got: unknown;
        try {
          got = await GenServer.call(s, 'crash', { caller: client });
        } catch (e) {
          got = tuple('EXIT', e instanceof CallError ? e.exitTerm : e instanceof ProcessExit ? e.reason : e);
        }
        client.send(me, tuple('client_got', got));
      });
      norm.name(c, 'client');
      await settle();
      const got = (await flushAll(self)).filter((m) => Array.isArray(m) && m[0] === 'client_got').map((m) => (m as unknown[])[1]);
      norm.say('client got', got);
      await settle();
      for (const l of takeLogs()) show(norm, l);
      const s2 = GenServer.okPid(await GenServer.start(Server, tuple('secret', 42), { caller: self }));
      norm.name(s2, 'secret_server');
      const status = statusTerm(await sys.getStatus(s2), norm) as readonly [unknown, unknown, unknown, readonly unknown[]];
      norm.say('get_status Misc with format_status', status[3][4]);
      const w2 = watch(self, s2);
      GenServer.cast(s2, 'crash', self);
      norm.say('exit reason of the server (exit(cast_crash) in handle_cast)', await reason(self, w2));
      await settle();
      for (const l of takeLogs()) show(norm, l);
    }),
};
export default scenario;
