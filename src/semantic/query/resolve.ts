import { NAME_PATTERN, type SemanticType, TIME_GRANULARITIES, type TimeGranularity } from '../constants.js';
import { getDialect } from '../dialects/index.js';
import { semanticError, unknownName } from '../errors.js';
import { type Expr, isAggregate, wrap } from '../expr/ast.js';
import { printExpr, VERBATIM_HOOKS } from '../expr/printer.js';
import { mapChildren, someNode } from '../expr/walk.js';
import { bindExpr, parseFragment, referencedNodes, retarget } from '../model/bind.js';
import { SELF_NODE, type SemanticModel } from '../model/types.js';
import { type Atom, AtomRegistry } from './atoms.js';
import {
  checkVisible,
  columnExprFor,
  lookupColumn,
  lookupMeasure,
  queryResolver,
  requireNode,
  splitField,
} from './fields.js';
import { nameOutputs, resolveOrder } from './outputs.js';
import type { QueryDimension, QueryMeasure, SemanticQuery } from './types.js';

/**
 * Resolution turns a query's names into bound, plan-ready pieces: dimensions with their
 * expressions and output names, measures as formulas over atoms, filters split into row
 * filters (WHERE) and result filters (over measures), and the output order.
 */

export interface ResolvedDimension {
  output: string;
  /** Canonical `node.column`. */
  field: string;
  node: string;
  column: string;
  type: SemanticType;
  granularity?: TimeGranularity;
  expr: Expr;
  explicitName: boolean;
}

export interface ResolvedMeasure {
  output: string;
  /** As requested (`orders.revenue`, or the formula text). */
  field: string;
  kind: 'predefined' | 'runtime' | 'derived';
  formula: Expr;
  explicitName: boolean;
  source?: string;
  format?: string;
  description?: string;
}

export interface RowFilter {
  text: string;
  origin: string;
  expr: Expr;
  nodes: Set<string>;
}

export interface ResultFilter {
  text: string;
  origin: string;
  formula: Expr;
}

export interface ResolvedQuery {
  dimensions: ResolvedDimension[];
  measures: ResolvedMeasure[];
  atoms: Map<string, Atom>;
  rowFilters: RowFilter[];
  resultFilters: ResultFilter[];
  order: Array<{ output: string; desc: boolean }>;
  limit?: number;
  includeEmpty: boolean;
}

const SIMPLE_REF = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)?$/;

export function resolveQuery(model: SemanticModel, query: SemanticQuery): ResolvedQuery {
  const rules = getDialect(model.dialect).lexical;
  const registry = new AtomRegistry(model);
  if ((query.measures?.length ?? 0) + (query.dimensions?.length ?? 0) === 0) {
    throw semanticError('sl_invalid_query', 'A query needs at least one measure or dimension.', {
      hint: 'Add e.g. "measures": ["orders.order_count"] or "dimensions": ["customers.segment"].',
    });
  }
  const dimensions = dedupe(
    (query.dimensions ?? []).map((d) => resolveDimension(model, d)),
    (d) => `${d.field}:${d.granularity ?? ''}:${d.output}`,
  );

  const measures: ResolvedMeasure[] = [];
  const formulas = new Map<string, Expr>();
  for (const requested of query.measures ?? []) {
    const measure = resolveMeasure(model, rules, registry, requested, formulas);
    if (measures.some((m) => m.output === measure.output && m.field === measure.field)) continue;
    measures.push(measure);
    formulas.set(measure.output, measure.formula);
  }
  nameOutputs(dimensions, measures);

  const rowFilters: RowFilter[] = [];
  const resultFilters: ResultFilter[] = [];
  const dimensionsByOutput = new Map(dimensions.map((d) => [d.output, d]));
  (query.filters ?? []).forEach((text, index) => {
    if (!text.trim()) return;
    const what = `filter #${index + 1}`;
    const resolve = queryResolver(model, {
      measures: new Map(measures.map((m) => [m.output, m.formula])),
      dimensions: new Set(dimensionsByOutput.keys()),
      allowMeasures: true,
      what,
    });
    for (const parsed of conjuncts(parseFragment(text, rules, what))) {
      const partText = printExpr(parsed, VERBATIM_HOOKS);
      const part = bindExpr(parsed, { resolve, aggregates: true, what });
      const isResult = someNode(part, (n) => n.kind === 'measure' || n.kind === 'atom' || isAggregate(n));
      if (!isResult) {
        const expr = substituteDimensions(part, dimensionsByOutput);
        rowFilters.push({ text: partText, origin: what, expr, nodes: referencedNodes(expr) });
        continue;
      }
      const formula = registry.formula(dimensionsAsSlots(part, dimensions, what, partText), {
        label: `filter_${index + 1}`,
      });
      resultFilters.push({ text: partText, origin: what, formula });
    }
  });
  for (const segment of query.segments ?? []) rowFilters.push(resolveSegment(model, segment));

  return {
    dimensions,
    measures,
    atoms: registry.atoms,
    rowFilters,
    resultFilters,
    order: resolveOrder(query, dimensions, measures),
    ...(query.limit !== undefined ? { limit: query.limit } : {}),
    includeEmpty: query.include_empty === true,
  };
}

