import { semanticError } from '../errors.js';
import { quoteIfNeeded, quoteWith } from './quoting.js';
import type { SqlDialect } from './types.js';

const PARTS: Record<string, string> = {
  week: 'ISOWEEK',
  month: 'MONTH',
  quarter: 'QUARTER',
  year: 'YEAR',
};

export const bigquery: SqlDialect = {
  name: 'bigquery',
  label: 'BigQuery',
  lexical: {
    identifierQuotes: ['`'],
    doubleQuotedStrings: true,
    backslashEscapes: true,
    hashComments: true,
    dollarQuotes: false,
  },
  limit: 'limit',
  nullsLast: 'native',
  withInDerivedTable: true,
  alias: (name) => quoteIfNeeded(name, quoteWith.backtick),
  column: (name) => quoteIfNeeded(name, quoteWith.backtick),
  boolean: (_value, raw) => raw,
  timeTrunc: (grain, expr) =>
    grain === 'day' ? `CAST(${expr} AS DATE)` : `DATE_TRUNC(CAST(${expr} AS DATE), ${PARTS[grain]})`,
  // SAFE_DIVIDE returns NULL for a zero divisor, and always divides as FLOAT64.
  safeDiv: (num, den) => `SAFE_DIVIDE(${num}, ${den})`,
  percentile: () => {
    throw semanticError(
      'sl_unsupported_in_dialect',
      'BigQuery has no exact median/percentile aggregate (PERCENTILE_CONT is a window function there).',
      { hint: 'Write an approximate measure natively, e.g. `APPROX_QUANTILES(x, 100)[OFFSET(50)]`.' },
    );
  },
};
