import type { Dialect } from '../../connectors/types.js';
import type { ExprHooks } from '../expr/printer.js';
import type { LexicalRules } from '../expr/tokens.js';

/**
 * One object per SQL dialect: its lexical rules (for parsing user fragments) and the handful of
 * constructs that really differ between engines. Everything else is printed by the shared plan
 * printer, so a dialect file stays a short list of answers, not a SQL generator.
 */
export interface SqlDialect extends ExprHooks {
  readonly name: Dialect;
  /** Human name for messages ("MySQL/MariaDB"). */
  readonly label: string;
  readonly lexical: LexicalRules;
  /**
   * A NULL in a UNION branch needs a typed column in an earlier branch: PostgreSQL resolves
   * set-operation types pair by pair, and two untyped NULLs become text. Stacked plans then
   * start with a typed, empty branch.
   */
  readonly untypedUnionNulls?: 'need-typed-branch';
  /** MAX over booleans, where MAX(boolean) does not exist (PostgreSQL: BOOL_OR). */
  readonly booleanMax?: string;
  /** `LIMIT n` at the end, or `SELECT TOP n`. */
  readonly limit: 'limit' | 'top';
  /** How "NULLs last" is written: natively, `x IS NULL` first (MySQL), or a CASE (SQL Server). */
  readonly nullsLast: 'native' | 'is-null' | 'case';
  /** A derived table `(WITH … SELECT …)` is allowed (not in SQL Server). */
  readonly withInDerivedTable: boolean;
  /** Appended to every statement that joins (ClickHouse needs SQL NULL semantics for outer joins). */
  readonly joinSettings?: string;
}
