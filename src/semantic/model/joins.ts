import { semanticError, unknownName } from '../errors.js';
import type { Expr, Ident } from '../expr/ast.js';
import type { LexicalRules } from '../expr/tokens.js';
import { walk } from '../expr/walk.js';
import type { Relationship, SemanticSource } from '../schema.js';
import { bindExpr, findColumn, findNode, parseFragment, referencedNodes, retarget } from './bind.js';
import { type GraphEdge, type ModelIssue, type ModelSource, SELF_NODE, type SemanticModel } from './types.js';

/**
 * Turns declared joins into graph edges. A join condition is oriented by its qualifiers, never by
 * the side of `=` a name is written on: unqualified (or `<self>.`) names are the declaring
 * source, `<target>.`/`<alias>.` names are the target. Each join yields a forward and a reverse
 * edge; alias nodes also continue along their target's own joins, so role-playing dimensions
 * reach everything their base source reaches.
 */

type IssueFn = (
  spec: SemanticSource,
  path: string,
  error: unknown,
  severity?: ModelIssue['severity'],
) => void;
type ColumnExprFn = (source: ModelSource, name: string) => Expr;

export const INVERSE: Record<Relationship, Relationship> = {
  many_to_one: 'one_to_many',
  one_to_many: 'many_to_one',
  one_to_one: 'one_to_one',
};

/** A condition's identity regardless of how it was written (`a = b` and `b = a` are the same join). */
function signature(on: Expr): string {
  const pairs = equalityPairs(on);
  const terms = pairs.map((pair) => [JSON.stringify(pair.left), JSON.stringify(pair.right)].sort().join('='));
  return terms.sort().join('&') || JSON.stringify(on);
}

/**
 * Adds an edge unless the same join is already there: both sides often declare one relationship
 * (orders → order_items one_to_many, order_items → orders many_to_one), which is one edge, not an
 * ambiguity. Returns the conflicting edge when the two declarations disagree on cardinality.
 */
function addEdge(model: SemanticModel, edge: GraphEdge): GraphEdge | undefined {
  const list = model.edges.get(edge.from) ?? [];
  const key = signature(edge.on);
  const same = list.find((other) => other.to === edge.to && signature(other.on) === key);
  if (same) {
    if (same.relationship !== edge.relationship) return same;
    same.ownJoin ||= edge.ownJoin;
    return undefined;
  }
  list.push(edge);
  model.edges.set(edge.from, list);
  return undefined;
}

export function buildJoins(
  model: SemanticModel,
  rules: LexicalRules,
  columnExpr: ColumnExprFn,
  issue: IssueFn,
): void {
  const aliasNodes: string[] = [];
  for (const source of model.sources.values()) {
    (source.spec.joins ?? []).forEach((join, index) => {
      const path = `joins[${index}]`;
      const target = model.sources.get(join.to);
      if (!target) {
        const broken = model.brokenSources.has(join.to)
          ? ' (its file failed to load: run `ktx sl validate`)'
          : '';
        issue(
          source.spec,
          `${path}.to`,
          unknownName(
            'sl_unknown_source',
            `Join target "${join.to}" is not a source${broken}.`,
            join.to,
            model.sources.keys(),
          ),
        );
        return;
      }
      if (target.name === source.name && !join.alias) {
        issue(
          source.spec,
          `${path}.alias`,
          semanticError('sl_model_invalid', `A join of "${source.name}" to itself needs an alias.`, {
            hint: 'Add `alias: <role>` (e.g. `alias: manager`) and write the condition as `manager_id = manager.id`.',
          }),
        );
        return;
      }
      const nodeName = join.alias ?? target.name;
      if (join.alias) {
        if (model.nodes.has(join.alias)) {
          issue(
            source.spec,
            `${path}.alias`,
            semanticError(
              'sl_model_invalid',
              `Alias "${join.alias}" is already the name of a source or alias.`,
              {
                hint: 'Aliases name a node of the join graph: make it unique in this connection.',
              },
            ),
          );
          return;
        }
        model.nodes.set(join.alias, { name: join.alias, source: target.name, declaredBy: source.name });
        aliasNodes.push(join.alias);
      }
      try {
        const on = bindJoinCondition(model, rules, source, target, nodeName, join.on, columnExpr);
        const conflict = addEdge(model, {
          from: source.name,
          to: nodeName,
          relationship: join.relationship,
          on,
          declaredIn: { source: source.name, index },
          reversed: false,
          ownJoin: true,
        });
        if (conflict) {
          const other = conflict.declaredIn;
          throw semanticError(
            'sl_model_invalid',
            `This join says ${source.name} → ${nodeName} is ${join.relationship}, but the same join declared in ${other.source} (joins[${other.index}]) implies ${conflict.relationship}.`,
            { hint: 'Make both declarations agree (or keep only one of them).' },
          );
        }
        addEdge(model, {
          from: nodeName,
          to: source.name,
          relationship: INVERSE[join.relationship],
          on,
          declaredIn: { source: source.name, index },
          reversed: true,
          ownJoin: false,
        });
        const warning = keyWarning(source, target, nodeName, join.relationship, on);
        if (warning) issue(source.spec, `${path}.on`, warning, 'warning');
      } catch (error) {
        issue(source.spec, `${path}.on`, error);
      }
    });
  }
  for (const alias of aliasNodes) {
    const base = model.nodes.get(alias)!.source;
    for (const edge of [...(model.edges.get(base) ?? [])]) {
      if (!edge.ownJoin || edge.to === alias) continue;
      addEdge(model, { ...edge, from: alias, on: retarget(edge.on, base, alias), reversed: false });
    }
  }
}

