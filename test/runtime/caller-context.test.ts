/**
 * The calling process survives an `await` (issue 11, item 1): code of a
 * process that goes on after awaits, timers and nested calls still acts as
 * that process — every client function names it as the caller with no
 * option — and code outside any process calls from `<0.0.0>`. A killed
 * process's code going on after an `await` still has no effect, and is now
 * known to be the dead process's.
 */
import { setImmediate as realImmediate } from 'node:timers';
import { describe, expect, it } from 'vitest';
import {
  CallError,
  CallMessage,
  ExitMessage,
  GenServer,
  ProcessExit,
  Supervisor,
  SystemMessage,
  exit,
  isDown,
  procLib,
  register,
  runtime,
  send,
  sendAfter,
  spawn,
  spawnLink,
  sys,
  type Pid,
  type Runtime,
  type Self,
} from '../../runtime/index.ts';
import { MonitoringServer, subscribers } from '../../examples/monitoring-server/monitoring-server.ts';
import { deferred, fresh } from './helpers.ts';

/** A server that answers `who` with the calling pid and `ping` with `pong`. */
const Echo: GenServer.GenServerBehaviour<null> = {
  name: 'echo',
  init: () => ['ok', null],
  handleCall: (req, from, st) => ['reply', req === 'who' ? from.pid : 'pong', st],
};

async function startEcho(rt: Runtime): Promise<Pid> {
  return GenServer.okPid(await GenServer.start(Echo, null, { runtime: rt }));
}

/** A relay whose async handler, after awaits, calls the echo server with no caller: who the echo saw. */
function relay(echo: Pid): GenServer.GenServerBehaviour<null> {
  return {
    name: 'relay',
    init: () => ['ok', null],
    async handleCall(_req, _from, st) {
      await wander(null);
      return ['reply', await GenServer.call(echo, 'who'), st];
    },
  };
}

/** Awaits of every kind: a microtask, a real timer, a macrotask, a receive (when given a self), a nested call's reply. */
async function wander(self: Self | null, echo?: Pid): Promise<void> {
  await Promise.resolve();
  await new Promise<void>((r) => setTimeout(r, 0));
  await new Promise<void>((r) => realImmediate(r));
  if (self !== null) {
    send(self.pid, 'tick'); // from itself, after the awaits
    await self.receive((m) => m === 'tick');
  }
  if (echo !== undefined) await GenServer.call(echo, 'ping');
}

/** Runs `fn` as an async process body in `rt`; resolves with its result (or its error). */
function asProcess<T>(rt: Runtime, fn: (self: Self) => Promise<T>): { pid: Pid; result: Promise<T | unknown> } {
  const done = deferred<T | unknown>();
  const pid = rt.spawn(async (self) => {
    try {
      done.resolve(await fn(self));
    } catch (e) {
      done.resolve(e);
    }
  });
  return { pid, result: done.promise };
}

function killAll(rt: Runtime): void {
  for (const pid of rt.processes()) rt.exit(pid, 'kill');
}

