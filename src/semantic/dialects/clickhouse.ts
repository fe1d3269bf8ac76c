import { quoteIfNeeded, quoteWith } from './quoting.js';
import type { SqlDialect } from './types.js';

const TRUNC: Record<string, string> = {
  day: 'toDate',
  week: 'toMonday',
  month: 'toStartOfMonth',
  quarter: 'toStartOfQuarter',
  year: 'toStartOfYear',
};

export const clickhouse: SqlDialect = {
  name: 'clickhouse',
  label: 'ClickHouse',
  lexical: {
    identifierQuotes: ['"', '`'],
    doubleQuotedStrings: false,
    backslashEscapes: true,
    hashComments: false,
    dollarQuotes: false,
  },
  limit: 'limit',
  nullsLast: 'native',
  withInDerivedTable: true,
  // Without it, unmatched outer-join columns get type defaults (0, '') instead of NULL.
  joinSettings: 'SETTINGS join_use_nulls = 1',
  alias: (name) => quoteIfNeeded(name, quoteWith.backtick),
  column: (name) => quoteIfNeeded(name, quoteWith.backtick),
  boolean: (_value, raw) => raw,
  timeTrunc: (grain, expr) => `${TRUNC[grain]}(${expr})`,
  safeDiv: (num, den) => `${num} / NULLIF(${den}, 0)`,
  // quantileExactInclusive interpolates like PERCENTILE_CONT; plain median() is approximate.
  percentile: (arg, fraction, median) => `quantileExactInclusive(${median ? '0.5' : fraction})(${arg})`,
};
