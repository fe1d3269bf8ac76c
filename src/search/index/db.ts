import { mkdirSync, rmSync } from 'node:fs';
import { dirname } from 'node:path';
import type BetterSqlite3 from 'better-sqlite3';
import { KtxError } from '../../core/errors.js';
import { INDEX_DDL, INDEX_SCHEMA_VERSION, INDEX_TABLES } from './schema.js';

export type Db = BetterSqlite3.Database;

function connect(Database: typeof BetterSqlite3, path: string): Db {
  const db = new Database(path);
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('busy_timeout = 5000');
    // FTS5 merges re-read recent segments while a large batch is indexed; keep them in memory.
    db.pragma('cache_size = -65536');
    migrate(db);
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

/** SQLite's verdict on a file that is not a usable database (truncated, overwritten, corrupt). */
function isDamaged(error: unknown): boolean {
  const code = (error as { code?: string }).code ?? '';
  return code.startsWith('SQLITE_CORRUPT') || code.startsWith('SQLITE_NOTADB');
}

/**
 * Opens (creating or migrating) the index database. better-sqlite3 is a native module, loaded
 * only by the commands that search. WAL lets an MCP server read while a CLI process refreshes.
 * The index is a cache of the project files: a damaged file is deleted and rebuilt.
 */
export async function openIndexDb(path: string): Promise<Db> {
  const { default: Database } = await import('better-sqlite3');
  mkdirSync(dirname(path), { recursive: true });
  try {
    return connect(Database, path);
  } catch (error) {
    if (isDamaged(error)) {
      for (const suffix of ['', '-wal', '-shm']) rmSync(`${path}${suffix}`, { force: true });
      return connect(Database, path);
    }
    throw new KtxError(
      'index_unavailable',
      `Cannot open the search index at ${path}: ${(error as Error).message}`,
      {
        hint: 'Check that .ktx/ is writable; the index is a cache, so deleting the file is always safe.',
      },
    );
  }
}

function currentVersion(db: Db): string | undefined {
  const hasMeta = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'meta'").get();
  if (!hasMeta) return undefined;
  const row = db.prepare("SELECT value FROM meta WHERE key = 'schema_version'").get() as
    | { value: string }
    | undefined;
  return row?.value;
}

function migrate(db: Db): void {
  const version = currentVersion(db);
  if (version === INDEX_SCHEMA_VERSION) return;
  db.transaction(() => {
    if (version !== undefined) dropAll(db);
    db.exec(INDEX_DDL);
    db.prepare("INSERT OR REPLACE INTO meta(key, value) VALUES ('schema_version', ?)").run(
      INDEX_SCHEMA_VERSION,
    );
    db.prepare("INSERT OR REPLACE INTO meta(key, value) VALUES ('generation', '0')").run();
  })();
}

/** Drops every index table (the project files are the truth; everything here is derived). */
export function dropAll(db: Db): void {
  for (const table of [...INDEX_TABLES].reverse()) db.exec(`DROP TABLE IF EXISTS ${table}`);
}

/** Empties the index but keeps computed vectors (they are keyed by content hash and costly). */
export function resetIndex(db: Db): void {
  db.transaction(() => {
    for (const table of [...INDEX_TABLES].reverse()) {
      if (table !== 'vectors') db.exec(`DROP TABLE IF EXISTS ${table}`);
    }
    db.exec(INDEX_DDL);
    db.prepare("INSERT OR REPLACE INTO meta(key, value) VALUES ('schema_version', ?)").run(
      INDEX_SCHEMA_VERSION,
    );
    db.prepare("INSERT OR REPLACE INTO meta(key, value) VALUES ('generation', '0')").run();
  })();
}

export function getMeta(db: Db, key: string): string | undefined {
  return (db.prepare('SELECT value FROM meta WHERE key = ?').get(key) as { value: string } | undefined)
    ?.value;
}

export function setMeta(db: Db, key: string, value: string): void {
  db.prepare('INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)').run(key, value);
}

/** Bumped whenever documents or vectors change, so long-lived readers drop their caches. */
export function bumpGeneration(db: Db): number {
  const next = Number(getMeta(db, 'generation') ?? '0') + 1;
  setMeta(db, 'generation', String(next));
  return next;
}

export function generation(db: Db): number {
  return Number(getMeta(db, 'generation') ?? '0');
}
