import { existsSync } from 'node:fs';
import type { DuckDBConnection, DuckDBDataChunk, DuckDBInstance, DuckDBType } from '@duckdb/node-api';
import { BaseConnector, type ExecuteLimits, type SessionResult, withAbort, withDeadline } from './base.js';
import type { DuckdbConnectionConfig } from './config.js';
import { introspectDuckdb } from './duckdb-introspect.js';
import type { Introspection, IntrospectOptions, QueryColumn, QueryValue } from './types.js';
import {
  booleanValue,
  bytesValue,
  dateValue,
  decimalValue,
  floatValue,
  integerValue,
  jsonTextValue,
  normalizeType,
  timestampFromMicros,
  timestampValue,
} from './values.js';

/**
 * DuckDB through @duckdb/node-api. Read-only layers: the database is opened with
 * `access_mode=READ_ONLY`, external access (files, ATTACH, COPY, extensions) disabled and the
 * configuration locked so no SET can undo it; statements are prepared (one statement only).
 */

type DuckdbModule = typeof import('@duckdb/node-api');

/** Options every ktx DuckDB session opens with. Exported for the layer tests. */
export const DUCKDB_READ_ONLY_OPTIONS: Record<string, string> = {
  access_mode: 'READ_ONLY',
  enable_external_access: 'false',
  autoinstall_known_extensions: 'false',
  autoload_known_extensions: 'false',
  lock_configuration: 'true',
};

export class DuckdbConnector extends BaseConnector {
  readonly driver = 'duckdb' as const;
  readonly dialect = 'duckdb' as const;
  private readonly file: string;
  private module: DuckdbModule | undefined;
  private instance: DuckDBInstance | undefined;
  private connection: DuckDBConnection | undefined;

  constructor(id: string, config: DuckdbConnectionConfig, file: string) {
    super({ id, queryTimeoutMs: config.query_timeout_ms, target: file, scope: config });
    this.file = file;
  }

  protected async open(): Promise<void> {
    // DuckDB would create a missing file even in read-only mode on some versions; never let it.
    if (!existsSync(this.file)) {
      throw Object.assign(new Error(`cannot open file ${this.file}: no such file`), { code: 'ENOENT' });
    }
    this.module ??= await import('@duckdb/node-api');
    this.instance = await this.module.DuckDBInstance.create(this.file, DUCKDB_READ_ONLY_OPTIONS);
    this.connection = await this.instance.connect();
  }

  protected runInSession(sql: string, limits: ExecuteLimits): Promise<SessionResult> {
    return this.serial(async () => {
      const connection = this.connection;
      if (!connection) throw new Error('the DuckDB connection is closed');
      const interrupt = () => connection.interrupt();
      const work = withDeadline(this.stream(connection, sql, limits.maxRows), limits.timeoutMs, interrupt);
      return withAbort(work, limits.signal, interrupt);
    });
  }

  private async stream(connection: DuckDBConnection, sql: string, maxRows: number): Promise<SessionResult> {
    const prepared = await connection.prepare(sql); // refuses more than one statement
    try {
      const result = await prepared.stream();
      const types = result.columnTypes();
      const names = result.columnNames();
      const columns: QueryColumn[] = names.map((name, index) => {
        const nativeType = types[index]!.toString();
        return { name, nativeType, type: normalizeType(nativeType) };
      });
      const rows: QueryValue[][] = [];
      let truncated = false;
      for (;;) {
        const chunk = await result.fetchChunk();
        if (!chunk || chunk.rowCount === 0) break;
        const converted = convertChunk(chunk, types, maxRows + 1 - rows.length);
        for (const row of converted) rows.push(row);
        if (rows.length > maxRows) {
          rows.length = maxRows;
          truncated = true;
          break; // the streaming result is abandoned: DuckDB produces no further chunks
        }
      }
      return { columns, rows, truncated };
    } finally {
      prepared.destroySync();
    }
  }

  protected async serverVersion(): Promise<string> {
    const { rows } = await this.runTrusted('SELECT version()');
    return `DuckDB ${String(rows[0]?.[0] ?? '')}`;
  }