function dedupe<T>(items: T[], key: (item: T) => string): T[] {
  const seen = new Set<string>();
  return items.filter((item) => {
    const k = key(item);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

function resolveDimension(model: SemanticModel, requested: QueryDimension): ResolvedDimension {
  let field = typeof requested === 'string' ? requested.trim() : requested.field.trim();
  let granularity = typeof requested === 'string' ? undefined : requested.granularity;
  const colon = field.lastIndexOf(':');
  if (colon > 0) {
    const suffix = field
      .slice(colon + 1)
      .trim()
      .toLowerCase();
    if (!(TIME_GRANULARITIES as readonly string[]).includes(suffix)) {
      throw unknownName(
        'sl_invalid_granularity',
        `Unknown time granularity "${suffix}" in "${field}".`,
        suffix,
        TIME_GRANULARITIES,
      );
    }
    granularity = suffix as TimeGranularity;
    field = field.slice(0, colon).trim();
  }
  const parts = splitField(field);
  const match = lookupColumn(model, parts);
  if (!match) {
    const measure = lookupMeasure(model, parts);
    if (measure) {
      throw semanticError('sl_unknown_field', `"${field}" is a measure, not a dimension.`, {
        hint: 'Put it in "measures"; dimensions are columns to group by.',
      });
    }
    const candidates: string[] = [];
    for (const node of model.nodes.values()) {
      for (const column of model.sources.get(node.source)!.columns.values()) {
        if (!column.hidden) candidates.push(`${node.name}.${column.name}`);
      }
    }
    throw unknownName('sl_unknown_field', `Unknown dimension "${field}".`, field, candidates);
  }
  checkVisible(match.node, match.column);
  const type = match.column.type;
  if (granularity && type !== 'time' && type !== 'date') {
    throw semanticError(
      'sl_invalid_granularity',
      `"${match.node.name}.${match.column.name}" is a ${type} column; time granularities only apply to time and date columns.`,
      { hint: 'Remove the granularity, or pick a time column.' },
    );
  }
  const base = columnExprFor(match);
  const explicitName = typeof requested !== 'string' && requested.name !== undefined;
  return {
    output: explicitName
      ? requested.name!
      : granularity
        ? `${match.column.name}_${granularity}`
        : match.column.name,
    field: `${match.node.name}.${match.column.name}`,
    node: match.node.name,
    column: match.column.name,
    type,
    ...(granularity ? { granularity } : {}),
    expr: granularity
      ? { kind: 'timeTrunc', grain: granularity, expr: base, type: type === 'date' ? 'date' : 'time' }
      : base,
    explicitName,
  };
}

function resolveMeasure(
  model: SemanticModel,
  rules: ReturnType<typeof getDialect>['lexical'],
  registry: AtomRegistry,
  requested: QueryMeasure,
  formulas: Map<string, Expr>,
): ResolvedMeasure {
  const text = typeof requested === 'string' ? requested.trim() : requested.expr.trim();
  const explicitName = typeof requested !== 'string' && requested.name !== undefined;
  if (SIMPLE_REF.test(text) && !formulas.has(text)) {
    const parts = splitField(text);
    const measure = lookupMeasure(model, parts);
    if (measure) {
      const source = model.sources.get(measure.node.source)!;
      const spec = source.measures.get(measure.name)!;
      return {
        output: explicitName ? requested.name! : measure.name,
        field: `${measure.node.name}.${measure.name}`,
        kind: 'predefined',
        formula: registry.measure(measure.node.name, measure.name),
        explicitName,
        source: measure.node.name,
        ...(spec.format ? { format: spec.format } : {}),
        ...(spec.description ? { description: spec.description } : {}),
      };
    }
    const column = lookupColumn(model, parts);
    if (column) {
      throw semanticError('sl_not_aggregate', `"${text}" is a column, not a measure.`, {
        hint: `Aggregate it (e.g. "sum(${column.node.name}.${column.column.name})") or use it as a dimension.`,
      });
    }
    throw unknownName('sl_unknown_field', `Unknown measure "${text}".`, text, allMeasures(model));
  }
  const what = `measure "${text}"`;
  const resolve = queryResolver(model, {
    measures: formulas,
    dimensions: new Set(),
    allowMeasures: true,
    preferMeasures: true,
    what,
  });
  const bound = bindExpr(parseFragment(text, rules, what), { resolve, aggregates: true, what });
  const label = explicitName ? requested.name! : autoName(text);
  const derived = !someNode(bound, isAggregate);
  const formula = registry.formula(bound, { label });
  if (!someNode(formula, (n) => n.kind === 'atom')) {
    throw semanticError('sl_not_aggregate', `Measure "${text}" does not aggregate anything.`, {
      hint: 'Use an aggregate such as sum(orders.amount) or count(distinct orders.customer_id), or a predefined measure.',
    });
  }
  return { output: label, field: text, kind: derived ? 'derived' : 'runtime', formula, explicitName };
}

function allMeasures(model: SemanticModel): string[] {
  const names: string[] = [];
  for (const source of model.sources.values())
    for (const m of source.measures.keys()) names.push(`${source.name}.${m}`);
  return names;
}

/** `sum(orders.amount)` → `sum_orders_amount`. */
export function autoName(text: string): string {
  const slug = text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
  const name = /^[a-z_]/.test(slug) ? slug : `m_${slug}`;
  return NAME_PATTERN.test(name) ? name.slice(0, 63) : 'measure';
}

function resolveSegment(model: SemanticModel, reference: string): RowFilter {
  const parts = splitField(reference.trim());
  if (parts.length !== 2) {
    throw semanticError('sl_unknown_segment', `Segment "${reference}" must be written "<source>.<segment>".`);
  }
  const node = requireNode(model, parts[0]!);
  const source = model.sources.get(node.source)!;
  const segment =
    source.segments.get(parts[1]!.name) ??
    [...source.segments.values()].find((s) => s.name.toLowerCase() === parts[1]!.name.toLowerCase());
  if (!segment) {
    const available = [...source.segments.keys()].map((name) => `${node.name}.${name}`);
    throw unknownName(
      'sl_unknown_segment',
      `Unknown segment "${reference}".`,
      `${node.name}.${parts[1]!.name}`,
      available,
      available.length ? undefined : `Source "${source.name}" defines no segments.`,
    );
  }
  if (segment.error) throw segment.error;
  const expr = retarget(segment.expr!, SELF_NODE, node.name);
  return {
    text: `${node.name}.${segment.name}`,
    origin: `segment ${node.name}.${segment.name}`,
    expr,
    nodes: referencedNodes(expr),
  };
}

/** Top-level AND parts, through redundant parentheses. */
function conjuncts(expr: Expr): Expr[] {
  if (expr.kind === 'paren') return conjuncts(expr.expr);
  if (expr.kind === 'binary' && expr.op.toUpperCase() === 'AND')
    return [...conjuncts(expr.left), ...conjuncts(expr.right)];
  return [expr];
}

function substituteDimensions(expr: Expr, dimensions: Map<string, ResolvedDimension>): Expr {
  if (!someNode(expr, (n) => n.kind === 'dim')) return expr;
  const replace = (node: Expr): Expr =>
    node.kind === 'dim' ? wrap(dimensions.get(node.output)!.expr) : mapChildren(node, replace);
  return replace(expr);
}

/** Result filters may compare requested dimensions; any other column makes the filter ambiguous. */
function dimensionsAsSlots(expr: Expr, dimensions: ResolvedDimension[], what: string, text: string): Expr {
  const replace = (node: Expr): Expr => {
    if (node.kind === 'ref') {
      const dimension = dimensions.find(
        (d) =>
          !d.granularity &&
          d.expr.kind === 'ref' &&
          d.expr.table === node.table &&
          d.expr.column === node.column,
      );
      if (dimension) return { kind: 'dim', output: dimension.output };
      throw semanticError(
        'sl_filter_mixed',
        `${what} ("${text}") mixes a row-level column (${node.table}.${node.column}) with measures.`,
        {
          hint: 'Split it into separate filters (row conditions and measure conditions), or add the column as a dimension.',
        },
      );
    }
    if (isAggregate(node)) return node;
    return mapChildren(node, replace);
  };
  return replace(expr);
}
