import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { buildSync } from 'esbuild';
import { REPO_ROOT } from './cli.js';

let built: string | undefined;

/**
 * Bundles test/support/connector-module.ts (stand-in connectors) into tmp/ so the built `ktx`
 * binary can load it through KTX_TEST_CONNECTOR_MODULE. Dependencies stay external and resolve
 * from the repository's node_modules.
 */
export function connectorModule(): string {
  if (built) return built;
  const outdir = join(REPO_ROOT, 'tmp', 'test-build');
  mkdirSync(outdir, { recursive: true });
  const outfile = join(outdir, `connector-module-${process.pid}.mjs`);
  buildSync({
    absWorkingDir: REPO_ROOT,
    entryPoints: ['test/support/connector-module.ts'],
    outfile,
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    packages: 'external',
    logLevel: 'warning',
  });
  built = outfile;
  return outfile;
}

/** Environment for CLI runs that scan through the stand-in connectors. */
export function scanEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return {
    KTX_PROJECT_DIR: undefined,
    KTX_TEST: '1',
    KTX_TEST_CONNECTOR_MODULE: connectorModule(),
    ...extra,
  };
}
