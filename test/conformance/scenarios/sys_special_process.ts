/**
 * A hand-written special process (procLib + sys.handleSystemMsg + sys.handleDebug):
 * what every sys call does to it, and the debug events it emits.
 */
import {
  formatTerm,
  isTuple,
  procLib,
  sys,
  tuple,
  type DebugFormatter,
  type DebugFun,
  type Pid,
  type Self,
} from '../../../runtime/index.ts';
import { tryOf } from '../norm.ts';
import type { Scenario } from '../scenario.ts';
import { flushAll, statusTerm } from './sys-helpers.ts';

const MODULE = 'sys_special_process';

/** The escript's `write_debug/3`: `io:format(Dev, "~p event = ~p~n", [Name, Event])`. */
const writeDebug: DebugFormatter = (event, name) =>
  `${formatTerm(name)} event = ${formatTerm(event.kind === 'custom' ? event.data : event)}`;

/** `sys:handle_debug(Deb, fun write_debug/3, my_proc, Event)`. */
function debug(self: Self, event: unknown): void {
  sys.handleDebug(self, { kind: 'custom', data: event }, 'my_proc');
}

/** `golden_test ! {callback, C}`. */
function callback(self: Self, c: unknown): void {
  self.send('golden_test', tuple('callback', c));
}

/** The escript's system_* callbacks; `continueWith` re-enters `loop/3` with the state. */
function hooks(self: Self, continueWith: (s: number) => void): sys.SystemHooks<number> {
  return {
    module: MODULE,
    systemContinue(me, s) {
      callback(me, 'system_continue');
      // sys kept a system-messages-only loop while suspended: drop it before receiving again
      me.stopLoop();
      continueWith(s);
    },
    systemTerminate(me, reason, s) {
      callback(me, tuple('system_terminate', reason, s));
      me.exit(reason);
    },
    systemGetState(s) {
      callback(self, 'system_get_state');
      return s;
    },
    systemReplaceState(f, s) {
      callback(self, 'system_replace_state');
      const ns = f(s) as number;
      return [ns, ns];
    },
    systemCodeChange(s, module, oldVsn, extra) {
      callback(self, tuple('system_code_change', module, oldVsn, extra));
      return s + 1000;
    },
  };
}

const isAdd = (m: unknown): m is readonly ['add', number] => isTuple(m) && m.length === 2 && m[0] === 'add';
const isGet = (m: unknown): m is readonly ['get', Pid] => isTuple(m) && m.length === 2 && m[0] === 'get';

/** The escript's `loop/3`. */
async function loop(self: Self, s0: number): Promise<never> {
  let s = s0;
  for (;;) {
    const msg = await self.receive((m) => sys.isSystemMessage(m) || isAdd(m) || isGet(m));
    if (sys.isSystemMessage(msg)) {
      s = await new Promise<number>((resolve) => sys.handleSystemMsg(self, msg, hooks(self, resolve), s));
    } else if (isAdd(msg)) {
      debug(self, tuple('in', msg));
      s += msg[1];
      debug(self, tuple('state', s));
    } else if (isGet(msg)) {
      const from = msg[1];
      debug(self, tuple('in', msg, from));
      self.send(from, tuple('value', s));
      debug(self, tuple('out', tuple('value', s), from));
    }
  }
}

/** The escript's `init/2`: debug options, ack, loop. */
function init(s0: number) {
  return (self: Self): Promise<never> => {
    sys.debugOptions(self, []);
    sys.setDebugFormatter(self, writeDebug);
    procLib.initAck(self, tuple('ok', self.pid));
    return loop(self, s0);
  };
}

const scenario: Scenario = {
  name: MODULE,
  area: 'sys',
  run: ({ norm, main, takeTrace, settle }) =>
    main(async (self) => {
      self.register('golden_test');
      const me = self.pid;
      const started = (await procLib.startLink(init(0), { caller: self, initialCall: `${MODULE}:init/2` })) as readonly [string, Pid];
      const p = started[1];
      norm.name(p, 'special');
      takeTrace();
      const getv = async (): Promise<unknown> => {
        self.send(p, tuple('get', me));
        const m = (await self.receive((x) => isTuple(x) && x[0] === 'value')) as readonly [string, unknown];
        return m[1];
      };
      const cb = async (): Promise<unknown[]> =>
        ((await flushAll(self)) as unknown[]).filter((m) => isTuple(m) && m[0] === 'callback').map((m) => (m as readonly unknown[])[1]);
      const captured = async (): Promise<string> => {
        await settle();
        return takeTrace();
      };
      self.send(p, tuple('add', 1));
      norm.say('get', await getv());
      norm.say('callbacks so far', await cb());
      norm.say('sys:get_state', await sys.getState(p));
      norm.say('  callbacks', await cb());
      norm.say('sys:replace_state', await sys.replaceState(p, (x: number) => x + 10));
      norm.say('  callbacks', await cb());
      norm.say(
        'replace_state raising',
        await tryOf(() =>
          sys.replaceState(p, () => {
            throw new Error('boom');
          }),
        ),
      );
      norm.say('  callbacks', await cb());
      const inst: DebugFun = (a, e, n) => {
        self.runtime.send(me, tuple('ev', a, e, n));
        return (a as number) + 1;
      };
      norm.say('sys:install', await sys.install(p, inst, 0));
      norm.say('  callbacks', await cb());
      self.send(p, tuple('add', 2));
      norm.say('get', await getv());
      const evs = (await flushAll(self)) as unknown[];
      norm.say(
        '  installed fun saw',
        evs.filter((m) => isTuple(m) && m[0] === 'ev').map((m) => tuple(...(m as readonly unknown[]).slice(1))),
      );
      norm.say('sys:trace', await sys.trace(p, true));
      self.send(p, tuple('add', 3));
      await getv();
      norm.sayText('  trace output', await captured());
      norm.say('sys:trace false', await sys.trace(p, false));
      norm.say('  callbacks', await cb());
      norm.say('sys:log true', await sys.log(p, true));
      self.send(p, tuple('add', 4));
      await getv();
      norm.say('sys:log get', tuple('ok', await sys.log(p, 'get')));
      norm.say('  callbacks', await cb());
      norm.say('sys:log print', await sys.log(p, 'print'));
      norm.sayText('  printed', await captured());
      norm.say('sys:no_debug', await sys.noDebug(p));
      norm.say('  callbacks', await cb());
      norm.say('sys:statistics true', await sys.statistics(p, true));
      norm.say('  callbacks', await cb());
      self.send(p, tuple('add', 0));
      await getv();
      const st = await sys.statistics(p, 'get');
      await cb();
      norm.say(
        '  messages_in/out (only via handle_debug in/out events)',
        st === 'no_statistics' ? st : tuple(st.messagesIn, st.messagesOut),
      );
      norm.say('sys:suspend', await sys.suspend(p));
      norm.say('  callbacks', await cb());
      self.send(p, tuple('add', 100));
      norm.say('get_state while suspended', await sys.getState(p));
      norm.say('sys:change_code', await sys.changeCode(p, MODULE, 'old', 'extra'));
      norm.say('  callbacks', await cb());
      norm.say('sys:resume', await sys.resume(p));
      norm.say('  callbacks', await cb());
      norm.say('state after resume', await sys.getState(p));
      await sys.statistics(p, false);
      await cb();
      norm.say('sys:get_status (PDict sorted)', statusTerm(await sys.getStatus(p), norm));
      await cb();
      self.trapExit(true);
      norm.say('sys:terminate', await sys.terminate(p, 'bye'));
      norm.say('  callbacks and EXIT', await flushAll(self));
    }),
};
export default scenario;