describe('a process body after awaits, timers and nested calls', () => {
  it("GenServer.stop(self.pid) fails with OTP's {calling_self, {sys, terminate, [Pid, normal, infinity]}} and leaves nothing in its mailbox", async () => {
    const { rt } = fresh();
    const echo = await startEcho(rt);
    const { pid, result } = asProcess(rt, async (self) => {
      await wander(self, echo);
      return GenServer.stop(self.pid).then(() => 'stopped', (e: unknown) => e);
    });
    const e = (await result) as CallError;
    expect(e).toBeInstanceOf(CallError);
    expect(e.reason).toBe('calling_self');
    expect(e.call).toEqual({ module: 'sys', function: 'terminate', args: [pid, 'normal', Infinity] });
    expect(rt.processInfo(echo)?.messageQueueLen).toBe(0);
    killAll(rt);
  });

  it('GenServer.stop(self.pid) in an async handleCall after awaits: calling_self, the server lives on and answers', async () => {
    const { rt } = fresh();
    const echo = await startEcho(rt);
    const server = GenServer.okPid(
      await GenServer.start(
        {
          init: () => ['ok', 0],
          async handleCall(req, _from, n, self) {
            if (req !== 'stop-myself') return ['reply', n, n];
            await wander(null, echo);
            const outcome = await GenServer.stop(self.pid).then(() => 'stopped', (e: unknown) => e);
            return ['reply', outcome, n + 1];
          },
        },
        null,
        { runtime: rt },
      ),
    );
    // 1 s: on a server that cannot tell itself from <0.0.0> this call never returns
    const e = (await GenServer.call(server, 'stop-myself', 1000)) as unknown as CallError;
    expect(e).toBeInstanceOf(CallError);
    expect(e.reason).toBe('calling_self');
    expect(e.call.args).toEqual([server, 'normal', Infinity]);
    expect(await GenServer.call(server, 'get')).toBe(1);
    // no {system, _, {terminate, normal}} was left in its own mailbox
    expect(server.proc.messages()).toEqual([]);
    killAll(rt);
  });

  it('sys.getState(self.pid) fails with calling_self at once (no 5 s timeout)', async () => {
    const { rt } = fresh();
    const echo = await startEcho(rt);
    const { pid, result } = asProcess(rt, async (self) => {
      await wander(self, echo);
      return sys.getState(self.pid).catch((e: unknown) => e);
    });
    const e = (await result) as CallError;
    expect(e).toBeInstanceOf(CallError);
    expect(e.reason).toBe('calling_self');
    expect(e.call).toEqual({ module: 'sys', function: 'get_state', args: [pid] });
    killAll(rt);
  });

  it('sys requests and calls queued at a busy or suspended process name the right sender', async () => {
    const { rt } = fresh();
    const echo = await startEcho(rt);
    const gate = deferred();
    const server = GenServer.okPid(
      await GenServer.start(
        {
          init: () => ['ok', 0],
          async handleCall(req, _from, n) {
            if (req === 'block') await gate.promise;
            return ['reply', n, n];
          },
        },
        null,
        { runtime: rt },
      ),
    );
    const blocked = GenServer.call(server, 'block', Infinity);
    const asked = deferred();
    const client = asProcess(rt, async (self) => {
      await wander(self, echo);
      const state = sys.getState(server); // queued behind the blocked handler
      await wander(self, echo);
      const reply = GenServer.call(server, 'get'); // queued too
      asked.resolve();
      return Promise.all([state, reply]);
    });
    await asked.promise;
    const queued = server.proc.messages();
    expect(queued).toHaveLength(2);
    expect((queued[0] as SystemMessage).from.pid).toBe(client.pid);
    expect((queued[1] as CallMessage).from.pid).toBe(client.pid);
    gate.resolve();
    await blocked;
    expect(await client.result).toEqual([0, 0]);

    // suspended: ordinary calls wait in the mailbox, each naming its caller
    await sys.suspend(server);
    const askedAgain = deferred();
    const second = asProcess(rt, async (self) => {
      await wander(self, echo);
      const reply = GenServer.call(server, 'get');
      askedAgain.resolve();
      return reply;
    });
    await askedAgain.promise;
    expect((server.proc.messages()[0] as CallMessage).from.pid).toBe(second.pid);
    await sys.resume(server);
    expect(await second.result).toBe(0);
    killAll(rt);
  });

  it("the article's child subscribing with GenServer.call after awaits subscribes itself, not <0.0.0>, and its DOWN removes it", async () => {
    const { rt } = fresh();
    const echo = await startEcho(rt);
    const server = GenServer.okPid(await GenServer.start(MonitoringServer, undefined, { runtime: rt }));
    const ready = deferred();
    const child = rt.spawn(async (self) => {
      await wander(self, echo);
      await GenServer.call(server, 'subscribe'); // no { caller: self }
      ready.resolve();
      await self.receive((m) => m === 'terminate');
    });
    await ready.promise;
    expect(await subscribers(server)).toEqual([child]);
    const down = rt.spawn(async (self) => {
      self.monitor(child);
      await self.receive(isDown);
    });
    rt.send(child, 'terminate');
    await rt.settled();
    expect(rt.isAlive(down)).toBe(false);
    expect(await subscribers(server)).toEqual([]);
    killAll(rt);
  });

  it('a nested call from an async handler after awaits names the handler\'s server', async () => {
    const { rt } = fresh();
    const echo = await startEcho(rt);
    const r = GenServer.okPid(await GenServer.start(relay(echo), null, { runtime: rt }));
    const { pid, result } = asProcess(rt, async (self) => {
      await wander(self, echo);
      return { me: self.pid, direct: await GenServer.call(echo, 'who'), viaRelay: await GenServer.call(r, 'go') };
    });
    expect(await result).toEqual({ me: pid, direct: pid, viaRelay: r });
    killAll(rt);
  });

  it('code in a timer callback or a .then of the process acts as the process', async () => {
    const { rt } = fresh();
    const echo = await startEcho(rt);
    const { pid, result } = asProcess(rt, async (self) => {
      await wander(self, echo);
      const fromTimer = await new Promise<unknown>((resolve) => {
        setTimeout(() => void GenServer.call(echo, 'who').then(resolve), 0);
      });
      const fromThen = await Promise.resolve().then(() => GenServer.call(echo, 'who'));
      return { fromTimer, fromThen };
    });
    expect(await result).toEqual({ fromTimer: pid, fromThen: pid });
    killAll(rt);
  });

  it('GenServer.startLink after awaits makes the server a linked child of the process', async () => {
    const { rt } = fresh();
    const echo = await startEcho(rt);
    const { pid, result } = asProcess(rt, async (self) => {
      await wander(self, echo);
      const [, server] = (await GenServer.startLink(Echo, null)) as readonly ['ok', Pid];
      const [, worker] = (await procLib.startLink((c) => {
        procLib.initAck(c, ['ok', c.pid]);
        c.loop(() => undefined);
      })) as readonly ['ok', Pid];
      return { server, worker };
    });
    const { server, worker } = (await result) as { server: Pid; worker: Pid };
    for (const child of [server, worker]) {
      expect(rt.processInfo(child)?.parent).toBe(pid);
      expect(rt.processInfo(child)?.ancestors).toEqual([pid]);
      expect(rt.processInfo(child)?.links).toEqual([pid]);
    }
    killAll(rt);
  });

  it('the module functions act as the process: runtime(), spawn, spawnLink, send and exit/2', async () => {
    const { rt } = fresh();
    const echo = await startEcho(rt);
    const trapper = rt.spawn(async (self) => {
      self.trapExit(true);
      const m = await self.receive((x) => x instanceof ExitMessage);
      send((m as ExitMessage).from, ['trapped-from', (m as ExitMessage).from]);
    });
    const { pid, result } = asProcess(rt, async (self) => {
      await wander(self, echo);
      const child = spawn((c) => c.loop(() => undefined));
      const linked = spawnLink((c) => c.loop(() => undefined));
      exit(trapper, 'bye');
      const echoed = await self.receive((m) => Array.isArray(m) && m[0] === 'trapped-from');
      return { rt: runtime(), child, linked, echoed };
    });
    const r = (await result) as { rt: Runtime; child: Pid; linked: Pid; echoed: unknown };
    // the test's own runtime is another one (the plugin's): code of a process acts in its own
    expect(r.rt).toBe(rt);
    expect(rt.processInfo(r.child)?.parent).toBe(pid);
    expect(rt.processInfo(r.linked)?.links).toEqual([pid]);
    expect(r.echoed).toEqual(['trapped-from', pid]);
    killAll(rt);
  });

  it('Supervisor calls after awaits come from the process', async () => {
    const { rt } = fresh();
    const echo = await startEcho(rt);
    const sup = GenServer.okPid(await Supervisor.start({ init: () => ['ok', {}, []] }, null, { runtime: rt }));
    const callers: unknown[] = [];
    await sys.install(sup, (n: null, e) => {
      if (e.kind === 'in' && e.messageKind === 'call') callers.push(e.from?.pid);
      return n;
    }, null);
    const { pid, result } = asProcess(rt, async (self) => {
      await wander(self, echo);
      const started = await Supervisor.startChild(sup, { id: 'w', start: () => GenServer.startLink(Echo, null) });
      await wander(self, echo);
      return { started: started[0], children: await Supervisor.whichChildren(sup) };
    });
    const r = (await result) as { started: string; children: Supervisor.ChildInfo[] };
    expect(r.started).toBe('ok');
    expect(callers).toEqual([pid, pid]);
    // the start function runs in the supervisor: the child is the supervisor's
    expect(rt.processInfo(r.children[0].pid as Pid)?.parent).toBe(sup);
    killAll(rt);
  });
});

