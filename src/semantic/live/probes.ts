import { compileQuery } from '../compile.js';
import { getDialect } from '../dialects/index.js';
import { lit } from '../expr/ast.js';
import { retarget } from '../model/bind.js';
import { SELF_NODE, type SemanticModel } from '../model/types.js';
import { relationFor } from '../plan/assemble.js';
import { printPlan } from '../plan/print.js';
import { emptySelect, type LogicalPlan, type SelectQuery } from '../plan/types.js';

/**
 * The SQL `sl validate --live` sends: small read-only SELECTs that end in `LIMIT 0`, so the
 * warehouse parses, binds and plans them (unknown tables, columns, functions and type errors
 * surface) without reading a row. Every probe is built from the same plan pieces the compiler
 * uses, so a probe that passes means the compiled queries will bind too.
 */

function probe(model: SemanticModel, main: SelectQuery, ctes: LogicalPlan['ctes'] = []): string {
  return printPlan({ ctes, main: { ...main, limit: 0 } }, getDialect(model.dialect));
}

/** `SELECT 1 FROM <table or sql>`: does the source's relation exist at all? */
export function relationProbe(model: SemanticModel, source: string): string {
  const select = emptySelect(relationFor(model, source));
  select.items = [{ expr: lit.number(1), alias: 'probe' }];
  return probe(model, select);
}

/** The given columns (plain and computed, hidden included) selected from the source. */
export function columnsProbe(model: SemanticModel, source: string, columns: string[]): string {
  const spec = model.sources.get(source)!;
  const select = emptySelect(relationFor(model, source));
  select.items = columns.map((name) => ({
    expr: retarget(spec.columns.get(name)!.expr, SELF_NODE, source),
    alias: name,
  }));
  return probe(model, select);
}

/** One declared join: the source LEFT JOINed to its target on the declared condition. */
export function joinProbe(model: SemanticModel, source: string, joinIndex: number): string | undefined {
  const edge = (model.edges.get(source) ?? []).find(
    (e) => e.ownJoin && !e.reversed && e.declaredIn.source === source && e.declaredIn.index === joinIndex,
  );
  if (!edge) return undefined;
  const select = emptySelect(relationFor(model, source));
  select.items = [{ expr: lit.number(1), alias: 'probe' }];
  select.joins = [{ type: 'LEFT', relation: relationFor(model, edge.to), on: edge.on }];
  return probe(model, select);
}

/** Measures of one source, compiled as a query asks for them (filters, joins, formulas). */
export function measuresProbe(model: SemanticModel, source: string, measures: string[]): string {
  const compiled = compileQuery(model, { measures: measures.map((name) => `${source}.${name}`) });
  return probe(model, compiled.logical.main, compiled.logical.ctes);
}

/** Segments of one source as row filters, next to one of its visible columns. */
export function segmentsProbe(
  model: SemanticModel,
  source: string,
  segments: string[],
  visibleColumn: string,
): string {
  const compiled = compileQuery(model, {
    dimensions: [`${source}.${visibleColumn}`],
    segments: segments.map((name) => `${source}.${name}`),
  });
  return probe(model, compiled.logical.main, compiled.logical.ctes);
}
