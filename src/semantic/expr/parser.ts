import type { Expr, ExprOf, FuncArg, Ident, OrderItem } from './ast.js';
import { describe, TokenCursor } from './cursor.js';
import {
  ARG_SEPARATORS,
  COMPARISON,
  DATE_PARTS,
  LIKE_OPS,
  NILADIC,
  OTHER_OPS,
  RESERVED,
  TYPE_CONTINUATIONS,
} from './keywords.js';
import { ExprSyntaxError, type LexicalRules, type Token } from './tokens.js';

export { DATE_PARTS } from './keywords.js';

/**
 * A recursive-descent parser for SQL expression fragments. It covers what people write in
 * measures, filters and join conditions across dialects (operators incl. `::` and `||`, CASE,
 * CAST, IN, BETWEEN, LIKE/ILIKE, IS [NOT] NULL, function calls with DISTINCT/ORDER BY/FILTER/
 * WITHIN GROUP, INTERVAL and typed literals, EXTRACT-style keyword arguments). Subqueries and
 * window specifications are kept as opaque balanced text.
 *
 * Why our own parser: sqlparser-ts parses but cannot print a modified tree, and printing back in
 * the user's own dialect (their casing, their functions, their quotes) matters more here than a
 * full SQL grammar.
 */

class Parser extends TokenCursor {
  parseAll(): Expr {
    if (this.peek().type === 'eof') throw new ExprSyntaxError('empty expression', 0);
    const expr = this.expr();
    const rest = this.peek();
    if (rest.type !== 'eof') throw this.error(`unexpected ${describe(rest)}`, rest);
    return expr;
  }

  // ---- grammar, lowest precedence first ----
  private expr(): Expr {
    let left = this.and();
    while (this.acceptWord('OR')) left = { kind: 'binary', op: 'OR', left, right: this.and() };
    return left;
  }

  private and(): Expr {
    let left = this.not();
    while (this.acceptWord('AND')) left = { kind: 'binary', op: 'AND', left, right: this.not() };
    return left;
  }

  private not(): Expr {
    if (this.isWord('NOT') && !this.isWord('EXISTS', 1)) {
      this.pos++;
      return { kind: 'unary', op: 'NOT', operand: this.not() };
    }
    return this.predicate();
  }

  private predicate(): Expr {
    let left = this.other();
    for (;;) {
      const token = this.peek();
      if (token.type === 'op' && COMPARISON.has(token.value)) {
        this.pos++;
        left = { kind: 'binary', op: token.value, left, right: this.other() };
        continue;
      }
      if (this.acceptWord('IS')) {
        const not = this.acceptWord('NOT');
        if (this.acceptWord('DISTINCT')) {
          this.expectWord('FROM');
          left = { kind: 'distinctFrom', left, right: this.other(), not };
          continue;
        }
        const value = this.next();
        const word = value.type === 'ident' && !value.quoted ? value.value.toUpperCase() : '';
        if (!['NULL', 'TRUE', 'FALSE', 'UNKNOWN'].includes(word)) {
          throw this.error(`expected NULL, TRUE, FALSE or DISTINCT FROM after IS`, value);
        }
        left = { kind: 'is', operand: left, not, value: word };
        continue;
      }
      const not = this.isWord('NOT') && ['IN', 'BETWEEN', ...LIKE_OPS].some((word) => this.isWord(word, 1));
      if (not) this.pos++;
      if (this.acceptWord('IN')) {
        left = this.inList(left, not);
        continue;
      }
      if (this.acceptWord('BETWEEN')) {
        this.acceptWord('SYMMETRIC');
        const low = this.other();
        this.expectWord('AND');
        left = { kind: 'between', operand: left, not, low, high: this.other() };
        continue;
      }
      const likeWord = [...LIKE_OPS].find((word) => this.isWord(word));
      if (likeWord) {
        this.pos++;
        let op = likeWord;
        if (likeWord === 'SIMILAR') {
          this.expectWord('TO');
          op = 'SIMILAR TO';
        }
        const pattern = this.other();
        const escapeExpr = this.acceptWord('ESCAPE') ? this.other() : undefined;
        left = {
          kind: 'like',
          operand: left,
          not,
          op,
          pattern,
          ...(escapeExpr ? { escape: escapeExpr } : {}),
        };
        continue;
      }
      if (not) throw this.error('expected IN, BETWEEN or LIKE after NOT');
      return left;
    }
  }

