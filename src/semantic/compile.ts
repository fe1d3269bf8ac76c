import type { Dialect } from '../connectors/types.js';
import { getDialect } from './dialects/index.js';
import type { SemanticModel } from './model/types.js';
import { planQuery } from './plan/planner.js';
import { printPlan } from './plan/print.js';
import type { LogicalPlan, PlanExplain } from './plan/types.js';
import { resolveQuery } from './query/resolve.js';
import type { SemanticQuery } from './query/types.js';
import type { SemanticType, TimeGranularity } from './schema.js';

/**
 * The compiler's public entry point: semantic query in, one read-only SELECT out, with the
 * output columns it will produce and the explanation of how it was planned.
 */

export interface OutputColumn {
  /** The column name in the SQL result (and in executed rows). */
  name: string;
  kind: 'dimension' | 'measure';
  /** `node.column` for dimensions; the requested measure (`orders.revenue` or its formula). */
  field: string;
  type: SemanticType;
  granularity?: TimeGranularity;
  format?: string;
  description?: string;
}

export interface CompileOptions {
  /** Print for another dialect than the model's (user fragments are kept as written). */
  dialect?: Dialect;
}

export interface CompiledQuery {
  sql: string;
  dialect: Dialect;
  columns: OutputColumn[];
  plan: PlanExplain;
  /** The logical plan, for tools that inspect structure rather than text. */
  logical: LogicalPlan;
}

export function compileQuery(
  model: SemanticModel,
  query: SemanticQuery,
  options: CompileOptions = {},
): CompiledQuery {
  const dialect = getDialect(options.dialect ?? model.dialect);
  const resolved = resolveQuery(model, query);
  const { plan, explain } = planQuery(model, resolved, dialect);
  const columns: OutputColumn[] = [
    ...resolved.dimensions.map((d) => ({
      name: d.output,
      kind: 'dimension' as const,
      field: d.field,
      type: d.granularity ? ('date' as const) : d.type,
      ...(d.granularity ? { granularity: d.granularity } : {}),
    })),
    ...resolved.measures.map((m) => ({
      name: m.output,
      kind: 'measure' as const,
      field: m.field,
      type: 'number' as const,
      ...(m.format ? { format: m.format } : {}),
      ...(m.description ? { description: m.description } : {}),
    })),
  ];
  return { sql: printPlan(plan, dialect), dialect: dialect.name, columns, plan: explain, logical: plan };
}
