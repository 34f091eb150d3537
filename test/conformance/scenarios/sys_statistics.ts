/** sys:statistics on a gen_server: off → no_statistics; counters of in/out events; enabling again keeps them; off drops them. */
import { GenServer, sys, tuple } from '../../../runtime/index.ts';
import type { Scenario } from '../scenario.ts';
import { counterServer, statisticsTerm } from './sys-helpers.ts';

/** The escript's `shape/1`: `datetime` for a {{Y,Mo,D},{H,Mi,S}} of integers, else the value. */
function shape(v: unknown): unknown {
  const isInts = (t: unknown): boolean => Array.isArray(t) && t.length === 3 && t.every((x) => Number.isInteger(x));
  return Array.isArray(v) && v.length === 2 && isInts(v[0]) && isInts(v[1]) ? 'datetime' : v;
}

/** proplists:get_value/2. */
function getValue(list: readonly (readonly [unknown, unknown])[], key: string): unknown {
  return list.find(([k]) => k === key)?.[1];
}

const scenario: Scenario = {
  name: 'sys_statistics',
  area: 'sys',
  run: ({ norm, main }) =>
    main(async (self) => {
      const s = GenServer.okPid(await GenServer.start(counterServer('sys_statistics'), 0, { caller: self }));
      norm.name(s, 'server');
      norm.say('get before enabling', statisticsTerm(await sys.statistics(s, 'get')));
      norm.say('enable', await sys.statistics(s, true));
      await GenServer.call(s, 'get', { caller: self });
      await GenServer.call(s, tuple('add', 1), { caller: self });
      GenServer.cast(s, tuple('add', 1), self);
      self.send(s, 'hello');
      const [, stats] = statisticsTerm(await sys.statistics(s, 'get')) as readonly [string, (readonly [string, unknown])[]];
      norm.say('keys', stats.map(([k]) => k));
      norm.say('start_time shape', shape(getValue(stats, 'start_time')));
      norm.say('current_time shape', shape(getValue(stats, 'current_time')));
      norm.say('reductions is integer', Number.isInteger(getValue(stats, 'reductions')));
      norm.say('messages_in', getValue(stats, 'messages_in'));
      norm.say('messages_out', getValue(stats, 'messages_out'));
      norm.say('enable again (reset?)', await sys.statistics(s, true));
      const [, stats2] = statisticsTerm(await sys.statistics(s, 'get')) as readonly [string, (readonly [string, unknown])[]];
      norm.say('after re-enable in/out', tuple(getValue(stats2, 'messages_in'), getValue(stats2, 'messages_out')));
      norm.say('disable', await sys.statistics(s, false));
      norm.say('get after disabling', statisticsTerm(await sys.statistics(s, 'get')));
    }),
};
export default scenario;
