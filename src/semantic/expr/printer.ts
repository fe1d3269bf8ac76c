import { type Expr, type OrderItem, wrap } from './ast.js';

/**
 * Prints expression trees back to SQL. User-owned spelling (literals, functions, operators,
 * types, quoted names) comes out exactly as written; the few constructs that differ between
 * dialects (compiler-made references, time truncation, safe division,
 * percentiles, boolean literals) are delegated to the dialect's hooks.
 *
 * Parentheses come only from `paren` nodes: the parser keeps the user's, and the compiler wraps
 * every embedded sub-expression (see `wrap` in ast.ts), so printing never depends on guessing a
 * dialect's operator precedence.
 */
export interface ExprHooks {
  /** A table/CTE alias the compiler chose. */
  alias(name: string): string;
  /** A physical column (name as declared in the semantic source). */
  column(name: string): string;
  boolean(value: boolean, raw: string): string;
  timeTrunc(grain: string, expr: string, type: 'date' | 'time'): string;
  safeDiv(num: string, den: string): string;
  percentile(arg: string, fraction: string, median: boolean): string;
}

export function printExpr(expr: Expr, hooks: ExprHooks): string {
  const p = (node: Expr): string => printExpr(node, hooks);
  switch (expr.kind) {
    case 'literal':
      return expr.type === 'boolean' ? hooks.boolean(expr.raw.toUpperCase() === 'TRUE', expr.raw) : expr.raw;
    case 'typed':
      return `${expr.type} ${expr.value}`;
    case 'column':
      return expr.parts.map((part) => part.raw).join('.');
    case 'star':
      return [...expr.qualifier.map((part) => part.raw), '*'].join('.');
    case 'keyword':
      return expr.raw;
    case 'unary':
      return /^[A-Za-z]/.test(expr.op) ? `${expr.op} ${p(expr.operand)}` : `${expr.op}${p(expr.operand)}`;
    case 'binary':
      return `${p(expr.left)} ${expr.op} ${p(expr.right)}`;
    case 'is':
      return `${p(expr.operand)} IS ${expr.not ? 'NOT ' : ''}${expr.value}`;
    case 'distinctFrom':
      return `${p(expr.left)} IS ${expr.not ? 'NOT ' : ''}DISTINCT FROM ${p(expr.right)}`;
    case 'like':
      return `${p(expr.operand)} ${expr.not ? 'NOT ' : ''}${expr.op} ${p(expr.pattern)}${expr.escape ? ` ESCAPE ${p(expr.escape)}` : ''}`;
    case 'in':
      return `${p(expr.operand)} ${expr.not ? 'NOT ' : ''}IN (${expr.list.map(p).join(', ')})`;
    case 'inSubquery':
      return `${p(expr.operand)} ${expr.not ? 'NOT ' : ''}IN ${expr.subquery}`;
    case 'between':
      return `${p(expr.operand)} ${expr.not ? 'NOT ' : ''}BETWEEN ${p(expr.low)} AND ${p(expr.high)}`;
    case 'case': {
      const parts = ['CASE'];
      if (expr.operand) parts.push(p(expr.operand));
      for (const branch of expr.whens) parts.push(`WHEN ${p(branch.when)} THEN ${p(branch.result)}`);
      if (expr.else) parts.push(`ELSE ${p(expr.else)}`);
      parts.push('END');
      return parts.join(' ');
    }
    case 'cast':
      return `${expr.fn}(${p(expr.expr)} AS ${expr.type})`;
    case 'pgcast':
      return `${p(expr.expr)}::${expr.type}`;
    case 'func': {
      let args = expr.distinct ? 'DISTINCT ' : '';
      for (const arg of expr.args) {
        if (arg.sep === ',') args += ', ';
        else if (arg.sep === ' ') args += ' ';
        else if (arg.sep) args += ` ${arg.sep} `;
        args += p(arg.expr);
      }
      if (expr.orderBy) args += `${args ? ' ' : ''}ORDER BY ${printOrder(expr.orderBy, hooks)}`;
      let text = `${expr.name.map((part) => part.raw).join('.')}(${args})`;
      if (expr.withinGroup) text += ` WITHIN GROUP (ORDER BY ${printOrder(expr.withinGroup, hooks)})`;
      if (expr.filter) text += ` FILTER (WHERE ${p(expr.filter)})`;
      if (expr.over !== undefined) text += ` OVER ${expr.over}`;
      return text;
    }
    case 'subquery':
      return expr.raw;
    case 'exists':
      return `${expr.not ? 'NOT ' : ''}EXISTS ${expr.subquery}`;
    case 'interval':
      return `INTERVAL ${p(expr.value)}${expr.unit ? ` ${expr.unit}` : ''}`;
    case 'paren':
      return `(${p(expr.expr)})`;
    case 'tuple':
      return `(${expr.items.map(p).join(', ')})`;
    case 'array':
      return `${expr.prefix}[${expr.items.map(p).join(', ')}]`;
    case 'subscript':
      return `${p(expr.expr)}[${expr.parts.map(p).join(':')}]`;
    case 'collate':
      return `${p(expr.expr)} COLLATE ${expr.collation}`;
    case 'ref':
      return `${hooks.alias(expr.table)}.${expr.physical ? hooks.column(expr.column) : hooks.alias(expr.column)}`;
    case 'name':
      return hooks.alias(expr.name);
    case 'timeTrunc':
      return hooks.timeTrunc(expr.grain, p(expr.expr), expr.type);
    case 'safeDiv':
      return hooks.safeDiv(p(wrap(expr.num)), p(wrap(expr.den)));
    case 'percentile':
      return hooks.percentile(p(expr.arg), p(expr.fraction), expr.median);
    case 'measure':
    case 'atom':
    case 'dim':
      throw new Error(`internal: unresolved ${expr.kind} placeholder reached the printer`);
  }
}

function printOrder(items: OrderItem[], hooks: ExprHooks): string {
  return items
    .map(
      (item) =>
        printExpr(item.expr, hooks) +
        (item.direction ? ` ${item.direction}` : '') +
        (item.nulls ? ` NULLS ${item.nulls}` : ''),
    )
    .join(', ');
}

/** Hooks for printing user fragments as they were written (validation messages, canonical text). */
export const VERBATIM_HOOKS: ExprHooks = {
  alias: (name) => name,
  column: (name) => name,
  boolean: (_value, raw) => raw,
  timeTrunc: (grain, expr) => `DATE_TRUNC('${grain}', ${expr})`,
  safeDiv: (num, den) => `${num} / NULLIF(${den}, 0)`,
  percentile: (arg, fraction) => `PERCENTILE_CONT(${fraction}) WITHIN GROUP (ORDER BY ${arg})`,
};
