#!/usr/bin/env node
// Runs TypeScript bench entry points without a build step. esbuild bundles the entry into
// tmp/bench/ (git-ignored) with dependencies kept external, so they resolve from node_modules.
// Benchmarks may import test-only helpers from test/support, which is why they are not in dist/.
//   as a module:  import { buildTs, runTs } from './run-ts.mjs'
//   as a command: node scripts/bench/run-ts.mjs <entry.ts> [args…]
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = resolve(import.meta.dirname, '..', '..');

/** Bundles a TypeScript entry into tmp/bench/<name>.mjs and returns its path. */
export async function buildTs(entry) {
  const outdir = join(root, 'tmp', 'bench');
  mkdirSync(outdir, { recursive: true });
  const outfile = join(outdir, `${basename(entry, '.ts')}.mjs`);
  await build({
    absWorkingDir: root,
    entryPoints: [resolve(entry)],
    outfile,
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    packages: 'external',
    logLevel: 'warning',
  });
  return outfile;
}

/** Builds and runs an entry in a child process, forwarding its exit code. */
export async function runTs(entry, args = process.argv.slice(2), nodeArgs = []) {
  const outfile = await buildTs(entry);
  const result = spawnSync(process.execPath, [...nodeArgs, outfile, ...args], { stdio: 'inherit' });
  process.exitCode = result.status ?? 1;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const [entry, ...args] = process.argv.slice(2);
  if (!entry) {
    console.error('usage: node scripts/bench/run-ts.mjs <entry.ts> [args…]');
    process.exit(64);
  }
  await runTs(entry, args);
}
