import { semanticError, unknownName } from '../errors.js';
import type { Expr, Ident } from '../expr/ast.js';
import { type ColumnResolver, datePartKeyword, findColumn, findNode, matchName, retarget } from './bind.js';
import { type ModelSource, SELF_NODE, type SemanticModel } from './types.js';

/**
 * Name resolution inside a source's own definitions: bare names are the source's columns (or,
 * in measure formulas outside aggregates, its measures); `<source>.<column>` reaches another
 * node of the join graph. Column expressions come from `columnExpr`, which binds computed
 * columns on first use so they can build on each other.
 */

export interface SourceScopeOptions {
  /** Measure formulas: bare names outside aggregates may be sibling measures. */
  measures: boolean;
  /** Qualified references to other sources/aliases (not in computed columns). */
  otherNodes: boolean;
  columnExpr: (source: ModelSource, column: string) => Expr;
}

export function sourceResolver(
  model: SemanticModel,
  source: ModelSource,
  options: SourceScopeOptions,
): ColumnResolver {
  const measureNames = () => [...source.measures.keys()];
  const own = (ident: Ident, insideAggregate: boolean): Expr => {
    if (options.measures && !insideAggregate) {
      const measure = matchName(source.measures, ident);
      if (measure) return { kind: 'measure', node: SELF_NODE, name: measure.name };
    }
    const column = findColumn(source, ident);
    if (column) return options.columnExpr(source, column.name);
    const keyword = datePartKeyword([ident]);
    if (keyword) return keyword;
    if (options.measures && insideAggregate && matchName(source.measures, ident)) {
      throw semanticError('sl_nested_aggregate', `Measure "${ident.name}" is used inside an aggregate.`, {
        hint: `Reference the measure outside the aggregate, e.g. \`${ident.name} / order_count\`.`,
      });
    }
    const candidates = [...source.columns.keys(), ...(options.measures ? measureNames() : [])];
    throw unknownName(
      'sl_unknown_field',
      `Unknown column "${ident.name}" in source "${source.name}".`,
      ident.name,
      candidates,
    );
  };
  return (parts, context) => {
    if (parts.length === 1) return own(parts[0]!, context.insideAggregate);
    if (parts.length !== 2) {
      throw semanticError('sl_unknown_field', `Cannot resolve "${parts.map((p) => p.raw).join('.')}".`, {
        hint: 'Refer to columns as `column` or `<source>.<column>`.',
      });
    }
    const [qualifier, name] = parts as [Ident, Ident];
    const node = findNode(model, qualifier);
    if (node && node.name === source.name) return own(name, context.insideAggregate);
    if (!node) {
      throw unknownName(
        'sl_unknown_source',
        `Unknown source "${qualifier.name}".`,
        qualifier.name,
        model.nodes.keys(),
      );
    }
    if (!options.otherNodes) {
      throw semanticError(
        'sl_unknown_field',
        `Computed columns may only use their own source's columns ("${qualifier.name}.${name.name}" is in another source).`,
        { hint: 'Use the joined column directly in queries, or define a measure.' },
      );
    }
    const target = model.sources.get(node.source)!;
    if (options.measures && !context.insideAggregate) {
      const measure = matchName(target.measures, name);
      if (measure) return { kind: 'measure', node: node.name, name: measure.name };
    }
    const column = findColumn(target, name);
    if (column) return retarget(options.columnExpr(target, column.name), SELF_NODE, node.name);
    const candidates = [...target.columns.keys(), ...(options.measures ? target.measures.keys() : [])];
    throw unknownName(
      'sl_unknown_field',
      `Unknown column "${name.name}" in "${node.name}".`,
      name.name,
      candidates,
    );
  };
}
