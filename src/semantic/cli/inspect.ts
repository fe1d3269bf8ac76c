import { semanticError, unknownName } from '../errors.js';
import type { ModelSource, SemanticModel } from '../model/types.js';

/** Plain-data views of sources for `ktx sl list` / `ktx sl read` (and the MCP tools that mirror them). */

export interface SourceSummary {
  name: string;
  file: string;
  table?: string;
  sql?: boolean;
  description?: string;
  columns: number;
  measures: string[];
  segments: string[];
  joins: Array<{ to: string; alias?: string; relationship: string }>;
}

export function summarise(source: ModelSource): SourceSummary {
  const spec = source.spec;
  return {
    name: spec.name,
    file: spec.file,
    ...(spec.table ? { table: spec.table } : { sql: true }),
    ...(spec.description ? { description: spec.description } : {}),
    columns: spec.columns.filter((c) => c.visibility !== 'hidden').length,
    measures: (spec.measures ?? []).map((m) => m.name),
    segments: (spec.segments ?? []).map((s) => s.name),
    joins: (spec.joins ?? []).map((j) => ({
      to: j.to,
      ...(j.alias ? { alias: j.alias } : {}),
      relationship: j.relationship,
    })),
  };
}

export function listSources(model: SemanticModel): SourceSummary[] {
  return [...model.sources.values()].map(summarise).sort((a, b) => a.name.localeCompare(b.name));
}

export interface SourceDetail {
  connectionId: string;
  name: string;
  file: string;
  table?: string;
  sql?: string;
  description?: string;
  grain: string[];
  defaultTimeDimension?: string;
  /** Queryable as `<name>.<column>` (hidden columns are left out). */
  columns: Array<{ field: string; type: string; description?: string; expr?: string }>;
  measures: Array<{
    field: string;
    expr: string;
    filter?: string;
    description?: string;
    format?: string;
    error?: string;
  }>;
  segments: Array<{ field: string; expr: string; description?: string }>;
  joins: Array<{ to: string; alias?: string; relationship: string; on: string; description?: string }>;
  /** Nodes reachable from this source for dimensions (`<node>.<column>`). */
  reachable: string[];
}

export function describeSource(model: SemanticModel, name: string): SourceDetail {
  const source =
    model.sources.get(name) ??
    [...model.sources.values()].find((s) => s.name.toLowerCase() === name.toLowerCase());
  if (!source) {
    const role = model.nodes.get(name);
    if (role?.declaredBy) {
      throw semanticError(
        'sl_unknown_source',
        `"${name}" is a role of source "${role.source}" (a join alias declared in ${role.declaredBy}).`,
        {
          hint: `Read the source itself: \`ktx sl read ${role.source}\`; query its columns as ${name}.<column>.`,
          suggestions: [role.source],
        },
      );
    }
    if (model.brokenSources.has(name)) {
      throw semanticError('sl_unknown_source', `Source "${name}" failed to load.`, {
        hint: 'Run `ktx sl validate` to see why.',
      });
    }
    throw unknownName('sl_unknown_source', `Unknown source "${name}".`, name, model.sources.keys());
  }
  const spec = source.spec;
  const reachable = new Set<string>();
  const stack = [source.name];
  while (stack.length > 0) {
    const node = stack.pop()!;
    for (const edge of model.edges.get(node) ?? []) {
      if (!reachable.has(edge.to) && edge.to !== source.name) {
        reachable.add(edge.to);
        stack.push(edge.to);
      }
    }
  }
  return {
    connectionId: model.connectionId,
    name: spec.name,
    file: spec.file,
    ...(spec.table ? { table: spec.table } : { sql: spec.sql! }),
    ...(spec.description ? { description: spec.description } : {}),
    grain: spec.grain,
    ...(spec.default_time_dimension ? { defaultTimeDimension: spec.default_time_dimension } : {}),
    columns: spec.columns
      .filter((c) => c.visibility !== 'hidden')
      .map((c) => ({
        field: `${spec.name}.${c.name}`,
        type: c.type,
        ...(c.description ? { description: c.description } : {}),
        ...(c.expr ? { expr: c.expr } : {}),
      })),
    measures: (spec.measures ?? []).map((m) => {
      const error = source.measures.get(m.name)?.error;
      return {
        field: `${spec.name}.${m.name}`,
        expr: m.expr,
        ...(m.filter ? { filter: m.filter } : {}),
        ...(m.description ? { description: m.description } : {}),
        ...(m.format ? { format: m.format } : {}),
        ...(error ? { error: error.message } : {}),
      };
    }),
    segments: (spec.segments ?? []).map((s) => ({
      field: `${spec.name}.${s.name}`,
      expr: s.expr,
      ...(s.description ? { description: s.description } : {}),
    })),
    joins: (spec.joins ?? []).map((j) => ({
      to: j.to,
      ...(j.alias ? { alias: j.alias } : {}),
      relationship: j.relationship,
      on: j.on,
      ...(j.description ? { description: j.description } : {}),
    })),
    reachable: [...reachable].sort(),
  };
}
