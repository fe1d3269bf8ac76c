import type { LogicalType, SourceTable } from './source.js';

/**
 * Logical type → column type per engine, and value conversion from SQLite storage.
 *
 *   logical      postgres          mysql/mariadb     duckdb
 *   int          INTEGER           INT               INTEGER
 *   bigint       BIGINT            BIGINT            BIGINT
 *   decimal      NUMERIC(p,s)      DECIMAL(p,s)      DECIMAL(p,s)
 *   double       DOUBLE PRECISION  DOUBLE            DOUBLE
 *   varchar(n)   VARCHAR(n)        VARCHAR(n)        VARCHAR
 *   text         TEXT              TEXT (VARCHAR(255) when part of a key)   VARCHAR
 *   bool         BOOLEAN           BOOLEAN (TINYINT(1))                     BOOLEAN
 *   date         DATE              DATE              DATE
 *   timestamp    TIMESTAMP         DATETIME          TIMESTAMP
 *   timestamptz  TIMESTAMPTZ       TIMESTAMP (UTC session)                  TIMESTAMP (UTC values)
 *   blob         BYTEA             LONGBLOB          BLOB
 *
 * DuckDB gets naive TIMESTAMP holding UTC for `timestamptz` (docs/demo-warehouse.md): its
 * TIMESTAMPTZ would render in the session time zone and shift date_trunc results.
 */

export type Engine = 'postgres' | 'mysql' | 'duckdb';

export function columnType(type: LogicalType, engine: Engine, keyed: boolean): string {
  switch (type.kind) {
    case 'int':
      return engine === 'mysql' ? 'INT' : 'INTEGER';
    case 'bigint':
      return 'BIGINT';
    case 'decimal':
      return `${engine === 'postgres' ? 'NUMERIC' : 'DECIMAL'}(${type.precision},${type.scale})`;
    case 'double':
      return engine === 'postgres' ? 'DOUBLE PRECISION' : 'DOUBLE';
    case 'varchar':
      return engine === 'duckdb' ? 'VARCHAR' : `VARCHAR(${type.length})`;
    case 'text':
      return engine === 'duckdb' ? 'VARCHAR' : engine === 'mysql' && keyed ? 'VARCHAR(255)' : 'TEXT';
    case 'bool':
      return 'BOOLEAN';
    case 'date':
      return 'DATE';
    case 'timestamp':
      return engine === 'mysql' ? 'DATETIME' : 'TIMESTAMP';
    case 'timestamptz':
      return engine === 'postgres' ? 'TIMESTAMPTZ' : 'TIMESTAMP';
    case 'blob':
      return engine === 'postgres' ? 'BYTEA' : engine === 'mysql' ? 'LONGBLOB' : 'BLOB';
  }
}

export function quoteName(name: string, engine: Engine): string {
  return engine === 'mysql' ? `\`${name.replace(/`/g, '``')}\`` : `"${name.replace(/"/g, '""')}"`;
}

/** Columns that take part in a key (MySQL cannot index TEXT without a prefix length). */
export function keyedColumns(table: SourceTable, all: SourceTable[]): Set<string> {
  const keyed = new Set<string>([
    ...table.primaryKey,
    ...table.unique.flat(),
    ...table.foreignKeys.flatMap((fk) => fk.columns),
  ]);
  for (const other of all) {
    for (const fk of other.foreignKeys)
      if (fk.refTable === table.name) for (const column of fk.refColumns) keyed.add(column);
  }
  return keyed;
}

export function createTableSql(
  table: SourceTable,
  engine: Engine,
  all: SourceTable[],
  foreignKeys: boolean,
): string {
  const q = (name: string) => quoteName(name, engine);
  const keyed = keyedColumns(table, all);
  const lines = table.columns.map((column) => {
    const type = columnType(column.type, engine, keyed.has(column.name));
    // MySQL: a nullable TIMESTAMP must say so, or older defaults make it NOT NULL DEFAULT now().
    const nullability = column.notNull
      ? ' NOT NULL'
      : engine === 'mysql' && type === 'TIMESTAMP'
        ? ' NULL DEFAULT NULL'
        : '';
    return `  ${q(column.name)} ${type}${nullability}`;
  });
  if (table.primaryKey.length > 0) lines.push(`  PRIMARY KEY (${table.primaryKey.map(q).join(', ')})`);
  for (const unique of table.unique) lines.push(`  UNIQUE (${unique.map(q).join(', ')})`);
  if (foreignKeys) for (const fk of table.foreignKeys) lines.push(`  ${foreignKeySql(fk, engine)}`);
  const suffix = engine === 'mysql' ? ' ENGINE=InnoDB DEFAULT CHARSET=utf8mb4' : '';
  return `CREATE TABLE ${q(table.name)} (\n${lines.join(',\n')}\n)${suffix}`;
}

export function foreignKeySql(fk: SourceTable['foreignKeys'][number], engine: Engine): string {
  const q = (name: string) => quoteName(name, engine);
  return `FOREIGN KEY (${fk.columns.map(q).join(', ')}) REFERENCES ${q(fk.refTable)} (${fk.refColumns.map(q).join(', ')})`;
}
