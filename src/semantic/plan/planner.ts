import type { SqlDialect } from '../dialects/types.js';
import { semanticError } from '../errors.js';
import { call, type Expr, lit } from '../expr/ast.js';
import { someNode } from '../expr/walk.js';
import { shortestPaths } from '../model/paths.js';
import type { SemanticModel } from '../model/types.js';
import type { ResolvedQuery } from '../query/resolve.js';
import { atomColumnNames, cteRef, groupSelect, joinClauses, materialize, relationFor } from './assemble.js';
import { crossJoin, domainSelect, type StackedGroup, stack } from './combine.js';
import { buildGroups, joinEdges, type MeasureGroup } from './groups.js';
import { type Cte, emptySelect, type LogicalPlan, type PlanExplain, type SelectQuery } from './types.js';

/**
 * The planner picks one of four shapes:
 * - single-query: one measure group whose rows never repeat → one SELECT … GROUP BY;
 * - distinct-keys: one group whose dimension/filter joins fan out → dedupe keys in a CTE first;
 * - per-source-ctes: several groups (chasm) or include_empty → one CTE per group, stacked
 *   (UNION ALL) and grouped by the dimensions (see combine.ts for why not FULL OUTER JOIN);
 * - dimensions-only: no measures → SELECT DISTINCT.
 */

export function planQuery(
  model: SemanticModel,
  query: ResolvedQuery,
  dialect: SqlDialect,
): { plan: LogicalPlan; explain: PlanExplain } {
  const explain: PlanExplain = { strategy: 'single-query', summary: '', groups: [], filters: [], risks: [] };
  if (query.atoms.size === 0) return planDimensionsOnly(model, query, explain);
  const groups = buildGroups(model, query, explain.filters);
  for (const filter of query.resultFilters) {
    explain.filters.push({
      filter: filter.text,
      origin: filter.origin,
      placement: groups.length === 1 && !query.includeEmpty ? 'having' : 'outer-where',
      appliedTo: ['result'],
    });
  }
  for (const group of groups) {
    explain.groups.push({
      source: group.root,
      measures: query.measures.filter((m) => usesGroup(m.formula, group)).map((m) => m.output),
      joins: [...group.rowEdges, ...group.atomEdges].map((e) => `${e.from} → ${e.to} (${e.relationship})`),
      strategy: group.strategy,
      reason: group.reason,
    });
    if (group.strategy === 'distinct-keys') {
      explain.risks.push(
        `${group.root} rows would repeat through ${group.fanning.map((e) => `${e.from} → ${e.to} (one_to_many)`).join(', ')}; ` +
          `measures on ${group.root} are computed over distinct ${group.root} keys, so each row counts once per dimension value.`,
      );
    }
  }
  if (groups.length === 1 && !query.includeEmpty) return planSingleGroup(model, query, groups[0]!, explain);
  return planCombined(model, query, groups, dialect, explain);
}

function usesGroup(formula: Expr, group: MeasureGroup): boolean {
  const ids = new Set(group.atoms.map((a) => a.id));
  return someNode(formula, (node) => node.kind === 'atom' && ids.has(node.id));
}

function finish(select: SelectQuery, query: ResolvedQuery, outputs: Map<string, Expr>): void {
  select.orderBy = query.order.map((o) => ({ output: o.output, expr: outputs.get(o.output)!, desc: o.desc }));
  if (query.limit !== undefined) select.limit = query.limit;
}

function planSingleGroup(
  model: SemanticModel,
  query: ResolvedQuery,
  group: MeasureGroup,
  explain: PlanExplain,
) {
  const built = groupSelect(model, group, query.dimensions);
  const select = built.select;
  const atomExpr = (id: string) => query.atoms.get(id)!.expr;
  const dimExpr = (output: string) => built.dimension(query.dimensions.find((d) => d.output === output)!);
  const outputs = new Map<string, Expr>(query.dimensions.map((d) => [d.output, built.dimension(d)]));
  for (const measure of query.measures) {
    const expr = materialize(measure.formula, atomExpr, dimExpr);
    select.items.push({ expr, alias: measure.output });
    outputs.set(measure.output, expr);
  }
  select.having = query.resultFilters.map((f) => materialize(f.formula, atomExpr, dimExpr));
  finish(select, query, outputs);
  explain.strategy = group.strategy === 'direct' ? 'single-query' : 'distinct-keys';
  explain.summary =
    group.strategy === 'direct'
      ? `One SELECT over ${group.root}: ${group.reason}.`
      : `Measures of ${group.root} are aggregated over distinct ${group.root} keys (fan trap neutralised).`;
  return { plan: { ctes: built.ctes, main: select }, explain };
}

