import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { REPO_ROOT } from './cli.js';

/**
 * Live PostgreSQL / MariaDB for tests. The servers are started by scripts/db-servers.sh
 * (CI runs it in .ci/run; `ensureServers()` runs it too, it is idempotent).
 */

let ensured = false;

export function ensureServers(): void {
  if (ensured || (process.env.KTX_TEST_PG_URL && process.env.KTX_TEST_MYSQL_URL)) return;
  execFileSync('bash', [join(REPO_ROOT, 'scripts', 'db-servers.sh'), 'start'], { stdio: 'pipe' });
  ensured = true;
}

export function pgAdminUrl(): string {
  ensureServers();
  return process.env.KTX_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:55432/postgres';
}

export function mysqlAdminUrl(): string {
  ensureServers();
  return process.env.KTX_TEST_MYSQL_URL ?? 'mysql://ktx:ktx@127.0.0.1:33306/mysql';
}

/** A database name unique to this test run. */
export function uniqueDbName(prefix: string): string {
  return `${prefix}_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`.toLowerCase();
}

/** Replaces the database part of a server URL. */
export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}
