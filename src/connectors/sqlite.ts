import type { Worker } from 'node:worker_threads';
import { BaseConnector, type ExecuteLimits, type SessionResult, withAbort, withDeadline } from './base.js';
import type { SqliteConnectionConfig } from './config.js';
import { introspectSqlite } from './sqlite-introspect.js';
import { takeSqliteWorker } from './sqlite-spawn.js';
import type { SqliteWorkerMessage } from './sqlite-worker.js';
import type { Introspection, IntrospectOptions, QueryColumn, QueryValue } from './types.js';
import {
  booleanValue,
  bytesValue,
  dynamicValue,
  floatValue,
  integerValue,
  normalizeType,
  timestampValue,
} from './values.js';

/**
 * SQLite through better-sqlite3, in a worker thread (see sqlite-worker.ts for why).
 * Read-only layers: the file is opened read-only and must exist, `query_only` is on, every
 * statement must be read-only by SQLite's own verdict, and prepare() accepts one statement only.
 */

const BATCH_SIZE = 500;

interface Pending {
  columns: Array<{ name: string; type: string | null }>;
  rows: unknown[][];
  resolve(result: {
    columns: Array<{ name: string; type: string | null }>;
    rows: unknown[][];
    truncated: boolean;
  }): void;
  reject(error: unknown): void;
}

export class SqliteConnector extends BaseConnector {
  readonly driver = 'sqlite' as const;
  readonly dialect = 'sqlite' as const;
  private readonly file: string;
  private worker: Worker | undefined;
  private version = '';
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();

  constructor(id: string, config: SqliteConnectionConfig, file: string) {
    super({ id, queryTimeoutMs: config.query_timeout_ms, target: file, scope: config });
    this.file = file;
  }

  protected open(): Promise<void> {
    // The worker keeps the process alive only while ktx waits for it (see idle()).
    const worker = takeSqliteWorker();
    worker.ref();
    this.worker = worker;
    worker.postMessage({ op: 'open', file: this.file });
    return new Promise((resolve, reject) => {
      const onMessage = (message: SqliteWorkerMessage) => {
        if (message.op === 'ready') {
          this.version = message.version;
          this.idle();
          resolve();
        } else if (message.op === 'fatal') {
          this.stopWorker();
          reject(Object.assign(new Error(message.error.message), { code: message.error.code }));
        } else {
          this.dispatch(message);
        }
      };
      worker.on('message', onMessage);
      worker.on('error', (error) => {
        reject(error);
        this.failAll(error);
      });
      worker.on('exit', () => {
        if (this.worker === worker) this.worker = undefined;
        this.failAll(new Error('the SQLite worker stopped'));
      });
    });
  }

  private dispatch(message: SqliteWorkerMessage): void {
    if (!('id' in message)) return;
    const pending = this.pending.get(message.id);
    if (!pending) return;
    switch (message.op) {
      case 'columns':
        pending.columns = message.columns;
        break;
      case 'rows':
        for (const row of message.rows) pending.rows.push(row);
        break;
      case 'done':
        this.pending.delete(message.id);
        this.idle();
        pending.resolve({ columns: pending.columns, rows: pending.rows, truncated: message.truncated });
        break;
      case 'error':
        this.pending.delete(message.id);
        this.idle();
        pending.reject(Object.assign(new Error(message.error.message), { code: message.error.code }));
        break;
    }
  }

  /** No request in flight: let the process exit even if the connector is never closed. */
  private idle(): void {
    if (this.pending.size === 0) this.worker?.unref();
  }

  private failAll(error: unknown): void {
    for (const [id, pending] of this.pending) {
      this.pending.delete(id);
      pending.reject(error);
    }
  }

  private stopWorker(): void {
    const worker = this.worker;
    this.worker = undefined;
    this.resetSession();
    // A statement stuck inside SQLite cannot be interrupted from JavaScript; terminating the
    // worker stops it as soon as control returns, and process exit ends it in any case.
    if (worker) {
      worker.unref();
      void worker.terminate();
    }
  }

  private request(sql: string, limits: ExecuteLimits) {
    const run = async () => {
      const worker = this.worker;
      if (!worker) throw new Error('the SQLite connection is closed');
      const id = this.nextId++;
      const work = new Promise<{ columns: Pending['columns']; rows: unknown[][]; truncated: boolean }>(
        (resolve, reject) => {
          this.pending.set(id, { columns: [], rows: [], resolve, reject });
        },
      );
      worker.ref();
      worker.postMessage({ op: 'query', id, sql, maxRows: limits.maxRows, batchSize: BATCH_SIZE });
      const abandon = () => {
        this.pending.delete(id);
        this.stopWorker();
      };
      return withAbort(withDeadline(work, limits.timeoutMs, abandon), limits.signal, abandon);
    };
    return this.serial(run);
  }

  protected async runInSession(sql: string, limits: ExecuteLimits): Promise<SessionResult> {
    if (!this.worker) await this.ensureOpen();
    const raw = await this.request(sql, limits);
    const kinds = raw.columns.map((column) => normalizeType(column.type));
    const rows = raw.rows.map((row) =>
      row.map((value, index) => sqliteValue(value, raw.columns[index]?.type ?? null, kinds[index]!)),
    );
    const columns: QueryColumn[] = raw.columns.map((column, index) => ({
      name: column.name,
      ...(column.type ? { nativeType: column.type, type: kinds[index] } : { type: inferType(rows, index) }),
    }));
    return { columns, rows, truncated: raw.truncated };
  }

  protected async serverVersion(): Promise<string> {
    return `SQLite ${this.version}`;
  }

  protected introspectSession(options: IntrospectOptions): Promise<Introspection> {
    return introspectSqlite(this, `SQLite ${this.version}`, options);
  }

  protected async shutdown(): Promise<void> {
    const worker = this.worker;
    this.worker = undefined;
    if (!worker) return;
    worker.ref();
    worker.postMessage({ op: 'close' });
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        void worker.terminate();
        resolve();
      }, 1000);
      timer.unref();
      worker.once('exit', () => {
        clearTimeout(timer);
        resolve();
      });
    });
  }
}

/** SQLite is dynamically typed: the declared column type decides booleans and timestamps. */
function sqliteValue(value: unknown, declared: string | null, kind: string): QueryValue {
  if (value === null || value === undefined) return null;
  if (typeof value === 'bigint') {
    if (kind === 'boolean' && (value === 0n || value === 1n)) return booleanValue(value);
    return integerValue(value);
  }
  if (typeof value === 'number') return floatValue(value);
  if (typeof value === 'string') {
    if (kind === 'time') {
      const zoned = /tz|zone/i.test(declared ?? '') || /(Z|[+-]\d{2}(:?\d{2})?)$/i.test(value);
      return timestampValue(value, zoned);
    }
    return value;
  }
  if (value instanceof Uint8Array) return bytesValue(value);
  return dynamicValue(value);
}

function inferType(rows: QueryValue[][], index: number): QueryColumn['type'] {
  for (const row of rows) {
    const value = row[index];
    if (value === null || value === undefined) continue;
    if (typeof value === 'number') return 'number';
    if (typeof value === 'boolean') return 'boolean';
    return 'string';
  }
  return undefined;
}
