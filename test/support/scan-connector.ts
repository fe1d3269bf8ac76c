import { dirname } from 'node:path';
import { observeQueries } from '../../src/connectors/observe.js';
import { connectorFor } from '../../src/connectors/registry.js';
import type { Connector } from '../../src/connectors/types.js';
import {
  DEMO_DECLARED_FOREIGN_KEYS,
  DEMO_TABLES,
  DEMO_UNDECLARED_FOREIGN_KEYS,
} from '../../src/demo/schema.js';
import type { AnswerKey } from '../fixtures/relationships/fixture-db.js';

/**
 * Real connectors for scan tests and benchmarks: the registry's driver with its read-only
 * session and SQL gate, exactly what `ktx scan` uses.
 */
export function openDatabaseFile(
  file: string,
  driver: 'sqlite' | 'duckdb' = 'sqlite',
  id = 'wh',
): Promise<Connector> {
  return connectorFor(id, { driver, path: file }, dirname(file));
}

export interface LoggedQuery {
  sql: string;
  maxRows: number;
  /** Rows that came back to Node. */
  rowCount: number;
  durationMs: number;
}

/**
 * Observes a connector without changing it: every statement sent through `query` (the gated
 * path the scan uses) with the number of rows Node received.
 */
export function withQueryLog(connector: Connector, log: LoggedQuery[]): Connector {
  return observeQueries(connector, (sql, options, result) =>
    log.push({ sql, maxRows: options.maxRows, rowCount: result.rowCount, durationMs: result.durationMs }),
  );
}

/** The demo warehouse's answer key: declared primary keys, declared and undeclared foreign keys. */
export function demoAnswerKey(): AnswerKey {
  return {
    primaryKeys: DEMO_TABLES.map((table) => ({ table: table.name, columns: table.primaryKey })),
    foreignKeys: [...DEMO_DECLARED_FOREIGN_KEYS, ...DEMO_UNDECLARED_FOREIGN_KEYS],
  };
}
