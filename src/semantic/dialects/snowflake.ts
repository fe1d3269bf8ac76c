import { isPlain, isReserved, quoteWith } from './quoting.js';
import type { SqlDialect } from './types.js';

/**
 * Snowflake folds unquoted names to upper case. A physical column declared `amount` or `AMOUNT`
 * is the unquoted column AMOUNT; a mixed-case name can only be a quoted one.
 */
function column(name: string): string {
  if (isPlain(name) && (name === name.toLowerCase() || name === name.toUpperCase())) return name;
  if (isReserved(name) && name === name.toLowerCase()) return quoteWith.double(name.toUpperCase());
  return quoteWith.double(name);
}

/** Names ktx creates (aliases, output columns) keep their exact spelling, so they are quoted unless upper case. */
function alias(name: string): string {
  return isPlain(name) && name === name.toUpperCase() ? name : quoteWith.double(name);
}

export const snowflake: SqlDialect = {
  name: 'snowflake',
  label: 'Snowflake',
  lexical: {
    identifierQuotes: ['"'],
    doubleQuotedStrings: false,
    backslashEscapes: true,
    hashComments: false,
    dollarQuotes: true,
  },
  limit: 'limit',
  nullsLast: 'native',
  withInDerivedTable: true,
  alias,
  column,
  boolean: (_value, raw) => raw,
  timeTrunc: (grain, expr) =>
    grain === 'day' ? `CAST(${expr} AS DATE)` : `CAST(DATE_TRUNC('${grain.toUpperCase()}', ${expr}) AS DATE)`,
  safeDiv: (num, den) => `${num} / NULLIF(${den}, 0)`,
  percentile: (arg, fraction, median) =>
    median ? `MEDIAN(${arg})` : `PERCENTILE_CONT(${fraction}) WITHIN GROUP (ORDER BY ${arg})`,
};
