#!/usr/bin/env node
// npm run bench:scan — scan a generated DuckDB warehouse of 200 tables / 10M rows through the
// real DuckDB connector (read-only session, SQL gate).
// Targets: under 60 s wall time and under 1 GiB peak RSS on a 2-core machine.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { buildTs } from './run-ts.mjs';

const root = join(import.meta.dirname, '..', '..');
const warehouse = join(root, 'tmp', 'bench', 'scan-warehouse-v1.duckdb');
const generator = await buildTs('scripts/bench/scan-warehouse.ts');
const scanner = await buildTs('scripts/bench/scan-main.ts');
if (!existsSync(warehouse)) {
  const generated = spawnSync(process.execPath, [generator, warehouse], { stdio: 'inherit' });
  if (generated.status !== 0) process.exit(1);
}
const result = spawnSync(process.execPath, [scanner, warehouse], {
  encoding: 'utf8',
  stdio: ['ignore', 'pipe', 'inherit'],
});
if (result.status !== 0) {
  process.stderr.write(result.stdout);
  process.exit(1);
}
const m = JSON.parse(result.stdout.trim().split('\n').at(-1));
console.log(`scanned ${m.tables} tables, ${m.rows.toLocaleString('en-US')} rows with ${m.queries} queries`);
console.log(
  `  keys: ${m.primaryKeys} primary keys, ${m.accepted} relationships accepted, ${m.review} to review`,
);
console.log(`  DuckDB     threads ${m.duckdbThreads}, memory_limit ${m.duckdbMemoryLimit} (driver defaults)`);
console.log(`  wall time  ${(m.ms / 1000).toFixed(1)} s   (target < 60 s)`);
console.log(`  peak RSS   ${m.maxRssMiB.toFixed(0)} MiB (target < 1024 MiB)`);
const ok = m.ms < 60_000 && m.maxRssMiB < 1024;
console.log(ok ? 'targets: met' : 'targets: NOT met');
if (!ok) process.exitCode = 1;