  private inList(operand: Expr, not: boolean): Expr {
    if (!this.isPunct('(')) throw this.error('expected "(" after IN');
    if (this.isWord('SELECT', 1) || this.isWord('WITH', 1)) {
      return { kind: 'inSubquery', operand, not, subquery: this.subquery() };
    }
    this.pos++;
    const list: Expr[] = [];
    if (!this.isPunct(')')) {
      do list.push(this.expr());
      while (this.isPunct(',') && this.next());
    }
    this.expectPunct(')');
    return { kind: 'in', operand, not, list };
  }

  private other(): Expr {
    let left = this.additive();
    for (;;) {
      const token = this.peek();
      if (token.type !== 'op' || !OTHER_OPS.has(token.value)) return left;
      this.pos++;
      left = { kind: 'binary', op: token.value, left, right: this.additive() };
    }
  }

  private additive(): Expr {
    let left = this.multiplicative();
    while (this.isOp('+') || this.isOp('-')) {
      const op = this.next().value;
      left = { kind: 'binary', op, left, right: this.multiplicative() };
    }
    return left;
  }

  private multiplicative(): Expr {
    let left = this.unary();
    for (;;) {
      if (this.isOp('*') || this.isOp('/') || this.isOp('%')) {
        const op = this.next().value;
        left = { kind: 'binary', op, left, right: this.unary() };
      } else if (this.isWord('DIV') || this.isWord('MOD')) {
        const op = this.next().value.toUpperCase();
        left = { kind: 'binary', op, left, right: this.unary() };
      } else {
        return left;
      }
    }
  }

  private unary(): Expr {
    if (this.isOp('-') || this.isOp('+') || this.isOp('~')) {
      const op = this.next().value;
      return { kind: 'unary', op, operand: this.unary() };
    }
    return this.postfix(this.primary());
  }

  private postfix(base: Expr): Expr {
    let expr = base;
    for (;;) {
      if (this.isOp('::')) {
        this.pos++;
        expr = { kind: 'pgcast', expr, type: this.typeName() };
      } else if (this.isPunct('[')) {
        this.pos++;
        const parts: Expr[] = [this.expr()];
        while (this.isPunct(':') && this.next()) parts.push(this.expr());
        this.expectPunct(']');
        expr = { kind: 'subscript', expr, parts };
      } else if (this.acceptWord('COLLATE')) {
        expr = { kind: 'collate', expr, collation: this.next().raw };
      } else {
        return expr;
      }
    }
  }

  /** A type name after `::` or `AS`: words, an optional `(…)`, then `[]` suffixes. */
  private typeName(): string {
    const first = this.next();
    if (first.type !== 'ident') throw this.error(`expected a type name but found ${describe(first)}`, first);
    let end = first.end;
    while (this.peek().type === 'ident' && TYPE_CONTINUATIONS.has(this.peek().value.toUpperCase())) {
      end = this.next().end;
    }
    if (this.isPunct('(')) {
      const start = this.peek().start;
      end = start + this.balanced().length;
    }
    if (this.isOp('<')) {
      // BigQuery/ClickHouse parameterised types: ARRAY<INT64>, STRUCT<a INT64>.
      let depth = 0;
      do {
        const token = this.next();
        if (token.type === 'eof') throw this.error('unterminated type parameters');
        if (token.value === '<') depth++;
        if (token.value === '>') depth--;
        if (token.value === '>>') depth -= 2;
        end = token.end;
      } while (depth > 0);
    }
    while (this.isPunct('[') && this.isPunct(']', 1)) {
      this.pos += 2;
      end = this.tokens[this.pos - 1]!.end;
    }
    return this.text.slice(first.start, end);
  }

