import type { DriverName } from './config.js';

/**
 * The Connector seam: everything ktx does with a warehouse goes through this interface.
 * Drivers live in `src/connectors/<driver>.ts` and are loaded lazily by the registry.
 *
 * Contract for every implementation:
 * - `query` is read-only by construction: it runs the SQL gate, then executes inside a
 *   read-only session/transaction with a statement timeout, and never buffers more than
 *   `maxRows` rows (it stops reading and reports `truncated`).
 * - Values in `rows` are JSON-safe and normalised the same way on every engine (see QueryValue).
 * - Errors are KtxErrors with a category code (see ConnectionErrorCode) and a fix; secrets never
 *   appear in messages.
 */

/** SQL dialects ktx can print. Connectors report one; the semantic compiler targets it. */
export type Dialect =
  | 'sqlite'
  | 'duckdb'
  | 'postgres'
  | 'mysql'
  | 'bigquery'
  | 'snowflake'
  | 'sqlserver'
  | 'clickhouse';

/** Normalised column type, shared with the semantic layer (`string | number | boolean | date | time`). */
export type NormalizedType = 'string' | 'number' | 'boolean' | 'date' | 'time';

/**
 * A JSON-safe cell value. Integers beyond 2^53 and decimals that would lose precision are
 * strings; dates are `YYYY-MM-DD`; timestamps are ISO 8601 (UTC `…Z` for zoned types, no
 * suffix for naive ones); binary values are `\\x`-prefixed hex; JSON/arrays are JSON text.
 */
export type QueryValue = string | number | boolean | null;

export interface QueryColumn {
  name: string;
  /** Engine type name when the driver reports one (`int4`, `DECIMAL(10,2)`, …). */
  nativeType?: string;
  type?: NormalizedType;
}

export interface QueryOptions {
  /** Hard row cap (1..10000 for user SQL; internal callers may go higher). */
  maxRows: number;
  timeoutMs?: number;
  signal?: AbortSignal;
}

export interface QueryResult {
  columns: QueryColumn[];
  rows: QueryValue[][];
  rowCount: number;
  /** True when the result had more rows than `maxRows` (the extra rows were not read). */
  truncated: boolean;
  durationMs: number;
}

export interface ConnectionTestResult {
  ok: true;
  latencyMs: number;
  serverVersion: string;
}

export type ConnectionErrorCode =
  | 'connection_unreachable'
  | 'connection_auth'
  | 'connection_database_missing'
  | 'connection_permission'
  | 'connection_timeout'
  | 'connection_failed';

export interface ColumnInfo {
  name: string;
  nativeType: string;
  type: NormalizedType;
  nullable: boolean;
  /** 1-based position in the table. */
  ordinal: number;
  comment?: string;
}

export interface ForeignKeyInfo {
  name?: string;
  columns: string[];
  refSchema: string | null;
  refTable: string;
  refColumns: string[];
}

export interface TableInfo {
  /** Schema (database on MySQL); null where the engine has none (SQLite main). */
  schema: string | null;
  name: string;
  kind: 'table' | 'view';
  /** Estimate from catalog statistics, or an exact count where that is cheap; null if unknown. */
  rowCountEstimate: number | null;
  comment?: string;
  columns: ColumnInfo[];
  /** Declared primary key columns, in key order. */
  primaryKey: string[] | null;
  /** Declared unique constraints (excluding the primary key). */
  uniqueKeys: string[][];
  foreignKeys: ForeignKeyInfo[];
}

export interface Introspection {
  dialect: Dialect;
  serverVersion: string;
  schemas: string[];
  tables: TableInfo[];
}

export interface IntrospectOptions {
  /** Overrides the connection's configured schemas. */
  schemas?: string[];
}

export interface Connector {
  readonly id: string;
  readonly driver: DriverName;
  readonly dialect: Dialect;
  test(): Promise<ConnectionTestResult>;
  introspect(options?: IntrospectOptions): Promise<Introspection>;
  query(sql: string, options: QueryOptions): Promise<QueryResult>;
  close(): Promise<void>;
}
