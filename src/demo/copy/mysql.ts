import { Readable } from 'node:stream';
import type { Connection } from 'mysql2';
import { createTableSql, foreignKeySql, quoteName } from './ddl.js';
import { encodedChunks, lineEncoder } from './encode.js';
import type { CopyWriter } from './index.js';
import type { SourceTable } from './source.js';

/**
 * Loads into MySQL/MariaDB: tables without foreign keys, rows through LOAD DATA LOCAL INFILE
 * streamed from memory (key checks off during the load), then foreign keys (checked against the
 * data) and ANALYZE TABLE.
 */

export async function mysqlWriter(url: string): Promise<CopyWriter> {
  const { default: mysql } = (await import('mysql2')) as unknown as { default: typeof import('mysql2') };
  const connection: Connection = mysql.createConnection({
    uri: url,
    multipleStatements: false,
    timezone: 'Z',
    charset: 'utf8mb4',
    flags: ['+LOCAL_FILES'],
  });
  const run = (sql: string, values?: unknown) =>
    new Promise<void>((resolve, reject) =>
      connection.query(sql, (values ?? []) as never, (error: unknown) => (error ? reject(error) : resolve())),
    );
  await run("SET SESSION time_zone = '+00:00', SESSION foreign_key_checks = 0, SESSION unique_checks = 0");
  await run('SET SESSION explicit_defaults_for_timestamp = ON').catch(() => {});
  const q = (name: string) => quoteName(name, 'mysql');
  return {
    async createTables(tables) {
      for (const table of tables) await run(createTableSql(table, 'mysql', tables, false));
    },
    async load(table: SourceTable, rows: Iterable<unknown[]>) {
      // Binary columns travel as hex and are decoded by the server.
      const targets = table.columns.map((c, index) => (c.type.kind === 'blob' ? `@v${index}` : q(c.name)));
      const decode = table.columns
        .map((c, index) => (c.type.kind === 'blob' ? `${q(c.name)} = UNHEX(@v${index})` : null))
        .filter(Boolean);
      const sql =
        `LOAD DATA LOCAL INFILE 'ktx-rows' INTO TABLE ${q(table.name)} CHARACTER SET utf8mb4 ` +
        `FIELDS TERMINATED BY '\\t' ESCAPED BY '\\\\' LINES TERMINATED BY '\\n' (${targets.join(', ')})` +
        (decode.length > 0 ? ` SET ${decode.join(', ')}` : '');
      const counter = { rows: 0 };
      const chunks = encodedChunks(rows, lineEncoder(table.columns, 'mysql'), counter);
      await new Promise<void>((resolve, reject) =>
        connection.query(
          { sql, infileStreamFactory: () => Readable.from(chunks) } as never,
          (error: unknown) => (error ? reject(error) : resolve()),
        ),
      );
      return counter.rows;
    },
    async finish(tables) {
      await run('SET SESSION foreign_key_checks = 1, SESSION unique_checks = 1');
      for (const table of tables) {
        for (const fk of table.foreignKeys)
          await run(`ALTER TABLE ${q(table.name)} ADD ${foreignKeySql(fk, 'mysql')}`);
      }
      if (tables.length > 0) await run(`ANALYZE TABLE ${tables.map((t) => q(t.name)).join(', ')}`);
    },
    async close() {
      await new Promise<void>((resolve) => connection.end(() => resolve()));
    },
  };
}