  private primary(): Expr {
    const token = this.peek();
    if (token.type === 'number') {
      this.pos++;
      return { kind: 'literal', type: 'number', raw: token.raw };
    }
    if (token.type === 'string') {
      this.pos++;
      return { kind: 'literal', type: 'string', raw: token.raw };
    }
    if (token.type === 'punct' && token.value === '(') return this.parenthesised();
    if (token.type === 'punct' && token.value === '[') {
      this.pos++;
      return { kind: 'array', prefix: '', items: this.listUntil(']') };
    }
    if (token.type !== 'ident') throw this.error(`unexpected ${describe(token)}`, token);
    const word = token.quoted ? '' : token.value.toUpperCase();
    switch (word) {
      case 'NULL':
        this.pos++;
        return { kind: 'literal', type: 'null', raw: token.raw };
      case 'TRUE':
      case 'FALSE':
        this.pos++;
        return { kind: 'literal', type: 'boolean', raw: token.raw };
      case 'CASE':
        return this.caseExpr();
      case 'EXISTS':
        this.pos++;
        return { kind: 'exists', not: false, subquery: this.subqueryText() };
      case 'NOT':
        if (this.isWord('EXISTS', 1)) {
          this.pos += 2;
          return { kind: 'exists', not: true, subquery: this.subqueryText() };
        }
        break;
      case 'INTERVAL':
        return this.interval();
      case 'ARRAY':
        if (this.isPunct('[', 1)) {
          this.pos += 2;
          return { kind: 'array', prefix: token.raw, items: this.listUntil(']') };
        }
        break;
      case 'CAST':
      case 'TRY_CAST':
      case 'SAFE_CAST':
        if (this.isPunct('(', 1)) return this.cast();
        break;
    }
    if (RESERVED.has(word)) throw this.error(`unexpected keyword ${word}`, token);
    if (NILADIC.has(word) && !this.isPunct('(', 1)) {
      this.pos++;
      return { kind: 'keyword', raw: token.raw };
    }
    if (this.peek(1).type === 'string' && !token.quoted) {
      this.pos += 2;
      return { kind: 'typed', type: token.raw, value: this.tokens[this.pos - 1]!.raw };
    }
    const parts: Ident[] = [this.identOf(this.next())];
    while (this.isPunct('.')) {
      this.pos++;
      const part = this.next();
      if (part.type === 'op' && part.value === '*') return { kind: 'star', qualifier: parts };
      if (part.type !== 'ident')
        throw this.error(`expected a name after "." but found ${describe(part)}`, part);
      parts.push(this.identOf(part));
    }
    if (this.isPunct('(')) return this.functionCall(parts);
    return { kind: 'column', parts };
  }

  private identOf(token: Token): Ident {
    return { name: token.value, quoted: token.quoted, raw: token.raw };
  }

  private parenthesised(): Expr {
    if (this.isWord('SELECT', 1) || this.isWord('WITH', 1)) return { kind: 'subquery', raw: this.subquery() };
    this.pos++;
    const items = this.listUntil(')');
    if (items.length === 0) throw this.error('empty parentheses');
    return items.length === 1 ? { kind: 'paren', expr: items[0]! } : { kind: 'tuple', items };
  }

  private listUntil(close: string): Expr[] {
    const items: Expr[] = [];
    if (!this.isPunct(close)) {
      do items.push(this.expr());
      while (this.isPunct(',') && this.next());
    }
    this.expectPunct(close);
    return items;
  }

  private subqueryText(): string {
    if (!this.isPunct('(') || !(this.isWord('SELECT', 1) || this.isWord('WITH', 1))) {
      throw this.error('expected a subquery "(SELECT …)"');
    }
    return this.subquery();
  }

  private caseExpr(): Expr {
    this.pos++;
    const operand = this.isWord('WHEN') ? undefined : this.expr();
    const whens: Array<{ when: Expr; result: Expr }> = [];
    while (this.acceptWord('WHEN')) {
      const when = this.expr();
      this.expectWord('THEN');
      whens.push({ when, result: this.expr() });
    }
    if (whens.length === 0) throw this.error('CASE needs at least one WHEN … THEN …');
    const otherwise = this.acceptWord('ELSE') ? this.expr() : undefined;
    this.expectWord('END');
    return {
      kind: 'case',
      ...(operand ? { operand } : {}),
      whens,
      ...(otherwise ? { else: otherwise } : {}),
    };
  }

  private cast(): Expr {
    const fn = this.next().raw;
    this.expectPunct('(');
    const expr = this.expr();
    this.expectWord('AS');
    const type = this.typeName();
    this.expectPunct(')');
    return { kind: 'cast', fn, expr, type };
  }

  private interval(): Expr {
    this.pos++;
    const value = this.isOp('-') ? this.unary() : this.primary();
    let unit: string | undefined;
    const token = this.peek();
    if (token.type === 'ident' && !token.quoted && DATE_PARTS.has(token.value.toUpperCase())) {
      this.pos++;
      unit = token.raw;
      if (this.acceptWord('TO')) unit += ` TO ${this.next().raw}`;
    }
    return { kind: 'interval', value, ...(unit ? { unit } : {}) };
  }

