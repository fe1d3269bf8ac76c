import type { KtxError } from '../../core/errors.js';
import { semanticError } from '../errors.js';
import { type Expr, type Ident, isAggregate, isAggregateCall, lit } from '../expr/ast.js';
import { DATE_PARTS, formatSyntaxError, parseExpression } from '../expr/parser.js';
import { ExprSyntaxError, type LexicalRules } from '../expr/tokens.js';
import { rewrite, someNode, walk } from '../expr/walk.js';
import type { ModelColumn, ModelNode, ModelSource, SemanticModel } from './types.js';

/**
 * Binding turns a parsed fragment into a compiler expression: every column reference is
 * resolved (through a context-specific resolver) to a qualified `ref`, computed columns are
 * inlined, portable aggregates become typed nodes, and structural rules are enforced (no window
 * functions, no nested aggregates, aggregates only where they make sense).
 */

export interface ResolveContext {
  insideAggregate: boolean;
}

/** Returns the bound replacement for a column reference; throws a semantic error when unknown. */
export type ColumnResolver = (parts: Ident[], context: ResolveContext) => Expr;

export interface BindOptions {
  resolve: ColumnResolver;
  /** Aggregates are allowed (measures, HAVING filters). */
  aggregates: boolean;
  /** "measure orders.revenue", "filter #2": used in messages. */
  what: string;
}

export function parseFragment(text: string, rules: LexicalRules, what: string): Expr {
  try {
    return parseExpression(text, rules);
  } catch (error) {
    if (error instanceof ExprSyntaxError) {
      throw semanticError(
        'sl_expression_syntax',
        `Invalid SQL in ${what}: ${formatSyntaxError(text, error)}`,
        {
          hint: 'Fix the expression; it must be a single SQL expression in the connection dialect.',
          details: { offset: error.offset, expression: text },
        },
      );
    }
    throw error;
  }
}

export function bindExpr(expr: Expr, options: BindOptions): Expr {
  const visit = (node: Expr, insideAggregate: boolean): Expr =>
    rewrite(node, (current) => {
      if (current.kind === 'column') return options.resolve(current.parts, { insideAggregate });
      if (current.kind === 'func' && current.over !== undefined) {
        throw semanticError(
          'sl_window_function',
          `Window functions (OVER …) are not allowed in ${options.what}.`,
          {
            hint: 'Measures aggregate per group on their own; put window logic in a `sql:` source instead.',
          },
        );
      }
      const portable = portableAggregate(current);
      const aggregate = portable ?? (isAggregateCall(current) ? current : undefined);
      if (!aggregate) return undefined;
      if (!options.aggregates) {
        throw semanticError(
          'sl_aggregate_not_allowed',
          `Aggregate functions are not allowed in ${options.what}: it is evaluated per row.`,
          { hint: 'Define a measure for aggregated values.' },
        );
      }
      if (insideAggregate) {
        throw semanticError('sl_nested_aggregate', `Nested aggregate in ${options.what}.`, {
          hint: 'Aggregate once per measure; combine measures in a derived measure (e.g. `revenue / order_count`).',
        });
      }
      return rewriteChildren(aggregate, (child) => visit(child, true));
    });
  return visit(expr, false);
}

function rewriteChildren(node: Expr, f: (child: Expr) => Expr): Expr {
  let first = true;
  return rewrite(node, (current) => {
    if (first) {
      first = false;
      return undefined;
    }
    return f(current);
  });
}

/** `median(x)` and `percentile(x, p)`: ktx's portable ordered-set aggregates. */
function portableAggregate(node: Expr): Expr | undefined {
  if (node.kind !== 'func' || node.name.length !== 1 || node.name[0]!.quoted || node.over !== undefined)
    return;
  const name = node.name[0]!.name.toLowerCase();
  const args = node.args.map((arg) => arg.expr);
  if (name === 'median' && args.length === 1) {
    return { kind: 'percentile', arg: args[0]!, fraction: lit.number('0.5'), median: true };
  }
  if (name === 'percentile' && args.length === 2) {
    const fraction = args[1]!;
    const value =
      fraction.kind === 'literal' && fraction.type === 'number' ? Number(fraction.raw) : Number.NaN;
    if (!(value >= 0 && value <= 1)) {
      throw semanticError(
        'sl_invalid_query',
        'percentile(x, p) needs a literal fraction p between 0 and 1.',
        {
          hint: 'Write e.g. `percentile(amount, 0.9)` for the 90th percentile.',
        },
      );
    }
    return { kind: 'percentile', arg: args[0]!, fraction, median: false };
  }
  return undefined;
}

export function containsAggregate(expr: Expr): boolean {
  return someNode(expr, isAggregate);
}

/** Unquoted names match case-insensitively (exact match preferred); quoted names match exactly. */
export function matchName<T>(map: Map<string, T>, ident: Ident): T | undefined {
  const exact = map.get(ident.name);
  if (exact !== undefined || ident.quoted) return exact;
  const lower = ident.name.toLowerCase();
  for (const [key, value] of map) if (key.toLowerCase() === lower) return value;
  return undefined;
}

export function findNode(model: SemanticModel, ident: Ident): ModelNode | undefined {
  return matchName(model.nodes, ident);
}

export function findColumn(source: ModelSource, ident: Ident): ModelColumn | undefined {
  return matchName(source.columns, ident);
}

/** A lone unquoted date-part word (`MONTH` in `DATE_TRUNC(x, MONTH)`) that is not a column. */
export function datePartKeyword(parts: Ident[]): Expr | undefined {
  if (parts.length !== 1 || parts[0]!.quoted) return undefined;
  return DATE_PARTS.has(parts[0]!.name.toUpperCase()) ? { kind: 'keyword', raw: parts[0]!.raw } : undefined;
}

/** Replaces SELF (or any node name) in a bound expression: instantiates a source's definition for one node. */
export function retarget(expr: Expr, from: string, to: string): Expr {
  if (from === to) return expr;
  return rewrite(expr, (node) => {
    if (node.kind === 'ref' && node.table === from) return { ...node, table: to };
    if (node.kind === 'measure' && node.node === from) return { ...node, node: to };
    return undefined;
  });
}

/** Node names a bound expression reads from. */
export function referencedNodes(expr: Expr): Set<string> {
  const nodes = new Set<string>();
  walk(expr, (node) => {
    if (node.kind === 'ref') nodes.add(node.table);
    return true;
  });
  return nodes;
}

export function isKtxErrorLike(error: unknown): error is KtxError {
  return typeof error === 'object' && error !== null && 'code' in error && 'message' in error;
}
