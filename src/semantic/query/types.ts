import type { TimeGranularity } from '../schema.js';

/**
 * The semantic query: the one request shape shared by the CLI (`--query-file`, flags), the MCP
 * `sl_query` tool and library callers. `schema.ts` holds the zod schema for untrusted input;
 * these types are what the compiler accepts.
 */

/** `"orders.revenue"`, a bare unique measure name, a runtime aggregate `"sum(orders.amount)"`, or a formula. */
export type QueryMeasure = string | { name?: string; expr: string };

/** `"customers.segment"`, `"orders.created_at:month"`, or an object with a granularity. */
export type QueryDimension = string | { field: string; granularity?: TimeGranularity; name?: string };

export type QueryOrder = string | { field: string; direction?: 'asc' | 'desc' };

export interface SemanticQuery {
  measures?: QueryMeasure[];
  dimensions?: QueryDimension[];
  /** SQL predicates: row filters (WHERE) or, when they mention measures, result filters (HAVING). */
  filters?: string[];
  /** Named filters, `"<source>.<segment>"`. */
  segments?: string[];
  order_by?: QueryOrder[];
  limit?: number;
  /** Keep dimension values that have no rows for any measure (measures come out NULL, counts 0). */
  include_empty?: boolean;
}
