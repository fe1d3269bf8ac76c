import { quoteIfNeeded, quoteWith } from './quoting.js';
import type { SqlDialect } from './types.js';

export const duckdb: SqlDialect = {
  name: 'duckdb',
  label: 'DuckDB',
  lexical: {
    identifierQuotes: ['"'],
    doubleQuotedStrings: false,
    backslashEscapes: false,
    hashComments: false,
    dollarQuotes: true,
  },
  limit: 'limit',
  nullsLast: 'native',
  withInDerivedTable: true,
  alias: (name) => quoteIfNeeded(name, quoteWith.double),
  column: (name) => quoteIfNeeded(name, quoteWith.double),
  boolean: (_value, raw) => raw,
  timeTrunc: (grain, expr) =>
    grain === 'day' ? `CAST(${expr} AS DATE)` : `CAST(DATE_TRUNC('${grain}', ${expr}) AS DATE)`,
  // DuckDB's `/` is already a real division.
  safeDiv: (num, den) => `${num} / NULLIF(${den}, 0)`,
  percentile: (arg, fraction, median) => (median ? `MEDIAN(${arg})` : `QUANTILE_CONT(${arg}, ${fraction})`),
};
