import { semanticError } from '../errors.js';
import { walk } from '../expr/walk.js';
import type { SemanticSource } from '../schema.js';
import { type ModelIssue, SELF_NODE, type SemanticModel } from './types.js';

type IssueFn = (
  spec: SemanticSource,
  path: string,
  error: unknown,
  severity?: ModelIssue['severity'],
) => void;

/** Finds measures that depend on themselves (directly or through others) and marks each as broken. */
export function checkMeasureCycles(model: SemanticModel, issue: IssueFn): void {
  const dependencies = new Map<string, string[]>();
  for (const source of model.sources.values()) {
    for (const measure of source.measures.values()) {
      const deps: string[] = [];
      if (measure.formula) {
        walk(measure.formula, (node) => {
          if (node.kind === 'measure') {
            const owner = node.node === SELF_NODE ? source.name : model.nodes.get(node.node)?.source;
            if (owner) deps.push(`${owner}.${node.name}`);
          }
          return true;
        });
      }
      dependencies.set(`${source.name}.${measure.name}`, deps);
    }
  }
  const state = new Map<string, 'visiting' | 'done'>();
  const reported = new Set<string>();
  const visit = (key: string, stack: string[]): void => {
    if (state.get(key) === 'done') return;
    if (state.get(key) === 'visiting') {
      const cycle = [...stack.slice(stack.indexOf(key)), key];
      for (const member of new Set(cycle)) {
        if (reported.has(member)) continue;
        reported.add(member);
        const [sourceName, measureName] = member.split('.') as [string, string];
        const source = model.sources.get(sourceName)!;
        const measure = source.measures.get(measureName)!;
        const error = semanticError(
          'sl_measure_cycle',
          `Measure ${member} depends on itself: ${cycle.join(' → ')}.`,
          {
            hint: 'Break the cycle: a derived measure must bottom out in aggregates.',
          },
        );
        measure.error = error;
        const index = (source.spec.measures ?? []).findIndex((m) => m.name === measureName);
        issue(source.spec, `measures[${index}].expr`, error);
      }
      return;
    }
    state.set(key, 'visiting');
    for (const dep of dependencies.get(key) ?? []) visit(dep, [...stack, key]);
    state.set(key, 'done');
  };
  for (const key of dependencies.keys()) visit(key, []);
}
