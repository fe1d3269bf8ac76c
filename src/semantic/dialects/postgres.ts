import { isPlain, quoteWith } from './quoting.js';
import type { SqlDialect } from './types.js';

/** PostgreSQL folds unquoted names to lower case: anything else must be quoted to keep its spelling. */
function pgIdent(name: string): string {
  return isPlain(name) && name === name.toLowerCase() ? name : quoteWith.double(name);
}

export const postgres: SqlDialect = {
  name: 'postgres',
  label: 'PostgreSQL',
  lexical: {
    identifierQuotes: ['"'],
    doubleQuotedStrings: false,
    backslashEscapes: false,
    hashComments: false,
    dollarQuotes: true,
  },
  limit: 'limit',
  nullsLast: 'native',
  untypedUnionNulls: 'need-typed-branch',
  booleanMax: 'BOOL_OR',
  withInDerivedTable: true,
  alias: pgIdent,
  column: pgIdent,
  boolean: (_value, raw) => raw,
  timeTrunc: (grain, expr) =>
    grain === 'day' ? `CAST(${expr} AS DATE)` : `CAST(DATE_TRUNC('${grain}', ${expr}) AS DATE)`,
  // integer / integer truncates in PostgreSQL: multiply by 1.0 (numeric) first.
  safeDiv: (num, den) => `${num} * 1.0 / NULLIF(${den}, 0)`,
  percentile: (arg, fraction) => `PERCENTILE_CONT(${fraction}) WITHIN GROUP (ORDER BY ${arg})`,
};
