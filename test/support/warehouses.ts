import { copyFileSync, existsSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ConnectionConfig } from '../../src/connectors/config.js';
import { copySqliteDatabase } from '../../src/demo/copy/index.js';
import {
  DEMO_GENERATOR_VERSION,
  DEMO_SEED,
  fileSha256,
  generateDemoWarehouse,
} from '../../src/demo/generate.js';
import { makeTempDir } from './cli.js';
import { datasetPath } from './datasets.js';
import { mysqlAdminUrl, pgAdminUrl, uniqueDbName, withDatabase } from './servers.js';

/**
 * Ready-to-query warehouses on every engine, for tests and benchmarks:
 *
 *   const wh = await provisionDemo('postgres');   // or provisionChinook('duckdb'), …
 *   const connector = await connectorFor('wh', wh.config, wh.dir);
 *   …
 *   await wh.cleanup();
 *
 * SQLite and DuckDB files are generated once per generator version and cached under
 * `$TMPDIR/ktx-warehouse-cache`; each provision gets its own copy (a write that slipped through
 * could never corrupt the cache). PostgreSQL and MariaDB get a uniquely named database, loaded
 * from the SQLite file and dropped by `cleanup()`.
 */

export type Engine = 'sqlite' | 'duckdb' | 'postgres' | 'mysql';
export const ENGINES: Engine[] = ['sqlite', 'duckdb', 'postgres', 'mysql'];

export interface Warehouse {
  engine: Engine;
  /** A connection block for ktx.yaml / `connectorFor` (paths are absolute). */
  config: ConnectionConfig;
  /** A scratch directory owned by this warehouse (project dir for `connectorFor`). */
  dir: string;
  /** The database file (sqlite, duckdb). */
  file?: string;
  /** A URL with full rights on the database (postgres, mysql), for fixtures and checksums. */
  adminUrl?: string;
  database?: string;
  cleanup(): Promise<void>;
}

const CACHE_DIR = join(tmpdir(), 'ktx-warehouse-cache');

/** Builds `file` with `build` unless it exists; a directory lock keeps parallel workers from doing it twice. */
async function cached(file: string, build: (target: string) => Promise<void>): Promise<string> {
  if (existsSync(file)) return file;
  mkdirSync(CACHE_DIR, { recursive: true });
  const lock = `${file}.lock`;
  for (let waited = 0; ; waited += 200) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      if (existsSync(file)) return file;
      // A lock older than 5 minutes belongs to a crashed run.
      const since = statSync(lock, { throwIfNoEntry: false })?.mtimeMs ?? Date.now();
      if (waited > 300_000 || Date.now() - since > 300_000) {
        rmSync(lock, { recursive: true, force: true });
      }
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
  try {
    if (!existsSync(file)) {
      const temp = `${file}.${process.pid}.building`;
      rmSync(temp, { force: true });
      await build(temp);
      renameSync(temp, file);
    }
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
  return file;
}

/** The canonical demo SQLite file (generated on first use, then cached). */
export function demoSqliteFile(): Promise<string> {
  return cached(join(CACHE_DIR, `demo-v${DEMO_GENERATOR_VERSION}-${DEMO_SEED}.sqlite`), async (target) => {
    await generateDemoWarehouse(target);
  });
}

async function sourceFile(dataset: 'demo' | 'chinook'): Promise<{ file: string; key: string }> {
  if (dataset === 'demo')
    return { file: await demoSqliteFile(), key: `demo-v${DEMO_GENERATOR_VERSION}-${DEMO_SEED}` };
  const file = datasetPath('chinook.sqlite');
  return { file, key: `chinook-${(await fileSha256(file)).slice(0, 12)}` };
}

async function provision(dataset: 'demo' | 'chinook', engine: Engine): Promise<Warehouse> {
  const source = await sourceFile(dataset);
  const { dir, cleanup: removeDir } = makeTempDir(`ktx-wh-${dataset}-${engine}-`);
  if (engine === 'sqlite' || engine === 'duckdb') {
    const cachedFile =
      engine === 'sqlite'
        ? source.file
        : await cached(join(CACHE_DIR, `${source.key}.duckdb`), async (target) => {
            await copySqliteDatabase(source.file, { engine: 'duckdb', file: target });
          });
    const file = join(dir, `${dataset}.${engine === 'sqlite' ? 'sqlite' : 'duckdb'}`);
    copyFileSync(cachedFile, file);
    return { engine, config: { driver: engine, path: file }, dir, file, cleanup: async () => removeDir() };
  }
  const database = uniqueDbName(`ktx_${dataset}`);
  const admin = engine === 'postgres' ? pgAdminUrl() : mysqlAdminUrl();
  await adminQuery(engine, admin, `CREATE DATABASE ${database}`);
  const adminUrl = withDatabase(admin, database);
  const cleanup = async () => {
    await adminQuery(
      engine,
      admin,
      engine === 'postgres'
        ? `DROP DATABASE IF EXISTS ${database} WITH (FORCE)`
        : `DROP DATABASE IF EXISTS ${database}`,
    );
    removeDir();
  };
  try {
    await copySqliteDatabase(source.file, { engine, url: adminUrl });
  } catch (error) {
    await cleanup();
    throw error;
  }
  const driver = engine === 'postgres' ? 'postgres' : 'mariadb';
  return { engine, config: { driver, url: adminUrl } as ConnectionConfig, dir, adminUrl, database, cleanup };
}

/** Runs one statement with admin rights on the server (create/drop databases, fixtures). */
export async function adminQuery(engine: 'postgres' | 'mysql', url: string, sql: string): Promise<unknown[]> {
  if (engine === 'postgres') {
    const { default: pg } = await import('pg');
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      return (await client.query(sql)).rows;
    } finally {
      await client.end();
    }
  }
  const { default: mysql } = await import('mysql2/promise');
  const connection = await mysql.createConnection(url);
  try {
    const [rows] = await connection.query(sql);
    return Array.isArray(rows) ? rows : [];
  } finally {
    await connection.end();
  }
}

export function provisionDemo(engine: Engine): Promise<Warehouse> {
  return provision('demo', engine);
}

export function provisionChinook(engine: Engine): Promise<Warehouse> {
  return provision('chinook', engine);
}
