import { closeSync, openSync, rmSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { columnType, createTableSql, quoteName } from './ddl.js';
import { encodedChunks, lineEncoder } from './encode.js';
import type { CopyWriter } from './index.js';
import type { SourceTable } from './source.js';

/**
 * Writes a DuckDB file: tables with their keys (DuckDB cannot add foreign keys later, so tables
 * are created and filled parents first; a foreign key closing a cycle is left out), rows through a
 * temporary CSV file read by DuckDB's CSV reader (which checks the keys), then CHECKPOINT.
 */

export async function duckdbWriter(file: string): Promise<CopyWriter> {
  const { DuckDBInstance } = await import('@duckdb/node-api');
  const instance = await DuckDBInstance.create(file);
  const connection = await instance.connect();
  const skipped: string[] = [];
  return {
    async createTables(tables) {
      const created = new Set<string>();
      for (const table of tables) {
        const keep = table.foreignKeys.filter((fk) => fk.refTable === table.name || created.has(fk.refTable));
        for (const fk of table.foreignKeys)
          if (!keep.includes(fk)) skipped.push(`${table.name} → ${fk.refTable}`);
        await connection.run(createTableSql({ ...table, foreignKeys: keep }, 'duckdb', tables, true));
        created.add(table.name);
      }
    },
    async load(table: SourceTable, rows: Iterable<unknown[]>) {
      // DuckDB's CSV reader is its fastest bulk path; the file is a private temp file.
      const csv = join(dirname(file), `.${basename(file)}.${table.name.replace(/[^A-Za-z0-9_]/g, '_')}.csv`);
      const counter = { rows: 0 };
      const fd = openSync(csv, 'w', 0o600);
      try {
        for (const chunk of encodedChunks(rows, lineEncoder(table.columns, 'csv'), counter))
          writeSync(fd, chunk);
      } finally {
        closeSync(fd);
      }
      try {
        const types = table.columns.map(
          (c) => `'${c.name.replace(/'/g, "''")}': '${columnType(c.type, 'duckdb', false)}'`,
        );
        const read =
          `read_csv('${csv.replace(/'/g, "''")}', header = false, delim = ',', quote = '"', escape = '"', ` +
          `allow_quoted_nulls = false, columns = {${types.join(', ')}})`;
        const self = table.foreignKeys.find((fk) => fk.refTable === table.name);
        if (self && table.primaryKey.length > 0) await insertHierarchy(connection, table, read, self);
        else await connection.run(`INSERT INTO ${quoteName(table.name, 'duckdb')} SELECT * FROM ${read}`);
      } finally {
        rmSync(csv, { force: true });
      }
      return counter.rows;
    },
    async finish() {
      await connection.run('CHECKPOINT');
    },
    async close() {
      connection.closeSync();
      instance.closeSync();
    },
    warnings: () =>
      skipped.map((fk) => `foreign key ${fk} left out (DuckDB cannot declare foreign keys in a cycle)`),
  };
}

type Connection = Awaited<
  ReturnType<Awaited<ReturnType<typeof import('@duckdb/node-api').DuckDBInstance.create>>['connect']>
>;

/**
 * DuckDB checks a self-referencing key against rows already in the table, even within one
 * INSERT, so a hierarchy (employees → manager) is inserted level by level: each round adds the
 * rows whose parent is present, until none are left.
 */
async function insertHierarchy(
  connection: Connection,
  table: SourceTable,
  read: string,
  fk: SourceTable['foreignKeys'][number],
): Promise<void> {
  const q = (name: string) => quoteName(name, 'duckdb');
  await connection.run(`CREATE TEMP TABLE ktx_stage AS SELECT * FROM ${read}`);
  try {
    const missing = table.primaryKey.map((c) => `t.${q(c)} = s.${q(c)}`).join(' AND ');
    const parentNull = fk.columns.map((c) => `s.${q(c)} IS NULL`).join(' OR ');
    const parentPresent = fk.columns.map((c, i) => `p.${q(fk.refColumns[i]!)} = s.${q(c)}`).join(' AND ');
    for (let round = 0; round < 10_000; round++) {
      const result = await connection.run(
        `INSERT INTO ${q(table.name)} SELECT s.* FROM ktx_stage s WHERE NOT EXISTS (SELECT 1 FROM ${q(table.name)} t WHERE ${missing}) ` +
          `AND (${parentNull} OR EXISTS (SELECT 1 FROM ${q(table.name)} p WHERE ${parentPresent}))`,
      );
      if (result.rowsChanged === 0) break;
    }
  } finally {
    await connection.run('DROP TABLE ktx_stage');
  }
}