describe('an explicit caller: { caller } as the last argument, the same for every client function', () => {
  it('GenServer.call/cast/stop, sys.* and Supervisor.* act for the given process, also from code outside any process', async () => {
    const { rt } = fresh();
    const echo = await startEcho(rt);
    let serverSelf!: Self;
    const server = GenServer.okPid(
      await GenServer.start(
        {
          init: (_a: null, self: Self) => {
            serverSelf = self;
            return ['ok', 0];
          },
          handleCast: (_m: unknown, n: number) => ['noreply', n + 1],
        },
        null,
        { runtime: rt },
      ),
    );
    let me!: Self;
    const p = rt.spawn(async (self) => {
      me = self;
      await self.receive((m) => m === 'never');
    });
    await rt.settled();
    // test code: no process is running, the option names one
    expect(await GenServer.call(echo, 'who', { caller: me })).toBe(p);
    expect(await GenServer.call(echo, 'who', { caller: me, timeout: 1000 })).toBe(p);
    const selfCalls = [
      GenServer.stop(server, 'normal', { caller: serverSelf }),
      sys.getState(server, { caller: serverSelf }),
      sys.suspend(server, { caller: serverSelf, timeout: 1000 }),
      sys.getStatus(server, { caller: serverSelf }),
    ];
    for (const outcome of await Promise.all(selfCalls.map((c) => c.then(() => 'answered', (e: unknown) => e)))) {
      expect(outcome).toBeInstanceOf(CallError);
      expect((outcome as CallError).reason).toBe('calling_self');
    }
    // a dead caller's cast is dropped: the option is read by cast too
    const ghost = rt.spawn(() => undefined);
    await rt.settled();
    GenServer.cast(server, 'bump', { caller: ghost.proc });
    GenServer.cast(server, 'bump', { caller: me });
    expect(await sys.getState(server)).toBe(1);

    const sup = GenServer.okPid(await Supervisor.start({ init: () => ['ok', {}, []] }, null, { runtime: rt }));
    const callers: unknown[] = [];
    await sys.install(sup, (n: null, e) => {
      if (e.kind === 'in' && e.messageKind === 'call') callers.push(e.from?.pid);
      return n;
    }, null);
    await Supervisor.whichChildren(sup, { caller: me });
    await Supervisor.countChildren(sup, { caller: me, timeout: 1000 });
    await Supervisor.whichChildren(sup);
    expect(callers).toEqual([p, p, rt.external.pid]);
    killAll(rt);
  });
});

