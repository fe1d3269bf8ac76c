import type { Expr, OrderItem } from './ast.js';

/** Generic traversal of expression trees: one place that knows every node's children. */

function mapOrder(items: OrderItem[] | undefined, f: (e: Expr) => Expr): OrderItem[] | undefined {
  return items?.map((item) => ({ ...item, expr: f(item.expr) }));
}

/** A shallow copy of `expr` with `f` applied to each direct child expression. */
export function mapChildren(expr: Expr, f: (child: Expr) => Expr): Expr {
  switch (expr.kind) {
    case 'unary':
      return { ...expr, operand: f(expr.operand) };
    case 'binary':
      return { ...expr, left: f(expr.left), right: f(expr.right) };
    case 'is':
      return { ...expr, operand: f(expr.operand) };
    case 'distinctFrom':
      return { ...expr, left: f(expr.left), right: f(expr.right) };
    case 'like':
      return {
        ...expr,
        operand: f(expr.operand),
        pattern: f(expr.pattern),
        ...(expr.escape ? { escape: f(expr.escape) } : {}),
      };
    case 'in':
      return { ...expr, operand: f(expr.operand), list: expr.list.map(f) };
    case 'inSubquery':
      return { ...expr, operand: f(expr.operand) };
    case 'between':
      return { ...expr, operand: f(expr.operand), low: f(expr.low), high: f(expr.high) };
    case 'case':
      return {
        ...expr,
        ...(expr.operand ? { operand: f(expr.operand) } : {}),
        whens: expr.whens.map((branch) => ({ when: f(branch.when), result: f(branch.result) })),
        ...(expr.else ? { else: f(expr.else) } : {}),
      };
    case 'cast':
    case 'pgcast':
    case 'collate':
      return { ...expr, expr: f(expr.expr) };
    case 'func': {
      const copy = { ...expr, args: expr.args.map((arg) => ({ sep: arg.sep, expr: f(arg.expr) })) };
      if (expr.orderBy) copy.orderBy = mapOrder(expr.orderBy, f);
      if (expr.withinGroup) copy.withinGroup = mapOrder(expr.withinGroup, f);
      if (expr.filter) copy.filter = f(expr.filter);
      return copy;
    }
    case 'interval':
      return { ...expr, value: f(expr.value) };
    case 'paren':
      return { ...expr, expr: f(expr.expr) };
    case 'tuple':
      return { ...expr, items: expr.items.map(f) };
    case 'array':
      return { ...expr, items: expr.items.map(f) };
    case 'subscript':
      return { ...expr, expr: f(expr.expr), parts: expr.parts.map(f) };
    case 'timeTrunc':
      return { ...expr, expr: f(expr.expr) };
    case 'safeDiv':
      return { ...expr, num: f(expr.num), den: f(expr.den) };
    case 'nullSafeEq':
      return { ...expr, left: f(expr.left), right: f(expr.right) };
    case 'percentile':
      return { ...expr, arg: f(expr.arg), fraction: f(expr.fraction) };
    default:
      return expr;
  }
}

/** Direct children, for read-only walks. */
export function childrenOf(expr: Expr): Expr[] {
  const found: Expr[] = [];
  mapChildren(expr, (child) => {
    found.push(child);
    return child;
  });
  return found;
}

/**
 * Rewrites a tree top-down: `visit` returns a replacement for a node (not visited further) or
 * undefined to keep the node and rewrite its children.
 */
export function rewrite(expr: Expr, visit: (node: Expr) => Expr | undefined): Expr {
  const replaced = visit(expr);
  if (replaced !== undefined) return replaced;
  return mapChildren(expr, (child) => rewrite(child, visit));
}

/** Calls `visit` on every node, parents first; return false to skip a node's children. */
export function walk(expr: Expr, visit: (node: Expr) => boolean | undefined): void {
  if (visit(expr) === false) return;
  for (const child of childrenOf(expr)) walk(child, visit);
}

export function someNode(expr: Expr, predicate: (node: Expr) => boolean): boolean {
  let found = false;
  walk(expr, (node) => {
    if (found) return false;
    if (predicate(node)) found = true;
    return !found;
  });
  return found;
}
