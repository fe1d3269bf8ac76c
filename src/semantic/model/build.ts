import type { Dialect } from '../../connectors/types.js';
import { KtxError } from '../../core/errors.js';
import { getDialect } from '../dialects/index.js';
import { semanticError } from '../errors.js';
import type { Expr } from '../expr/ast.js';
import { readOnlyProblem } from '../expr/read-only.js';
import type { LexicalRules } from '../expr/tokens.js';
import type { SemanticSource } from '../schema.js';
import { bindExpr, containsAggregate, parseFragment } from './bind.js';
import { buildJoins } from './joins.js';
import { checkMeasureCycles } from './measure-cycles.js';
import { sourceResolver } from './source-scope.js';
import {
  type ModelColumn,
  type ModelIssue,
  type ModelSource,
  SELF_NODE,
  type SemanticModel,
} from './types.js';

/**
 * Builds the semantic model from validated sources. Problems never abort the build: each one is
 * recorded as an issue (for `ktx sl validate`) and, for measures and segments, kept on the item
 * so a query that uses it fails with the same structured error while other queries still work.
 */

export interface BuildModelOptions {
  connectionId: string;
  dialect: Dialect;
  /** Sources whose files failed to load (named in "unknown source" errors). */
  brokenSources?: Iterable<string>;
}

export function buildModel(specs: SemanticSource[], options: BuildModelOptions): SemanticModel {
  const rules = getDialect(options.dialect).lexical;
  const model: SemanticModel = {
    connectionId: options.connectionId,
    dialect: options.dialect,
    sources: new Map(),
    nodes: new Map(),
    edges: new Map(),
    issues: [],
    brokenSources: new Set(options.brokenSources ?? []),
  };
  const issue = (
    spec: SemanticSource,
    path: string,
    error: unknown,
    severity: ModelIssue['severity'] = 'error',
  ) => {
    const known = KtxError.is(error);
    model.issues.push({
      severity,
      code: known ? error.code : 'sl_model_invalid',
      source: spec.name,
      file: spec.file,
      path,
      message: known ? error.message : String(error),
      ...(known && error.hint ? { fix: error.hint } : {}),
    });
  };

  for (const spec of specs) {
    const source = createSource(spec, issue);
    model.sources.set(spec.name, source);
    model.nodes.set(spec.name, { name: spec.name, source: spec.name });
  }

  const binding = new Set<string>();
  const bound = new Set<string>();
  const columnExpr = (source: ModelSource, name: string): Expr => {
    const column = source.columns.get(name)!;
    if (column.error) throw column.error;
    const key = `${source.name}.${name}`;
    if (!column.computed || bound.has(key)) return column.expr;
    if (binding.has(key)) {
      throw semanticError('sl_measure_cycle', `Computed column "${key}" refers to itself.`, {
        hint: 'Break the cycle between computed columns.',
      });
    }
    binding.add(key);
    try {
      const index = source.spec.columns.findIndex((c) => c.name === name);
      const text = source.spec.columns[index]!.expr!;
      const parsed = parseFragment(text, rules, `computed column ${key}`);
      const resolve = sourceResolver(model, source, { measures: false, otherNodes: false, columnExpr });
      column.expr = {
        kind: 'paren',
        expr: bindExpr(parsed, { resolve, aggregates: false, what: `column ${key}` }),
      };
      return column.expr;
    } catch (error) {
      column.error = KtxError.is(error) ? error : semanticError('sl_model_invalid', String(error));
      throw error;
    } finally {
      binding.delete(key);
      bound.add(key);
    }
  };

  buildJoins(model, rules, columnExpr, issue);

  for (const source of model.sources.values()) {
    const spec = source.spec;
    spec.columns.forEach((column, index) => {
      if (!column.expr) return;
      try {
        columnExpr(source, column.name);
      } catch (error) {
        issue(spec, `columns[${index}].expr`, error);
      }
    });
    checkSourceShape(source, rules, issue);
    bindSegments(model, source, rules, columnExpr, issue);
    bindMeasures(model, source, rules, columnExpr, issue);
  }
  checkMeasureCycles(model, issue);
  return model;
}

