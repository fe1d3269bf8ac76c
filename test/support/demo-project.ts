import { cpSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from './cli.js';

export const DEMO_ASSETS = join(REPO_ROOT, 'assets', 'demo');
export const DEMO_CONNECTION = 'warehouse';

/**
 * A project directory holding the demo semantic layer and wiki (what `ktx demo` ships), without
 * a git repository or warehouse: enough for wiki and search tests.
 */
export function writeDemoProject(dir: string, options: { config?: string } = {}): string {
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    join(dir, 'ktx.yaml'),
    options.config ??
      `version: 1\nproject:\n  name: demo\nconnections:\n  ${DEMO_CONNECTION}:\n    driver: sqlite\n    path: ./warehouse.db\n`,
  );
  cpSync(join(DEMO_ASSETS, 'semantic-layer'), join(dir, 'semantic-layer', DEMO_CONNECTION), {
    recursive: true,
  });
  cpSync(join(DEMO_ASSETS, 'wiki'), join(dir, 'wiki', 'global'), { recursive: true });
  return dir;
}
