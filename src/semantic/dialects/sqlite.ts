import { semanticError } from '../errors.js';
import { quoteIfNeeded, quoteWith } from './quoting.js';
import type { SqlDialect } from './types.js';

const TRUNC: Record<string, (x: string) => string> = {
  day: (x) => `DATE(${x})`,
  // 'weekday 1' moves forward to the next Monday (or stays): stepping back 6 days first lands on this week's Monday.
  week: (x) => `DATE(${x}, '-6 days', 'weekday 1')`,
  month: (x) => `DATE(${x}, 'start of month')`,
  quarter: (x) =>
    `DATE(${x}, 'start of month', '-' || ((CAST(STRFTIME('%m', ${x}) AS INTEGER) - 1) % 3) || ' months')`,
  year: (x) => `DATE(${x}, 'start of year')`,
};

export const sqlite: SqlDialect = {
  name: 'sqlite',
  label: 'SQLite',
  lexical: {
    identifierQuotes: ['"', '`', '['],
    doubleQuotedStrings: false,
    backslashEscapes: false,
    hashComments: false,
    dollarQuotes: false,
  },
  limit: 'limit',
  nullsLast: 'native',
  withInDerivedTable: true,
  alias: (name) => quoteIfNeeded(name, quoteWith.double),
  column: (name) => quoteIfNeeded(name, quoteWith.double),
  boolean: (_value, raw) => raw,
  timeTrunc: (grain, expr) => TRUNC[grain]!(expr),
  // SQLite divides integers as integers: force a real division.
  safeDiv: (num, den) => `${num} * 1.0 / NULLIF(${den}, 0)`,
  percentile: () => {
    throw semanticError('sl_unsupported_in_dialect', 'SQLite has no median or percentile aggregate.', {
      hint: 'Use avg/min/max, or query a DuckDB or PostgreSQL connection for percentiles.',
    });
  },
};
