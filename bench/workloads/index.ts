/**
 * The workloads, each with its run for every in-process system, its escript,
 * and the operation count a correct run must report.
 */
import type { Sample, WorkloadName } from '../harness.ts';
import type { Sizes } from '../sizes.ts';
import type { OtpOptions } from '../systems/otp-lib.ts';
import * as call from './call.ts';
import * as fanOut from './fan-out.ts';
import * as pingPong from './ping-pong.ts';
import * as spawn from './spawn.ts';
import * as threadRing from './thread-ring.ts';

/** The systems that run inside this Node process. */
export type InProcessSystem = 'otpscope' | 'raw' | 'xstate' | 'effect';

/** The in-process systems, in table order. */
export const IN_PROCESS: readonly InProcessSystem[] = ['otpscope', 'raw', 'xstate', 'effect'];

/** One workload. */
export interface Workload {
  readonly name: WorkloadName;
  /** One timed run per system at the given sizes (otpscope also takes the runtime copy and an observer). */
  readonly run: Record<InProcessSystem, (s: Sizes, otp?: OtpOptions) => Promise<Sample>>;
  /** The escript and its size arguments. */
  readonly erlang: { readonly script: string; readonly args: (s: Sizes) => readonly number[] };
  /** How many operations a correct run reports. */
  readonly expected: (s: Sizes) => number;
}

/** Every workload, in table order. */
export const workloads: readonly Workload[] = [
  {
    name: 'ping-pong',
    run: {
      otpscope: (s, o) => pingPong.otpscope(s.pingPong, o),
      raw: (s) => pingPong.raw(s.pingPong),
      xstate: (s) => pingPong.xstate(s.pingPong),
      effect: (s) => pingPong.effect(s.pingPong),
    },
    erlang: { script: 'ping_pong.escript', args: (s) => [s.pingPong] },
    expected: (s) => s.pingPong,
  },
  {
    name: 'call',
    run: {
      otpscope: (s, o) => call.otpscope(s.calls, o),
      raw: (s) => call.raw(s.calls),
      xstate: (s) => call.xstate(s.calls),
      effect: (s) => call.effect(s.calls),
    },
    erlang: { script: 'call.escript', args: (s) => [s.calls] },
    expected: (s) => s.calls,
  },
  {
    name: 'thread-ring',
    run: {
      otpscope: (s, o) => threadRing.otpscope(s.ringSize, s.ringHops, o),
      raw: (s) => threadRing.raw(s.ringSize, s.ringHops),
      xstate: (s) => threadRing.xstate(s.ringSize, s.ringHops),
      effect: (s) => threadRing.effect(s.ringSize, s.ringHops),
    },
    erlang: { script: 'thread_ring.escript', args: (s) => [s.ringSize, s.ringHops] },
    expected: (s) => s.ringHops,
  },
  {
    name: 'spawn',
    run: {
      otpscope: (s, o) => spawn.otpscope(s.spawns, o),
      raw: (s) => spawn.raw(s.spawns),
      xstate: (s) => spawn.xstate(s.spawns),
      effect: (s) => spawn.effect(s.spawns),
    },
    erlang: { script: 'spawn.escript', args: (s) => [s.spawns] },
    expected: (s) => s.spawns,
  },
  {
    name: 'fan-out',
    run: {
      otpscope: (s, o) => fanOut.otpscope(s.fanOutWidth, s.fanOutRounds, o),
      raw: (s) => fanOut.raw(s.fanOutWidth, s.fanOutRounds),
      xstate: (s) => fanOut.xstate(s.fanOutWidth, s.fanOutRounds),
      effect: (s) => fanOut.effect(s.fanOutWidth, s.fanOutRounds),
    },
    erlang: { script: 'fan_out.escript', args: (s) => [s.fanOutWidth, s.fanOutRounds] },
    expected: (s) => s.fanOutWidth * s.fanOutRounds,
  },
];
