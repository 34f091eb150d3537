/**
 * What the sys scenarios share: the counter gen_server their escripts define,
 * `flush_all/0`, and the OTP term shapes of what sys returns (debug events,
 * get_status, statistics), so the twins print what the runtime gave back in
 * the form the escripts print it (debug event objects print as OTP terms through norm).
 */
import { GenServer, tuple, type DebugEvent, type sys } from '../../../runtime/index.ts';
import { str, type Norm } from '../norm.ts';

/** The state of the counter: a number, or anything sys:replace_state put there (e.g. 'slow'). */
type CounterState = unknown;

/**
 * The counter gen_server each sys escript defines (its `init/1` … `code_change/3`),
 * named after the escript's module so initial_call reads `{Module, init, 1}`.
 */
export function counterServer(module: string): GenServer.GenServerBehaviour<CounterState, number> {
  return {
    name: module,
    init: (n) => tuple('ok', n),
    handleCall(req, _from, s) {
      if (req === 'get') return tuple('reply', s, s);
      const r = req as readonly [string, number];
      if (r[0] === 'add') return tuple('reply', 'ok', (s as number) + r[1]);
      return new Promise((resolve) => setTimeout(() => resolve(tuple('reply', 'slept', s)), r[1]));
    },
    handleCast: (msg, s) => tuple('noreply', (s as number) + (msg as readonly [string, number])[1]),
    handleInfo: (_msg, s) => tuple('noreply', s),
    terminate(reason, s, self) {
      if (s === 'slow') return new Promise((resolve) => setTimeout(resolve, 200));
      const t = self.runtime.whereis('golden_test');
      if (t !== undefined) self.send(t, tuple('terminate', reason, s));
      return 'ok';
    },
    codeChange: (old, s, extra) => tuple('ok', tuple('changed', old, s, extra)),
  };
}

export { flushAll, flushNow } from './process-helpers.ts';

/** A gen_server's status `Misc` with its Erlang strings marked (header text, data labels). */
function miscTerm(misc: unknown, norm: Norm): unknown {
  if (!Array.isArray(misc)) return misc;
  return misc.map((item: unknown) => {
    if (!Array.isArray(item) || item.length !== 2) return item;
    const [tag, v] = item as unknown as readonly [unknown, unknown];
    if (tag === 'header' && typeof v === 'string') return tuple('header', str(norm.normText(v)));
    if (tag === 'data' && Array.isArray(v)) {
      return tuple(
        'data',
        v.map((kv: unknown) => {
          const [k, x] = kv as readonly [unknown, unknown];
          return tuple(typeof k === 'string' ? str(k) : k, x);
        }),
      );
    }
    return item;
  });
}

/** `{status, Pid, {module, Mod}, [PDict, SysState, Parent, Debug, Misc]}`, PDict sorted (norm.hrl `status_sorted`). */
export function statusTerm(s: sys.SysStatus, norm: Norm, debug: unknown = s.debug): unknown {
  const dict = [...s.dictionary].map(([k, v]) => tuple(k, v));
  dict.sort((a, b) => String(a[0]).localeCompare(String(b[0])));
  return tuple('status', s.pid, tuple('module', s.module), [dict, s.status, s.parent, debug, miscTerm(s.misc, norm)]);
}

/** A Date as Erlang's calendar datetime `{{Y, Mo, D}, {H, Mi, S}}` (local time, as erlang:localtime/0). */
function datetimeTerm(d: Date): unknown {
  return tuple(tuple(d.getFullYear(), d.getMonth() + 1, d.getDate()), tuple(d.getHours(), d.getMinutes(), d.getSeconds()));
}

/** `sys:statistics(P, get)`'s `{ok, [{start_time, T}, …]}` (or `{ok, no_statistics}`). */
export function statisticsTerm(st: sys.SysStatistics | 'no_statistics'): unknown {
  if (st === 'no_statistics') return tuple('ok', st);
  return tuple('ok', [
    tuple('start_time', datetimeTerm(st.startTime)),
    tuple('current_time', datetimeTerm(st.currentTime)),
    tuple('reductions', st.reductions),
    tuple('messages_in', st.messagesIn),
    tuple('messages_out', st.messagesOut),
  ]);
}

/** `sys:log(P, get)`'s `{ok, [Event]}` (norm prints each event object as its OTP term). */
export function logTerm(events: readonly DebugEvent[]): unknown {
  return tuple('ok', events);
}