type IssueFn = (
  spec: SemanticSource,
  path: string,
  error: unknown,
  severity?: ModelIssue['severity'],
) => void;
type ColumnExprFn = (source: ModelSource, name: string) => Expr;

function createSource(spec: SemanticSource, issue: IssueFn): ModelSource {
  const relation: ModelSource['relation'] = spec.table
    ? { kind: 'table', sql: spec.table.trim() }
    : (() => {
        const sql = spec.sql!.trim().replace(/;\s*$/, '');
        return { kind: 'derived' as const, sql, hasWith: /^\(*\s*with\b/i.test(sql) };
      })();
  const source: ModelSource = {
    name: spec.name,
    spec,
    relation,
    columns: new Map(),
    measures: new Map(),
    segments: new Map(),
    grain: spec.grain,
    ...(spec.default_time_dimension ? { defaultTimeDimension: spec.default_time_dimension } : {}),
  };
  spec.columns.forEach((column, index) => {
    if (source.columns.has(column.name)) {
      issue(spec, `columns[${index}].name`, duplicate('column', column.name, spec.name));
      return;
    }
    const entry: ModelColumn = {
      name: column.name,
      type: column.type,
      hidden: column.visibility === 'hidden',
      computed: column.expr !== undefined,
      // Computed columns are bound on first use (see columnExpr); the ref is a placeholder until then.
      expr: { kind: 'ref', table: SELF_NODE, column: column.name, physical: true },
      ...(column.description ? { description: column.description } : {}),
    };
    source.columns.set(column.name, entry);
  });
  return source;
}

function duplicate(what: string, name: string, source: string): KtxError {
  return semanticError('sl_model_invalid', `Duplicate ${what} "${name}" in source "${source}".`, {
    hint: `Rename or remove one of the ${what}s named "${name}".`,
  });
}

function checkSourceShape(source: ModelSource, rules: LexicalRules, issue: IssueFn): void {
  const spec = source.spec;
  spec.grain.forEach((name, index) => {
    if (!source.columns.has(name)) {
      issue(
        spec,
        `grain[${index}]`,
        semanticError('sl_unknown_field', `Grain column "${name}" is not declared in columns.`, {
          hint: `Add {name: ${name}, type: …} to columns, or fix the grain.`,
        }),
      );
    }
  });
  if (spec.default_time_dimension) {
    const column = source.columns.get(spec.default_time_dimension);
    if (!column || (column.type !== 'time' && column.type !== 'date')) {
      issue(
        spec,
        'default_time_dimension',
        semanticError(
          'sl_unknown_field',
          `default_time_dimension "${spec.default_time_dimension}" must name a column of type time or date.`,
        ),
      );
    }
  }
  if (source.relation.kind === 'derived') {
    let problem = /^\(*\s*(select|with)\b/i.test(source.relation.sql)
      ? undefined
      : 'it does not start with SELECT or WITH';
    try {
      problem ??= readOnlyProblem(source.relation.sql, rules);
    } catch (error) {
      problem = (error as Error).message;
    }
    if (problem) {
      source.error = semanticError(
        'sl_model_invalid',
        `Source "${source.name}": \`sql\` must be one read-only SELECT query: ${problem}.`,
        {
          hint: 'Keep a single SELECT (or WITH … SELECT) without a trailing statement; ktx only reads.',
        },
      );
      issue(spec, 'sql', source.error);
    }
  }
}

function bindSegments(
  model: SemanticModel,
  source: ModelSource,
  rules: LexicalRules,
  columnExpr: ColumnExprFn,
  issue: IssueFn,
): void {
  (source.spec.segments ?? []).forEach((segment, index) => {
    if (source.segments.has(segment.name)) {
      issue(source.spec, `segments[${index}].name`, duplicate('segment', segment.name, source.name));
      return;
    }
    const what = `segment ${source.name}.${segment.name}`;
    try {
      const resolve = sourceResolver(model, source, { measures: false, otherNodes: true, columnExpr });
      const expr = bindExpr(parseFragment(segment.expr, rules, what), { resolve, aggregates: false, what });
      source.segments.set(segment.name, {
        name: segment.name,
        source: source.name,
        expr,
        ...describe(segment),
      });
    } catch (error) {
      issue(source.spec, `segments[${index}].expr`, error);
      const failure = KtxError.is(error) ? error : semanticError('sl_model_invalid', String(error));
      source.segments.set(segment.name, { name: segment.name, source: source.name, error: failure });
    }
  });
}

function describe(item: { description?: string }): { description?: string } {
  return item.description ? { description: item.description } : {};
}

function bindMeasures(
  model: SemanticModel,
  source: ModelSource,
  rules: LexicalRules,
  columnExpr: ColumnExprFn,
  issue: IssueFn,
): void {
  const specs = source.spec.measures ?? [];
  // Register names first so measures can reference siblings declared later in the file.
  specs.forEach((measure, index) => {
    if (source.measures.has(measure.name)) {
      issue(source.spec, `measures[${index}].name`, duplicate('measure', measure.name, source.name));
      return;
    }
    if (source.columns.has(measure.name)) {
      issue(
        source.spec,
        `measures[${index}].name`,
        semanticError('sl_model_invalid', `Measure "${measure.name}" has the same name as a column.`, {
          hint: 'Formulas read the measure outside an aggregate and the column inside one (sum(…)); filters read the column. Rename the measure (e.g. total_…) to avoid confusion.',
        }),
        'warning',
      );
    }
    source.measures.set(measure.name, {
      name: measure.name,
      source: source.name,
      derived: false,
      ...describe(measure),
      ...(measure.format ? { format: measure.format } : {}),
    });
  });
  specs.forEach((spec, index) => {
    const measure = source.measures.get(spec.name)!;
    if (measure.formula || measure.error) return;
    const what = `measure ${source.name}.${spec.name}`;
    let path = `measures[${index}].expr`;
    try {
      const resolve = sourceResolver(model, source, { measures: true, otherNodes: true, columnExpr });
      const formula = bindExpr(parseFragment(spec.expr, rules, what), { resolve, aggregates: true, what });
      const aggregates = containsAggregate(formula);
      const refersToMeasures = JSON.stringify(formula).includes('"kind":"measure"');
      if (!aggregates && !refersToMeasures) {
        throw semanticError('sl_not_aggregate', `${capitalise(what)} does not aggregate: "${spec.expr}".`, {
          hint: 'A measure is an aggregate (sum(x), count(*), count(distinct x)) or a formula over other measures.',
        });
      }
      measure.formula = formula;
      measure.derived = !aggregates;
      if (spec.filter) {
        path = `measures[${index}].filter`;
        if (measure.derived) {
          throw semanticError(
            'sl_model_invalid',
            `${capitalise(what)} is derived from other measures and cannot have a filter.`,
            {
              hint: 'Put the filter on the measures it is built from.',
            },
          );
        }
        const filterResolve = sourceResolver(model, source, {
          measures: false,
          otherNodes: true,
          columnExpr,
        });
        const filterWhat = `the filter of ${what}`;
        measure.filter = bindExpr(parseFragment(spec.filter, rules, filterWhat), {
          resolve: filterResolve,
          aggregates: false,
          what: filterWhat,
        });
      }
    } catch (error) {
      issue(source.spec, path, error);
      measure.error = KtxError.is(error) ? error : semanticError('sl_model_invalid', String(error));
      delete measure.formula;
    }
  });
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
