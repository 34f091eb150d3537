/**
 * What a TypeScript conformance scenario is: a `run(ctx)` that drives a fresh
 * runtime and prints, through `ctx.norm`, the lines its Erlang twin prints.
 */
import { setTimeout as realSleep } from 'node:timers/promises';
import { Runtime, setRuntime, setTraceSink, type LogEvent, type Self } from '../../runtime/index.ts';
import { Norm } from './norm.ts';

/** Everything a scenario gets. */
export interface ScenarioContext {
  /** A fresh runtime, also made the default one for the scenario's duration. */
  readonly rt: Runtime;
  readonly norm: Norm;
  /** Every log event (crash reports, supervisor reports) since the start or the last `takeLogs`. */
  takeLogs(): LogEvent[];
  /** Trace text written by sys trace / log print since the start or the last `takeTrace`. */
  takeTrace(): string;
  /** Real-time sleep, for scenarios whose timers must really run (Erlang's timer:sleep). */
  sleep(ms: number): Promise<void>;
  /**
   * Waits until every process of the runtime has run as far as it can (all wait
   * for messages or timers): where an escript's `timer:sleep` only lets the
   * others catch up, this is the same order with no real time spent.
   */
  settle(): Promise<void>;
  /**
   * Runs `body` as the scenario's own process (Erlang's escript main process,
   * named '<test>'); resolves when it returns, rejects with its exit reason.
   */
  main(body: (self: Self) => Promise<void>): Promise<void>;
}

/** One scenario: its name matches `erlang/<name>/<name>.escript`. */
export interface Scenario {
  readonly name: string;
  /** processes | proc_lib | sys | gen_server | supervisor | seed */
  readonly area: string;
  run(ctx: ScenarioContext): Promise<void>;
}

/** Runs a scenario in a fresh runtime; returns its printed lines. */
export async function runScenario(s: Scenario): Promise<string[]> {
  const logs: LogEvent[] = [];
  let trace = '';
  const rt = new Runtime({ logger: (e) => logs.push(e) });
  // under the vitest plugin this replaces the running test's runtime (the resolver's), else the default one
  const prev = setRuntime(rt);
  const prevSink = setTraceSink((line) => {
    trace += line + '\n';
  });
  const norm = new Norm();
  const ctx: ScenarioContext = {
    rt,
    norm,
    takeLogs: () => logs.splice(0),
    takeTrace: () => {
      const t = trace;
      trace = '';
      return t;
    },
    sleep: (ms) => realSleep(ms),
    settle: () => rt.settled(),
    main: (body) =>
      new Promise<void>((resolve, reject) => {
        const pid = rt.spawn(async (self) => {
          norm.name(self.pid, 'test');
          await body(self);
        });
        pid.proc.exitWaiters = [(reason) => (reason === 'normal' ? resolve() : reject(reason))];
      }),
  };
  try {
    await s.run(ctx);
  } finally {
    setRuntime(prev ?? new Runtime());
    setTraceSink(prevSink);
  }
  return norm.lines;
}
