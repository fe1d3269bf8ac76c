import { openSource, readRows, readTables, type SourceTable } from './source.js';

/**
 * Copies a SQLite database into DuckDB, PostgreSQL or MySQL/MariaDB with its types mapped
 * (./ddl.ts) and its declared keys kept. Used to load the demo warehouse and the public test
 * datasets into every engine. It writes only to the target it is given, which must be a
 * database ktx created for the purpose (a fresh file or an empty database).
 */

export type CopyTarget =
  | { engine: 'duckdb'; file: string }
  | { engine: 'postgres'; url: string }
  | { engine: 'mysql'; url: string };

export interface CopyWriter {
  createTables(tables: SourceTable[]): Promise<void>;
  load(table: SourceTable, rows: Iterable<unknown[]>, all: SourceTable[]): Promise<number>;
  finish(tables: SourceTable[]): Promise<void>;
  close(): Promise<void>;
  warnings?: () => string[];
}

export interface CopyReport {
  tables: Array<{ name: string; rows: number }>;
  warnings: string[];
  durationMs: number;
}

async function writerFor(target: CopyTarget): Promise<CopyWriter> {
  switch (target.engine) {
    case 'duckdb':
      return (await import('./duckdb.js')).duckdbWriter(target.file);
    case 'postgres':
      return (await import('./postgres.js')).postgresWriter(target.url);
    case 'mysql':
      return (await import('./mysql.js')).mysqlWriter(target.url);
  }
}

export async function copySqliteDatabase(
  sourceFile: string,
  target: CopyTarget,
  onProgress?: (table: string, rows: number) => void,
): Promise<CopyReport> {
  const started = performance.now();
  const source = await openSource(sourceFile);
  const writer = await writerFor(target);
  try {
    const tables = readTables(source);
    await writer.createTables(tables);
    const report: CopyReport['tables'] = [];
    for (const table of tables) {
      const rows = await writer.load(table, readRows(source, table), tables);
      if (rows !== table.rowCount)
        throw new Error(`copy of ${table.name}: wrote ${rows} rows, expected ${table.rowCount}`);
      report.push({ name: table.name, rows });
      onProgress?.(table.name, rows);
    }
    await writer.finish(tables);
    return {
      tables: report,
      warnings: writer.warnings?.() ?? [],
      durationMs: Math.round(performance.now() - started),
    };
  } finally {
    source.close();
    await writer.close();
  }
}
