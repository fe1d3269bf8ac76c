import { semanticError } from '../errors.js';
import type { GraphEdge, SemanticModel } from './types.js';

/**
 * Shortest join paths over the typed graph. Many-to-one and one-to-one steps cost 1; a
 * one-to-many step costs more than any safe detour, so a safe path always wins and a fanning
 * path is only used when nothing else connects. Two different cheapest paths to a node the
 * query needs are an error listing both: guessing would silently pick a meaning.
 */

const SAFE_COST = 1;
const FAN_COST = 1000;

export interface PathTree {
  root: string;
  cost: Map<string, number>;
  /** Every incoming edge that reaches the node at its minimal cost. */
  preds: Map<string, GraphEdge[]>;
}

export function edgeCost(edge: GraphEdge): number {
  return edge.relationship === 'one_to_many' ? FAN_COST : SAFE_COST;
}

export function isFanning(edge: GraphEdge): boolean {
  return edge.relationship === 'one_to_many';
}

const cache = new WeakMap<SemanticModel, Map<string, PathTree>>();

export function shortestPaths(model: SemanticModel, root: string): PathTree {
  let perModel = cache.get(model);
  if (!perModel) {
    perModel = new Map();
    cache.set(model, perModel);
  }
  const cached = perModel.get(root);
  if (cached) return cached;
  const cost = new Map<string, number>([[root, 0]]);
  const preds = new Map<string, GraphEdge[]>();
  const done = new Set<string>();
  for (;;) {
    let current: string | undefined;
    for (const [node, value] of cost) {
      if (!done.has(node) && (current === undefined || value < cost.get(current)!)) current = node;
    }
    if (current === undefined) break;
    done.add(current);
    for (const edge of model.edges.get(current) ?? []) {
      if (edge.to === root) continue;
      const candidate = cost.get(current)! + edgeCost(edge);
      const known = cost.get(edge.to);
      if (known === undefined || candidate < known) {
        cost.set(edge.to, candidate);
        preds.set(edge.to, [edge]);
      } else if (candidate === known && !done.has(edge.to)) {
        preds.get(edge.to)!.push(edge);
      }
    }
  }
  const tree = { root, cost, preds };
  perModel.set(root, tree);
  return tree;
}

export function describePath(edges: GraphEdge[]): string {
  if (edges.length === 0) return '';
  return [edges[0]!.from, ...edges.map((edge) => `${edge.to} (${edge.relationship})`)].join(' → ');
}

/** Up to `limit` distinct cheapest paths from the root to `node`. */
function allPaths(tree: PathTree, node: string, limit: number): GraphEdge[][] {
  if (node === tree.root) return [[]];
  const results: GraphEdge[][] = [];
  for (const edge of tree.preds.get(node) ?? []) {
    for (const prefix of allPaths(tree, edge.from, limit)) {
      results.push([...prefix, edge]);
      if (results.length >= limit) return results;
    }
  }
  return results;
}

/** The unique cheapest path from the tree's root to `node` (empty for the root itself). */
export function pathTo(model: SemanticModel, tree: PathTree, node: string, purpose: string): GraphEdge[] {
  if (node === tree.root) return [];
  if (!tree.cost.has(node)) throw noJoinPath(model, tree.root, node, purpose);
  const path: GraphEdge[] = [];
  let current = node;
  while (current !== tree.root) {
    const incoming = tree.preds.get(current)!;
    if (incoming.length > 1) {
      const alternatives = allPaths(tree, node, 4);
      throw semanticError(
        'sl_ambiguous_join_path',
        `"${node}" can be reached from "${tree.root}" in more than one way (${purpose}): ${alternatives.map(describePath).join('; ')}.`,
        {
          hint: 'Give each route its own role: declare the joins with `alias:` and query through the alias you mean.',
          details: { from: tree.root, to: node, alternatives: alternatives.map(describePath) },
        },
      );
    }
    path.unshift(incoming[0]!);
    current = incoming[0]!.from;
  }
  return path;
}

function noJoinPath(model: SemanticModel, from: string, to: string, purpose: string) {
  const suggestion = suggestJoin(model, from, to);
  const fromSource = model.nodes.get(from)?.source ?? from;
  const file = model.sources.get(fromSource)?.spec.file;
  const reachable = shortestPaths(model, from).cost;
  const roles = [...model.nodes.values()].filter(
    (node) => node.source === to && node.name !== to && reachable.has(node.name),
  );
  if (roles.length > 0) {
    const names = roles.map((node) => node.name);
    return semanticError(
      'sl_no_join_path',
      `"${from}" reaches "${to}" only through its roles: ${names.join(', ')} (${purpose}).`,
      {
        hint: `Use the role you mean, e.g. "${names[0]}.<column>" instead of "${to}.<column>".`,
        suggestions: names,
        details: { from, to },
      },
    );
  }
  return semanticError('sl_no_join_path', `No join path from "${from}" to "${to}" (${purpose}).`, {
    hint: suggestion
      ? `Declare the join in ${file ?? fromSource}: joins: [{to: ${suggestion.to}, on: "${suggestion.on}", relationship: ${suggestion.relationship}}]`
      : `Declare a join between "${fromSource}" and "${model.nodes.get(to)?.source ?? to}" (directly or through other sources).`,
    details: { from, to, ...(suggestion ? { suggestedJoin: { source: fromSource, ...suggestion } } : {}) },
  });
}

/** A plausible join by naming convention (`customer_id` → customers.id), or undefined. */
export function suggestJoin(
  model: SemanticModel,
  from: string,
  to: string,
): { to: string; on: string; relationship: string } | undefined {
  const fromSource = model.sources.get(model.nodes.get(from)?.source ?? '');
  const toSource = model.sources.get(model.nodes.get(to)?.source ?? '');
  if (!fromSource || !toSource) return undefined;
  const stems = (name: string) => [name, name.replace(/ies$/, 'y'), name.replace(/e?s$/, '')];
  const match = (source: typeof fromSource, other: typeof toSource) => {
    if (other.grain.length !== 1) return undefined;
    const key = other.grain[0]!;
    for (const column of source.columns.keys()) {
      const lower = column.toLowerCase();
      if (lower === key.toLowerCase() && key.toLowerCase() !== 'id') return { column, key };
      if (stems(other.name.toLowerCase()).some((stem) => lower === `${stem}_id` || lower === `${stem}id`)) {
        return { column, key };
      }
    }
    return undefined;
  };
  const forward = match(fromSource, toSource);
  if (forward) return { to, on: `${forward.column} = ${to}.${forward.key}`, relationship: 'many_to_one' };
  const backward = match(toSource, fromSource);
  if (backward) return { to, on: `${backward.key} = ${to}.${backward.column}`, relationship: 'one_to_many' };
  return undefined;
}
