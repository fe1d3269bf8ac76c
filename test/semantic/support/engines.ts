import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { connectorFor } from '../../../src/connectors/registry.js';
import type { Connector, Dialect, QueryValue } from '../../../src/connectors/types.js';
import { makeTempDir } from '../../support/cli.js';
import { mysqlAdminUrl, pgAdminUrl, uniqueDbName, withDatabase } from '../../support/servers.js';
import {
  adminQuery,
  type Engine,
  provisionChinook,
  provisionDemo,
  type Warehouse,
} from '../../support/warehouses.js';

/**
 * The databases the golden suite executes on: SQLite, DuckDB, PostgreSQL and MariaDB, each
 * queried through ktx's own read-only connector (gate, read-only session, value normalisation),
 * exactly the path `ktx sl query --execute` takes. The engine is a parameter of every suite.
 */

export type { Engine } from '../../support/warehouses.js';
export const GOLDEN_ENGINES: Engine[] = ['sqlite', 'duckdb', 'postgres', 'mysql'];

export type CellValue = QueryValue;

export interface QueryRows {
  columns: string[];
  rows: CellValue[][];
}

export interface GoldenEngine {
  name: Engine;
  dialect: Dialect;
  query(sql: string): Promise<QueryRows>;
  close(): Promise<void>;
}

/** Golden results are small; the cap only guards against a runaway reference query. */
const MAX_ROWS = 50_000;

async function engineOver(warehouse: Warehouse): Promise<GoldenEngine> {
  let connector: Connector;
  try {
    connector = await connectorFor('golden', warehouse.config, warehouse.dir);
  } catch (error) {
    await warehouse.cleanup();
    throw error;
  }
  return {
    name: warehouse.engine,
    dialect: connector.dialect,
    async query(sql) {
      const result = await connector.query(sql, { maxRows: MAX_ROWS, timeoutMs: 120_000 });
      if (result.truncated) throw new Error(`golden query returned more than ${MAX_ROWS} rows`);
      return { columns: result.columns.map((column) => column.name), rows: result.rows };
    },
    async close() {
      try {
        await connector.close();
      } finally {
        await warehouse.cleanup();
      }
    },
  };
}

const SHOP_SCHEMA = readFileSync(join(import.meta.dirname, '..', 'fixtures', 'shop', 'schema.sql'), 'utf8');

/** The shop fixture's statements for one engine (MariaDB's TIMESTAMP has legacy defaults: use DATETIME). */
function shopStatements(engine: Engine): string[] {
  const text = engine === 'mysql' ? SHOP_SCHEMA.replace(/\bTIMESTAMP\b/g, 'DATETIME') : SHOP_SCHEMA;
  return text
    .replace(/^--.*$/gm, '')
    .split(/;\s*\n/)
    .map((statement) => statement.trim())
    .filter(Boolean);
}

/** A fresh database holding the shop fixture, dropped again by `cleanup()`. */
async function provisionShop(engine: Engine): Promise<Warehouse> {
  const { dir, cleanup: removeDir } = makeTempDir(`ktx-golden-shop-${engine}-`);
  if (engine === 'sqlite' || engine === 'duckdb') {
    const file = join(dir, `shop.${engine}`);
    if (engine === 'sqlite') {
      const db = new Database(file);
      db.exec(SHOP_SCHEMA);
      db.close();
    } else {
      const { DuckDBInstance } = await import('@duckdb/node-api');
      const instance = await DuckDBInstance.create(file);
      const connection = await instance.connect();
      for (const statement of shopStatements(engine)) await connection.run(statement);
      connection.closeSync();
      instance.closeSync();
    }
    return { engine, config: { driver: engine, path: file }, dir, file, cleanup: async () => removeDir() };
  }
  const database = uniqueDbName('ktx_golden_shop');
  const admin = engine === 'postgres' ? pgAdminUrl() : mysqlAdminUrl();
  await adminQuery(engine, admin, `CREATE DATABASE ${database}`);
  const adminUrl = withDatabase(admin, database);
  const cleanup = async () => {
    await adminQuery(engine, admin, `DROP DATABASE IF EXISTS ${database}`);
    removeDir();
  };
  try {
    for (const statement of shopStatements(engine)) await adminQuery(engine, adminUrl, statement);
  } catch (error) {
    await cleanup();
    throw error;
  }
  const driver = engine === 'postgres' ? 'postgres' : 'mariadb';
  return { engine, config: { driver, url: adminUrl }, dir, adminUrl, database, cleanup };
}

export async function openShop(engine: Engine): Promise<GoldenEngine> {
  return engineOver(await provisionShop(engine));
}

export async function openChinook(engine: Engine): Promise<GoldenEngine> {
  return engineOver(await provisionChinook(engine));
}

export async function openDemo(engine: Engine): Promise<GoldenEngine> {
  return engineOver(await provisionDemo(engine));
}
