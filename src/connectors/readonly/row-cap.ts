import type { SqlComment } from './parser.js';
import { offsetAt, statementBody } from './text.js';

/**
 * The row cap, in SQL: the engine stops producing rows after `cap + 1` (one extra row tells the
 * driver the result was truncated). The least intrusive form that is correct is chosen:
 *
 * - `none`: the query already has a literal LIMIT/FETCH ≤ cap; nothing to do.
 * - `rewritten`: a literal LIMIT above the cap is lowered in place (keeps ORDER BY semantics).
 * - `appended`: no LIMIT at all: `LIMIT n` goes after the statement. Unlike wrapping, this
 *   keeps ORDER BY meaningful on MariaDB (which ignores ORDER BY in derived tables) and never
 *   trips over duplicate column names (MySQL rejects those in a derived table).
 * - `wrapped`: anything else (OFFSET without LIMIT, `LIMIT ALL`, expressions):
 *   `SELECT * FROM (<sql>) AS ktx_q LIMIT n`.
 *
 * The driver enforces the same cap again while streaming, so this is an optimisation of the
 * engine's work, not the only guard.
 */

export type RowCapMode = 'none' | 'rewritten' | 'appended' | 'wrapped';

export interface CappedSql {
  sql: string;
  mode: RowCapMode;
}

interface Span {
  start: { line: number; column: number };
  end: { line: number; column: number };
}

interface LiteralNumber {
  value: number;
  span: Span | undefined;
}

function literalNumber(expr: unknown): LiteralNumber | undefined {
  const value = (expr as { Value?: { value?: { Number?: [string, boolean] }; span?: Span } })?.Value;
  const text = value?.value?.Number?.[0];
  if (text === undefined || !/^\d+$/.test(text)) return undefined;
  return { value: Number(text), span: value?.span };
}

/** The query's own LIMIT, as far as the row cap is concerned. */
function existingLimit(query: Record<string, unknown>): 'none' | 'other' | LiteralNumber {
  const clause = query.limit_clause as Record<string, Record<string, unknown>> | undefined | null;
  const fetch = query.fetch as
    | { quantity?: unknown; percent?: boolean; with_ties?: boolean }
    | undefined
    | null;
  const body = query.body as { Select?: { top?: unknown } } | undefined;
  if (body?.Select?.top) return 'other';
  if (fetch) {
    if (fetch.percent || fetch.with_ties) return 'other';
    return literalNumber(fetch.quantity) ?? 'other';
  }
  if (!clause) return 'none';
  const limitOffset = clause.LimitOffset;
  if (limitOffset) {
    if (!limitOffset.limit) return 'other'; // OFFSET without LIMIT
    if (Array.isArray(limitOffset.limit_by) && limitOffset.limit_by.length > 0) return 'other';
    return literalNumber(limitOffset.limit) ?? 'other';
  }
  const commaForm = clause.OffsetCommaLimit;
  if (commaForm) return literalNumber(commaForm.limit) ?? 'other';
  return 'other';
}

/**
 * The statement to execute: always without trailing `;` and comments (drivers that accept one
 * statement differ on whether `SELECT 1; -- done` is one), and capped when it is a query.
 */
export function applyRowCap(sql: string, statement: unknown, comments: SqlComment[], cap: number): CappedSql {
  // The body is a prefix of `sql`, so the parser's positions stay valid in it.
  const body = statementBody(sql, comments);
  const query = (statement as { Query?: Record<string, unknown> }).Query;
  if (!query) return { sql: body, mode: 'none' };
  const limit = cap + 1;
  const existing = existingLimit(query);
  if (existing !== 'none' && existing !== 'other') {
    if (existing.value <= cap) return { sql: body, mode: 'none' };
    if (existing.span) {
      const start = offsetAt(body, existing.span.start.line, existing.span.start.column);
      const end = offsetAt(body, existing.span.end.line, existing.span.end.column);
      if (/^\d+$/.test(body.slice(start, end))) {
        return { sql: `${body.slice(0, start)}${limit}${body.slice(end)}`, mode: 'rewritten' };
      }
    }
  }
  if (existing === 'none') return { sql: `${body}\nLIMIT ${limit}`, mode: 'appended' };
  return { sql: `SELECT * FROM (\n${body}\n) AS ktx_q LIMIT ${limit}`, mode: 'wrapped' };
}
