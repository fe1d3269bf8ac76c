import type { Connector } from '../connectors/types.js';
import { toNumber } from './column-kinds.js';
import type { SampleClause, ScanSql } from './sql-dialect.js';
import type { ValueCount } from './types.js';

/**
 * Top values (low-cardinality columns) and a few example values (the rest), for many columns in
 * one statement: a materialised sample CTE and one bounded branch per column. Ties are broken by
 * value so the result is deterministic.
 */

export interface ValueRequest {
  column: string;
  mode: 'top' | 'samples';
  limit: number;
  /** Compare as text (JSON and other types without equality in some engines). */
  asText?: boolean;
}

export interface ColumnValues {
  top?: ValueCount[];
  samples?: string[];
}

/** Branches per statement: bounded so no engine hits its compound-select limit (SQLite: 500). */
const BRANCHES_PER_QUERY = 100;
const VALUE_CHARS = 120;

export async function fetchValues(
  connector: Connector,
  sql: ScanSql,
  sample: SampleClause,
  requests: ValueRequest[],
  timeoutMs: number | undefined,
): Promise<Map<string, ColumnValues>> {
  const found = new Map<string, ColumnValues>();
  for (let start = 0; start < requests.length; start += BRANCHES_PER_QUERY) {
    const chunk = requests.slice(start, start + BRANCHES_PER_QUERY);
    const branches = chunk.map((request, index) => {
      const q = sql.quote(request.column);
      const value = `SUBSTR(${sql.text(q)}, 1, ${VALUE_CHARS})`;
      if (request.mode === 'top') {
        const inner = `SELECT ${index} AS c, ${value} AS v, COUNT(*) AS n FROM s WHERE ${q} IS NOT NULL GROUP BY ${q} ORDER BY n DESC, v LIMIT ${request.limit}`;
        return `SELECT c, v, n FROM (${inner}) b${index}`;
      }
      // The smallest values in the column's own order (numbers numerically), then as text.
      const inner = `SELECT DISTINCT ${request.asText ? sql.text(q) : q} AS o FROM s WHERE ${q} IS NOT NULL ORDER BY o LIMIT ${request.limit}`;
      return `SELECT ${index} AS c, SUBSTR(${sql.text('o')}, 1, ${VALUE_CHARS}) AS v, 0 AS n FROM (${inner}) b${index}`;
    });
    const text = `WITH ${sql.cte('s', sample.select)} ${branches.join(' UNION ALL ')}`;
    const maxRows = chunk.reduce((sum, request) => sum + request.limit, 0);
    const result = await connector.query(text, { maxRows, timeoutMs });
    for (const row of result.rows) {
      const request = chunk[toNumber(row[0])];
      if (!request) continue;
      const entry = found.get(request.column) ?? {};
      const value = row[1] === null || row[1] === undefined ? '' : String(row[1]);
      if (request.mode === 'top') entry.top = [...(entry.top ?? []), { value, count: toNumber(row[2]) }];
      else entry.samples = [...(entry.samples ?? []), value];
      found.set(request.column, entry);
    }
  }
  // The engine returns branches in any order; rows inside a column follow its ORDER BY, which
  // UNION ALL does not promise to keep, so sort again here.
  for (const entry of found.values()) {
    entry.top?.sort((a, b) => b.count - a.count || compareText(a.value, b.value));
    entry.samples?.sort(compareText);
  }
  return found;
}

const NUMERIC = /^-?\d+(\.\d+)?$/;

function compareText(a: string, b: string): number {
  if (NUMERIC.test(a) && NUMERIC.test(b)) return Number(a) - Number(b);
  return a < b ? -1 : a > b ? 1 : 0;
}
