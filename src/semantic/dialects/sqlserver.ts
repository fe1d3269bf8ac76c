import { semanticError } from '../errors.js';
import { quoteIfNeeded, quoteWith } from './quoting.js';
import type { SqlDialect } from './types.js';

const TRUNC: Record<string, (x: string) => string> = {
  day: (x) => `CAST(${x} AS DATE)`,
  // Monday-based whatever SET DATEFIRST says: (weekday + @@DATEFIRST - 2) % 7 is days since Monday.
  week: (x) => `DATEADD(day, -((DATEPART(weekday, ${x}) + @@DATEFIRST - 2) % 7), CAST(${x} AS DATE))`,
  month: (x) => `DATEFROMPARTS(YEAR(${x}), MONTH(${x}), 1)`,
  quarter: (x) => `DATEFROMPARTS(YEAR(${x}), (DATEPART(quarter, ${x}) - 1) * 3 + 1, 1)`,
  year: (x) => `DATEFROMPARTS(YEAR(${x}), 1, 1)`,
};

/** SQL Server 2016+ (T-SQL). */
export const sqlserver: SqlDialect = {
  name: 'sqlserver',
  label: 'SQL Server',
  lexical: {
    identifierQuotes: ['[', '"'],
    doubleQuotedStrings: false,
    backslashEscapes: false,
    hashComments: false,
    dollarQuotes: false,
  },
  limit: 'top',
  nullsLast: 'case',
  withInDerivedTable: false,
  alias: (name) => quoteIfNeeded(name, quoteWith.bracket),
  column: (name) => quoteIfNeeded(name, quoteWith.bracket),
  // T-SQL has no boolean literals: bit columns compare with 1 and 0.
  boolean: (value) => (value ? '1' : '0'),
  timeTrunc: (grain, expr) => TRUNC[grain]!(expr),
  // int / int truncates in T-SQL.
  safeDiv: (num, den) => `${num} * 1.0 / NULLIF(${den}, 0)`,
  percentile: () => {
    throw semanticError(
      'sl_unsupported_in_dialect',
      'SQL Server only has PERCENTILE_CONT as a window function, not as an aggregate.',
      { hint: 'Use avg/min/max, or compute the percentile in a `sql:` source.' },
    );
  },
};
