import { semanticError } from '../errors.js';
import { COUNTING, DUPLICATE_INSENSITIVE, type Expr, funcName, isAggregate, lit, wrap } from '../expr/ast.js';
import { mapChildren } from '../expr/walk.js';
import { referencedNodes, retarget } from '../model/bind.js';
import { isFanning, pathTo, shortestPaths } from '../model/paths.js';
import { SELF_NODE, type SemanticModel } from '../model/types.js';

/**
 * Measures are expanded into formulas over "atoms": single aggregates, each owned by the node
 * whose rows it aggregates. Atoms are what the planner groups per source (the unit of
 * fan/chasm safety); formulas combine them afterwards with safe division.
 */

export interface Atom {
  id: string;
  /** The node whose rows are aggregated (each row counted once). */
  owner: string;
  /** The aggregate, bound to node names, with its measure filter already injected. */
  expr: Expr;
  /** Every node the aggregate reads (the owner included). */
  nodes: Set<string>;
  /** The value cannot change when input rows repeat (min, max, count distinct…). */
  immune: boolean;
  /** A count: zero, not NULL, when its group has no rows. */
  counting: boolean;
  /** The measure it was first produced for (names the column in group CTEs). */
  label: string;
}

export class AtomRegistry {
  readonly atoms = new Map<string, Atom>();

  constructor(private readonly model: SemanticModel) {}

  add(owner: string, aggregate: Expr, label: string): Expr {
    const id = `${owner}|${JSON.stringify(aggregate)}`;
    if (!this.atoms.has(id)) {
      const nodes = referencedNodes(aggregate);
      nodes.add(owner);
      this.atoms.set(id, {
        id,
        owner,
        expr: aggregate,
        nodes,
        immune: isImmune(aggregate),
        counting: isCounting(aggregate),
        label,
      });
    }
    return { kind: 'atom', id };
  }

  /** Expands a predefined measure evaluated on `node` into a formula over atoms. */
  measure(node: string, name: string, stack: string[] = []): Expr {
    const source = this.model.sources.get(this.model.nodes.get(node)!.source)!;
    const measure = source.measures.get(name)!;
    const key = `${node}.${name}`;
    if (stack.includes(key)) {
      throw semanticError(
        'sl_measure_cycle',
        `Measure ${key} depends on itself: ${[...stack, key].join(' → ')}.`,
      );
    }
    if (measure.error) throw measure.error;
    const formula = retarget(measure.formula!, SELF_NODE, node);
    const filter = measure.filter ? retarget(measure.filter, SELF_NODE, node) : undefined;
    return this.formula(formula, { owner: node, filter, label: name, stack: [...stack, key] });
  }

  /**
   * Rewrites a bound formula: aggregates become atoms (owned by `owner`, or inferred from the
   * nodes they read), measure placeholders are expanded, and `/` between aggregates becomes a
   * safe division.
   */
  formula(expr: Expr, options: { owner?: string; filter?: Expr; label: string; stack?: string[] }): Expr {
    const visit = (node: Expr): Expr => {
      if (isAggregate(node)) {
        const aggregate = options.filter ? injectFilter(node, options.filter) : node;
        const owner = options.owner ?? this.inferOwner(aggregate, options.label);
        return this.add(owner, aggregate, options.label);
      }
      if (node.kind === 'measure') return wrap(this.measure(node.node, node.name, options.stack));
      if (node.kind === 'binary' && node.op === '/')
        return { kind: 'safeDiv', num: visit(node.left), den: visit(node.right) };
      return mapChildren(node, visit);
    };
    return visit(expr);
  }

  /**
   * A query-level aggregate reads some nodes; it aggregates the rows of the one from which all
   * the others are reachable without fanning out (`sum(lines.qty * products.price)` → lines).
   */
  private inferOwner(aggregate: Expr, label: string): string {
    const nodes = [...referencedNodes(aggregate)];
    if (nodes.length === 0) {
      throw semanticError('sl_invalid_query', `Measure "${label}" does not reference any source.`, {
        hint: 'Qualify the columns it aggregates (e.g. `count(orders.id)`), or use a predefined measure.',
      });
    }
    if (nodes.length === 1) return nodes[0]!;
    const owners = nodes.filter((candidate) => {
      const tree = shortestPaths(this.model, candidate);
      return nodes.every((other) => {
        if (other === candidate) return true;
        if (!tree.cost.has(other)) return false;
        return !pathTo(this.model, tree, other, `measure ${label}`).some(isFanning);
      });
    });
    if (owners.length === 0) {
      throw semanticError(
        'sl_measure_multi_source',
        `Measure "${label}" aggregates columns of ${nodes.join(', ')}, which are not one row each of a single source.`,
        {
          hint: 'Aggregate each source separately and combine the results in a formula, e.g. {"expr": "sum(a.x) / sum(b.y)"}.',
        },
      );
    }
    return owners[0]!;
  }
}

function aggregateName(expr: Expr): string {
  if (expr.kind === 'percentile') return 'percentile';
  return expr.kind === 'func' ? funcName(expr).toLowerCase() : '';
}

function isImmune(expr: Expr): boolean {
  if (expr.kind === 'func' && expr.distinct) return true;
  return DUPLICATE_INSENSITIVE.has(aggregateName(expr));
}

function isCounting(expr: Expr): boolean {
  return COUNTING.has(aggregateName(expr));
}

/** `sum(x)` with filter f → `sum(CASE WHEN f THEN x END)`; `count(*)` → `count(CASE WHEN f THEN 1 END)`. */
export function injectFilter(aggregate: Expr, filter: Expr): Expr {
  const guard = (value: Expr): Expr => ({ kind: 'case', whens: [{ when: filter, result: value }] });
  if (aggregate.kind === 'percentile') return { ...aggregate, arg: guard(aggregate.arg) };
  if (aggregate.kind !== 'func') return aggregate;
  if (aggregate.withinGroup && aggregate.withinGroup.length > 0) {
    const [first, ...rest] = aggregate.withinGroup;
    return { ...aggregate, withinGroup: [{ ...first!, expr: guard(first!.expr) }, ...rest] };
  }
  const [first, ...rest] = aggregate.args;
  if (!first || first.expr.kind === 'star') {
    return { ...aggregate, args: [{ sep: '', expr: guard(lit.number(1)) }, ...rest] };
  }
  return { ...aggregate, args: [{ ...first, expr: guard(first.expr) }, ...rest] };
}
