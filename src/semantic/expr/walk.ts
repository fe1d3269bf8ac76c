import type { Expr, FuncArg, OrderItem } from './ast.js';

/** Generic traversal of expression trees: one place that knows every node's children. */

/** `list.map(f)`, or `list` itself when nothing changed (rewrites share untouched subtrees). */
function mapList<T>(list: T[], f: (item: T) => T): T[] {
  let copy: T[] | undefined;
  for (let i = 0; i < list.length; i++) {
    const next = f(list[i]!);
    if (next !== list[i] && !copy) copy = list.slice(0, i);
    copy?.push(next);
  }
  return copy ?? list;
}

function mapOrder(items: OrderItem[] | undefined, f: (e: Expr) => Expr): OrderItem[] | undefined {
  if (!items) return items;
  return mapList(items, (item) => {
    const expr = f(item.expr);
    return expr === item.expr ? item : { ...item, expr };
  });
}

function mapArgs(args: FuncArg[], f: (e: Expr) => Expr): FuncArg[] {
  return mapList(args, (arg) => {
    const expr = f(arg.expr);
    return expr === arg.expr ? arg : { sep: arg.sep, expr };
  });
}

function same<T extends object>(original: T, changes: Partial<T>): T {
  for (const key of Object.keys(changes) as Array<keyof T>) {
    if (changes[key] !== original[key]) return { ...original, ...changes };
  }
  return original;
}

/**
 * `expr` with `f` applied to each direct child expression. Returns `expr` itself when no child
 * changed, so rewriting a large tree only copies the path to what actually changed.
 */
export function mapChildren(expr: Expr, f: (child: Expr) => Expr): Expr {
  const opt = (child: Expr | undefined) => (child === undefined ? undefined : f(child));
  switch (expr.kind) {
    case 'unary':
      return same(expr, { operand: f(expr.operand) });
    case 'binary':
    case 'distinctFrom':
      return same(expr, { left: f(expr.left), right: f(expr.right) });
    case 'is':
    case 'inSubquery':
      return same(expr, { operand: f(expr.operand) });
    case 'like':
      return same(expr, { operand: f(expr.operand), pattern: f(expr.pattern), escape: opt(expr.escape) });
    case 'in':
      return same(expr, { operand: f(expr.operand), list: mapList(expr.list, f) });
    case 'between':
      return same(expr, { operand: f(expr.operand), low: f(expr.low), high: f(expr.high) });
    case 'case':
      return same(expr, {
        operand: opt(expr.operand),
        whens: mapList(expr.whens, (branch) =>
          same(branch, { when: f(branch.when), result: f(branch.result) }),
        ),
        else: opt(expr.else),
      });
    case 'cast':
    case 'pgcast':
    case 'collate':
    case 'paren':
    case 'timeTrunc':
      return same(expr, { expr: f(expr.expr) });
    case 'func':
      return same(expr, {
        args: mapArgs(expr.args, f),
        orderBy: mapOrder(expr.orderBy, f),
        withinGroup: mapOrder(expr.withinGroup, f),
        filter: opt(expr.filter),
      });
    case 'interval':
      return same(expr, { value: f(expr.value) });
    case 'tuple':
    case 'array':
      return same(expr, { items: mapList(expr.items, f) });
    case 'subscript':
      return same(expr, { expr: f(expr.expr), parts: mapList(expr.parts, f) });
    case 'safeDiv':
      return same(expr, { num: f(expr.num), den: f(expr.den) });
    case 'percentile':
      return same(expr, { arg: f(expr.arg), fraction: f(expr.fraction) });
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
