import type { Dialect } from '../connectors/types.js';
import { KtxError } from '../core/errors.js';

/**
 * The only place the scan writes dialect-specific SQL: identifier quoting, text casts,
 * string length, concatenation and deterministic sampling. Everything else in the scan builds
 * portable SELECTs from these hooks.
 *
 * Sampling must be deterministic (an unchanged warehouse gives a byte-identical snapshot), so
 * every method here is seeded or hash-based, never `random()`.
 *
 * Quoting could later be shared with the semantic compiler's dialect printers
 * (`src/semantic/dialects/`); it lives here until those exist.
 */

export interface SampleRequest {
  /** The quoted, qualified table reference. */
  from: string;
  /** Rows wanted. */
  rows: number;
  /** Rows in the table (exact or estimated); null when unknown. */
  totalRows: number | null;
  kind: 'table' | 'view';
}

export interface SampleClause {
  /** A parenthesised subquery usable in FROM, or the bare table when no sampling is needed. */
  sql: string;
  /** The same rows as a SELECT statement (for a CTE). */
  select: string;
  method: 'full' | 'tablesample' | 'hash' | 'seeded_random' | 'first_rows';
}

export interface ScanSql {
  dialect: Dialect;
  quote(identifier: string): string;
  table(schema: string | null, name: string): string;
  /** Casts any value to text (for top values, samples and composite-key concatenation). */
  text(expression: string): string;
  /** Character length of a text expression. */
  length(expression: string): string;
  /** Concatenates text expressions. */
  concat(parts: string[]): string;
  /** A deterministic sample of about `rows` rows (exactly `rows` where the engine allows). */
  sample(request: SampleRequest): SampleClause;
  /** A CTE definition evaluated once even when referenced several times. */
  cte(name: string, select: string): string;
  /**
   * How to test that a value exists in another table's key: `in` (an uncorrelated IN the engine
   * hashes or indexes once) or `exists` (a correlated index probe, better where a large IN
   * subquery could be re-scanned per row, as in PostgreSQL's unhashed subplans).
   */
  membership: 'in' | 'exists';
}

const SEED = 20240917;

function doubleQuote(identifier: string): string {
  return `"${identifier.replace(/"/g, '""')}"`;
}

function backtick(identifier: string): string {
  return `\`${identifier.replace(/`/g, '``')}\``;
}

function clause(subquery: string, method: SampleClause['method']): SampleClause {
  return { sql: `(${subquery})`, select: subquery, method };
}

function whole(from: string): SampleClause {
  return { sql: from, select: `SELECT * FROM ${from}`, method: 'full' };
}

// Plain CTEs: engines materialise a CTE referenced several times on their own (SQLite ≥ 3.35,
// PostgreSQL ≥ 12, DuckDB, MySQL 8), and `AS MATERIALIZED` is not portable SQL that read-only
// gates built on a SQL parser accept for every dialect. Samples are deterministic, so even an
// engine that re-evaluates the CTE sees the same rows.
const plainCte = (name: string, select: string) => `${name} AS (${select})`;

function needsSampling(request: SampleRequest): boolean {
  return request.totalRows === null || request.totalRows > request.rows;
}

function fraction(request: SampleRequest, oversample: number): number {
  if (!request.totalRows || request.totalRows <= 0) return 1;
  return Math.min(1, (request.rows * oversample) / request.totalRows);
}

const sqlite: ScanSql = {
  dialect: 'sqlite',
  quote: doubleQuote,
  table: (schema, name) => (schema ? `${doubleQuote(schema)}.${doubleQuote(name)}` : doubleQuote(name)),
  text: (expression) => `CAST(${expression} AS TEXT)`,
  length: (expression) => `LENGTH(${expression})`,
  concat: (parts) => parts.join(' || '),
  cte: plainCte,
  membership: 'in',
  sample(request) {
    if (!needsSampling(request)) return whole(request.from);
    if (request.kind === 'view') {
      return clause(`SELECT * FROM ${request.from} LIMIT ${request.rows}`, 'first_rows');
    }
    // SQLite has no TABLESAMPLE and no seeded random(): scramble rowids with a multiplicative
    // hash modulo a prime (a bijection, so every row has one fixed rank), keep a band of ranks
    // a little wider than needed in one pass, then take the lowest ranks.
    const prime = 2147483647;
    const hash = `((rowid % ${prime}) * 182605794) % ${prime}`;
    const band = Math.ceil(prime * fraction(request, 1.5));
    return clause(
      `SELECT * FROM ${request.from} WHERE ${hash} < ${band} ORDER BY ${hash} LIMIT ${request.rows}`,
      'hash',
    );
  },
};

