import { errorMessage, KtxError } from '../core/errors.js';
import { redact } from '../core/redact.js';
import type { DriverName } from './config.js';
import type { ConnectionErrorCode } from './types.js';

/**
 * Driver errors → KtxErrors a person can act on. Connection problems fall into the
 * ConnectionErrorCode categories, each with a fix naming the ktx.yaml keys involved; query
 * problems get query codes. Messages go through redaction (drivers like to echo URLs).
 */

export type QueryErrorCode = 'sql_error' | 'sql_timeout' | 'sql_not_read_only' | 'sql_cancelled';

export interface ErrorContext {
  connectionId: string;
  driver: DriverName;
  /** `connect` while opening/authenticating, `query` while running SQL. */
  phase: 'connect' | 'query';
  /** Where: `127.0.0.1:5432/shop` or a file path (no credentials). */
  target?: string;
  timeoutMs?: number;
}

interface DriverError {
  code?: string | number;
  errno?: number;
  sqlState?: string;
  message?: string;
}

const NETWORK_UNREACHABLE = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
  'ECONNRESET',
  'EPIPE',
  'PROTOCOL_CONNECTION_LOST',
]);

function connectionCategory(error: DriverError, message: string): ConnectionErrorCode | undefined {
  const code = String(error.code ?? '');
  if (NETWORK_UNREACHABLE.has(code)) return 'connection_unreachable';
  if (code === 'ETIMEDOUT' || /timeout expired|timed out|connection timeout|ETIMEDOUT/i.test(message)) {
    return 'connection_timeout';
  }
  // PostgreSQL SQLSTATEs, MySQL/MariaDB error names, SQLite result codes, DuckDB messages.
  if (
    code === '28P01' ||
    code === '28000' ||
    code === 'ER_ACCESS_DENIED_ERROR' ||
    code === 'ER_ACCESS_DENIED_NO_PASSWORD_ERROR'
  ) {
    return 'connection_auth';
  }
  if (
    /password authentication failed|authentication failed|access denied for user|no pg_hba\.conf entry/i.test(
      message,
    )
  ) {
    return 'connection_auth';
  }
  if (code === '3D000' || code === 'ER_BAD_DB_ERROR' || code === 'ER_NO_DB_ERROR')
    return 'connection_database_missing';
  if (
    /database .* does not exist|unknown database|no such file|cannot open file|unable to open database/i.test(
      message,
    )
  ) {
    return 'connection_database_missing';
  }
  if (code === '42501' || code === 'ER_DBACCESS_DENIED_ERROR' || code === 'ER_TABLEACCESS_DENIED_ERROR') {
    return 'connection_permission';
  }
  if (code === 'EACCES' || code === 'EPERM' || /permission denied|not authorized/i.test(message)) {
    return 'connection_permission';
  }
  if (code === 'SQLITE_NOTADB' || /not a database|file is not a valid duckdb/i.test(message))
    return 'connection_failed';
  return undefined;
}

function connectionHint(category: ConnectionErrorCode, ctx: ErrorContext): string {
  const key = `connections.${ctx.connectionId}`;
  const file = ctx.driver === 'sqlite' || ctx.driver === 'duckdb';
  switch (category) {
    case 'connection_unreachable':
      return `Check that the server is running and reachable at ${ctx.target ?? 'the configured host'} (VPN, firewall), and ${key}.host / ${key}.port.`;
    case 'connection_auth':
      return `Check ${key}.user and the password that ${key}.password points to (env:NAME / file:PATH); test with \`ktx connection test ${ctx.connectionId}\`.`;
    case 'connection_database_missing':
      return file
        ? `Check ${key}.path: the file must exist (paths are relative to the project directory).`
        : `Check ${key}.database: it must name an existing database the user can connect to.`;
    case 'connection_permission':
      return file
        ? `Make the file at ${key}.path readable by the user running ktx.`
        : `Grant the ktx user read access (e.g. GRANT CONNECT, USAGE ON SCHEMA … and SELECT ON ALL TABLES IN SCHEMA …).`;
    case 'connection_timeout':
      return `The server did not answer in time. Check the network path to ${ctx.target ?? 'the server'}, or raise ${key}.query_timeout_ms.`;
    default:
      return `Check the ${key} block in ktx.yaml; \`ktx connection test ${ctx.connectionId}\` runs a quick check.`;
  }
}

