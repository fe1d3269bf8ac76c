import { describe, expect, it } from 'vitest';
import { getDialect } from '../dialects/index.js';
import { type Expr, isAggregateCall } from './ast.js';
import { formatSyntaxError, parseExpression } from './parser.js';
import { printExpr, VERBATIM_HOOKS } from './printer.js';
import { ExprSyntaxError } from './tokens.js';
import { someNode } from './walk.js';

const pg = getDialect('postgres').lexical;
const roundTrip = (text: string, rules = pg) => printExpr(parseExpression(text, rules), VERBATIM_HOOKS);

describe('expression parser: round trips keep the dialect-native text', () => {
  const cases: Array<[string, string?]> = [
    ['sum(amount)'],
    ['count(*)'],
    ['COUNT(DISTINCT customer_id)'],
    ["status <> 'refunded'"],
    ["status != 'it''s'"],
    ['a + b * c - d / e % 2'],
    ['(a + b) * c'],
    ['-amount'],
    ['NOT is_test'],
    ['NOT (a = 1 OR b = 2)'],
    ['a = 1 AND (b = 2 OR c = 3)'],
    ['created_at::date'],
    ['amount::numeric(12, 2)', 'amount::numeric(12, 2)'],
    ['x::timestamp with time zone'],
    ["first_name || ' ' || last_name"],
    ['CASE WHEN a > 0 THEN 1 ELSE 0 END'],
    ["CASE status WHEN 'paid' THEN 1 WHEN 'open' THEN 2 END"],
    ['CAST(amount AS DECIMAL(10,2))'],
    ["x IN ('a', 'b', 'c')"],
    ['x NOT IN (1, 2)'],
    ['x BETWEEN 1 AND 10 AND y = 2'],
    ['x NOT BETWEEN a AND b'],
    ["name LIKE 'A%'"],
    ["name NOT ILIKE '%test%'"],
    ["name LIKE 'a!%' ESCAPE '!'"],
    ['deleted_at IS NULL'],
    ['deleted_at IS NOT NULL'],
    ['flag IS TRUE'],
    ['a IS NOT DISTINCT FROM b'],
    ['EXTRACT(MONTH FROM created_at)'],
    ['SUBSTRING(name FROM 1 FOR 3)'],
    ["TRIM(BOTH 'x' FROM name)"],
    ["POSITION('a' IN name)"],
    ["created_at >= CURRENT_DATE - INTERVAL '30 days'"],
    ['created_at >= CURRENT_DATE - INTERVAL 30 DAY'],
    ["created_at > TIMESTAMP '2024-01-01 00:00:00'"],
    ["DATE '2024-01-01'"],
    ["string_agg(name, ', ' ORDER BY name DESC NULLS LAST)"],
    ['PERCENTILE_CONT(0.5) WITHIN GROUP (ORDER BY amount)'],
    ["count(*) FILTER (WHERE status = 'paid')"],
    ['x IN (SELECT id FROM t WHERE y = (1))'],
    ['EXISTS (SELECT 1 FROM t)'],
    ['NOT EXISTS (SELECT 1 FROM t)'],
    ['"Weird Name" + "x""y"'],
    ['orders."Amount"'],
    ['tags[1]'],
    ['ARRAY[1, 2, 3]'],
    ["payload ->> 'id'"],
    ['coalesce(a, b, 0)'],
    ["E'it\\'s'"],
    ['$$dollar ) string$$'],
    ['1.5e3 + .5'],
    ['(a, b) IN ((1, 2), (3, 4))'],
    ['row_number() OVER (PARTITION BY a ORDER BY b)'],
    ['name COLLATE "C" = \'x\''],
  ];
  for (const [input, expected] of cases) {
    it(input, () => expect(roundTrip(input)).toBe(expected ?? input));
  }

  it('drops comments (an inlined `--` would swallow the rest of the query)', () => {
    expect(roundTrip('sum(amount) -- all of it\n + 1 /* one */')).toBe('sum(amount) + 1');
  });

  it('normalises whitespace and keyword case but not names or literals', () => {
    expect(roundTrip("  sum( Amount )   filter ( where Status = 'Paid' )")).toBe(
      "sum(Amount) FILTER (WHERE Status = 'Paid')",
    );
    expect(roundTrip('a and b or not c')).toBe('a AND b OR NOT c');
  });
});

