import { join } from 'node:path';
import type { KtxConfig } from '../project/config/schema.js';
import { projectPaths } from '../project/layout.js';
import type { BaseConnector } from './base.js';
import type { ConnectionConfig } from './config.js';
import { databaseFilePath, requireConnection, resolveServerParams } from './resolve.js';
import type { Connector } from './types.js';

/**
 * The one way to get a Connector: `openConnector(project, id)`. It resolves the connection's
 * secrets (registered for redaction) and imports only the driver it needs, so commands that
 * touch one warehouse never load the others' libraries.
 */

export interface OpenConnectorOptions {
  env?: NodeJS.ProcessEnv;
  /** Time allowed to establish a connection (default 10 s). */
  connectTimeoutMs?: number;
  /**
   * Remember the parser gate's acceptances in `<project>/.ktx/cache/sql-gate` (authenticated,
   * see readonly/verdict-cache.ts), so a repeated query skips compiling the parser.
   */
  verdictCache?: boolean;
}

export interface ProjectLike {
  dir: string;
  config: Pick<KtxConfig, 'connections'>;
}

export async function openConnector(
  project: ProjectLike,
  connectionId: string,
  options: OpenConnectorOptions = {},
): Promise<Connector> {
  const config = requireConnection(project.config.connections, connectionId);
  return connectorFor(connectionId, config, project.dir, options);
}

/** A connector for a connection block that is not (or not yet) in ktx.yaml, e.g. before `connection add` writes it. */
export async function connectorFor(
  connectionId: string,
  config: ConnectionConfig,
  projectDir: string,
  options: OpenConnectorOptions = {},
): Promise<Connector> {
  const connector = await driverConnector(connectionId, config, projectDir, options);
  if (options.verdictCache) {
    const { cachedGate } = await import('./readonly/verdict-cache.js');
    connector.useGate(cachedGate(join(projectPaths(projectDir).cache, 'sql-gate')));
  }
  return connector;
}

async function driverConnector(
  connectionId: string,
  config: ConnectionConfig,
  projectDir: string,
  options: OpenConnectorOptions,
): Promise<BaseConnector> {
  const ctx = { projectDir, connectionId, env: options.env };
  switch (config.driver) {
    case 'sqlite': {
      const { SqliteConnector } = await import('./sqlite.js');
      return new SqliteConnector(connectionId, config, databaseFilePath(config, projectDir));
    }
    case 'duckdb': {
      const { DuckdbConnector } = await import('./duckdb.js');
      return new DuckdbConnector(connectionId, config, databaseFilePath(config, projectDir));
    }
    case 'postgres': {
      const { PostgresConnector } = await import('./postgres.js');
      return new PostgresConnector(
        connectionId,
        config,
        resolveServerParams(config, ctx),
        options.connectTimeoutMs,
      );
    }
    case 'mysql':
    case 'mariadb': {
      const { MysqlConnector } = await import('./mysql.js');
      return new MysqlConnector(
        connectionId,
        config,
        resolveServerParams(config, ctx),
        options.connectTimeoutMs,
      );
    }
  }
}

/** Opens, runs `work`, and always closes. */
export async function withConnector<T>(
  project: ProjectLike,
  connectionId: string,
  work: (connector: Connector) => Promise<T>,
  options: OpenConnectorOptions = {},
): Promise<T> {
  const connector = await openConnector(project, connectionId, options);
  try {
    return await work(connector);
  } finally {
    await connector.close();
  }
}
