/**
 * The body of the SQLite worker thread. better-sqlite3 is synchronous: a long query would block
 * the event loop and no timer could stop it. Running it in a worker keeps ktx responsive and
 * lets the main thread give up on a query at its deadline and terminate the worker.
 *
 * The function is serialised with `toString()` and evaluated as the worker's source, so it
 * must be self-contained: no imports, no closures, plain JavaScript constructs only. It gets
 * the worker's `require` as a parameter (a bundler would rewrite a bare `require` reference).
 */

export interface SqliteWorkerData {
  /** Absolute path of better-sqlite3's entry point (resolved by the main thread). */
  driverPath: string;
  /** Its native addon, when found: loading it directly skips a slow search of the file system. */
  nativeBinding?: string;
}

export type SqliteWorkerRequest =
  | { op: 'open'; file: string }
  | { op: 'query'; id: number; sql: string; maxRows: number; batchSize: number }
  | { op: 'close' };

export type SqliteWorkerMessage =
  | { op: 'ready'; version: string }
  | { op: 'fatal'; error: { code?: string; message: string } }
  | { op: 'columns'; id: number; columns: Array<{ name: string; type: string | null }> }
  | { op: 'rows'; id: number; rows: unknown[][] }
  | { op: 'done'; id: number; truncated: boolean }
  | { op: 'error'; id: number; error: { code?: string; message: string } };

// biome-ignore lint/suspicious/noExplicitAny: runs as plain JavaScript inside the worker
export function sqliteWorkerMain(load: (id: string) => any): void {
  const threads = load('node:worker_threads');
  const port = threads.parentPort;
  const data = threads.workerData as SqliteWorkerData;
  const fail = (error: unknown) => {
    const err = error as { code?: string; message?: string };
    return { code: err?.code, message: String(err?.message ?? error) };
  };
  // The driver loads as soon as the thread starts (possibly before the file is known).
  // biome-ignore lint/suspicious/noExplicitAny: better-sqlite3 handle inside the worker
  let db: any;
  // biome-ignore lint/suspicious/noExplicitAny: better-sqlite3 constructor inside the worker
  let Database: any;
  let addon: unknown;
  let loadError: unknown;
  try {
    Database = load(data.driverPath);
    if (data.nativeBinding) addon = load(data.nativeBinding);
  } catch (error) {
    loadError = error;
  }
  const open = (file: string) => {
    try {
      if (loadError) throw loadError;
      // Layer 2 for SQLite: the file is opened read-only (the OS-level open mode), must already
      // exist (never created), and the connection is additionally set query-only with an
      // untrusted schema (views/triggers cannot call functions with side effects).
      const options: Record<string, unknown> = { readonly: true, fileMustExist: true };
      if (addon) options.nativeBinding = addon;
      db = new Database(file, options);
      db.pragma('query_only = ON');
      db.pragma('trusted_schema = OFF');
      db.defaultSafeIntegers(true);
      const version = db.prepare('select sqlite_version() as v').get().v;
      port.postMessage({ op: 'ready', version: String(version) });
    } catch (error) {
      port.postMessage({ op: 'fatal', error: fail(error) });
    }
  };
  port.on('message', (request: SqliteWorkerRequest) => {
    if (request.op === 'open') {
      open(request.file);
      return;
    }
    if (!db) return;
    if (request.op === 'close') {
      try {
        db?.close();
      } finally {
        port.close();
      }
      return;
    }
    const id = request.id;
    try {
      // prepare() refuses text with more than one statement: a second, independent guard.
      const statement = db.prepare(request.sql);
      // SQLite's own verdict (sqlite3_stmt_readonly): does this statement write the database?
      if (!statement.readonly) {
        port.postMessage({
          op: 'error',
          id,
          error: {
            code: 'SQLITE_READONLY',
            message: 'attempt to write a readonly database (the statement writes)',
          },
        });
        return;
      }
      if (!statement.reader) {
        statement.run();
        port.postMessage({ op: 'columns', id, columns: [] });
        port.postMessage({ op: 'done', id, truncated: false });
        return;
      }
      statement.raw(true);
      const columns = statement.columns().map((column: { name: string; type: string | null }) => ({
        name: column.name,
        type: column.type,
      }));
      port.postMessage({ op: 'columns', id, columns });
      let batch: unknown[][] = [];
      let count = 0;
      let truncated = false;
      for (const row of statement.iterate()) {
        if (count === request.maxRows) {
          truncated = true;
          break; // leaving the loop finalises the statement: no further row is read
        }
        batch.push(row);
        count++;
        if (batch.length >= request.batchSize) {
          port.postMessage({ op: 'rows', id, rows: batch });
          batch = [];
        }
      }
      if (batch.length > 0) port.postMessage({ op: 'rows', id, rows: batch });
      port.postMessage({ op: 'done', id, truncated });
    } catch (error) {
      port.postMessage({ op: 'error', id, error: fail(error) });
    }
  });
}
