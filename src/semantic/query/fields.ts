import { semanticError, unknownName } from '../errors.js';
import { type Expr, type Ident, wrap } from '../expr/ast.js';
import {
  type ColumnResolver,
  datePartKeyword,
  findColumn,
  findNode,
  matchName,
  retarget,
} from '../model/bind.js';
import { type ModelColumn, type ModelNode, SELF_NODE, type SemanticModel } from '../model/types.js';

/**
 * Name lookup for queries: `<source>.<column>`, `<alias>.<column>`, `<source>.<measure>`, and
 * bare names when exactly one source has them. Hidden columns are never reachable from a query.
 */

export function ident(name: string): Ident {
  const quoted = /^".*"$/.test(name);
  const bare = quoted ? name.slice(1, -1).replace(/""/g, '"') : name;
  return { name: bare, quoted, raw: name };
}

/** Splits `a.b` (names themselves never contain dots). */
export function splitField(field: string): Ident[] {
  return field.split('.').map((part) => ident(part.trim()));
}

export function allFieldNames(model: SemanticModel, kind: 'column' | 'measure'): string[] {
  const names: string[] = [];
  for (const node of model.nodes.values()) {
    const source = model.sources.get(node.source)!;
    if (kind === 'column') {
      for (const column of source.columns.values())
        if (!column.hidden) names.push(`${node.name}.${column.name}`);
    } else {
      for (const measure of source.measures.keys()) names.push(`${node.name}.${measure}`);
    }
  }
  return names;
}

export function requireNode(model: SemanticModel, name: Ident): ModelNode {
  const node = findNode(model, name);
  if (node) return node;
  const broken = [...model.brokenSources].find((source) => source.toLowerCase() === name.name.toLowerCase());
  if (broken) {
    throw semanticError('sl_unknown_source', `Source "${broken}" failed to load, so it cannot be queried.`, {
      hint: 'Run `ktx sl validate` to see what is wrong with its file.',
    });
  }
  throw unknownName('sl_unknown_source', `Unknown source "${name.name}".`, name.name, model.nodes.keys());
}

export function checkVisible(node: ModelNode, column: ModelColumn): void {
  if (column.hidden) {
    throw semanticError(
      'sl_hidden_column',
      `Column "${node.name}.${column.name}" is hidden and cannot be queried.`,
      {
        hint: 'Hidden columns are only usable inside the source definitions (measures, segments).',
      },
    );
  }
}

export interface ColumnMatch {
  node: ModelNode;
  column: ModelColumn;
}

/** `a.b` or a bare `b` unique across sources (aliases are roles, so only sources count for bare names). */
export function lookupColumn(model: SemanticModel, parts: Ident[]): ColumnMatch | undefined {
  if (parts.length === 2) {
    const node = requireNode(model, parts[0]!);
    const column = findColumn(model.sources.get(node.source)!, parts[1]!);
    return column ? { node, column } : undefined;
  }
  if (parts.length !== 1) return undefined;
  const matches: ColumnMatch[] = [];
  for (const source of model.sources.values()) {
    const column = findColumn(source, parts[0]!);
    if (column && !column.hidden) matches.push({ node: model.nodes.get(source.name)!, column });
  }
  if (matches.length > 1) {
    const options = matches.map((match) => `${match.node.name}.${match.column.name}`);
    throw semanticError(
      'sl_ambiguous_field',
      `"${parts[0]!.name}" exists in several sources: ${options.join(', ')}.`,
      {
        hint: `Qualify it, e.g. "${options[0]}".`,
        suggestions: options,
      },
    );
  }
  return matches[0];
}

export function lookupMeasure(
  model: SemanticModel,
  parts: Ident[],
): { node: ModelNode; name: string } | undefined {
  if (parts.length === 2) {
    const node = requireNode(model, parts[0]!);
    const measure = matchName(model.sources.get(node.source)!.measures, parts[1]!);
    return measure ? { node, name: measure.name } : undefined;
  }
  if (parts.length !== 1) return undefined;
  const matches: Array<{ node: ModelNode; name: string }> = [];
  for (const source of model.sources.values()) {
    const measure = matchName(source.measures, parts[0]!);
    if (measure) matches.push({ node: model.nodes.get(source.name)!, name: measure.name });
  }
  if (matches.length > 1) {
    const options = matches.map((match) => `${match.node.name}.${match.name}`);
    throw semanticError(
      'sl_ambiguous_field',
      `Measure "${parts[0]!.name}" exists in several sources: ${options.join(', ')}.`,
      {
        hint: `Qualify it, e.g. "${options[0]}".`,
        suggestions: options,
      },
    );
  }
  return matches[0];
}

export function columnExprFor(match: ColumnMatch): Expr {
  return retarget(match.column.expr, SELF_NODE, match.node.name);
}

export interface QueryScope {
  /** Formulas of measures already requested, by output name (formulas may reuse them). */
  measures: Map<string, Expr>;
  /** Requested dimensions by output name (result filters may compare them). */
  dimensions: Set<string>;
  /** Measure formulas and result filters may name measures; row contexts may not. */
  allowMeasures: boolean;
  /**
   * Measure formulas: outside an aggregate a name that is both a measure and a column means the
   * measure (a bare column cannot be a measure's value). Filters keep reading the column.
   */
  preferMeasures?: boolean;
  what: string;
}

/** The resolver used when binding query fragments (runtime measures and filters). */
export function queryResolver(model: SemanticModel, scope: QueryScope): ColumnResolver {
  return (parts, { insideAggregate }) => {
    const text = parts.map((part) => part.raw).join('.');
    if (parts.length === 1 && !insideAggregate) {
      const name = parts[0]!.name;
      const measure = [...scope.measures.keys()].find((key) => key.toLowerCase() === name.toLowerCase());
      if (scope.allowMeasures && measure) return wrap(scope.measures.get(measure)!);
      const dimension = [...scope.dimensions].find((key) => key.toLowerCase() === name.toLowerCase());
      if (dimension) return { kind: 'dim', output: dimension };
    }
    if (parts.length > 2) {
      throw semanticError('sl_unknown_field', `Cannot resolve "${text}" in ${scope.what}.`, {
        hint: 'Refer to fields as <source>.<column> or <source>.<measure>.',
      });
    }
    const measureAllowed = scope.allowMeasures && !insideAggregate;
    const preferred = measureAllowed && scope.preferMeasures ? lookupMeasure(model, parts) : undefined;
    if (preferred) return { kind: 'measure', node: preferred.node.name, name: preferred.name };
    const column = lookupColumn(model, parts);
    if (column) {
      checkVisible(column.node, column.column);
      return columnExprFor(column);
    }
    if (measureAllowed) {
      const measure = lookupMeasure(model, parts);
      if (measure) return { kind: 'measure', node: measure.node.name, name: measure.name };
    }
    const keyword = datePartKeyword(parts);
    if (keyword) return keyword;
    const candidates = [
      ...allFieldNames(model, 'column'),
      ...(scope.allowMeasures ? allFieldNames(model, 'measure') : []),
      ...scope.measures.keys(),
    ];
    throw unknownName('sl_unknown_field', `Unknown field "${text}" in ${scope.what}.`, text, candidates);
  };
}
