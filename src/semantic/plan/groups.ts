import type { KtxError } from '../../core/errors.js';
import { semanticError } from '../errors.js';
import { describePath, isFanning, type PathTree, pathTo, shortestPaths } from '../model/paths.js';
import type { GraphEdge, SemanticModel } from '../model/types.js';
import type { Atom } from '../query/atoms.js';
import type { ResolvedQuery, RowFilter } from '../query/resolve.js';
import type { PlanExplain } from './types.js';

/**
 * Measure groups: the atoms of one owner node, aggregated together. For each group we find the
 * joins its dimensions and filters need, decide which row filters apply to it, and pick a
 * strategy: `direct` when no join can repeat its rows (or its aggregates ignore repeats), else
 * `distinct-keys` (dedupe (grain key, dimensions) pairs first, then aggregate each row once).
 */

export interface MeasureGroup {
  root: string;
  atoms: Atom[];
  tree: PathTree;
  filters: RowFilter[];
  /** Joins needed by dimensions and filters, parents first. */
  rowEdges: GraphEdge[];
  /** Joins needed by the aggregates themselves (always row-safe). */
  atomEdges: GraphEdge[];
  fanning: GraphEdge[];
  strategy: 'direct' | 'distinct-keys';
  reason: string;
}

type Reach = { kind: 'safe' | 'fanning' | 'unreachable' } | { kind: 'ambiguous'; error: KtxError };

function reach(model: SemanticModel, tree: PathTree, nodes: Iterable<string>, purpose: string): Reach {
  let fanning = false;
  for (const node of nodes) {
    if (node !== tree.root && !tree.cost.has(node)) return { kind: 'unreachable' };
    try {
      if (pathTo(model, tree, node, purpose).some(isFanning)) fanning = true;
    } catch (error) {
      return { kind: 'ambiguous', error: error as KtxError };
    }
  }
  return { kind: fanning ? 'fanning' : 'safe' };
}

/** Union of the paths to `nodes`, parents before children (the tree gives each node one parent edge). */
export function joinEdges(
  model: SemanticModel,
  tree: PathTree,
  nodes: Iterable<string>,
  purpose: string,
): GraphEdge[] {
  const byTarget = new Map<string, { edge: GraphEdge; depth: number }>();
  for (const node of nodes) {
    pathTo(model, tree, node, purpose).forEach((edge, depth) => {
      if (!byTarget.has(edge.to)) byTarget.set(edge.to, { edge, depth });
    });
  }
  return [...byTarget.values()].sort((a, b) => a.depth - b.depth).map((entry) => entry.edge);
}

export function buildGroups(
  model: SemanticModel,
  query: ResolvedQuery,
  explainFilters: PlanExplain['filters'],
): MeasureGroup[] {
  const byRoot = new Map<string, Atom[]>();
  for (const atom of query.atoms.values()) {
    const list = byRoot.get(atom.owner) ?? [];
    list.push(atom);
    byRoot.set(atom.owner, list);
  }
  const groups = [...byRoot].map(([root, atoms]) => ({
    root,
    atoms,
    tree: shortestPaths(model, root),
    filters: [] as RowFilter[],
  }));

  for (const filter of query.rowFilters) {
    const reaches = groups.map((group) => reach(model, group.tree, filter.nodes, `filter ${filter.text}`));
    const safe = groups.filter((_, i) => reaches[i]!.kind === 'safe');
    const reachable = groups.filter((_, i) => reaches[i]!.kind === 'fanning');
    const ambiguous = reaches.find((r) => r.kind === 'ambiguous');
    const chosen = safe.length > 0 ? safe : reachable;
    if (chosen.length === 0) {
      if (ambiguous?.kind === 'ambiguous') throw ambiguous.error;
      throw semanticError(
        'sl_filter_unreachable',
        `${filter.origin} ("${filter.text}") reads ${[...filter.nodes].join(', ')}, which no measure of this query can reach.`,
        { hint: 'Declare a join that connects them, or drop the filter.', details: { filter: filter.text } },
      );
    }
    for (const group of chosen) group.filters.push(filter);
    const skipped = groups.filter((group) => !chosen.includes(group)).map((group) => group.root);
    const notes: string[] = [];
    if (safe.length === 0) {
      notes.push(
        'reached only through one_to_many joins: it keeps rows that have at least one match (existence), never repeats them',
      );
    }
    if (skipped.length > 0) {
      notes.push(
        safe.length > 0
          ? `not applied to ${skipped.join(', ')}: they reach it only through one_to_many joins (a row filter of another fact)`
          : `not applied to ${skipped.join(', ')}: no join path`,
      );
    }
    explainFilters.push({
      filter: filter.text,
      origin: filter.origin,
      placement: 'where',
      appliedTo: chosen.map((group) => group.root),
      ...(notes.length ? { note: notes.join('; ') } : {}),
    });
  }

  return groups.map((group) => {
    const dimensionNodes = query.dimensions.map((d) => d.node);
    const rowNodes = [...dimensionNodes, ...group.filters.flatMap((f) => [...f.nodes])];
    const rowEdges = joinEdges(model, group.tree, rowNodes, `dimensions and filters of ${group.root}`);
    const atomNodes = group.atoms.flatMap((atom) => [...atom.nodes]);
    const atomEdges = joinEdges(model, group.tree, atomNodes, `measures of ${group.root}`);
    const unsafe = atomEdges.find(isFanning);
    if (unsafe) {
      const atom = group.atoms.find((a) =>
        [...a.nodes].some((n) => atomEdges.some((e) => e.to === n && isFanning(e))),
      )!;
      throw semanticError(
        'sl_measure_multi_source',
        `Measure "${atom.label}" aggregates rows of ${group.root} but reads ${unsafe.to}, which is one_to_many from it (${describePath(pathTo(model, group.tree, unsafe.to, 'measure'))}).`,
        { hint: `Define the aggregate on ${unsafe.to} itself and combine measures in a formula.` },
      );
    }
    const fanning = rowEdges.filter(isFanning);
    const immune = group.atoms.every((atom) => atom.immune);
    const strategy: MeasureGroup['strategy'] = fanning.length > 0 && !immune ? 'distinct-keys' : 'direct';
    const reason =
      fanning.length === 0
        ? 'every join from it is many_to_one or one_to_one, so no row repeats'
        : immune
          ? `joins ${fanning.map((e) => `${e.from} → ${e.to}`).join(', ')} repeat rows, but its aggregates (distinct counts, min, max) ignore repeats`
          : `joins ${fanning.map((e) => `${e.from} → ${e.to} (one_to_many)`).join(', ')} repeat its rows, so each ${group.root} row is first reduced to distinct (key, dimensions) pairs`;
    return { ...group, rowEdges, atomEdges, fanning, strategy, reason };
  });
}
