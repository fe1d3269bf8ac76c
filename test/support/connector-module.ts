/**
 * STAND-IN, TEST ONLY. Loaded by `openConnectorForScan` through KTX_TEST_CONNECTOR_MODULE so the
 * built CLI can scan SQLite and DuckDB files before the real connector registry merges.
 */
import { isAbsolute, join } from 'node:path';
import type { Connector } from '../../src/connectors/types.js';
import type { Project } from '../../src/project/project.js';
import { createDuckdbConnector } from './duckdb-connector.js';
import { createSqliteConnector } from './sqlite-connector.js';

export async function openConnector(project: Project, id: string): Promise<Connector> {
  const config = project.config.connections[id];
  if (!config || (config.driver !== 'sqlite' && config.driver !== 'duckdb')) {
    throw new Error(`test connector module supports sqlite and duckdb only (connection ${id})`);
  }
  const path = isAbsolute(config.path) ? config.path : join(project.dir, config.path);
  return config.driver === 'sqlite' ? createSqliteConnector(path, id) : createDuckdbConnector(path, id);
}
