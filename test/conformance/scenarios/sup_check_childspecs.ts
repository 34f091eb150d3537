/**
 * Supervisor.checkChildspecs: the first problem of a spec list, field by field (start, restart, shutdown, type,
 * modules, significant and its combinations with the restart type and autoShutdown), old tuple specs, empty list.
 */
import { Supervisor, tuple } from '../../../runtime/index.ts';
import type { Scenario } from '../scenario.ts';

const MODULE = 'sup_check_childspecs';

const scenario: Scenario = {
  name: 'sup_check_childspecs',
  area: 'supervisor',
  run: ({ norm, main }) =>
    main(async (self) => {
      norm.name(self.pid, 'test');
      // start_worker(_) -> ignore.
      const startWorker = (): 'ignore' => 'ignore';
      const w = { id: 'w', start: startWorker };
      const c = (label: string, specs: readonly unknown[]): void => norm.say(label, Supervisor.checkChildspecs(specs));
      c('empty list', []);
      c('defaults', [w]);
      c('all fields', [{ ...w, restart: 'transient', shutdown: 'infinity', type: 'worker', modules: 'dynamic', significant: false }]);
      c('shutdown brutal_kill', [{ ...w, shutdown: 'brutal_kill' }]);
      c('shutdown 0', [{ ...w, shutdown: 0 }]);
      c('shutdown a float', [{ ...w, shutdown: 1.5 }]);
      c('modules not a list', [{ ...w, modules: 'w' }]);
      c('modules with a non-atom', [{ ...w, modules: [42] }]);
      c('significant not a boolean', [{ ...w, significant: 'yes' }]);
      c('significant transient', [{ ...w, restart: 'transient', significant: true }]);
      c('significant permanent', [{ ...w, significant: true }]);
      c('start missing', [{ id: 'w' }]);
      c('old tuple spec', [tuple('w', startWorker, 'permanent', 5000, 'worker', [MODULE])]);
      c('old tuple spec, bad restart', [tuple('w', startWorker, 'sometimes', 5000, 'worker', [MODULE])]);
      c('second of two bad', [w, { ...w, id: 'v', type: 'boss' }]);
      const sig = [{ ...w, restart: 'transient', significant: true }];
      norm.say('check_childspecs/2, significant under never', Supervisor.checkChildspecs(sig, 'never'));
      norm.say('check_childspecs/2, significant under any_significant', Supervisor.checkChildspecs(sig, 'any_significant'));
    }),
};
export default scenario;
