/**
 * STAND-IN, TEST ONLY. A minimal SQLite implementation of the `Connector` seam over
 * better-sqlite3, so the scan can be developed and tested before the real driver
 * (`src/connectors/sqlite.ts`, issue 3) merges. Replace every use of it with
 * `openConnector(project, id)` from `src/connectors/registry.ts` at merge time.
 *
 * It honours the parts of the contract the scan relies on: the database is opened read-only,
 * only statements better-sqlite3 reports as read-only run, at most `maxRows` rows are read,
 * and values are JSON-safe (safe integers as numbers, larger ones as strings, blobs as hex).
 */
import Database from 'better-sqlite3';
import type {
  ColumnInfo,
  Connector,
  ForeignKeyInfo,
  Introspection,
  NormalizedType,
  QueryResult,
  QueryValue,
  TableInfo,
} from '../../src/connectors/types.js';

export function sqliteTypeOf(declared: string): NormalizedType {
  const type = declared.toUpperCase();
  if (/BOOL|^BIT$/.test(type)) return 'boolean';
  if (/DATETIME|TIMESTAMP/.test(type)) return 'time';
  if (/DATE/.test(type)) return 'date';
  if (/^TIME/.test(type)) return 'time';
  if (/INT|REAL|FLOA|DOUB|NUMERIC|DECIMAL|MONEY|NUMBER/.test(type)) return 'number';
  return 'string';
}

function jsonSafe(value: unknown): QueryValue {
  if (value === null || value === undefined) return null;
  if (typeof value === 'bigint') {
    return value <= BigInt(Number.MAX_SAFE_INTEGER) && value >= BigInt(Number.MIN_SAFE_INTEGER)
      ? Number(value)
      : value.toString();
  }
  if (Buffer.isBuffer(value)) return `\\x${value.toString('hex')}`;
  if (typeof value === 'number' || typeof value === 'string' || typeof value === 'boolean') return value;
  return String(value);
}

export interface SqliteStandInOptions {
  /** Called with every SQL statement before it runs (tests assert on it). */
  onQuery?: (sql: string, result: { rowCount: number; durationMs: number }) => void;
}

export function createSqliteConnector(path: string, id = 'warehouse', options: SqliteStandInOptions = {}) {
  const db = new Database(path, { readonly: true, fileMustExist: true });
  db.defaultSafeIntegers(true);
  const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;

  function tableInfo(name: string, kind: 'table' | 'view'): TableInfo {
    const pragma = db.prepare(`PRAGMA table_info(${quote(name)})`).all() as Array<{
      cid: bigint;
      name: string;
      type: string;
      notnull: bigint;
      pk: bigint;
    }>;
    const columns: ColumnInfo[] = pragma.map((row) => ({
      name: row.name,
      nativeType: row.type || '',
      type: sqliteTypeOf(row.type || ''),
      nullable: Number(row.notnull) === 0 && Number(row.pk) === 0,
      ordinal: Number(row.cid) + 1,
    }));
    const pk = pragma
      .filter((row) => Number(row.pk) > 0)
      .sort((a, b) => Number(a.pk) - Number(b.pk))
      .map((row) => row.name);
    const uniqueKeys: string[][] = [];
    if (kind === 'table') {
      const indexes = db.prepare(`PRAGMA index_list(${quote(name)})`).all() as Array<{
        name: string;
        unique: bigint;
        origin: string;
      }>;
      for (const index of indexes) {
        if (Number(index.unique) !== 1 || index.origin === 'pk') continue;
        const cols = (db.prepare(`PRAGMA index_info(${quote(index.name)})`).all() as Array<{ name: string }>)
          .map((row) => row.name)
          .filter(Boolean);
        if (cols.length > 0) uniqueKeys.push(cols);
      }
    }
    const fkRows =
      kind === 'table'
        ? (db.prepare(`PRAGMA foreign_key_list(${quote(name)})`).all() as Array<{
            id: bigint;
            seq: bigint;
            table: string;
            from: string;
            to: string | null;
          }>)
        : [];
    const byId = new Map<number, ForeignKeyInfo>();
    for (const row of fkRows) {
      const fk = byId.get(Number(row.id)) ?? {
        columns: [],
        refSchema: null,
        refTable: row.table,
        refColumns: [],
      };
      fk.columns.push(row.from);
      if (row.to) fk.refColumns.push(row.to);
      byId.set(Number(row.id), fk);
    }
    return {
      schema: null,
      name,
      kind,
      rowCountEstimate: null,
      columns,
      primaryKey: pk.length > 0 ? pk : null,
      uniqueKeys: uniqueKeys.sort((a, b) => a.join().localeCompare(b.join())),
      foreignKeys: [...byId.values()],
    };
  }

  const connector: Connector = {
    id,
    driver: 'sqlite',
    dialect: 'sqlite',
    async test() {
      return {
        ok: true,
        latencyMs: 0,
        serverVersion: db.prepare('select sqlite_version() as v').pluck().get() as string,
      };
    },
    async introspect(): Promise<Introspection> {
      const objects = db
        .prepare(
          "SELECT name, type FROM sqlite_master WHERE type IN ('table','view') AND name NOT LIKE 'sqlite_%' ORDER BY name",
        )
        .all() as Array<{ name: string; type: 'table' | 'view' }>;
      return {
        dialect: 'sqlite',
        serverVersion: db.prepare('select sqlite_version()').pluck().get() as string,
        schemas: [],
        tables: objects.map((object) => tableInfo(object.name, object.type)),
      };
    },
    async query(sql, queryOptions): Promise<QueryResult> {
      const started = performance.now();
      const statement = db.prepare(sql);
      if (!statement.readonly) throw new Error(`stand-in connector refuses a statement that writes: ${sql}`);
      const columns = statement.columns().map((column) => ({
        name: column.name,
        nativeType: column.type ?? undefined,
        type: column.type ? sqliteTypeOf(column.type) : undefined,
      }));
      const rows: QueryValue[][] = [];
      let truncated = false;
      for (const row of statement.raw(true).iterate() as Iterable<unknown[]>) {
        if (rows.length >= queryOptions.maxRows) {
          truncated = true;
          break;
        }
        rows.push(row.map(jsonSafe));
      }
      options.onQuery?.(sql, { rowCount: rows.length, durationMs: performance.now() - started });
      return { columns, rows, rowCount: rows.length, truncated, durationMs: performance.now() - started };
    },
    async close() {
      db.close();
    },
  };
  return connector;
}