describe('outside any process', () => {
  it('calls come from <0.0.0>, also after awaits in test code', async () => {
    const { rt } = fresh();
    const echo = await startEcho(rt);
    await wander(null, echo);
    const who = await GenServer.call(echo, 'who');
    expect(String(who)).toBe('<0.0.0>');
    expect(who).toBe(rt.external.pid);
    killAll(rt);
  });

  it("a synchronous process never inherits the context of the async process that woke the scheduler (a floating .then is not the process's)", async () => {
    const { rt } = fresh();
    const echo = await startEcho(rt);
    const seen = deferred<unknown>();
    const plain = rt.spawn((self) =>
      self.loop(() => {
        // floating: the handler returns nothing, so what runs in .then is not the process's code
        void Promise.resolve().then(() => GenServer.call(echo, 'who').then(seen.resolve));
      }),
    );
    asProcess(rt, async (self) => {
      await wander(self, echo);
      self.send(plain, 'go');
    });
    expect(await seen.promise).toBe(rt.external.pid);
    killAll(rt);
  });
});

describe('a killed process going on after an await', () => {
  it('is known as the dead process: the module functions it calls have no effect', async () => {
    const { rt } = fresh();
    const echo = await startEcho(rt);
    const sup = GenServer.okPid(await Supervisor.start({ init: () => ['ok', {}, []] }, null, { runtime: rt }));
    const bystander = rt.spawn((self) => self.loop(() => undefined));
    const gate = deferred();
    const atGate = deferred();
    const tried = deferred<Record<string, unknown>>();
    const zombie = rt.spawn(async (self) => {
      await wander(self, echo);
      atGate.resolve();
      await gate.promise;
      const out: Record<string, unknown> = {};
      const attempt = (what: string, f: () => unknown): void => {
        try {
          out[what] = f();
        } catch (e) {
          out[what] = e;
        }
      };
      attempt('spawn', () => spawn((c) => c.loop(() => undefined)));
      attempt('spawnLink', () => spawnLink((c) => c.loop(() => undefined)));
      attempt('send', () => send(bystander, 'brains'));
      attempt('exit', () => exit(bystander, 'kill'));
      attempt('register', () => register('zombie', bystander));
      attempt('sendAfter', () => sendAfter(0, bystander, 'later'));
      attempt('cast', () => GenServer.cast(echo, 'x'));
      const settle = (p: Promise<unknown>): Promise<unknown> => p.then((v) => v, (e: unknown) => e);
      out.call = await settle(GenServer.call(echo, 'who'));
      out.stop = await settle(GenServer.stop(echo));
      out.getState = await settle(sys.getState(echo));
      out.suspend = await settle(sys.suspend(echo));
      out.whichChildren = await settle(Supervisor.whichChildren(sup));
      out.start = await settle(GenServer.start(Echo, null));
      tried.resolve(out);
    });
    await atGate.promise;
    rt.exit(zombie, 'kill');
    gate.resolve();
    const out = await tried.promise;
    await rt.settled();
    for (const what of ['spawn', 'spawnLink', 'exit', 'register', 'sendAfter', 'call', 'stop', 'getState', 'suspend', 'whichChildren', 'start']) {
      expect(out[what], what).toBeInstanceOf(ProcessExit);
      expect((out[what] as ProcessExit).reason, what).toBe('killed');
    }
    expect(out.send).toBeUndefined();
    expect(out.cast).toBe('ok');
    expect(rt.processes()).toEqual([echo, sup, bystander]);
    expect(rt.processInfo(bystander)?.messageQueueLen).toBe(0);
    expect(rt.processInfo(echo)?.messageQueueLen).toBe(0);
    expect(rt.processInfo(echo)?.status).not.toBe('suspended');
    expect(rt.whereis('zombie')).toBeUndefined();
    killAll(rt);
  });
});
