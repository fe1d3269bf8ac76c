/**
 * Reads a SQLite database for copying: tables in dependency order, columns with a logical type
 * derived from the declared type, declared primary/unique/foreign keys, and a row iterator.
 * This is demo/test tooling that writes databases ktx itself creates; it never runs through a
 * user connection, whose query path is read-only.
 */

export type LogicalKind =
  | 'int'
  | 'bigint'
  | 'decimal'
  | 'double'
  | 'varchar'
  | 'text'
  | 'bool'
  | 'date'
  | 'timestamp'
  | 'timestamptz'
  | 'blob';

export interface LogicalType {
  kind: LogicalKind;
  precision?: number;
  scale?: number;
  length?: number;
}

export interface SourceColumn {
  name: string;
  declared: string;
  type: LogicalType;
  notNull: boolean;
}

export interface SourceForeignKey {
  columns: string[];
  refTable: string;
  refColumns: string[];
}

export interface SourceTable {
  name: string;
  columns: SourceColumn[];
  primaryKey: string[];
  unique: string[][];
  foreignKeys: SourceForeignKey[];
  rowCount: number;
}

/** SQLite declared type → logical type (the same rules SQLite's affinity uses, plus names). */
export function logicalType(declared: string): LogicalType {
  const upper = declared.trim().toUpperCase();
  const params = /\((\d+)(?:\s*,\s*(\d+))?\)/.exec(upper);
  const base = upper.replace(/\(.*$/, '').trim();
  if (/^(BIGINT|INT8|UNSIGNED BIG INT)$/.test(base)) return { kind: 'bigint' };
  if (/INT/.test(base)) return { kind: 'int' };
  if (/^(NUMERIC|DECIMAL)$/.test(base)) {
    return params?.[1]
      ? { kind: 'decimal', precision: Number(params[1]), scale: Number(params[2] ?? 0) }
      : { kind: 'double' };
  }
  if (/REAL|FLOA|DOUB/.test(base)) return { kind: 'double' };
  if (/^(BOOLEAN|BOOL)$/.test(base)) return { kind: 'bool' };
  if (base === 'DATE') return { kind: 'date' };
  if (/^(TIMESTAMPTZ|TIMESTAMP WITH TIME ZONE)$/.test(base)) return { kind: 'timestamptz' };
  if (/^(DATETIME|TIMESTAMP)/.test(base)) return { kind: 'timestamp' };
  if (/BLOB|BINARY/.test(base)) return { kind: 'blob' };
  if (/CHAR/.test(base) && params?.[1]) return { kind: 'varchar', length: Number(params[1]) };
  return { kind: 'text' };
}

type Database = import('better-sqlite3').Database;

export async function openSource(file: string): Promise<Database> {
  const { default: Sqlite } = await import('better-sqlite3');
  const db = new Sqlite(file, { readonly: true, fileMustExist: true });
  db.defaultSafeIntegers(true);
  return db;
}

function quote(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

export function readTables(db: Database): SourceTable[] {
  const names = (
    db
      .prepare(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name",
      )
      .all() as Array<{
      name: string;
    }>
  ).map((row) => row.name);
  const tables = names.map((name): SourceTable => {
    const info = db
      .prepare('SELECT name, type, "notnull" AS nn, pk FROM pragma_table_info(?) ORDER BY cid')
      .all(name) as Array<{
      name: string;
      type: string;
      nn: bigint;
      pk: bigint;
    }>;
    const fkRows = db
      .prepare(
        'SELECT id, seq, "table" AS ref, "from" AS col, "to" AS refcol FROM pragma_foreign_key_list(?) ORDER BY id, seq',
      )
      .all(name) as Array<{
      id: bigint;
      ref: string;
      col: string;
      refcol: string | null;
    }>;
    const foreignKeys = new Map<bigint, SourceForeignKey>();
    for (const row of fkRows) {
      const fk = foreignKeys.get(row.id) ?? { columns: [], refTable: row.ref, refColumns: [] };
      fk.columns.push(row.col);
      if (row.refcol) fk.refColumns.push(row.refcol);
      foreignKeys.set(row.id, fk);
    }
    const uniqueIndexes = db
      .prepare(`SELECT name FROM pragma_index_list(?) WHERE "unique" = 1 AND origin <> 'pk' AND partial = 0`)
      .all(name) as Array<{ name: string }>;
    return {
      name,
      columns: info.map((column) => ({
        name: column.name,
        declared: column.type,
        type: logicalType(column.type),
        notNull: column.nn === 1n || column.pk > 0n,
      })),
      primaryKey: info
        .filter((column) => column.pk > 0n)
        .sort((a, b) => Number(a.pk - b.pk))
        .map((column) => column.name),
      unique: uniqueIndexes.map((index) =>
        (
          db.prepare('SELECT name FROM pragma_index_info(?) ORDER BY seqno').all(index.name) as Array<{
            name: string;
          }>
        ).map((row) => row.name),
      ),
      foreignKeys: [...foreignKeys.values()],
      rowCount: Number((db.prepare(`SELECT count(*) AS n FROM ${quote(name)}`).get() as { n: bigint }).n),
    };
  });
  // `REFERENCES t` without columns means t's primary key.
  for (const table of tables) {
    for (const fk of table.foreignKeys) {
      if (fk.refColumns.length === 0)
        fk.refColumns = tables.find((t) => t.name === fk.refTable)?.primaryKey ?? [];
    }
  }
  return dependencyOrder(tables);
}

/** Parents before children (self-references ignored); tables in a cycle keep name order at the end. */
export function dependencyOrder(tables: SourceTable[]): SourceTable[] {
  const ordered: SourceTable[] = [];
  const placed = new Set<string>();
  let remaining = [...tables];
  while (remaining.length > 0) {
    const ready = remaining.filter((table) =>
      table.foreignKeys.every(
        (fk) =>
          fk.refTable === table.name ||
          placed.has(fk.refTable) ||
          !tables.some((t) => t.name === fk.refTable),
      ),
    );
    const next = ready.length > 0 ? ready : [remaining[0]!];
    for (const table of next) {
      ordered.push(table);
      placed.add(table.name);
    }
    remaining = remaining.filter((table) => !placed.has(table.name));
  }
  return ordered;
}

/** Rows of a table in primary-key order, as arrays (integers as bigint, blobs as Buffers). */
export function* readRows(db: Database, table: SourceTable): Generator<unknown[]> {
  const order = table.primaryKey.length > 0 ? ` ORDER BY ${table.primaryKey.map(quote).join(', ')}` : '';
  const statement = db
    .prepare(`SELECT ${table.columns.map((c) => quote(c.name)).join(', ')} FROM ${quote(table.name)}${order}`)
    .raw(true);
  yield* statement.iterate() as Iterable<unknown[]>;
}
