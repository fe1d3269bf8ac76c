import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { Dialect } from '../../../src/connectors/types.js';
import { datasetPath } from '../../support/datasets.js';

/**
 * The databases the golden suite executes on. An engine is a parameter of the suite: each one
 * runs the compiled SQL and the hand-written reference SQL and returns plain rows. (PostgreSQL
 * and MariaDB join through the connectors once they land; the shape here is what they fill in.)
 */

export type CellValue = string | number | boolean | null;

export interface QueryRows {
  columns: string[];
  rows: CellValue[][];
}

export interface GoldenEngine {
  name: string;
  dialect: Dialect;
  query(sql: string): Promise<QueryRows>;
  close(): Promise<void>;
}

/** Reference-SQL helpers for constructs whose spelling differs between engines. */
export interface RefHelpers {
  month(expr: string): string;
  quarter(expr: string): string;
  year(expr: string): string;
  week(expr: string): string;
  day(expr: string): string;
}

export const REF_HELPERS: Record<string, RefHelpers> = {
  sqlite: {
    month: (x) => `DATE(${x}, 'start of month')`,
    quarter: (x) =>
      `DATE(${x}, 'start of month', '-' || ((CAST(STRFTIME('%m', ${x}) AS INTEGER) - 1) % 3) || ' months')`,
    year: (x) => `DATE(${x}, 'start of year')`,
    week: (x) => `DATE(${x}, 'weekday 0', '-6 days')`,
    day: (x) => `DATE(${x})`,
  },
  duckdb: {
    month: (x) => `CAST(DATE_TRUNC('month', ${x}) AS DATE)`,
    quarter: (x) => `CAST(DATE_TRUNC('quarter', ${x}) AS DATE)`,
    year: (x) => `CAST(DATE_TRUNC('year', ${x}) AS DATE)`,
    week: (x) => `CAST(DATE_TRUNC('week', ${x}) AS DATE)`,
    day: (x) => `CAST(${x} AS DATE)`,
  },
};

function plain(value: unknown): CellValue {
  if (value === null || value === undefined) return null;
  if (typeof value === 'bigint') return Number(value);
  if (value instanceof Date) {
    const iso = value.toISOString();
    return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso.slice(0, 19).replace('T', ' ');
  }
  if (typeof value === 'number' || typeof value === 'string' || typeof value === 'boolean') return value;
  return String(value);
}

export function openSqlite(
  path: string,
  options: { readonly?: boolean } = {},
): GoldenEngine & { exec(sql: string): void } {
  const db = new Database(path, {
    readonly: options.readonly === true,
    fileMustExist: options.readonly === true,
  });
  return {
    name: 'sqlite',
    dialect: 'sqlite',
    exec: (sql) => void db.exec(sql),
    async query(sql) {
      const statement = db.prepare(sql);
      if (!statement.reader) throw new Error('golden engine: not a query');
      const columns = statement.columns().map((column) => column.name);
      const rows = (statement.raw(true).all() as unknown[][]).map((row) => row.map(plain));
      return { columns, rows };
    },
    async close() {
      db.close();
    },
  };
}

export async function openDuckdb(
  path = ':memory:',
): Promise<GoldenEngine & { exec(sql: string): Promise<void> }> {
  const { DuckDBInstance } = await import('@duckdb/node-api');
  const instance = await DuckDBInstance.create(path);
  const connection = await instance.connect();
  return {
    name: 'duckdb',
    dialect: 'duckdb',
    async exec(sql) {
      await connection.run(sql);
    },
    async query(sql) {
      const reader = await connection.runAndReadAll(sql);
      return {
        columns: reader.columnNames(),
        rows: (reader.getRowsJS() as unknown[][]).map((row) => row.map(plain)),
      };
    },
    async close() {
      connection.closeSync();
      instance.closeSync();
    },
  };
}

const SHOP_SCHEMA = readFileSync(join(import.meta.dirname, '..', 'fixtures', 'shop', 'schema.sql'), 'utf8');

/** The shop fixture on an engine (in memory). */
export async function openShop(engine: 'sqlite' | 'duckdb'): Promise<GoldenEngine> {
  if (engine === 'sqlite') {
    const db = openSqlite(':memory:');
    db.exec(SHOP_SCHEMA);
    return db;
  }
  const db = await openDuckdb();
  await db.exec(SHOP_SCHEMA);
  return db;
}

const CHINOOK_TYPES: Array<[RegExp, string]> = [
  [/^INTEGER/i, 'INTEGER'],
  [/^NUMERIC/i, 'DECIMAL(10,2)'],
  [/^DATETIME/i, 'TIMESTAMP'],
  [/^NVARCHAR/i, 'VARCHAR'],
];

function literal(value: unknown): string {
  if (value === null) return 'NULL';
  if (typeof value === 'number' || typeof value === 'bigint') return String(value);
  return `'${String(value).replace(/'/g, "''")}'`;
}

/** Chinook: the shared SQLite file opened read-only, or copied table by table into a DuckDB database. */
export async function openChinook(engine: 'sqlite' | 'duckdb'): Promise<GoldenEngine> {
  const source = openSqlite(datasetPath('chinook.sqlite'), { readonly: true });
  if (engine === 'sqlite') return source;
  const duck = await openDuckdb();
  const tables = (
    await source.query("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
  ).rows.map((r) => String(r[0]));
  for (const table of tables) {
    const info = (await source.query(`PRAGMA table_info("${table}")`)).rows;
    const columns = info.map((row) => {
      const type = CHINOOK_TYPES.find(([pattern]) => pattern.test(String(row[2])))?.[1] ?? 'VARCHAR';
      return `"${row[1]}" ${type}`;
    });
    await duck.exec(`CREATE TABLE "${table}" (${columns.join(', ')})`);
    const { rows } = await source.query(`SELECT * FROM "${table}"`);
    for (let start = 0; start < rows.length; start += 1000) {
      const chunk = rows.slice(start, start + 1000).map((row) => `(${row.map(literal).join(', ')})`);
      await duck.exec(`INSERT INTO "${table}" VALUES ${chunk.join(', ')}`);
    }
  }
  await source.close();
  return duck;
}