  protected async introspectSession(options: IntrospectOptions): Promise<Introspection> {
    return introspectDuckdb(this, await this.serverVersion(), options);
  }

  protected async shutdown(): Promise<void> {
    this.connection?.closeSync();
    this.instance?.closeSync();
    this.connection = undefined;
    this.instance = undefined;
  }
}

/** DuckDBTypeId values (numbers, so this module needs no runtime import of the driver). */
const T = {
  BOOLEAN: 1,
  FLOAT: 10,
  DOUBLE: 11,
  TIMESTAMP: 12,
  DATE: 13,
  DECIMAL: 19,
  TIMESTAMP_S: 20,
  TIMESTAMP_MS: 21,
  TIMESTAMP_NS: 22,
  BLOB: 18,
  LIST: 24,
  STRUCT: 25,
  MAP: 26,
  UNION: 28,
  TIMESTAMP_TZ: 31,
  ARRAY: 33,
  VARIANT: 41,
} as const;
const NESTED = new Set<number>([T.LIST, T.STRUCT, T.MAP, T.UNION, T.ARRAY, T.VARIANT]);
const NAIVE_TIMESTAMPS = new Set<number>([T.TIMESTAMP, T.TIMESTAMP_S, T.TIMESTAMP_MS, T.TIMESTAMP_NS]);

/** Converts up to `limit` rows of a chunk, column by column according to the DuckDB type. */
function convertChunk(chunk: DuckDBDataChunk, types: DuckDBType[], limit: number): QueryValue[][] {
  const count = Math.min(chunk.rowCount, limit);
  const rows: QueryValue[][] = Array.from({ length: count }, () => new Array<QueryValue>(types.length));
  types.forEach((type, columnIndex) => {
    const values = chunk.getColumnValues(columnIndex);
    const typeId = type.typeId as number;
    for (let rowIndex = 0; rowIndex < count; rowIndex++) {
      rows[rowIndex]![columnIndex] = duckdbValue(values[rowIndex], typeId);
    }
  });
  return rows;
}

function duckdbValue(value: unknown, typeId: number): QueryValue {
  if (value === null || value === undefined) return null;
  if (NESTED.has(typeId)) return jsonTextValue(toJson(value));
  if (typeof value === 'boolean') return booleanValue(value);
  if (typeof value === 'bigint') return integerValue(value);
  if (typeof value === 'number') {
    return typeId === T.FLOAT || typeId === T.DOUBLE ? floatValue(value) : integerValue(value);
  }
  if (typeof value === 'string') return value;
  const object = value as { micros?: bigint; bytes?: Uint8Array; toString(): string };
  switch (typeId) {
    case T.DECIMAL:
      return decimalValue(object.toString());
    case T.DATE:
      return dateValue(object.toString());
    case T.TIMESTAMP_TZ:
      return typeof object.micros === 'bigint' ? timestampFromMicros(object.micros, true) : object.toString();
    case T.BLOB:
      return object.bytes instanceof Uint8Array ? bytesValue(object.bytes) : object.toString();
    default:
      return NAIVE_TIMESTAMPS.has(typeId) ? timestampValue(object.toString(), false) : object.toString();
  }
}

/** Nested DuckDB values → plain JSON (lists, structs, maps), scalars through the same rules. */
function toJson(value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (typeof value === 'bigint') return integerValue(value);
  if (typeof value !== 'object') return value;
  const object = value as {
    items?: unknown[];
    entries?: unknown;
    tag?: string;
    value?: unknown;
    toString(): string;
  };
  if (Array.isArray(object.items)) return object.items.map(toJson);
  if (typeof object.tag === 'string' && 'value' in object) return toJson(object.value);
  if (object.entries && typeof object.entries === 'object') {
    const entries = object.entries as Record<string, unknown> | Array<{ key: unknown; value: unknown }>;
    if (Array.isArray(entries))
      return entries.map((entry) => ({ key: toJson(entry.key), value: toJson(entry.value) }));
    return Object.fromEntries(Object.entries(entries).map(([key, item]) => [key, toJson(item)]));
  }
  return object.toString();
}
