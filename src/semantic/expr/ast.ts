/**
 * The expression tree for user SQL fragments (measure exprs, filters, segments, computed
 * columns, join conditions) and for the expressions the planner builds around them.
 *
 * Nodes keep the text the user wrote wherever the dialect owns the spelling (literals, function
 * names, operators, type names), so printing a tree back gives the same SQL in the same dialect;
 * only column references are rewritten (qualified), which is the whole point of parsing.
 */

export interface Ident {
  /** The name with quotes removed and escapes resolved. */
  name: string;
  quoted: boolean;
  /** As written, quotes included. */
  raw: string;
}

export interface OrderItem {
  expr: Expr;
  /** `ASC`/`DESC` as written, upper-cased; absent when not written. */
  direction?: 'ASC' | 'DESC';
  nulls?: 'FIRST' | 'LAST';
}

export interface FuncArg {
  /** What precedes the argument: `,`, a keyword (`FROM`, `FOR`, `IN`, `AS`) or `` for the first. */
  sep: string;
  expr: Expr;
}

export type LiteralType = 'number' | 'string' | 'boolean' | 'null';

export type Expr =
  | { kind: 'literal'; type: LiteralType; raw: string }
  /** `DATE '2024-01-01'`, `TIMESTAMP '…'`: a type keyword followed by a string. */
  | { kind: 'typed'; type: string; value: string }
  /** An unresolved reference, `a`, `s.a`, `"S"."a"`. */
  | { kind: 'column'; parts: Ident[] }
  | { kind: 'star'; qualifier: Ident[] }
  /** Words that are neither columns nor functions: CURRENT_DATE, date parts (MONTH), BOTH… */
  | { kind: 'keyword'; raw: string }
  | { kind: 'unary'; op: string; operand: Expr }
  | { kind: 'binary'; op: string; left: Expr; right: Expr }
  | { kind: 'is'; operand: Expr; not: boolean; value: string }
  | { kind: 'distinctFrom'; left: Expr; right: Expr; not: boolean }
  | { kind: 'like'; operand: Expr; not: boolean; op: string; pattern: Expr; escape?: Expr }
  | { kind: 'in'; operand: Expr; not: boolean; list: Expr[] }
  | { kind: 'inSubquery'; operand: Expr; not: boolean; subquery: string }
  | { kind: 'between'; operand: Expr; not: boolean; low: Expr; high: Expr }
  | { kind: 'case'; operand?: Expr; whens: Array<{ when: Expr; result: Expr }>; else?: Expr }
  | { kind: 'cast'; fn: string; expr: Expr; type: string }
  | { kind: 'pgcast'; expr: Expr; type: string }
  | {
      kind: 'func';
      name: Ident[];
      distinct: boolean;
      args: FuncArg[];
      /** ORDER BY inside the argument list (`string_agg(x, ',' ORDER BY y)`). */
      orderBy?: OrderItem[];
      filter?: Expr;
      withinGroup?: OrderItem[];
      /** A window specification, kept as text; rejected wherever the planner aggregates. */
      over?: string;
    }
  /** `(SELECT …)`: kept as opaque, balanced text; never rewritten. */
  | { kind: 'subquery'; raw: string }
  | { kind: 'exists'; not: boolean; subquery: string }
  | { kind: 'interval'; value: Expr; unit?: string }
  | { kind: 'paren'; expr: Expr }
  | { kind: 'tuple'; items: Expr[] }
  | { kind: 'array'; prefix: string; items: Expr[] }
  | { kind: 'subscript'; expr: Expr; parts: Expr[] }
  | { kind: 'collate'; expr: Expr; collation: string }
  // ---- Produced by the compiler, never by the parser. ----
  /** A resolved column of a relation in the plan: `<table>.<column>`. */
  | { kind: 'ref'; table: string; column: string; physical: boolean }
  /** A bare output/internal name (`revenue`), e.g. in ORDER BY. */
  | { kind: 'name'; name: string }
  | { kind: 'timeTrunc'; grain: string; expr: Expr; type: 'date' | 'time' }
  | { kind: 'safeDiv'; num: Expr; den: Expr }
  /** ktx's portable ordered-set aggregates, printed per dialect. */
  | { kind: 'percentile'; arg: Expr; fraction: Expr; median: boolean }
  // ---- Placeholders that the planner replaces before printing. ----
  /** A reference to a measure (`revenue`, `customers.customer_count`) inside a formula. */
  | { kind: 'measure'; node: string; name: string }
  /** One aggregate computed by a measure group (see the planner). */
  | { kind: 'atom'; id: string }
  /** A requested dimension, by output name (in HAVING filters). */
  | { kind: 'dim'; output: string };

