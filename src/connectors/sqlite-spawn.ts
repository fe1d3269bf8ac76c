import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { type SqliteWorkerData, sqliteWorkerMain } from './sqlite-worker.js';

/**
 * Starting the SQLite worker thread (a Node environment plus the native driver) is the largest
 * fixed cost of a `ktx sql` on SQLite. `bin/ktx.js` starts one speculatively as soon as it sees
 * the `sql` command (or `sl … --execute`), so the thread boots while the CLI and the project load; the
 * connector then takes it instead of starting its own. An unused spare is unref'd: it never
 * keeps the process alive.
 */

const WORKER_SOURCE = `(${sqliteWorkerMain.toString()})(require)`;

let spare: Worker | undefined;

export function spawnSqliteWorker(): Worker {
  const driverPath = createRequire(import.meta.url).resolve('better-sqlite3');
  const addon = join(dirname(driverPath), '..', 'build', 'Release', 'better_sqlite3.node');
  const data: SqliteWorkerData = { driverPath, ...(existsSync(addon) ? { nativeBinding: addon } : {}) };
  const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: data });
  worker.on('error', () => {}); // reported through the connector's own listeners
  worker.unref();
  return worker;
}

export function prespawnSqliteWorker(): void {
  spare ??= spawnSqliteWorker();
}

/** The spare worker if one was started, else a fresh one. */
export function takeSqliteWorker(): Worker {
  const worker = spare ?? spawnSqliteWorker();
  spare = undefined;
  return worker;
}
