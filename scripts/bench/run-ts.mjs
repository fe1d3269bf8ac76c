#!/usr/bin/env node
// Runs a TypeScript entry point (bench scripts) without a build step: esbuild bundles it into a
// temporary ESM file under tmp/ (git-ignored) so that external dependencies resolve from the
// repository's node_modules.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const [entry, ...args] = process.argv.slice(2);
if (!entry) {
  console.error('usage: node scripts/bench/run-ts.mjs <entry.ts> [args…]');
  process.exit(64);
}
const root = resolve(import.meta.dirname, '..', '..');
mkdirSync(join(root, 'tmp'), { recursive: true });
const outDir = mkdtempSync(join(root, 'tmp', 'run-ts-'));
const outfile = join(outDir, 'main.mjs');
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
process.argv = [process.argv[0], outfile, ...args];
process.on('exit', () => rmSync(outDir, { recursive: true, force: true }));
await import(pathToFileURL(outfile).href);
