#!/usr/bin/env node
// npm run bench:llm — bundles llm-run.ts (TypeScript, imports src/ and the test fakes) with
// esbuild into a temporary module under tmp/ and runs it.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const root = join(import.meta.dirname, '..', '..');
// Inside the repository (tmp/ is git-ignored) so the bundle resolves the project's dependencies.
mkdirSync(join(root, 'tmp'), { recursive: true });
const out = mkdtempSync(join(root, 'tmp', 'bench-llm-'));
try {
  const outfile = join(out, 'llm-run.mjs');
  await build({
    absWorkingDir: root,
    entryPoints: ['scripts/bench/llm-run.ts'],
    outfile,
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    packages: 'external',
    logLevel: 'warning',
  });
  await import(pathToFileURL(outfile).href);
} finally {
  rmSync(out, { recursive: true, force: true });
}
