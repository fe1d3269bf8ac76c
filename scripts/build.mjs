#!/usr/bin/env node
// Builds dist/ with esbuild: one ESM entry (dist/cli/main.js) plus lazily loaded chunks.
// The small pure-JS libraries on every command's path (commander, yaml, zod) are bundled to cut
// module-resolution cost at start-up; every other dependency stays an external import.
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';

const root = join(import.meta.dirname, '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const BUNDLED = new Set(['commander', 'yaml', 'zod']);
const external = Object.keys(pkg.dependencies ?? {})
  .filter((name) => !BUNDLED.has(name))
  .flatMap((name) => [name, `${name}/*`]);

rmSync(join(root, 'dist'), { recursive: true, force: true });
await build({
  absWorkingDir: root,
  entryPoints: { 'cli/main': 'src/cli/main.ts', ...extraEntries() },
  outdir: 'dist',
  chunkNames: 'chunks/[name]-[hash]',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  external,
  sourcemap: false,
  legalComments: 'none',
  logLevel: 'warning',
  // Bundled CommonJS code (none today) would need `require`; keep it available.
  banner: {
    js: "import { createRequire as __ktxCreateRequire } from 'node:module'; const require = __ktxCreateRequire(import.meta.url);",
  },
});

/** Extra entry points (e.g. worker or child-process scripts) register here. */
function extraEntries() {
  // The connector registry, for scripts (benchmarks) that drive connectors without the CLI.
  return {
    'connectors/registry': 'src/connectors/registry.ts',
    // bin/ktx.js starts the SQLite worker early for `ktx sql` (see sqlite-spawn.ts).
    'connectors/sqlite-spawn': 'src/connectors/sqlite-spawn.ts',
  };
}
