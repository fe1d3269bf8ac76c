import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import type { ConnectionConfig } from '../../src/connectors/config.js';
import { initProject } from '../../src/project/init.js';
import { openProjectAt, type Project } from '../../src/project/project.js';

/**
 * A real ktx project (own git repository) with warehouse connections, for scan tests.
 * `connections` maps ids to connection blocks (e.g. a `Warehouse.config`); `scan` is the ktx.yaml `scan:` block.
 */
export async function scanProject(
  dir: string,
  connections: Record<string, ConnectionConfig>,
  scan: Record<string, unknown> = {},
): Promise<Project> {
  initProject(dir, { name: 'scan-test' });
  const config = { version: 1, project: { name: 'scan-test' }, connections, scan };
  writeFileSync(join(dir, 'ktx.yaml'), stringify(config));
  return openProjectAt(dir);
}
