import { describe, expect, it, vi } from 'vitest';
import { settled } from '../../vitest-plugin/index.ts';
import {
  BadArgError,
  GenServer,
  Ref,
  TimeoutMessage,
  cancelTimer,
  exit,
  isAlive,
  makeRef,
  processInfo,
  readTimer,
  register,
  send,
  sendAfter,
  startTimer,
  sys,
  unregister,
  tuple,
  whereis,
  type Pid,
} from '../../runtime/index.ts';
import { deferred, exitReason, inProcess, useDefaultRuntime } from './helpers.ts';

// the module functions (register, send, sendAfter, …) act on runtime(): each test gets a fresh one
const current = useDefaultRuntime();

function idle(): Pid {
  return current.rt.spawn(async (self) => {
    await self.receive((m) => m === 'stop');
  });
}

describe('the registry', () => {
  it('register, whereis, registered and unregister', () => {
    const pid = idle();
    expect(register('worker', pid)).toBe(true);
    expect(whereis('worker')).toBe(pid);
    expect(current.rt.registered()).toEqual(['worker']);
    expect(processInfo(pid)?.registeredName).toBe('worker');
    expect(unregister('worker')).toBe(true);
    expect(whereis('worker')).toBeUndefined();
    expect(processInfo(pid)?.registeredName).toBeNull();
    current.rt.exit(pid as Pid, 'kill'); // what this test started
  });

  it('a taken name is a BadArgError naming the name and its holder', () => {
    const a = idle();
    const b = idle();
    register('taken', a);
    expect(() => register('taken', b)).toThrow(BadArgError);
    expect(() => register('taken', b)).toThrow(`'taken' is already registered to ${String(a)}`);
    expect(whereis('taken')).toBe(a);
    for (const p of [a, b]) current.rt.exit(p as Pid, 'kill'); // what this test started
  });

  it('refuses a second name for one pid, a dead pid, and an empty name', async () => {
    const a = idle();
    register('first', a);
    expect(() => register('second', a)).toThrow(/already registered as 'first'/);
    const dead = current.rt.spawn(() => undefined);
    await current.rt.settled();
    expect(() => register('ghost', dead)).toThrow(BadArgError);
    expect(() => register('', a)).toThrow(BadArgError);
    for (const p of [a, dead]) current.rt.exit(p as Pid, 'kill'); // what this test started
  });

  it('spawn with a taken name throws and leaves no process behind', () => {
    const a = idle();
    register('only', a);
    const before = current.rt.processCount;
    expect(() => current.rt.spawn(() => undefined, { name: 'only' })).toThrow(BadArgError);
    expect(current.rt.processCount).toBe(before);
    current.rt.exit(a as Pid, 'kill'); // what this test started
  });

  it("a {global, N} or {via, M, N} name is refused as such, not as 'invalid name global,golden_g'", async () => {
    const global = tuple('global', 'golden_g') as unknown as string;
    const bystander = idle();
    const before = current.rt.processCount;
    expect(() => current.rt.spawn(() => undefined, { name: global })).toThrow(BadArgError);
    expect(() => current.rt.spawn(() => undefined, { name: global })).toThrow(
      'register: {global,golden_g} is OTP\'s {global, …} tuple: here a local name is a non-empty string, and { global: name } is the global name (where a name is taken: start, call, cast, send, monitor)',
    );
    const via = tuple('via', 'my_registry', 'conn') as unknown as string;
    let refused: unknown;
    try {
      refused = await GenServer.start({ init: () => ['ok', null] }, null, { name: via });
    } catch (e) {
      refused = e;
    }
    expect(refused).toBeInstanceOf(BadArgError);
    expect(String(refused)).toContain("GenServer.start: {via,my_registry,conn} is OTP's {via, …} tuple: here a local name is a non-empty string, and { via: registry, name } is the via name");
    expect(() => register(global, bystander)).toThrow("register: {global,golden_g} is OTP's {global, …} tuple");
    expect(() => current.rt.spawn(() => undefined, { name: 42 as unknown as string })).toThrow("register: expected a name (a non-empty string other than 'undefined'), got number");
    expect(current.rt.processCount).toBe(before);
    current.rt.exit(bystander, 'kill'); // what this test started
  });

  it('send to an unknown name is a BadArgError naming the name; unregister of one too', () => {
    expect(() => send('nobody', 'hi')).toThrow(BadArgError);
    expect(() => send('nobody', 'hi')).toThrow(/'nobody'/);
    expect(() => current.rt.send('nobody', 'hi')).toThrow(BadArgError);
    expect(() => unregister('nobody')).toThrow(BadArgError);
  });

  it('the name is freed when its process exits, and can be taken again', async () => {
    const a = idle();
    register('reused', a);
    const reason = exitReason(current.rt, a);
    send('reused', 'stop');
    expect(await reason).toBe('normal');
    expect(whereis('reused')).toBeUndefined();
    const b = idle();
    expect(register('reused', b)).toBe(true);
    expect(whereis('reused')).toBe(b);
    for (const p of [a, b]) current.rt.exit(p as Pid, 'kill'); // what this test started
  });
});

