/** The article's set-up for each test of the suites: a MonitoringServer with one subscribed child. */
export { serverWithSubscriber } from '../../examples/monitoring-server/article-tests.ts';
export { subscribers } from '../../examples/monitoring-server/monitoring-server.ts';

/** Tests per suite (BENCH_SUITE_TESTS overrides, for a quick run). */
export const TESTS = Number(process.env.BENCH_SUITE_TESTS ?? 1000);
