import { and, type Expr } from '../expr/ast.js';
import { rewrite } from '../expr/walk.js';
import { retarget } from '../model/bind.js';
import { type GraphEdge, SELF_NODE, type SemanticModel } from '../model/types.js';
import type { Atom } from '../query/atoms.js';
import type { ResolvedDimension } from '../query/resolve.js';
import type { MeasureGroup } from './groups.js';
import { type Cte, emptySelect, type JoinClause, type Relation, type SelectQuery } from './types.js';

/** Building blocks shared by the planner's strategies. */

/** The only place a source's SQL enters a plan, so an unusable source can never be printed. */
export function relationFor(model: SemanticModel, node: string): Relation {
  const source = model.sources.get(model.nodes.get(node)!.source)!;
  if (source.error) throw source.error;
  return source.relation.kind === 'table'
    ? { kind: 'table', sql: source.relation.sql, alias: node }
    : { kind: 'derived', sql: source.relation.sql, alias: node, hasWith: source.relation.hasWith };
}

/** Joins always keep the rows of the side they start from (LEFT), so no fact silently disappears. */
export function joinClauses(model: SemanticModel, edges: GraphEdge[]): JoinClause[] {
  const seen = new Set<string>();
  const clauses: JoinClause[] = [];
  for (const edge of edges) {
    if (seen.has(edge.to)) continue;
    seen.add(edge.to);
    clauses.push({ type: 'LEFT', relation: relationFor(model, edge.to), on: edge.on });
  }
  return clauses;
}

export function cteRef(table: string, column: string): Expr {
  return { kind: 'ref', table, column, physical: false };
}

/** Replaces atom and dimension placeholders in a formula. */
export function materialize(
  formula: Expr,
  atom: (id: string) => Expr,
  dimension: (output: string) => Expr,
): Expr {
  return rewrite(formula, (node) => {
    if (node.kind === 'atom') return atom(node.id);
    if (node.kind === 'dim') return dimension(node.output);
    return undefined;
  });
}

export interface GroupSelect {
  ctes: Cte[];
  /** Grouped by the dimensions; the caller adds the aggregate items. */
  select: SelectQuery;
  /** How a dimension is written inside `select`. */
  dimension: (d: ResolvedDimension) => Expr;
}

/**
 * The SELECT that aggregates one measure group at the grain of the requested dimensions.
 * `distinct-keys` first reduces the group's rows to distinct (grain key, dimension values) pairs
 * in a CTE, then joins each row back exactly once: the SQL form of "aggregate at its own grain".
 */
export function groupSelect(
  model: SemanticModel,
  group: MeasureGroup,
  dims: ResolvedDimension[],
): GroupSelect {
  const root = relationFor(model, group.root);
  if (group.strategy === 'direct') {
    const select = emptySelect(root);
    select.joins = joinClauses(model, [...group.rowEdges, ...group.atomEdges]);
    select.where = group.filters.map((f) => f.expr);
    select.items = dims.map((d) => ({ expr: d.expr, alias: d.output }));
    select.groupBy = dims.map((d) => d.expr);
    return { ctes: [], select, dimension: (d) => d.expr };
  }
  const source = model.sources.get(model.nodes.get(group.root)!.source)!;
  const keyExprs = source.grain.map((column) =>
    retarget(source.columns.get(column)!.expr, SELF_NODE, group.root),
  );
  const keysName = `${group.root}__keys`;
  const keys = emptySelect(root);
  keys.distinct = true;
  keys.joins = joinClauses(model, group.rowEdges);
  keys.where = group.filters.map((f) => f.expr);
  keys.items = [
    ...keyExprs.map((expr, i) => ({ expr, alias: `ktx_key_${i + 1}` })),
    ...dims.map((d) => ({ expr: d.expr, alias: d.output })),
  ];
  const select = emptySelect({ kind: 'cte', name: keysName });
  const on = and(
    keyExprs.map(
      (expr, i) =>
        ({ kind: 'binary', op: '=', left: cteRef(keysName, `ktx_key_${i + 1}`), right: expr }) as Expr,
    ),
  )!;
  select.joins = [{ type: 'INNER', relation: root, on }, ...joinClauses(model, group.atomEdges)];
  const dimension = (d: ResolvedDimension) => cteRef(keysName, d.output);
  select.items = dims.map((d) => ({ expr: dimension(d), alias: d.output }));
  select.groupBy = dims.map(dimension);
  return { ctes: [{ name: keysName, query: keys }], select, dimension };
}

/** Unique, readable column names for a group's atoms inside its CTE. */
export function atomColumnNames(atoms: Atom[], taken: Set<string>): Map<string, string> {
  const names = new Map<string, string>();
  const used = new Set([...taken].map((name) => name.toLowerCase()));
  for (const atom of atoms) {
    let name = atom.label;
    for (let i = 2; used.has(name.toLowerCase()); i++) name = `${atom.label}_${i}`;
    used.add(name.toLowerCase());
    names.set(atom.id, name);
  }
  return names;
}
