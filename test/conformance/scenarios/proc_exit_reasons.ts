/**
 * Exit reasons of a process as seen by a monitor: return, exit/1, error/1, throw,
 * runtime errors (the nearest JavaScript ones: see accepted-differences.ts), exit/2 to self.
 */
import { tuple } from '../../../runtime/index.ts';
import type { Scenario } from '../scenario.ts';
import { exitOf } from './process-helpers.ts';

const zero = (): bigint => 0n;
const two = (): unknown => 2;
/** Erlang `fc(y) -> ok.`: only the clause for `y`. */
const fc: Record<string, () => string> = { y: () => 'ok' };

const scenario: Scenario = {
  name: 'proc_exit_reasons',
  area: 'processes',
  run: ({ norm, main }) =>
    main(async (self) => {
      norm.say('returns', await exitOf(self, () => 'ok'));
      norm.say('exit(normal)', await exitOf(self, (s) => s.exit('normal')));
      norm.say('exit(bye)', await exitOf(self, (s) => s.exit('bye')));
      norm.say('exit({shutdown,x})', await exitOf(self, (s) => s.exit(tuple('shutdown', 'x'))));
      norm.say(
        'error(boom)',
        await exitOf(self, () => {
          throw new Error('boom');
        }),
      );
      norm.say(
        'throw(ball)',
        await exitOf(self, () => {
          throw 'ball';
        }),
      );
      // JavaScript's only arithmetic exception: BigInt division by zero (1 / 0 is Infinity)
      norm.say('1/0', await exitOf(self, () => 1n / zero()));
      // no pattern match in JavaScript: the nearest is a destructuring that does not fit
      norm.say(
        'badmatch',
        await exitOf(self, () => {
          const [one] = two() as [number];
          return one;
        }),
      );
      // no function clauses in JavaScript: the nearest is calling a clause that is not there
      norm.say('function_clause', await exitOf(self, () => fc['x']()));
      norm.say(
        'exit(self(),kill)',
        await exitOf(self, async (s) => {
          s.exitSignal(s.pid, 'kill');
          await s.receive(() => false);
        }),
      );
      norm.say(
        'exit(self(),normal) not trapping',
        await exitOf(self, async (s) => {
          s.exitSignal(s.pid, 'normal');
          await s.receive(() => false, 100);
          s.exit('survived');
        }),
      );
    }),
};
export default scenario;