export type ExprKind = Expr['kind'];
export type ExprOf<K extends ExprKind> = Extract<Expr, { kind: K }>;

/** The aggregate functions the planner understands. */
export const AGGREGATES = new Set([
  'count',
  'sum',
  'avg',
  'min',
  'max',
  'median',
  'percentile',
  'percentile_cont',
  'percentile_disc',
  'stddev',
  'stddev_pop',
  'stddev_samp',
  'variance',
  'var_pop',
  'var_samp',
  'string_agg',
  'group_concat',
  'listagg',
  'array_agg',
  'bool_and',
  'bool_or',
  'every',
  'any_value',
  'approx_count_distinct',
  'count_if',
  'countif',
  'quantile',
  'quantile_cont',
  'quantile_disc',
  'mode',
  'arbitrary',
  'uniq',
  'uniqexact',
  'logical_and',
  'logical_or',
]);

/** Aggregates whose value does not change when input rows are repeated (so fan-out cannot inflate them). */
export const DUPLICATE_INSENSITIVE = new Set([
  'min',
  'max',
  'bool_and',
  'bool_or',
  'every',
  'logical_and',
  'logical_or',
  'any_value',
  'arbitrary',
  'approx_count_distinct',
  'uniq',
  'uniqexact',
]);

/** Aggregates that count: over no rows they are 0, not NULL (so combined results say 0 too). */
export const COUNTING = new Set([
  'count',
  'count_if',
  'countif',
  'approx_count_distinct',
  'uniq',
  'uniqexact',
]);

export function funcName(node: ExprOf<'func'>): string {
  return node.name.map((part) => part.name).join('.');
}

export function isAggregateCall(node: Expr): node is ExprOf<'func'> {
  return node.kind === 'func' && node.over === undefined && AGGREGATES.has(funcName(node).toLowerCase());
}

/** An aggregate call or one of ktx's portable percentile aggregates. */
export function isAggregate(node: Expr): boolean {
  return node.kind === 'percentile' || isAggregateCall(node);
}

export function ident(name: string): Ident {
  return { name, quoted: false, raw: name };
}

export const lit = {
  number: (value: number | string): Expr => ({ kind: 'literal', type: 'number', raw: String(value) }),
  string: (value: string): Expr => ({
    kind: 'literal',
    type: 'string',
    raw: `'${value.replace(/'/g, "''")}'`,
  }),
  null: (): Expr => ({ kind: 'literal', type: 'null', raw: 'NULL' }),
  bool: (value: boolean): Expr => ({ kind: 'literal', type: 'boolean', raw: value ? 'TRUE' : 'FALSE' }),
};

export function call(name: string, ...args: Expr[]): ExprOf<'func'> {
  return {
    kind: 'func',
    name: [ident(name)],
    distinct: false,
    args: args.map((expr, index) => ({ sep: index === 0 ? '' : ',', expr })),
  };
}

const ATOMIC: ReadonlySet<ExprKind> = new Set([
  'literal',
  'typed',
  'column',
  'star',
  'keyword',
  'func',
  'subquery',
  'paren',
  'tuple',
  'array',
  'ref',
  'name',
  'cast',
  'case',
  'timeTrunc',
  'percentile',
  'exists',
  'subscript',
  // Placeholders become a call, a reference or a parenthesised expression.
  'atom',
  'dim',
  'measure',
]);

/** Wraps an expression in parentheses unless it is self-delimiting, so it can be embedded anywhere. */
export function wrap(expr: Expr): Expr {
  return ATOMIC.has(expr.kind) ? expr : { kind: 'paren', expr };
}

export function and(parts: Expr[]): Expr | undefined {
  if (parts.length === 0) return undefined;
  if (parts.length === 1) return parts[0];
  return parts.map(wrap).reduce((left, right) => ({ kind: 'binary', op: 'AND', left, right }));
}
