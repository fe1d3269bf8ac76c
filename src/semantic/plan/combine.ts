import type { SqlDialect } from '../dialects/types.js';
import { call, type Expr, funcName, lit } from '../expr/ast.js';
import type { SemanticModel } from '../model/types.js';
import type { Atom } from '../query/atoms.js';
import type { ResolvedDimension, ResolvedQuery } from '../query/resolve.js';
import { cteRef, relationFor } from './assemble.js';
import { type Cte, emptySelect, type PlanExplain, type SelectQuery } from './types.js';

/**
 * Combining per-source aggregates (chasm trap, include_empty) into one row per dimension
 * combination, by stacking rather than joining: every group CTE contributes its rows to one
 * UNION ALL (its own atom columns filled, the other groups' left NULL), and the outer SELECT
 * groups by the dimensions.
 *
 * Why not FULL OUTER JOIN + COALESCE: matching on the dimensions must treat NULL as a value
 * (orders and tickets of customers without a segment belong to the same row), and PostgreSQL,
 * BigQuery and SQL Server refuse a FULL JOIN on `IS NOT DISTINCT FROM`, while MySQL has no
 * FULL JOIN at all. GROUP BY already treats NULLs as equal on every engine, needs no join
 * (so no nested loops over NULL-safe conditions), and gives every dialect the same shape.
 * Each group CTE has at most one row per dimension combination, so the pick aggregate (MAX)
 * returns that row's value, or NULL when the group had no row there.
 */

export const STACK_CTE = 'ktx__stacked';

/** Aggregates that return booleans: MAX(boolean) does not exist everywhere (PostgreSQL). */
const BOOLEAN_AGGREGATES = new Set(['bool_and', 'bool_or', 'every', 'logical_and', 'logical_or']);

export interface StackedGroup {
  /** The group CTE. */
  cte: string;
  atoms: Atom[];
}

export interface Combined {
  main: SelectQuery;
  dimension: (d: ResolvedDimension) => Expr;
  atom: (id: string) => Expr;
  combine: NonNullable<PlanExplain['combine']>;
}

/** No dimensions: every group is one row, so they sit side by side. */
export function crossJoin(
  groups: StackedGroup[],
  columnOf: Map<string, string>,
  cteOf: Map<string, string>,
): Combined {
  const main = emptySelect({ kind: 'cte', name: groups[0]!.cte });
  main.joins = groups
    .slice(1)
    .map((g) => ({ type: 'CROSS' as const, relation: { kind: 'cte' as const, name: g.cte } }));
  return {
    main,
    dimension: () => lit.null(),
    atom: (id) => cteRef(cteOf.get(id)!, columnOf.get(id)!),
    combine: { method: 'cross-join', reason: 'no dimensions: each group is a single row' },
  };
}

export function stack(
  model: SemanticModel,
  query: ResolvedQuery,
  groups: StackedGroup[],
  columnOf: Map<string, string>,
  ctes: Cte[],
  dialect: SqlDialect,
): Combined {
  const dims = query.dimensions;
  const columns = groups.flatMap((g) =>
    g.atoms.map((atom) => ({ cte: g.cte, name: columnOf.get(atom.id)! })),
  );
  const branches: SelectQuery[] = [];
  if (dialect.untypedUnionNulls === 'need-typed-branch' && groups.length > 2) {
    // Every column read from its own group CTE, and no row (the engine never scans it): the
    // NULLs of the branches below then take these columns' types.
    const typed = emptySelect({ kind: 'cte', name: groups[0]!.cte });
    typed.joins = groups
      .slice(1)
      .map((g) => ({ type: 'CROSS' as const, relation: { kind: 'cte' as const, name: g.cte } }));
    typed.items = [
      ...dims.map((d) => ({ expr: cteRef(groups[0]!.cte, d.output), alias: d.output })),
      ...columns.map((c) => ({ expr: cteRef(c.cte, c.name), alias: c.name })),
    ];
    typed.where = [{ kind: 'binary', op: '=', left: lit.number(1), right: lit.number(0) }];
    branches.push(typed);
  }
  for (const group of groups) {
    const branch = emptySelect({ kind: 'cte', name: group.cte });
    branch.items = [
      ...dims.map((d) => ({ expr: cteRef(group.cte, d.output), alias: d.output })),
      ...columns.map((c) => ({
        expr: c.cte === group.cte ? cteRef(group.cte, c.name) : lit.null(),
        alias: c.name,
      })),
    ];
    branches.push(branch);
  }
  if (query.includeEmpty) {
    const domain = domainSelect(model, query, ctes);
    domain.items.push(...columns.map((c) => ({ expr: lit.null(), alias: c.name })));
    branches.push(domain);
  }
  ctes.push({ name: STACK_CTE, query: { kind: 'union', selects: branches } });
  const main = emptySelect({ kind: 'cte', name: STACK_CTE });
  main.groupBy = dims.map((d) => cteRef(STACK_CTE, d.output));
  const atoms = new Map(groups.flatMap((g) => g.atoms.map((a) => [a.id, a] as const)));
  return {
    main,
    dimension: (d) => cteRef(STACK_CTE, d.output),
    atom: (id) => {
      const aggregate = atoms.get(id)!.expr;
      const boolean = aggregate.kind === 'func' && BOOLEAN_AGGREGATES.has(funcName(aggregate).toLowerCase());
      return call(boolean ? (dialect.booleanMax ?? 'MAX') : 'MAX', cteRef(STACK_CTE, columnOf.get(id)!));
    },
    combine: {
      method: 'stacked',
      reason: query.includeEmpty
        ? 'include_empty: every value of each dimension (from its own source) is stacked with the groups; grouping by the dimensions keeps values without data'
        : 'each source is aggregated on its own; the groups are stacked (UNION ALL) and grouped by the dimensions, which matches NULLs too; values missing on one side stay NULL (counts 0)',
    },
  };
}

/** include_empty: each dimension ranges over all values of its own node (node filters applied); nodes are crossed. */
export function domainSelect(model: SemanticModel, query: ResolvedQuery, ctes: Cte[]): SelectQuery {
  const byNode = new Map<string, ResolvedDimension[]>();
  for (const d of query.dimensions) byNode.set(d.node, [...(byNode.get(d.node) ?? []), d]);
  const names: string[] = [];
  for (const [node, dims] of byNode) {
    const select = emptySelect(relationFor(model, node));
    select.distinct = true;
    select.items = dims.map((d) => ({ expr: d.expr, alias: d.output }));
    select.where = query.rowFilters.filter((f) => [...f.nodes].every((n) => n === node)).map((f) => f.expr);
    const name = `${node}__domain`;
    ctes.push({ name, query: select });
    names.push(name);
  }
  const cross = emptySelect({ kind: 'cte', name: names[0]! });
  cross.joins = names
    .slice(1)
    .map((name) => ({ type: 'CROSS' as const, relation: { kind: 'cte' as const, name } }));
  cross.items = query.dimensions.map((d) => ({
    expr: cteRef(`${d.node}__domain`, d.output),
    alias: d.output,
  }));
  return cross;
}
