import { semanticError, unknownName } from '../errors.js';
import type { ResolvedDimension, ResolvedMeasure } from './resolve.js';
import type { SemanticQuery } from './types.js';

/**
 * Output columns: a dimension is named after its column (`segment`, `created_at_month`), a
 * measure after itself (`revenue`). Only when two outputs would share a name are the colliding
 * ones prefixed with their source (`customers_name`, `artists_name`); a name given in the query
 * always wins and is never changed.
 */
export function nameOutputs(dimensions: ResolvedDimension[], measures: ResolvedMeasure[]): void {
  const clashes = () => {
    const counts = new Map<string, number>();
    for (const item of [...dimensions, ...measures]) {
      const key = item.output.toLowerCase();
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    return (name: string) => (counts.get(name.toLowerCase()) ?? 0) > 1;
  };
  let clashing = clashes();
  for (const dimension of dimensions) {
    if (dimension.explicitName || !clashing(dimension.output)) continue;
    dimension.output = `${dimension.node}_${dimension.output}`;
  }
  clashing = clashes();
  for (const measure of measures) {
    if (measure.explicitName || !measure.source || !clashing(measure.output)) continue;
    measure.output = `${measure.source}_${measure.output}`;
  }
  clashing = clashes();
  const duplicate = [...dimensions, ...measures].find((item) => clashing(item.output));
  if (duplicate) {
    throw semanticError(
      'sl_output_name_collision',
      `Two output columns would both be named "${duplicate.output}".`,
      {
        hint: 'Give one of them a name: {"field": …, "name": "…"} for dimensions, {"expr": …, "name": "…"} for measures.',
      },
    );
  }
}

export function resolveOrder(
  query: SemanticQuery,
  dimensions: ResolvedDimension[],
  measures: ResolvedMeasure[],
): Array<{ output: string; desc: boolean }> {
  const outputs = [...dimensions.map((d) => d.output), ...measures.map((m) => m.output)];
  const order: Array<{ output: string; desc: boolean }> = [];
  for (const item of query.order_by ?? []) {
    const field = (typeof item === 'string' ? item : item.field).trim();
    const desc = typeof item !== 'string' && item.direction === 'desc';
    const lower = field.toLowerCase();
    const output =
      outputs.find((name) => name.toLowerCase() === lower) ??
      measures.find((m) => m.field.toLowerCase() === lower)?.output ??
      dimensions.find((d) => d.field.toLowerCase() === lower)?.output;
    if (!output) {
      throw unknownName(
        'sl_order_by_unknown',
        `order_by "${field}" is not an output column of this query.`,
        field,
        outputs,
        'Order by a requested measure or dimension (its output name).',
      );
    }
    if (!order.some((entry) => entry.output === output)) order.push({ output, desc });
  }
  // Remaining dimensions break ties, so results (and LIMIT) are deterministic.
  for (const dimension of dimensions) {
    if (!order.some((entry) => entry.output === dimension.output))
      order.push({ output: dimension.output, desc: false });
  }
  return order;
}