const duckdb: ScanSql = {
  dialect: 'duckdb',
  quote: doubleQuote,
  table: (schema, name) => (schema ? `${doubleQuote(schema)}.${doubleQuote(name)}` : doubleQuote(name)),
  text: (expression) => `CAST(${expression} AS VARCHAR)`,
  length: (expression) => `length(${expression})`,
  concat: (parts) => `concat(${parts.join(', ')})`,
  cte: plainCte,
  membership: 'in',
  sample(request) {
    if (!needsSampling(request)) return whole(request.from);
    if (request.kind === 'view') {
      return clause(`SELECT * FROM ${request.from} LIMIT ${request.rows}`, 'first_rows');
    }
    // Rank rows by a hash of their rowid: deterministic, uniform, and plain SELECT syntax (DuckDB's
    // USING SAMPLE / TABLESAMPLE … REPEATABLE is not understood by portable SQL parsers). A cheap
    // modulo filter keeps a band slightly wider than needed before the top-n sort.
    const band = Math.ceil(1_000_000 * fraction(request, 1.5));
    return clause(
      `SELECT * FROM ${request.from} WHERE hash(rowid) % 1000000 < ${band} ORDER BY hash(rowid) LIMIT ${request.rows}`,
      'hash',
    );
  },
};

const postgres: ScanSql = {
  dialect: 'postgres',
  quote: doubleQuote,
  table: (schema, name) => (schema ? `${doubleQuote(schema)}.${doubleQuote(name)}` : doubleQuote(name)),
  text: (expression) => `CAST(${expression} AS TEXT)`,
  length: (expression) => `length(${expression})`,
  concat: (parts) => parts.join(' || '),
  cte: plainCte,
  membership: 'exists',
  sample(request) {
    if (!needsSampling(request)) return whole(request.from);
    if (request.kind === 'view') {
      return clause(`SELECT * FROM ${request.from} LIMIT ${request.rows}`, 'first_rows');
    }
    const percent = Math.max(0.0001, fraction(request, 1.3) * 100).toFixed(4);
    return clause(
      `SELECT * FROM ${request.from} TABLESAMPLE BERNOULLI (${percent}) REPEATABLE (${SEED}) LIMIT ${request.rows}`,
      'tablesample',
    );
  },
};

const mysql: ScanSql = {
  dialect: 'mysql',
  quote: backtick,
  table: (schema, name) => (schema ? `${backtick(schema)}.${backtick(name)}` : backtick(name)),
  text: (expression) => `CAST(${expression} AS CHAR)`,
  length: (expression) => `CHAR_LENGTH(${expression})`,
  concat: (parts) => `CONCAT(${parts.join(', ')})`,
  cte: plainCte,
  membership: 'in',
  sample(request) {
    if (!needsSampling(request)) return whole(request.from);
    // No TABLESAMPLE: RAND(seed) is a fixed sequence per statement, so one filtered pass in scan
    // order selects the same rows every time the table is unchanged.
    const keep = fraction(request, 1.3).toFixed(6);
    return clause(
      `SELECT * FROM ${request.from} WHERE RAND(${SEED}) < ${keep} LIMIT ${request.rows}`,
      'seeded_random',
    );
  },
};

const DIALECTS: Partial<Record<Dialect, ScanSql>> = { sqlite, duckdb, postgres, mysql };

export function scanSqlFor(dialect: Dialect): ScanSql {
  const found = DIALECTS[dialect];
  if (!found) {
    throw new KtxError('scan_dialect_unsupported', `Scanning ${dialect} warehouses is not supported yet.`, {
      hint: `Supported: ${Object.keys(DIALECTS).join(', ')}.`,
    });
  }
  return found;
}
