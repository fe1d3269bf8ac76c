import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { initProject } from '../../src/project/init.js';
import { openProjectAt, type Project } from '../../src/project/project.js';

/**
 * A real ktx project (own git repository) with warehouse connections, for scan tests.
 * `connections` maps ids to `{ driver, path }` blocks; `scan` is the ktx.yaml `scan:` block.
 */
export async function scanProject(
  dir: string,
  connections: Record<string, { driver: 'sqlite' | 'duckdb'; path: string }>,
  scan: Record<string, unknown> = {},
): Promise<Project> {
  initProject(dir, { name: 'scan-test' });
  const config = { version: 1, project: { name: 'scan-test' }, connections, scan };
  writeFileSync(join(dir, 'ktx.yaml'), stringify(config));
  return openProjectAt(dir);
}
