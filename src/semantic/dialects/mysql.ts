import { semanticError } from '../errors.js';
import { quoteIfNeeded, quoteWith } from './quoting.js';
import type { SqlDialect } from './types.js';

const TRUNC: Record<string, (x: string) => string> = {
  day: (x) => `DATE(${x})`,
  week: (x) => `DATE_SUB(DATE(${x}), INTERVAL WEEKDAY(${x}) DAY)`,
  month: (x) => `CAST(DATE_FORMAT(${x}, '%Y-%m-01') AS DATE)`,
  quarter: (x) => `MAKEDATE(YEAR(${x}), 1) + INTERVAL (QUARTER(${x}) - 1) QUARTER`,
  year: (x) => `CAST(DATE_FORMAT(${x}, '%Y-01-01') AS DATE)`,
};

/** MySQL 8+ and MariaDB 10.2+ (CTEs are required for multi-source plans). */
export const mysql: SqlDialect = {
  name: 'mysql',
  label: 'MySQL/MariaDB',
  lexical: {
    identifierQuotes: ['`'],
    doubleQuotedStrings: true,
    backslashEscapes: true,
    hashComments: true,
    dollarQuotes: false,
  },
  limit: 'limit',
  nullsLast: 'is-null',
  withInDerivedTable: true,
  alias: (name) => quoteIfNeeded(name, quoteWith.backtick),
  column: (name) => quoteIfNeeded(name, quoteWith.backtick),
  boolean: (_value, raw) => raw,
  timeTrunc: (grain, expr) => TRUNC[grain]!(expr),
  safeDiv: (num, den) => `${num} / NULLIF(${den}, 0)`,
  percentile: () => {
    throw semanticError(
      'sl_unsupported_in_dialect',
      'MySQL/MariaDB have no median or percentile aggregate (MariaDB only has it as a window function).',
      { hint: 'Use avg/min/max, or compute percentiles on an engine that supports them.' },
    );
  },
};
