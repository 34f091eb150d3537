/**
 * The runtime's layers, checked by `npm test` (`npm run deps`): kernel → observe → the runtime façade
 * (runtime/runtime.ts, erlang.ts) → otp → the package entry (runtime/index.ts) → otel/ and vitest-plugin/.
 * A layer imports only from itself and the layers below it — type imports included — and nothing outside
 * runtime/ reaches past its entry. No value cycle anywhere. runtime/README.md explains each rule.
 */
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-value-cycle',
      comment: 'A cycle of value imports: modules that cannot be loaded (or understood) one before the other.',
      severity: 'error',
      from: {},
      to: { circular: true, viaOnly: { dependencyTypesNot: ['type-only'] } },
    },
    {
      name: 'kernel-imports-only-kernel',
      comment: 'runtime/kernel is the bottom layer: processes, delivery, signals, names, timers, terms, errors, redaction. It knows no events, no sys, no behaviours.',
      severity: 'error',
      from: { path: '^runtime/kernel/' },
      to: { path: '^runtime/', pathNot: '^runtime/kernel/' },
    },
    {
      name: 'observe-imports-kernel-and-observe',
      comment: 'runtime/observe (events, emission, listeners, stream, exportable, logger, flight recorder, sys debug options) sees the kernel through its hooks, never the layers above.',
      severity: 'error',
      from: { path: '^runtime/observe/' },
      to: { path: '^runtime/', pathNot: '^runtime/(kernel|observe)/' },
    },
    {
      name: 'facade-imports-kernel-and-observe',
      comment: 'The Runtime façade (runtime.ts) and the erlang module functions sit on kernel and observe; the behaviours are above them.',
      severity: 'error',
      from: { path: '^runtime/(runtime|erlang)\\.ts$' },
      to: { path: '^runtime/', pathNot: '^runtime/(kernel/|observe/|runtime\\.ts$|erlang\\.ts$)' },
    },
    {
      name: 'otp-is-below-the-entry',
      comment: 'runtime/otp (proc_lib, sys, GenServer, Supervisor) may use every layer below it, never the package entry.',
      severity: 'error',
      from: { path: '^runtime/otp/' },
      to: { path: '^runtime/index\\.ts$' },
    },
    {
      name: 'outside-runtime-through-its-entry',
      comment: 'otel/, vitest-plugin/ and diagnostics/ use the runtime as a user does: through runtime/index.ts (so the layers can move inside).',
      severity: 'error',
      from: { path: '^(otel|vitest-plugin|diagnostics)/' },
      to: { path: '^runtime/', pathNot: '^runtime/index\\.ts$' },
    },
  ],
  options: {
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(node_modules|dist)/' },
  },
};