const CATEGORY_LABEL: Record<ConnectionErrorCode, string> = {
  connection_unreachable: 'cannot reach the server',
  connection_auth: 'authentication failed',
  connection_database_missing: 'the database does not exist',
  connection_permission: 'permission denied',
  connection_timeout: 'timed out',
  connection_failed: 'connection failed',
};

function isTimeout(error: DriverError, message: string): boolean {
  const code = String(error.code ?? '');
  return (
    code === '57014' ||
    code === 'ER_QUERY_TIMEOUT' ||
    code === 'ER_STATEMENT_TIMEOUT' ||
    error.errno === 3024 ||
    error.errno === 1969 ||
    /statement timeout|max_statement_time|maximum statement execution time|interrupted|query timed out/i.test(
      message,
    )
  );
}

function isReadOnlyViolation(error: DriverError, message: string): boolean {
  const code = String(error.code ?? '');
  return (
    code === '25006' ||
    code === 'SQLITE_READONLY' ||
    code === 'ER_CANT_EXECUTE_IN_READ_ONLY_TRANSACTION' ||
    error.errno === 1792 ||
    /read-only (transaction|mode|database)|attempt to write a readonly database|read only transaction/i.test(
      message,
    )
  );
}

/** Wraps any driver failure into a KtxError with a category code and a fix. */
export function categorizeError(error: unknown, ctx: ErrorContext): KtxError {
  if (KtxError.is(error)) return error;
  const driverError = (error ?? {}) as DriverError;
  const raw = redact(errorMessage(error)).split('\n')[0]!.trim();
  const code = String(driverError.code ?? '');
  const details = { connection: ctx.connectionId, driver: ctx.driver, ...(code ? { driverCode: code } : {}) };
  if (ctx.phase === 'query') {
    if (isReadOnlyViolation(driverError, raw)) {
      return new KtxError(
        'sql_not_read_only',
        `ktx only runs read-only queries: the database refused a write (${raw}).`,
        {
          hint: 'ktx connects read-only; run a SELECT instead.',
          details,
        },
      );
    }
    if (isTimeout(driverError, raw)) {
      const limit = ctx.timeoutMs ? ` after ${ctx.timeoutMs} ms` : '';
      return new KtxError(
        'sql_timeout',
        `The query on "${ctx.connectionId}" was stopped${limit} (statement timeout).`,
        {
          hint: `Make the query cheaper (filter, aggregate, LIMIT), or raise connections.${ctx.connectionId}.query_timeout_ms.`,
          details,
        },
      );
    }
    const category = connectionCategory(driverError, raw);
    if (!category || category === 'connection_failed' || category === 'connection_permission') {
      if (category === 'connection_permission') {
        return new KtxError('connection_permission', `Query on "${ctx.connectionId}" failed: ${raw}`, {
          hint: connectionHint('connection_permission', ctx),
          details,
        });
      }
      return new KtxError('sql_error', `The query failed on "${ctx.connectionId}" (${ctx.driver}): ${raw}`, {
        hint: 'Fix the SQL and run it again; `ktx sl` and the wiki describe the tables.',
        details,
      });
    }
  }
  const category = connectionCategory(driverError, raw) ?? 'connection_failed';
  return new KtxError(
    category,
    `Connection "${ctx.connectionId}" (${ctx.driver}): ${CATEGORY_LABEL[category]}: ${raw}`,
    {
      // DuckDB allows one writer process per file, and a read-only reader must wait for it.
      hint: /could not set lock|conflicting lock/i.test(raw)
        ? `Another process has the DuckDB file at connections.${ctx.connectionId}.path open for writing; close it (or point ktx at a copy).`
        : connectionHint(category, ctx),
      details,
    },
  );
}
