import { readOnlyProblem } from './read-only.js';
import { ExprSyntaxError, type LexicalRules, type Token, tokenize } from './tokens.js';

/** Token navigation shared by the expression parser: lookahead, keyword matching, balanced groups. */

export function describe(token: Token): string {
  if (token.type === 'eof') return 'the end of the expression';
  return `"${token.raw}"`;
}

export class TokenCursor {
  protected pos = 0;
  protected readonly tokens: Token[];

  constructor(
    protected readonly text: string,
    protected readonly rules: LexicalRules,
  ) {
    this.tokens = tokenize(text, rules);
  }

  protected peek(offset = 0): Token {
    return this.tokens[Math.min(this.pos + offset, this.tokens.length - 1)]!;
  }
  protected next(): Token {
    const token = this.peek();
    if (token.type !== 'eof') this.pos++;
    return token;
  }
  protected isWord(word: string, offset = 0): boolean {
    const token = this.peek(offset);
    return token.type === 'ident' && !token.quoted && token.value.toUpperCase() === word;
  }
  protected acceptWord(word: string): boolean {
    if (!this.isWord(word)) return false;
    this.pos++;
    return true;
  }
  protected expectWord(word: string): void {
    if (!this.acceptWord(word)) throw this.error(`expected ${word} but found ${describe(this.peek())}`);
  }
  protected isPunct(value: string, offset = 0): boolean {
    const token = this.peek(offset);
    return token.type === 'punct' && token.value === value;
  }
  protected isOp(value: string): boolean {
    const token = this.peek();
    return token.type === 'op' && token.value === value;
  }
  protected expectPunct(value: string): Token {
    if (!this.isPunct(value)) throw this.error(`expected "${value}" but found ${describe(this.peek())}`);
    return this.next();
  }
  protected error(message: string, token: Token = this.peek()): ExprSyntaxError {
    return new ExprSyntaxError(message, token.start);
  }

  /** A subquery kept as text: balanced, single-statement and read-only. */
  protected subquery(): string {
    const start = this.peek();
    const text = this.balanced();
    const problem = readOnlyProblem(text, this.rules);
    if (problem) throw new ExprSyntaxError(`subquery rejected: ${problem}`, start.start);
    return text;
  }

  /** Consumes a balanced `( … )` group and returns its text, parentheses included. */
  protected balanced(): string {
    const open = this.expectPunct('(');
    let depth = 1;
    while (depth > 0) {
      const token = this.next();
      if (token.type === 'eof') throw this.error('unbalanced parentheses: missing ")"', open);
      if (token.type === 'punct' && token.value === '(') depth++;
      if (token.type === 'punct' && token.value === ')') depth--;
    }
    return this.text.slice(open.start, this.tokens[this.pos - 1]!.end);
  }
}
