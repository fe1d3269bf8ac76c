#!/usr/bin/env node
// npm run bench:mcp — the HTTP MCP daemon under load: 50 concurrent MCP SDK clients x 200
// `sl_query` compile calls on the demo project. Prints client round-trip p50/p99, the server's
// own handling time (its /health latency window), throughput and errors.
// Targets: p50 < 5 ms, 0 errors.
import { execFileSync, spawnSync } from 'node:child_process';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { buildTs } from './run-ts.mjs';

const root = join(import.meta.dirname, '..', '..');
// The daemon runs bin/ktx.js, which loads dist/: build it from the current sources first.
execFileSync(process.execPath, [join(root, 'scripts', 'build.mjs')], { stdio: 'inherit' });
const entry = await buildTs('scripts/bench/mcp-main.ts');
const result = spawnSync(process.execPath, [entry], {
  encoding: 'utf8',
  stdio: ['ignore', 'pipe', 'inherit'],
});
if (result.status !== 0) {
  process.stderr.write(result.stdout);
  process.exit(1);
}
const m = JSON.parse(result.stdout.trim().split('\n').at(-1));
const f = (ms) => `${ms.toFixed(2)} ms`;
const load = loadavg()[0];
console.log(
  `machine: ${cpus().length} cores, load average ${load.toFixed(1)}${load > cpus().length ? ' (busy: latencies are inflated)' : ''}`,
);
console.log(
  `${m.clients} clients x ${m.callsPerClient} sl_query compile calls over Streamable HTTP (${m.calls} calls in ${m.seconds.toFixed(1)} s)`,
);
console.log(`  throughput        ${m.throughput.toFixed(0)} calls/s`);
console.log(
  `  server handling   p50 ${f(m.server.p50)}   p99 ${f(m.server.p99)}   (last ${m.server.window} requests, /health)   target p50 < 5 ms`,
);
console.log(
  `  client round trip p50 ${f(m.client.p50)}   p99 ${f(m.client.p99)}   max ${f(m.client.max)}   (includes waiting behind the other ${m.clients - 1} clients)`,
);
const cpu = m.cpuPerCallMs;
const serverCpu = cpu.server === undefined ? 'n/a' : f(cpu.server);
console.log(`  cpu per call      server ${serverCpu}   clients ${f(cpu.clients)}   (load-independent cost)`);
console.log(`  errors            ${m.errors}${m.errors ? `: ${m.firstErrors.join(' | ')}` : ''}   target 0`);
const ok = m.server.p50 < 5 && m.errors === 0 && m.warmupErrors === 0;
console.log(ok ? 'targets: met' : 'targets: NOT met');
if (!ok) process.exitCode = 1;
