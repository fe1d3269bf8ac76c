/**
 * STAND-IN, TEST ONLY. A minimal DuckDB implementation of the `Connector` seam over
 * @duckdb/node-api, for tests and `npm run bench:scan` until the real driver
 * (`src/connectors/duckdb.ts`, issue 3) merges; replace it with `openConnector(project, id)`.
 *
 * The database is opened READ_ONLY; at most `maxRows` rows are read (streamed); values are
 * normalised to JSON-safe forms (safe integers and short decimals as numbers, the rest as
 * strings, lists and structs as JSON text).
 */
import { DuckDBInstance } from '@duckdb/node-api';
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

export function duckdbTypeOf(native: string): NormalizedType {
  const type = native.toUpperCase();
  if (type === 'BOOLEAN') return 'boolean';
  if (type === 'DATE') return 'date';
  if (/TIMESTAMP|^TIME/.test(type)) return 'time';
  if (/INT|DECIMAL|NUMERIC|DOUBLE|FLOAT|REAL/.test(type) && !type.endsWith('[]')) return 'number';
  return 'string';
}

function normalise(value: unknown): QueryValue {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number' || typeof value === 'boolean') return value;
  if (typeof value === 'string') {
    if (/^-?\d+$/.test(value)) {
      const n = Number(value);
      return Number.isSafeInteger(n) ? n : value;
    }
    if (/^-?\d+\.\d+$/.test(value) && value.replace(/[-.]/g, '').replace(/^0+/, '').length <= 15)
      return Number(value);
    return value;
  }
  return JSON.stringify(value);
}

export interface DuckdbStandInOptions {
  onQuery?: (sql: string, result: { rowCount: number; durationMs: number }) => void;
  /** Connections used for concurrent queries. */
  poolSize?: number;
  /** Extra DuckDB settings (`memory_limit`, `threads`). */
  config?: Record<string, string>;
}

export async function createDuckdbConnector(
  path: string,
  id = 'warehouse',
  options: DuckdbStandInOptions = {},
) {
  const instance = await DuckDBInstance.create(path, { access_mode: 'READ_ONLY', ...options.config });
  const connection = await instance.connect();
  const rows = async (sql: string) =>
    (await connection.runAndReadAll(sql)).getRowsJson() as unknown as unknown[][];
  // A DuckDB connection runs one statement at a time (a new one invalidates a streaming
  // result), so concurrent callers get a small pool of connections, each used serially.
  const pool = await Promise.all(Array.from({ length: options.poolSize ?? 4 }, () => instance.connect()));
  const idle = [...pool];
  const waiting: Array<(connection: (typeof pool)[number]) => void> = [];
  const acquire = () =>
    new Promise<(typeof pool)[number]>((resolve) => {
      const free = idle.pop();
      if (free) resolve(free);
      else waiting.push(resolve);
    });
  const release = (used: (typeof pool)[number]) => {
    const next = waiting.shift();
    if (next) next(used);
    else idle.push(used);
  };

  const connector: Connector = {
    id,
    driver: 'duckdb',
    dialect: 'duckdb',
    async test() {
      const [[version]] = (await rows('SELECT version()')) as [[string]];
      return { ok: true, latencyMs: 0, serverVersion: version };
    },
    async introspect(): Promise<Introspection> {
      const objects = (await rows(
        `SELECT schema_name, table_name, 'table', estimated_size, comment FROM duckdb_tables() WHERE database_name = current_database() AND NOT internal
         UNION ALL SELECT schema_name, view_name, 'view', NULL, comment FROM duckdb_views() WHERE database_name = current_database() AND NOT internal
         ORDER BY 1, 2`,
      )) as Array<[string, string, 'table' | 'view', string | null, string | null]>;
      const columns = (await rows(
        `SELECT schema_name, table_name, column_name, column_index, data_type, is_nullable, comment FROM duckdb_columns() WHERE database_name = current_database() AND NOT internal ORDER BY 1, 2, 4`,
      )) as Array<[string, string, string, number, string, boolean, string | null]>;
      const constraints = (await rows(
        `SELECT schema_name, table_name, constraint_type, constraint_column_names, referenced_table, referenced_column_names FROM duckdb_constraints() WHERE database_name = current_database() AND constraint_type IN ('PRIMARY KEY', 'UNIQUE', 'FOREIGN KEY') ORDER BY 1, 2, constraint_index`,
      )) as Array<[string, string, string, string[], string | null, string[]]>;
      const tables: TableInfo[] = objects.map(([schema, name, kind, estimate, comment]) => {
        const own = constraints.filter(([s, t]) => s === schema && t === name);
        const pk = own.find(([, , type]) => type === 'PRIMARY KEY')?.[3] ?? null;
        const cols: ColumnInfo[] = columns
          .filter(([s, t]) => s === schema && t === name)
          .map(([, , column, ordinal, native, nullable, columnComment]) => ({
            name: column,
            nativeType: native,
            type: duckdbTypeOf(native),
            nullable,
            ordinal,
            ...(columnComment ? { comment: columnComment } : {}),
          }));
        const foreignKeys: ForeignKeyInfo[] = own
          .filter(([, , type]) => type === 'FOREIGN KEY')
          .map(([, , , cols2, refTable, refColumns]) => ({
            columns: cols2,
            refSchema: schema,
            refTable: refTable ?? '',
            refColumns,
          }));
        return {
          schema,
          name,
          kind,
          rowCountEstimate: estimate === null ? null : Number(estimate),
          ...(comment ? { comment } : {}),
          columns: cols,
          primaryKey: pk,
          uniqueKeys: own.filter(([, , type]) => type === 'UNIQUE').map(([, , , cols2]) => cols2),
          foreignKeys,
        };
      });
      const [[version]] = (await rows('SELECT version()')) as [[string]];
      return {
        dialect: 'duckdb',
        serverVersion: version,
        schemas: [...new Set(tables.map((t) => t.schema!))],
        tables,
      };
    },
    async query(sql, queryOptions): Promise<QueryResult> {
      const started = performance.now();
      if (!/^\s*(SELECT|WITH)\b/i.test(sql))
        throw new Error(`stand-in connector only runs SELECT statements: ${sql}`);
      const worker = await acquire();
      let all: unknown[][];
      let columns: QueryResult['columns'];
      try {
        const reader = await worker.streamAndReadUntil(sql, queryOptions.maxRows + 1);
        all = reader.getRowsJson() as unknown as unknown[][];
        columns = reader.columnNames().map((name, index) => {
          const nativeType = String(reader.columnType(index));
          return { name, nativeType, type: duckdbTypeOf(nativeType) };
        });
      } finally {
        release(worker);
      }
      const truncated = all.length > queryOptions.maxRows;
      const out = all.slice(0, queryOptions.maxRows).map((row) => row.map(normalise));
      const durationMs = performance.now() - started;
      options.onQuery?.(sql, { rowCount: out.length, durationMs });
      return { columns, rows: out, rowCount: out.length, truncated, durationMs };
    },
    async close() {
      for (const worker of pool) worker.closeSync();
      connection.closeSync();
      instance.closeSync();
    },
  };
  return connector;
}
