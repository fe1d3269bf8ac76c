import type { SqlDialect } from '../dialects/types.js';
import { semanticError } from '../errors.js';
import type { Expr } from '../expr/ast.js';
import { printExpr } from '../expr/printer.js';
import type { LogicalPlan, OrderSpec, Relation, SelectQuery, UnionQuery } from './types.js';

/**
 * Renders a logical plan in one dialect. Layout is fixed (one clause per line, two-space
 * indentation) so snapshots and diffs stay readable; every dialect difference goes through the
 * dialect object.
 */

export function printPlan(plan: LogicalPlan, dialect: SqlDialect): string {
  const parts: string[] = [];
  if (plan.ctes.length > 0) {
    const ctes = plan.ctes.map(
      (cte) => `${dialect.alias(cte.name)} AS (\n${printQuery(cte.query, dialect, '  ')}\n)`,
    );
    parts.push(`WITH ${ctes.join(',\n')}`);
  }
  parts.push(printSelect(plan.main, dialect, ''));
  let sql = parts.join('\n');
  if (dialect.joinSettings && usesJoins(plan)) sql += `\n${dialect.joinSettings}`;
  return sql;
}

function usesJoins(plan: LogicalPlan): boolean {
  const selects = [
    plan.main,
    ...plan.ctes.flatMap((cte) => (cte.query.kind === 'select' ? [cte.query] : cte.query.selects)),
  ];
  return selects.some((select) => select.joins.length > 0);
}

function printQuery(query: SelectQuery | UnionQuery, dialect: SqlDialect, indent: string): string {
  if (query.kind === 'select') return printSelect(query, dialect, indent);
  return query.selects.map((select) => printSelect(select, dialect, indent)).join(`\n${indent}UNION ALL\n`);
}

function printSelect(select: SelectQuery, dialect: SqlDialect, indent: string): string {
  const e = (expr: Expr) => printExpr(expr, dialect);
  const lines: string[] = [];
  let head = 'SELECT';
  if (select.distinct) head += ' DISTINCT';
  if (select.limit !== undefined && dialect.limit === 'top') head += ` TOP ${select.limit}`;
  lines.push(head);
  select.items.forEach((item, index) => {
    const comma = index < select.items.length - 1 ? ',' : '';
    lines.push(`  ${e(item.expr)} AS ${dialect.alias(item.alias)}${comma}`);
  });
  lines.push(`FROM ${printRelation(select.from, dialect)}`);
  for (const join of select.joins) {
    const keyword = { LEFT: 'LEFT JOIN', INNER: 'INNER JOIN', CROSS: 'CROSS JOIN' }[join.type];
    lines.push(`${keyword} ${printRelation(join.relation, dialect)}${join.on ? ` ON ${e(join.on)}` : ''}`);
  }
  if (select.where.length > 0) lines.push(conditions('WHERE', select.where, e));
  if (select.groupBy.length > 0) lines.push(`GROUP BY ${select.groupBy.map(e).join(', ')}`);
  if (select.having.length > 0) lines.push(conditions('HAVING', select.having, e));
  if (select.orderBy.length > 0)
    lines.push(`ORDER BY ${select.orderBy.map((o) => orderItem(o, dialect)).join(', ')}`);
  if (select.limit !== undefined && dialect.limit === 'limit') lines.push(`LIMIT ${select.limit}`);
  return lines.map((line) => indent + line.replace(/\n/g, `\n${indent}`)).join('\n');
}

/** Each condition in its own parentheses, so `a OR b` can never capture a neighbour. */
function conditions(keyword: string, exprs: Expr[], e: (expr: Expr) => string): string {
  return exprs.map((expr, index) => `${index === 0 ? keyword : '  AND'} (${e(expr)})`).join('\n');
}

function orderItem(order: OrderSpec, dialect: SqlDialect): string {
  const name = dialect.alias(order.output);
  const direction = order.desc ? ' DESC' : '';
  switch (dialect.nullsLast) {
    case 'native':
      return `${name}${direction} NULLS LAST`;
    case 'is-null':
      // The expression, not the alias: MySQL resolves names inside ORDER BY expressions against
      // the FROM tables (an ambiguous `name`) and refuses aliases of aggregates there.
      return `(${printExpr(order.expr, dialect)}) IS NULL, ${name}${direction}`;
    case 'case':
      return `CASE WHEN ${printExpr(order.expr, dialect)} IS NULL THEN 1 ELSE 0 END, ${name}${direction}`;
  }
}

function printRelation(relation: Relation, dialect: SqlDialect): string {
  switch (relation.kind) {
    case 'cte':
      return dialect.alias(relation.name);
    case 'table': {
      const alias = dialect.alias(relation.alias);
      return relation.sql === alias ? alias : `${relation.sql} AS ${alias}`;
    }
    case 'derived': {
      if (relation.hasWith && !dialect.withInDerivedTable) {
        throw semanticError(
          'sl_unsupported_in_dialect',
          `Source "${relation.alias}" is a sql: query starting with WITH, which ${dialect.label} does not allow inside a derived table.`,
          {
            hint: 'Rewrite the source SQL without WITH (use subqueries), or expose it as a view and use `table:`.',
          },
        );
      }
      // Relative indentation: printSelect indents every line of the clause it sits in.
      const body = relation.sql
        .split('\n')
        .map((line) => `  ${line}`)
        .join('\n');
      return `(\n${body}\n) AS ${dialect.alias(relation.alias)}`;
    }
  }
}
