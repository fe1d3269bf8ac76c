import type { Engine } from './engines.js';

/**
 * Reference-SQL helpers for the few constructs whose spelling differs between engines. They are
 * written independently of the dialect printers in src/semantic/dialects (a different formula
 * where one exists), so a golden case compares two ways of getting the same answer.
 */
export interface RefHelpers {
  engine: Engine;
  /** Start of the period as a DATE (weeks start on Monday). */
  day(expr: string): string;
  week(expr: string): string;
  month(expr: string): string;
  quarter(expr: string): string;
  year(expr: string): string;
  /** NULL-safe equality. */
  same(left: string, right: string): string;
  /** Real (non-truncating) division, NULL when the divisor is 0. */
  div(numerator: string, denominator: string): string;
  concat(...parts: string[]): string;
  /** Hours elapsed between two timestamps, as a number. */
  hours(from: string, to: string): string;
}

const ansiSame = (left: string, right: string) => `${left} IS NOT DISTINCT FROM ${right}`;
const ansiConcat = (...parts: string[]) => parts.join(' || ');
// SQLite and PostgreSQL divide integers as integers; a numeric factor makes the division real.
const realDiv = (n: string, d: string) => `${n} * 1.0 / NULLIF(${d}, 0)`;

export const REF_HELPERS: Record<Engine, RefHelpers> = {
  sqlite: {
    engine: 'sqlite',
    day: (x) => `DATE(${x})`,
    week: (x) => `DATE(${x}, 'weekday 0', '-6 days')`,
    month: (x) => `STRFTIME('%Y-%m-01', ${x})`,
    quarter: (x) =>
      `PRINTF('%s-%02d-01', STRFTIME('%Y', ${x}), ((CAST(STRFTIME('%m', ${x}) AS INTEGER) - 1) / 3) * 3 + 1)`,
    year: (x) => `STRFTIME('%Y-01-01', ${x})`,
    same: ansiSame,
    div: realDiv,
    concat: ansiConcat,
    hours: (from, to) => `(JULIANDAY(${to}) - JULIANDAY(${from})) * 24`,
  },
  duckdb: {
    engine: 'duckdb',
    day: (x) => `CAST(${x} AS DATE)`,
    week: (x) => `CAST(DATE_TRUNC('week', ${x}) AS DATE)`,
    month: (x) => `MAKE_DATE(YEAR(${x}), MONTH(${x}), 1)`,
    quarter: (x) => `MAKE_DATE(YEAR(${x}), (QUARTER(${x}) - 1) * 3 + 1, 1)`,
    year: (x) => `MAKE_DATE(YEAR(${x}), 1, 1)`,
    same: ansiSame,
    div: (n, d) => `${n} / NULLIF(${d}, 0)`,
    concat: ansiConcat,
    hours: (from, to) => `DATE_DIFF('second', ${from}, ${to}) / 3600.0`,
  },
  postgres: {
    engine: 'postgres',
    day: (x) => `${x}::date`,
    week: (x) => `(${x}::date - (EXTRACT(ISODOW FROM ${x})::int - 1))`,
    month: (x) => `MAKE_DATE(EXTRACT(YEAR FROM ${x})::int, EXTRACT(MONTH FROM ${x})::int, 1)`,
    quarter: (x) =>
      `MAKE_DATE(EXTRACT(YEAR FROM ${x})::int, (EXTRACT(QUARTER FROM ${x})::int - 1) * 3 + 1, 1)`,
    year: (x) => `MAKE_DATE(EXTRACT(YEAR FROM ${x})::int, 1, 1)`,
    same: ansiSame,
    div: realDiv,
    concat: ansiConcat,
    hours: (from, to) => `EXTRACT(EPOCH FROM (${to} - ${from})) / 3600`,
  },
  mysql: {
    engine: 'mysql',
    day: (x) => `DATE(${x})`,
    // DAYOFWEEK: Sunday = 1 … Saturday = 7, so (DAYOFWEEK + 5) % 7 days back is Monday.
    week: (x) => `DATE(${x}) - INTERVAL ((DAYOFWEEK(${x}) + 5) % 7) DAY`,
    month: (x) => `DATE(${x}) - INTERVAL (DAYOFMONTH(${x}) - 1) DAY`,
    quarter: (x) => `STR_TO_DATE(CONCAT(YEAR(${x}), '-', (QUARTER(${x}) - 1) * 3 + 1, '-01'), '%Y-%c-%d')`,
    year: (x) => `STR_TO_DATE(CONCAT(YEAR(${x}), '-01-01'), '%Y-%m-%d')`,
    same: (left, right) => `${left} <=> ${right}`,
    div: (n, d) => `${n} / NULLIF(${d}, 0)`,
    concat: (...parts) => `CONCAT(${parts.join(', ')})`,
    hours: (from, to) => `TIMESTAMPDIFF(SECOND, ${from}, ${to}) / 3600`,
  },
};

/**
 * PostgreSQL folds unquoted names to lower case, so CamelCase datasets (Chinook) need their
 * names quoted there. Mixed-case words outside string literals are identifiers in the reference
 * SQL (keywords and functions are written in upper case), so they get double quotes.
 */
export function quoteMixedCase(sql: string): string {
  return sql.replace(/'(?:[^']|'')*'|"[^"]*"|\b[A-Za-z_][A-Za-z0-9_]*\b/g, (token) =>
    /^[A-Za-z_]/.test(token) && /[a-z]/.test(token) && /[A-Z]/.test(token) ? `"${token}"` : token,
  );
}
