import * as call from '../workloads/call.ts';
import * as pp from '../workloads/ping-pong.ts';
for (let r = 0; r < 8; r++) {
  const c0 = process.cpuUsage();
  const s = await call.otpscope(200_000);
  const c = process.cpuUsage(c0);
  const c1 = process.cpuUsage();
  const p = await pp.otpscope(1_000_000);
  const c2 = process.cpuUsage(c1);
  console.log('call cpu', ((c.user + c.system) / s.ops).toFixed(3), 'wall', (s.seconds * 1e6 / s.ops).toFixed(3), ' pp cpu', ((c2.user + c2.system) / p.ops).toFixed(3), 'wall', (p.seconds * 1e6 / p.ops).toFixed(3));
}