function bindJoinCondition(
  model: SemanticModel,
  rules: LexicalRules,
  source: ModelSource,
  target: ModelSource,
  nodeName: string,
  text: string,
  columnExpr: ColumnExprFn,
): Expr {
  const what = `the join from ${source.name} to ${nodeName}`;
  const local = (ident: Ident): Expr => {
    const column = findColumn(source, ident);
    if (column) return retarget(columnExpr(source, column.name), SELF_NODE, source.name);
    const onTarget = findColumn(target, ident)
      ? ` It is a column of ${nodeName}: write \`${nodeName}.${ident.name}\`.`
      : '';
    throw unknownName(
      'sl_unknown_field',
      `Unknown column "${ident.name}" in ${what}.${onTarget}`,
      ident.name,
      source.columns.keys(),
    );
  };
  const resolve = (parts: Ident[]): Expr => {
    if (parts.length === 1) return local(parts[0]!);
    const [qualifier, name] = parts as [Ident, Ident];
    const node = parts.length === 2 ? findNode(model, qualifier) : undefined;
    const isTarget = node?.name === nodeName || (node?.name === target.name && target.name !== source.name);
    if (node?.name === source.name && !isTarget) return local(name);
    if (isTarget) {
      const column = findColumn(target, name);
      if (column) return retarget(columnExpr(target, column.name), SELF_NODE, nodeName);
      throw unknownName(
        'sl_unknown_field',
        `Unknown column "${name.name}" in ${nodeName}.`,
        name.name,
        target.columns.keys(),
      );
    }
    throw semanticError(
      'sl_model_invalid',
      `${what} may only use columns of ${source.name} (unqualified) and ${nodeName} (as ${nodeName}.<column>); found "${parts.map((p) => p.raw).join('.')}".`,
    );
  };
  const on = bindExpr(parseFragment(text, rules, what), { resolve, aggregates: false, what });
  const nodes = referencedNodes(on);
  if (!nodes.has(source.name) || !nodes.has(nodeName)) {
    throw semanticError('sl_model_invalid', `${what} must compare columns of both sides: "${text}".`, {
      hint: `Write it like \`${target.grain[0] ? `<column> = ${nodeName}.${target.grain[0]}` : '<column> = <target>.<key>'}\`.`,
    });
  }
  return on;
}

/** Equality pairs `a.x = b.y` of a condition's top-level AND. */
export function equalityPairs(on: Expr): Array<{ left: Expr; right: Expr }> {
  const pairs: Array<{ left: Expr; right: Expr }> = [];
  walk(on, (node) => {
    if (node.kind === 'paren') return true;
    if (node.kind === 'binary' && node.op.toUpperCase() === 'AND') return true;
    if (node.kind === 'binary' && node.op === '=') pairs.push({ left: node.left, right: node.right });
    return false;
  });
  return pairs;
}

/** The key side of a join should be that side's grain; otherwise the relationship is probably wrong. */
function keyWarning(
  source: ModelSource,
  target: ModelSource,
  nodeName: string,
  relationship: Relationship,
  on: Expr,
): ReturnType<typeof semanticError> | undefined {
  const keyNode = relationship === 'one_to_many' ? source.name : nodeName;
  const keySource = relationship === 'one_to_many' ? source : target;
  const keyColumns = new Set<string>();
  for (const pair of equalityPairs(on)) {
    for (const side of [pair.left, pair.right]) {
      if (side.kind === 'ref' && side.table === keyNode) keyColumns.add(side.column);
    }
  }
  if (keyColumns.size === 0 || keySource.grain.every((column) => keyColumns.has(column))) return undefined;
  return semanticError(
    'sl_join_key_not_grain',
    `The ${relationship} join to ${nodeName} matches ${keyNode} on [${[...keyColumns].join(', ')}], which is not its grain [${keySource.grain.join(', ')}].`,
    {
      hint: 'If those columns are not unique, rows multiply and measures inflate: check the relationship or the grain.',
    },
  );
}
