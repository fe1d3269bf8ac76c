import type { Dialect } from '../../connectors/types.js';
import { bigquery } from './bigquery.js';
import { clickhouse } from './clickhouse.js';
import { duckdb } from './duckdb.js';
import { mysql } from './mysql.js';
import { postgres } from './postgres.js';
import { snowflake } from './snowflake.js';
import { sqlite } from './sqlite.js';
import { sqlserver } from './sqlserver.js';
import type { SqlDialect } from './types.js';

export type { SqlDialect } from './types.js';

const DIALECTS: Record<Dialect, SqlDialect> = {
  sqlite,
  duckdb,
  postgres,
  mysql,
  bigquery,
  snowflake,
  sqlserver,
  clickhouse,
};

export const DIALECT_NAMES = Object.keys(DIALECTS) as Dialect[];

/** Accepted spellings for `--dialect` (driver names included). */
const ALIASES: Record<string, Dialect> = {
  postgresql: 'postgres',
  mariadb: 'mysql',
  tsql: 'sqlserver',
  mssql: 'sqlserver',
};

export function isDialect(name: string): name is Dialect {
  return Object.hasOwn(DIALECTS, name);
}

export function resolveDialectName(name: string): Dialect | undefined {
  const lower = name.toLowerCase();
  if (isDialect(lower)) return lower;
  return ALIASES[lower];
}

export function getDialect(name: Dialect): SqlDialect {
  return DIALECTS[name];
}

/** The dialect a connection driver speaks. */
export function dialectForDriver(driver: string): Dialect {
  return resolveDialectName(driver) ?? 'postgres';
}