  private functionCall(name: Ident[]): Expr {
    this.expectPunct('(');
    const node: ExprOf<'func'> = { kind: 'func', name, distinct: false, args: [] };
    if (this.acceptWord('DISTINCT')) node.distinct = true;
    else this.acceptWord('ALL');
    let sep = '';
    while (!this.isPunct(')')) {
      if (this.isWord('ORDER') && this.isWord('BY', 1)) {
        this.pos += 2;
        node.orderBy = this.orderItems();
        continue;
      }
      if (this.acceptWord('IGNORE') || this.acceptWord('RESPECT')) {
        this.expectWord('NULLS');
        continue;
      }
      if (sep === '' && name.length === 1 && name[0]!.name.toUpperCase() === 'POSITION' && !name[0]!.quoted) {
        // POSITION(a IN b): the IN is a separator here, not the IN predicate.
        node.args.push({ sep, expr: this.other() });
        this.expectWord('IN');
        sep = 'IN';
        continue;
      }
      if (this.isOp('*') && (this.isPunct(')', 1) || this.isPunct(',', 1))) {
        this.pos++;
        node.args.push({ sep, expr: { kind: 'star', qualifier: [] } });
      } else {
        node.args.push({ sep, expr: this.expr() } satisfies FuncArg);
      }
      const next = this.peek();
      if (this.isPunct(',')) {
        this.pos++;
        sep = ',';
      } else if (next.type === 'ident' && !next.quoted && ARG_SEPARATORS.has(next.value.toUpperCase())) {
        this.pos++;
        sep = next.value.toUpperCase();
      } else if (
        !this.isPunct(')') &&
        !this.isWord('ORDER') &&
        next.type !== 'eof' &&
        this.juxtaposedKeyword(node.args)
      ) {
        sep = ' ';
      } else if (
        !this.isPunct(')') &&
        !this.isWord('ORDER') &&
        !this.isWord('IGNORE') &&
        !this.isWord('RESPECT')
      ) {
        throw this.error(`expected "," or ")" in the arguments of ${name.map((p) => p.raw).join('.')}`);
      }
    }
    this.expectPunct(')');
    if (this.isWord('WITHIN') && this.isWord('GROUP', 1)) {
      this.pos += 2;
      this.expectPunct('(');
      this.expectWord('ORDER');
      this.expectWord('BY');
      node.withinGroup = this.orderItems();
      this.expectPunct(')');
    }
    if (this.isWord('FILTER') && this.isPunct('(', 1)) {
      this.pos += 2;
      this.expectWord('WHERE');
      node.filter = this.expr();
      this.expectPunct(')');
    }
    if (this.acceptWord('OVER')) {
      node.over = this.isPunct('(') ? this.balanced() : this.next().raw;
    }
    return node;
  }

  /** `TRIM(BOTH 'x' FROM y)`: a lone leading word followed by an expression becomes a keyword. */
  private juxtaposedKeyword(args: FuncArg[]): boolean {
    const last = args.at(-1)!;
    if (last.expr.kind !== 'column' || last.expr.parts.length !== 1 || last.expr.parts[0]!.quoted)
      return false;
    last.expr = { kind: 'keyword', raw: last.expr.parts[0]!.raw };
    return true;
  }

  private orderItems(): OrderItem[] {
    const items: OrderItem[] = [];
    do {
      const item: OrderItem = { expr: this.expr() };
      if (this.acceptWord('ASC')) item.direction = 'ASC';
      else if (this.acceptWord('DESC')) item.direction = 'DESC';
      if (this.acceptWord('NULLS')) {
        if (this.acceptWord('FIRST')) item.nulls = 'FIRST';
        else if (this.acceptWord('LAST')) item.nulls = 'LAST';
        else throw this.error('expected FIRST or LAST after NULLS');
      }
      items.push(item);
    } while (this.isPunct(',') && this.next());
    return items;
  }
}

/** Parses one expression; throws ExprSyntaxError (with an offset into `text`) when it is not valid. */
export function parseExpression(text: string, rules: LexicalRules): Expr {
  return new Parser(text, rules).parseAll();
}

/** "expected … at 12:\n    sum(amount\n              ^" — a one-line fragment with a caret. */
export function formatSyntaxError(text: string, error: ExprSyntaxError): string {
  const flat = text.replace(/\s/g, ' ');
  return `${error.message} (at character ${error.offset + 1})\n    ${flat}\n    ${' '.repeat(error.offset)}^`;
}