describe('dialect lexical rules', () => {
  it('MySQL: backticks are names, double quotes and backslashes are strings', () => {
    const tree = parseExpression('`Order Status` = "it\\"s" # comment', getDialect('mysql').lexical);
    expect(tree).toMatchObject({
      kind: 'binary',
      left: { kind: 'column', parts: [{ name: 'Order Status', quoted: true }] },
      right: { kind: 'literal', type: 'string', raw: '"it\\"s"' },
    });
  });

  it('SQL Server: brackets are names', () => {
    const tree = parseExpression("[Order Id] = N'x'", getDialect('sqlserver').lexical);
    expect(tree).toMatchObject({ left: { parts: [{ name: 'Order Id', quoted: true, raw: '[Order Id]' }] } });
  });

  it('BigQuery: backtick paths and triple-quoted strings', () => {
    const rules = getDialect('bigquery').lexical;
    expect(printExpr(parseExpression("x = '''a'b'''", rules), VERBATIM_HOOKS)).toBe("x = '''a'b'''");
    expect(printExpr(parseExpression('DATE_TRUNC(created_at, MONTH)', rules), VERBATIM_HOOKS)).toBe(
      'DATE_TRUNC(created_at, MONTH)',
    );
    expect(printExpr(parseExpression('SAFE_CAST(x AS INT64)', rules), VERBATIM_HOOKS)).toBe(
      'SAFE_CAST(x AS INT64)',
    );
    expect(printExpr(parseExpression('CAST(x AS ARRAY<INT64>)', rules), VERBATIM_HOOKS)).toBe(
      'CAST(x AS ARRAY<INT64>)',
    );
  });

  it('Postgres: double quotes are names, not strings', () => {
    expect(parseExpression('"status" = \'x\'', pg)).toMatchObject({ left: { kind: 'column' } });
  });
});

describe('tree shape', () => {
  it('binds AND tighter than OR and BETWEEN keeps its own AND', () => {
    const tree = parseExpression('a = 1 OR b BETWEEN 1 AND 2 AND c', pg) as Extract<Expr, { kind: 'binary' }>;
    expect(tree.op).toBe('OR');
    expect(tree.right).toMatchObject({ kind: 'binary', op: 'AND', left: { kind: 'between' } });
  });

  it('recognises aggregates but not windowed calls', () => {
    expect(isAggregateCall(parseExpression('SUM(x)', pg))).toBe(true);
    expect(isAggregateCall(parseExpression('sum(x) over ()', pg))).toBe(false);
    expect(someNode(parseExpression('1 + max(a)', pg), isAggregateCall)).toBe(true);
  });

  it('keeps subqueries opaque', () => {
    const tree = parseExpression('id IN (SELECT customer_id FROM orders WHERE amount > 10)', pg);
    expect(tree).toMatchObject({
      kind: 'inSubquery',
      subquery: '(SELECT customer_id FROM orders WHERE amount > 10)',
    });
  });
});

describe('syntax errors point at the problem', () => {
  const bad: Array<[string, RegExp]> = [
    ['sum(amount', /expected "," or "\)"/],
    ['amount +', /unexpected the end/],
    ["status = 'open", /unterminated string/],
    ['a = = b', /unexpected "="/],
    ['CASE WHEN a THEN b', /expected END/],
    ['x IN 1', /expected "\(" after IN/],
    ['a b', /unexpected "b"/],
    ['id = ?', /parameters are not allowed/],
    ['', /empty expression/],
    ['1abc', /after the number/],
    ['select', /unexpected keyword SELECT/],
    ['id IN (SELECT id FROM t; DELETE FROM t)', /subquery rejected: it contains ";"/],
    [
      'EXISTS (WITH d AS (DELETE FROM t RETURNING *) SELECT 1 FROM d)',
      /subquery rejected: it contains DELETE/,
    ],
    ['x = 1; DROP TABLE t', /unexpected ";"/],
  ];
  for (const [input, pattern] of bad) {
    it(JSON.stringify(input), () => {
      let caught: unknown;
      try {
        parseExpression(input, pg);
      } catch (error) {
        caught = error;
      }
      expect(caught).toBeInstanceOf(ExprSyntaxError);
      expect((caught as Error).message).toMatch(pattern);
    });
  }

  it('formats a caret under the offending character', () => {
    try {
      parseExpression('sum(amount) + * 2', pg);
      expect.unreachable();
    } catch (error) {
      const text = formatSyntaxError('sum(amount) + * 2', error as ExprSyntaxError);
      expect(text).toContain('at character 15');
      expect(text.split('\n')[2]).toBe(`${' '.repeat(4 + 14)}^`);
    }
  });
});
