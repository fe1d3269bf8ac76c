import type { Expr } from '../expr/ast.js';

/**
 * The logical plan: typed SELECT/CTE/JOIN/GROUP BY structures that the dialect printers render.
 * The planner never writes SQL text; the printer never makes decisions.
 */

export type Relation =
  /** A physical table reference, as written in the source's `table:`. */
  | { kind: 'table'; sql: string; alias: string }
  /** A `sql:` source, inlined as a derived table. */
  | { kind: 'derived'; sql: string; alias: string; hasWith: boolean }
  | { kind: 'cte'; name: string };

export interface JoinClause {
  type: 'LEFT' | 'INNER' | 'CROSS';
  relation: Relation;
  on?: Expr;
}

export interface SelectItem {
  expr: Expr;
  alias: string;
}

export interface OrderSpec {
  /** The output column (ORDER BY uses its alias). */
  output: string;
  /** Its expression, for dialects that cannot use aliases inside ORDER BY expressions. */
  expr: Expr;
  desc: boolean;
}

export interface SelectQuery {
  kind: 'select';
  distinct: boolean;
  items: SelectItem[];
  from: Relation;
  joins: JoinClause[];
  /** AND-ed; each printed in parentheses. */
  where: Expr[];
  groupBy: Expr[];
  having: Expr[];
  orderBy: OrderSpec[];
  limit?: number;
}

/** Always printed as UNION ALL: stacked branches must never be deduplicated. */
export interface UnionQuery {
  kind: 'union';
  selects: SelectQuery[];
}

export interface Cte {
  name: string;
  query: SelectQuery | UnionQuery;
}

export interface LogicalPlan {
  ctes: Cte[];
  main: SelectQuery;
}

/** What the planner did and why (`--explain`, `plan` in JSON output). */
export interface PlanExplain {
  strategy: 'single-query' | 'distinct-keys' | 'per-source-ctes' | 'dimensions-only';
  summary: string;
  groups: Array<{
    source: string;
    measures: string[];
    joins: string[];
    strategy: 'direct' | 'distinct-keys';
    reason: string;
    cte?: string;
  }>;
  combine?: { method: 'stacked' | 'cross-join'; reason: string };
  filters: Array<{
    filter: string;
    origin: string;
    placement: 'where' | 'having' | 'outer-where';
    appliedTo: string[];
    note?: string;
  }>;
  /** Row-multiplication risks and how each was neutralised. */
  risks: string[];
}

export function emptySelect(from: Relation): SelectQuery {
  return {
    kind: 'select',
    distinct: false,
    items: [],
    from,
    joins: [],
    where: [],
    groupBy: [],
    having: [],
    orderBy: [],
  };
}