function planCombined(
  model: SemanticModel,
  query: ResolvedQuery,
  groups: MeasureGroup[],
  dialect: SqlDialect,
  explain: PlanExplain,
) {
  const ctes: Cte[] = [];
  const dims = query.dimensions;
  const cteOf = new Map<string, string>();
  const columnOf = new Map<string, string>();
  // Atom columns are unique across groups: stacking puts them side by side in one relation.
  const taken = new Set(dims.map((d) => d.output));
  const stacked: StackedGroup[] = groups.map((group, index) => {
    const built = groupSelect(model, group, dims);
    const names = atomColumnNames(group.atoms, taken);
    const cte = `${group.root}__agg`;
    for (const atom of group.atoms) {
      const column = names.get(atom.id)!;
      taken.add(column);
      built.select.items.push({ expr: atom.expr, alias: column });
      cteOf.set(atom.id, cte);
      columnOf.set(atom.id, column);
    }
    ctes.push(...built.ctes, { name: cte, query: built.select });
    explain.groups[index]!.cte = cte;
    return { cte, atoms: group.atoms };
  });
  const combined =
    dims.length === 0
      ? crossJoin(stacked, columnOf, cteOf)
      : stack(model, query, stacked, columnOf, ctes, dialect);
  const main = combined.main;
  const dimExpr = combined.dimension;
  explain.combine = combined.combine;
  const atomExpr = (id: string) => {
    const value = combined.atom(id);
    return query.atoms.get(id)!.counting ? call('COALESCE', value, lit.number(0)) : value;
  };
  const byOutput = (output: string) => dimExpr(dims.find((d) => d.output === output)!);
  const outputs = new Map<string, Expr>();
  for (const d of dims) {
    main.items.push({ expr: dimExpr(d), alias: d.output });
    outputs.set(d.output, dimExpr(d));
  }
  for (const measure of query.measures) {
    const expr = materialize(measure.formula, atomExpr, byOutput);
    main.items.push({ expr, alias: measure.output });
    outputs.set(measure.output, expr);
  }
  // Grouped (stacked) results filter in HAVING; single-row (cross-joined) ones in WHERE.
  const resultFilters = query.resultFilters.map((f) => materialize(f.formula, atomExpr, byOutput));
  if (main.groupBy.length > 0) main.having = resultFilters;
  else main.where = resultFilters;
  finish(main, query, outputs);
  explain.strategy = 'per-source-ctes';
  explain.summary =
    groups.length > 1
      ? `Chasm trap avoided: ${groups.map((g) => g.root).join(', ')} are aggregated separately (one CTE each) and combined on the dimensions.`
      : `include_empty: ${groups[0]!.root} is aggregated in a CTE and stacked with every dimension value.`;
  if (groups.length > 1) {
    explain.risks.push(
      `Joining ${groups.map((g) => g.root).join(' and ')} directly would multiply each by the other's rows (chasm trap); they never share a FROM.`,
    );
  }
  return { plan: { ctes, main }, explain };
}

function planDimensionsOnly(model: SemanticModel, query: ResolvedQuery, explain: PlanExplain) {
  explain.strategy = 'dimensions-only';
  const outputs = new Map<string, Expr>();
  if (query.includeEmpty) {
    const ctes: Cte[] = [];
    const main = domainSelect(model, query, ctes);
    for (const d of query.dimensions) outputs.set(d.output, cteRef(`${d.node}__domain`, d.output));
    finish(main, query, outputs);
    explain.summary = 'No measures, include_empty: every value of each dimension, crossed.';
    return { plan: { ctes, main }, explain };
  }
  const needed = [...query.dimensions.map((d) => d.node), ...query.rowFilters.flatMap((f) => [...f.nodes])];
  const root =
    query.dimensions
      .map((d) => d.node)
      .find((candidate) => {
        const tree = shortestPaths(model, candidate);
        return needed.every((node) => node === candidate || tree.cost.has(node));
      }) ?? query.dimensions[0]!.node;
  const tree = shortestPaths(model, root);
  const main = emptySelect(relationFor(model, root));
  // GROUP BY rather than DISTINCT: SQL Server only lets DISTINCT queries order by selected items.
  main.groupBy = query.dimensions.map((d) => d.expr);
  main.joins = joinClauses(model, joinEdges(model, tree, needed, 'dimensions and filters'));
  main.where = query.rowFilters.map((f) => f.expr);
  main.items = query.dimensions.map((d) => ({ expr: d.expr, alias: d.output }));
  for (const d of query.dimensions) outputs.set(d.output, d.expr);
  if (query.resultFilters.length > 0) {
    throw semanticError('sl_invalid_query', 'Filters on measures need at least one measure in the query.');
  }
  for (const filter of query.rowFilters) {
    explain.filters.push({
      filter: filter.text,
      origin: filter.origin,
      placement: 'where',
      appliedTo: [root],
    });
  }
  finish(main, query, outputs);
  explain.summary = `No measures: the distinct combinations of the dimensions, starting from ${root} (grouping makes repeated rows harmless).`;
  explain.groups.push({
    source: root,
    measures: [],
    joins: main.joins.map(
      (j) => `${root} → ${j.relation.kind === 'cte' ? j.relation.name : j.relation.alias}`,
    ),
    strategy: 'direct',
    reason: 'dimensions only',
  });
  return { plan: { ctes: [], main }, explain };
}
