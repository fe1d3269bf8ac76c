// Builds a TypeScript bench entry with esbuild (dependencies stay external) and runs it.
// Benchmarks import test-only stand-ins from test/support, so they are not part of dist/.
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { build } from 'esbuild';

/** Bundles a TypeScript entry into tmp/bench/<name>.mjs and returns its path. */
export async function buildTs(entry) {
  const root = join(import.meta.dirname, '..', '..');
  const outdir = join(root, 'tmp', 'bench');
  mkdirSync(outdir, { recursive: true });
  const outfile = join(outdir, `${basename(entry, '.ts')}.mjs`);
  await build({
    absWorkingDir: root,
    entryPoints: [entry],
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

export async function runTs(entry, args = process.argv.slice(2), nodeArgs = []) {
  const outfile = await buildTs(entry);
  const result = spawnSync(process.execPath, [...nodeArgs, outfile, ...args], { stdio: 'inherit' });
  process.exitCode = result.status ?? 1;
}