describe('timers', () => {
  it('sendAfter delivers the message; the name is resolved when the timer fires', async () => {
    const got = deferred<unknown>();
    const ref = sendAfter(5, 'late_name', 'tick');
    expect(ref).toBeInstanceOf(Ref);
    current.rt.spawn(
      async (self) => {
        got.resolve(await self.receive());
      },
      { name: 'late_name' },
    );
    expect(await got.promise).toBe('tick');
  });

  it('startTimer delivers a TimeoutMessage carrying the timer ref', async () => {
    const got = await inProcess(current.rt, async (self) => {
      const ref = startTimer(1, self.pid, 'ping');
      return { ref, msg: await self.receive() };
    });
    expect(got.msg).toBeInstanceOf(TimeoutMessage);
    expect(got.msg).toMatchObject({ ref: got.ref, message: 'ping' });
  });

  it('cancelTimer returns the ms left, then false; a cancelled timer never fires', async () => {
    vi.useFakeTimers();
    try {
      const pid = idle();
      const ref = sendAfter(10_000, pid, 'never');
      const control = sendAfter(10_000, pid, 'control'); // the same timer, not cancelled: it does fire
      vi.advanceTimersByTime(4_000);
      expect(readTimer(ref)).toBe(6_000);
      expect(cancelTimer(ref)).toBe(6_000);
      expect(cancelTimer(ref)).toBe(false);
      expect(readTimer(ref)).toBe(false);
      // well past the deadline: only the control timer's message arrived
      vi.advanceTimersByTime(20_000);
      await settled();
      expect(processInfo(pid)?.messages).toEqual(['control']);
      expect(readTimer(control)).toBe(false);
      send(pid, 'stop');
    } finally {
      vi.useRealTimers();
    }
  });

  it('cancelTimer of a fired timer is false', async () => {
    const got = await inProcess(current.rt, async (self) => {
      const ref = sendAfter(1, self.pid, 'fired');
      const msg = await self.receive();
      return { msg, cancel: cancelTimer(ref) };
    });
    expect(got).toEqual({ msg: 'fired', cancel: false });
  });

  it('refuses a negative or non-number time', () => {
    const pid = idle();
    expect(() => sendAfter(-1, pid, 'x')).toThrow(BadArgError);
    expect(() => sendAfter(Number.NaN, pid, 'x')).toThrow(BadArgError);
    current.rt.exit(pid, 'kill'); // what this test started
  });
});

describe('refs and introspection', () => {
  it('makeRef gives unique refs', () => {
    const refs = Array.from({ length: 1000 }, () => makeRef());
    expect(new Set(refs.map((r) => r.id)).size).toBe(1000);
    expect(new Set(refs.map(String)).size).toBe(1000);
    expect(String(refs[0])).toMatch(/^#Ref<0\.0\.0\.\d+>$/);
  });

  it('isAlive follows the process', async () => {
    const pid = idle();
    expect(isAlive(pid)).toBe(true);
    exit(pid, 'kill');
    expect(isAlive(pid)).toBe(false);
  });

  it('processInfo reports queue, links, monitors, name, behaviour, and undefined once dead', async () => {
    const target = idle();
    register('target', target);
    const info = await inProcess(current.rt, async (self) => {
      self.link(target);
      const ref = self.monitor(target);
      self.send(target, 'queued 1');
      self.send(target, 'queued 2');
      return { ref, mine: processInfo(self.pid) };
    });
    // the info process has ended (its link and monitor with it); look again at a fresh watcher's view
    await current.rt.settled();
    const theirs = processInfo(target);
    expect(theirs?.links).toEqual([]);
    expect(theirs?.monitoredBy).toEqual([]);
    const watcher = current.rt.spawn(async (self) => {
      self.link(target);
      self.monitor(target);
      await self.receive();
    });
    await current.rt.settled();
    const watched = processInfo(target);
    expect(theirs).toMatchObject({ status: 'waiting', messageQueueLen: 2, registeredName: 'target', behaviour: 'plain', trapExit: false });
    expect(theirs?.messages).toEqual(['queued 1', 'queued 2']);
    expect(watched?.links).toEqual([watcher]);
    expect(watched?.monitoredBy).toEqual([watcher]);
    expect(info.mine?.status).toBe('running');
    expect(info.mine?.monitors).toEqual([{ ref: info.ref, pid: target, object: target }]);
    expect(info.mine?.links).toEqual([target]);
    exit(target, 'kill');
    expect(processInfo(target)).toBeUndefined();
  });

  it('processInfo status: runnable before it runs, still waiting under sys suspend (as OTP), behaviour of a GenServer', async () => {
    const pid = idle();
    expect(processInfo(pid)?.status).toBe('runnable');
    const server = GenServer.okPid(await GenServer.start({ init: () => ['ok', 0] }, undefined, { runtime: current.rt }));
    expect(processInfo(server)?.behaviour).toBe('gen_server');
    await sys.suspend(server);
    expect(processInfo(server)?.status).toBe('waiting');
    await sys.resume(server);
    expect(processInfo(server)?.status).toBe('waiting');
    current.rt.exit(server as Pid, 'kill'); // what this test started
    for (const p of [pid, server]) current.rt.exit(p as Pid, 'kill'); // what this test started
  });
});
