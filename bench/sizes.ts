/** How big each workload is: the full run (the figures) and the quick one (smoke tests, `--quick`). */
export interface Sizes {
  /** Messages exchanged between the two ping-pong processes. */
  readonly pingPong: number;
  /** GenServer call round trips. */
  readonly calls: number;
  /** Processes in the thread ring. */
  readonly ringSize: number;
  /** Hops of the token around the ring. */
  readonly ringHops: number;
  /** Idle processes spawned (then stopped). */
  readonly spawns: number;
  /** Receivers of the fan-out. */
  readonly fanOutWidth: number;
  /** Messages each receiver gets (broadcast rounds). */
  readonly fanOutRounds: number;
}

/** The sizes. */
export const FULL: Sizes = {
  pingPong: 1_000_000,
  calls: 500_000,
  ringSize: 503,
  ringHops: 1_000_000,
  spawns: 100_000,
  fanOutWidth: 10_000,
  fanOutRounds: 100,
};

/** A hundredth or so of the full sizes: seconds for everything. */
export const QUICK: Sizes = {
  pingPong: 10_000,
  calls: 5_000,
  ringSize: 503,
  ringHops: 10_000,
  spawns: 1_000,
  fanOutWidth: 1_000,
  fanOutRounds: 10,
};

/** Every count of `s` times `f` (at least 1; the ring keeps its size, the fan-out its width). */
export function scaled(s: Sizes, f: number): Sizes {
  const k = (x: number): number => Math.max(1, Math.round(x * f));
  return {
    pingPong: k(s.pingPong),
    calls: k(s.calls),
    ringSize: s.ringSize,
    ringHops: k(s.ringHops),
    spawns: k(s.spawns),
    fanOutWidth: s.fanOutWidth,
    fanOutRounds: k(s.fanOutRounds),
  };
}

/**
 * The sizes a system runs at. Effect's fibers handle a message in several µs
 * (tens of µs with hundreds of fibers), so at the full sizes it alone would
 * take minutes: it runs a tenth of the messages (a twentieth of the ring hops
 * and fan-out rounds). Throughput is a rate, so its row stays comparable; the
 * table's ops/run column shows the size each system ran.
 */
export function sizesFor(system: string, base: Sizes): Sizes {
  if (system !== 'effect') return base;
  const s = scaled(base, 0.1);
  return { ...s, ringHops: Math.max(1, Math.round(base.ringHops / 20)), fanOutRounds: Math.max(1, Math.round(base.fanOutRounds / 20)) };
}
