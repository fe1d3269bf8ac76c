import { EventEmitter } from 'node:events';
import { createTableSql, foreignKeySql, quoteName } from './ddl.js';
import { encodedChunks, lineEncoder } from './encode.js';
import type { CopyWriter } from './index.js';
import type { SourceTable } from './source.js';

/**
 * Loads into PostgreSQL: tables first (keys but no foreign keys), rows through
 * `COPY … FROM STDIN` (the protocol's bulk path, an order of magnitude faster than INSERTs),
 * then foreign keys (validated against the loaded data) and ANALYZE for catalog estimates.
 */

interface CopyConnection {
  query(text: string): void;
  sendCopyFromChunk(chunk: Buffer): void;
  endCopyFrom(): void;
}

/** A minimal COPY FROM STDIN for node-postgres (its Submittable protocol), fed from an iterator. */
class CopyIn extends EventEmitter {
  private error: unknown;
  readonly done: Promise<void>;
  private settle!: { resolve(): void; reject(error: unknown): void };

  constructor(
    private readonly text: string,
    private readonly chunks: Iterable<Buffer>,
  ) {
    super();
    this.done = new Promise((resolve, reject) => {
      this.settle = { resolve, reject };
    });
  }

  submit(connection: CopyConnection): void {
    connection.query(this.text);
  }

  handleCopyInResponse(connection: CopyConnection): void {
    try {
      for (const chunk of this.chunks) connection.sendCopyFromChunk(chunk);
    } catch (error) {
      this.error = error;
    }
    connection.endCopyFrom();
  }

  handleError(error: unknown): void {
    this.error = error;
  }

  handleReadyForQuery(): void {
    if (this.error) this.settle.reject(this.error);
    else this.settle.resolve();
  }

  handleCommandComplete(): void {}
  handleRowDescription(): void {}
  handleDataRow(): void {}
  handleEmptyQuery(): void {}
  handlePortalSuspended(): void {}
}

export async function postgresWriter(url: string): Promise<CopyWriter> {
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: url, application_name: 'ktx-demo-loader' });
  await client.connect();
  await client.query("SET TimeZone = 'UTC'");
  const q = (name: string) => quoteName(name, 'postgres');
  return {
    async createTables(tables) {
      for (const table of tables) await client.query(createTableSql(table, 'postgres', tables, false));
    },
    async load(table: SourceTable, rows: Iterable<unknown[]>) {
      const counter = { rows: 0 };
      const chunks = encodedChunks(rows, lineEncoder(table.columns, 'postgres'), counter);
      const copy = new CopyIn(
        `COPY ${q(table.name)} (${table.columns.map((c) => q(c.name)).join(', ')}) FROM STDIN`,
        chunks,
      );
      client.query(copy as never);
      await copy.done;
      return counter.rows;
    },
    async finish(tables) {
      for (const table of tables) {
        for (const fk of table.foreignKeys)
          await client.query(`ALTER TABLE ${q(table.name)} ADD ${foreignKeySql(fk, 'postgres')}`);
      }
      await client.query('ANALYZE');
    },
    async close() {
      await client.end();
    },
  };
}
