/** The crash report proc_lib logs when a proc_lib process exits abnormally: label, keys, values; none for normal/shutdown/{shutdown,_}. */
import { procLib, tuple, type LogEvent, type Pid, type Self } from '../../../runtime/index.ts';
import type { Norm } from '../norm.ts';
import type { Scenario } from '../scenario.ts';
import { flushAll } from './process-helpers.ts';

/** Erlang `init(Parent)`: a dictionary key, the ack, then crash the way the test says (after queueing a message to itself). */
async function init(self: Self): Promise<void> {
  self.put('my_key', 'my_value');
  procLib.initAck(self, tuple('ok', self.pid));
  const m = (await self.receive((x) => Array.isArray(x) && x[0] === 'crash')) as readonly [string, (s: Self) => void];
  self.send(self.pid, 'pending_message');
  m[1](self);
}

/** OTP's report keys, in order, and the crash report field each one is. */
const KEYS: readonly (readonly [string, string])[] = [
  ['initial_call', 'initialCall'],
  ['pid', 'pid'],
  ['registered_name', 'registeredName'],
  ['error_info', 'errorInfo'],
  ['ancestors', 'ancestors'],
  ['message_queue_len', 'messageQueueLen'],
  ['messages', 'messages'],
  ['links', 'links'],
  ['dictionary', 'dictionary'],
  ['trap_exit', 'trapExit'],
  ['status', 'status'],
  ['heap_size', 'heapSize'],
  ['stack_size', 'stackSize'],
  ['reductions', 'reductions'],
];

/** The escript's val/2. */
function val(k: string, v: unknown): unknown {
  if (k === 'heap_size' || k === 'stack_size' || k === 'reductions') return Number.isInteger(v);
  if (k === 'error_info') {
    const e = v as procLib.CrashReport['errorInfo'];
    return tuple(e.class, e.reason, typeof e.stack === 'string');
  }
  // OTP's registered_name is [] for a process without a name
  if (k === 'registered_name') return v ?? [];
  return v;
}

/** The escript's show/1. */
function show(norm: Norm, e: LogEvent): void {
  if (e.label !== 'proc_lib:crash') {
    norm.say('other log', tuple(e.level, e.label));
    return;
  }
  norm.say('level', e.level);
  norm.say('label', tuple(...e.label.split(':')));
  const report = e.report as procLib.CrashReport & Record<string, unknown>;
  for (const [k, field] of KEYS) norm.say(`  ${k}`, val(k, report[field]));
  const extra = Object.keys(report).filter((f) => f !== 'neighbours' && !KEYS.some(([, x]) => x === f));
  if (extra.length > 0) norm.say('  extra keys', extra);
  norm.say('  linked (2nd element)', report.neighbours);
}

const scenario: Scenario = {
  name: 'proc_lib_crash_report',
  area: 'proc_lib',
  run: ({ norm, main, takeLogs, settle }) =>
    main(async (self) => {
      /** norm.hrl's logs/0: waits 30 ms, then the log events since the last call. */
      const logs = async (): Promise<LogEvent[]> => {
        await settle();
        return takeLogs();
      };
      const start = async (): Promise<Pid> => {
        const r = (await procLib.startLink(init, { caller: self, initialCall: 'proc_lib_crash_report:init/1' })) as readonly [string, Pid];
        return r[1];
      };
      self.trapExit(true);
      const p = await start();
      norm.name(p, 'child');
      self.send(
        p,
        tuple('crash', () => {
          throw new Error('boom');
        }),
      );
      await settle();
      norm.say('EXIT', await flushAll(self));
      for (const l of await logs()) show(norm, l);
      for (const r of ['normal', 'shutdown', tuple('shutdown', 'why')]) {
        const q = await start();
        norm.name(q, 'quiet');
        self.send(q, tuple('crash', (s: Self) => s.exit(r)));
        await settle();
        norm.say(`exit ${norm.fmt(r)}, reports`, (await logs()).length);
        await flushAll(self);
      }
      const q2 = await start();
      norm.name(q2, 'exiter');
      self.send(q2, tuple('crash', (s: Self) => s.exit('custom')));
      await settle();
      for (const l of await logs()) show(norm, l);
      await flushAll(self);
    }),
};
export default scenario;
