/**
 * A tokenizer for SQL expression fragments that knows each dialect's lexical rules (identifier
 * quotes, string escapes, comments). Tokens remember their source span so errors can point at
 * the exact character and opaque groups (subqueries, window specs) can be kept verbatim.
 */

export interface LexicalRules {
  /** Characters that open a quoted identifier. */
  identifierQuotes: ReadonlyArray<'"' | '`' | '['>;
  /** `"…"` is a string literal (MySQL, BigQuery) rather than an identifier. */
  doubleQuotedStrings: boolean;
  /** Backslash escapes inside quoted strings (MySQL, BigQuery, Snowflake, ClickHouse). */
  backslashEscapes: boolean;
  /** `# comment` (MySQL). */
  hashComments: boolean;
  /** `$$…$$` / `$tag$…$tag$` strings (PostgreSQL, DuckDB, Snowflake). */
  dollarQuotes: boolean;
}

export type TokenType = 'ident' | 'string' | 'number' | 'op' | 'punct' | 'eof';

export interface Token {
  type: TokenType;
  /** Identifiers: the unquoted name; everything else: the text as written. */
  value: string;
  raw: string;
  quoted: boolean;
  start: number;
  end: number;
}

export class ExprSyntaxError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
    this.name = 'ExprSyntaxError';
  }
}

// Longest first so `<=>` wins over `<=` and `!~*` over `!~`.
const OPERATORS = [
  '<=>',
  '!~*',
  '->>',
  '#>>',
  '::',
  '<=',
  '>=',
  '<>',
  '!=',
  '==',
  '||',
  '->',
  '#>',
  '@>',
  '<@',
  '&&',
  '~*',
  '!~',
  '<<',
  '>>',
  '=',
  '<',
  '>',
  '+',
  '-',
  '*',
  '/',
  '%',
  '~',
  '&',
  '|',
  '^',
];

const PUNCT = new Set(['(', ')', ',', '.', '[', ']', ';', ':']);

function isIdentStart(char: string): boolean {
  return /[A-Za-z_\u00C0-\uFFFF]/.test(char);
}

function isIdentPart(char: string): boolean {
  return /[A-Za-z0-9_$\u00C0-\uFFFF]/.test(char);
}

export function tokenize(text: string, rules: LexicalRules): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  const push = (type: TokenType, start: number, end: number, value?: string, quoted = false) => {
    const raw = text.slice(start, end);
    tokens.push({ type, value: value ?? raw, raw, quoted, start, end });
  };

  /** Scans a quoted run closed by `close`; doubling the quote escapes it, and so does `\` where allowed. */
  const quoted = (start: number, open: number, close: string, backslash: boolean): number => {
    let j = start + open;
    while (j < text.length) {
      const char = text[j]!;
      if (backslash && char === '\\') {
        j += 2;
        continue;
      }
      if (text.startsWith(close, j)) {
        if (close.length === 1 && text[j + 1] === close) {
          j += 2;
          continue;
        }
        return j + close.length;
      }
      j++;
    }
    throw new ExprSyntaxError(`unterminated ${close === "'" ? 'string' : 'quoted name'}`, start);
  };

  while (i < text.length) {
    const char = text[i]!;
    const next = text[i + 1] ?? '';
    if (/\s/.test(char)) {
      i++;
      continue;
    }
    // Comments are dropped: a `--` comment would swallow the rest of the line once inlined.
    if ((char === '-' && next === '-') || (char === '#' && rules.hashComments)) {
      while (i < text.length && text[i] !== '\n') i++;
      continue;
    }
    if (char === '/' && next === '*') {
      const close = text.indexOf('*/', i + 2);
      if (close < 0) throw new ExprSyntaxError('unterminated comment', i);
      i = close + 2;
      continue;
    }
    // Prefixed strings: E'…' (escapes), N'…' (national), X'…'/B'…' (binary), r'…'/b'…' (BigQuery).
    if (/[EeNnXxBbRrUu]/.test(char) && next === "'") {
      const backslash = /[Ee]/.test(char) || (rules.backslashEscapes && !/[Rr]/.test(char));
      const end = quoted(i, 2, "'", backslash);
      push('string', i, end);
      i = end;
      continue;
    }
    if (char === "'" || (char === '"' && rules.doubleQuotedStrings)) {
      const triple = text.startsWith(char.repeat(3), i) && rules.doubleQuotedStrings;
      const end = triple
        ? quoted(i, 3, char.repeat(3), rules.backslashEscapes)
        : quoted(i, 1, char, rules.backslashEscapes);
      push('string', i, end);
      i = end;
      continue;
    }
    if (char === '$' && rules.dollarQuotes) {
      const tag = /^\$([A-Za-z_][A-Za-z0-9_]*)?\$/.exec(text.slice(i));
      if (tag) {
        const close = text.indexOf(tag[0], i + tag[0].length);
        if (close < 0) throw new ExprSyntaxError('unterminated dollar-quoted string', i);
        push('string', i, close + tag[0].length);
        i = close + tag[0].length;
        continue;
      }
    }
    const quote = rules.identifierQuotes.find((q) => q === char);
    if (quote) {
      const close = quote === '[' ? ']' : quote;
      const end = quoted(i, 1, close, false);
      const inner = text.slice(i + 1, end - 1);
      const name = close === ']' ? inner.replace(/]]/g, ']') : inner.split(close + close).join(close);
      if (name.length === 0) throw new ExprSyntaxError('empty quoted name', i);
      push('ident', i, end, name, true);
      i = end;
      continue;
    }
    if (/[0-9]/.test(char) || (char === '.' && /[0-9]/.test(next))) {
      const match = /^(0[xX][0-9A-Fa-f]+|(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?)/.exec(text.slice(i))!;
      const end = i + match[0].length;
      if (isIdentStart(text[end] ?? '')) {
        throw new ExprSyntaxError(`unexpected "${text[end]}" after the number ${match[0]}`, end);
      }
      push('number', i, end);
      i = end;
      continue;
    }
    if (isIdentStart(char)) {
      let end = i + 1;
      while (end < text.length && isIdentPart(text[end]!)) end++;
      push('ident', i, end);
      i = end;
      continue;
    }
    if (char === '?' || (char === '$' && /[0-9]/.test(next)) || (char === ':' && isIdentStart(next))) {
      throw new ExprSyntaxError('query parameters are not allowed in semantic expressions', i);
    }
    const op = OPERATORS.find((candidate) => text.startsWith(candidate, i));
    if (op) {
      push('op', i, i + op.length);
      i += op.length;
      continue;
    }
    if (PUNCT.has(char)) {
      push('punct', i, i + 1);
      i++;
      continue;
    }
    throw new ExprSyntaxError(`unexpected character "${char}"`, i);
  }
  tokens.push({ type: 'eof', value: '', raw: '', quoted: false, start: text.length, end: text.length });
  return tokens;
}
