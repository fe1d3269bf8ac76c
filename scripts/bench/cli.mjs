#!/usr/bin/env node
// npm run bench:cli — cold-process start-up of ktx next to bare node on this machine.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const bin = join(import.meta.dirname, '..', '..', 'bin', 'ktx.js');
const runs = Number(process.env.BENCH_RUNS ?? 21);
const dir = mkdtempSync(join(tmpdir(), 'ktx-bench-cli-'));
execFileSync(process.execPath, [bin, 'init', join(dir, 'p')], { stdio: 'ignore' });

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function measure(args, cwd) {
  const times = [];
  for (let i = 0; i < runs + 2; i++) {
    const start = process.hrtime.bigint();
    const result = spawnSync(process.execPath, args, { cwd, stdio: 'ignore' });
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    if (result.error) throw result.error;
    if (i >= 2) times.push(ms); // first runs warm the OS file cache, not the process
  }
  return median(times);
}

const node = measure(['-e', '0'], dir);
const version = measure([bin, '--version'], dir);
const help = measure([bin, '--help'], dir);
const status = measure([bin, 'status'], join(dir, 'p'));
rmSync(dir, { recursive: true, force: true });

const rows = [
  ['node -e 0', node, ''],
  ['ktx --version', version, `${(version / node).toFixed(2)}x node (target < 3x)`],
  ['ktx --help', help, `${(help / node).toFixed(2)}x node`],
  ['ktx status', status, 'target < 300 ms'],
];
console.log(`cold-process median wall time over ${runs} runs`);
for (const [name, ms, note] of rows)
  console.log(`${name.padEnd(16)} ${ms.toFixed(1).padStart(7)} ms  ${note}`);
const ok = version / node < 3 && status < 300;
console.log(ok ? 'targets: met' : 'targets: NOT met');
