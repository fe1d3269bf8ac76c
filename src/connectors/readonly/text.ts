import type { SqlComment } from './parser.js';

/** Text-level helpers of the read-only gate: invisible characters, positions, statement ends. */

/**
 * Characters a person cannot see but a lexer may treat as whitespace, part of a word, or a line
 * break: control characters (except tab/newline/CR), zero-width and bidi format characters,
 * non-ASCII spaces and line/paragraph separators. When the parser and the engine disagree on
 * one of these, the statement the engine runs is not the one the gate checked, so the gate
 * refuses them anywhere in the text (a string literal can use CHR()/escapes instead).
 */
const INVISIBLE =
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\p{Cf}\p{Zl}\p{Zp}\u00A0\u1680\u2000-\u200A\u202F\u205F\u3000\uFEFF]/u;

export interface InvisibleCharacter {
  codePoint: string;
  line: number;
  column: number;
}

export function findInvisibleCharacter(sql: string): InvisibleCharacter | undefined {
  const match = INVISIBLE.exec(sql);
  if (!match) return undefined;
  const before = sql.slice(0, match.index);
  const lines = before.split('\n');
  return {
    codePoint: `U+${match[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`,
    line: lines.length,
    column: [...lines.at(-1)!].length + 1,
  };
}

/**
 * Converts the parser's 1-based line/column (columns count Unicode code points) into a
 * JavaScript string index. Lines are split on `\n` like the parser's tokenizer does.
 */
export function offsetAt(sql: string, line: number, column: number): number {
  let index = 0;
  for (let current = 1; current < line; current++) {
    const next = sql.indexOf('\n', index);
    if (next < 0) return sql.length;
    index = next + 1;
  }
  for (let col = 1; col < column && index < sql.length; col++) {
    const code = sql.codePointAt(index)!;
    index += code > 0xffff ? 2 : 1;
  }
  return index;
}

/**
 * The statement text without what may follow it: whitespace, `;` and comments. Used to append
 * a LIMIT or wrap the statement without a trailing `-- comment` or `;` breaking the result.
 */
export function statementBody(sql: string, comments: SqlComment[]): string {
  const ranges = comments
    .map((comment) => ({
      start: offsetAt(sql, comment.startLine, comment.startColumn),
      end: offsetAt(sql, comment.endLine, comment.endColumn),
    }))
    .sort((a, b) => b.end - a.end);
  let end = sql.length;
  for (;;) {
    while (end > 0 && /[\s;]/.test(sql[end - 1]!)) end--;
    // A comment ending here (its reported end may stop before the line break it consumed).
    const comment = ranges.find((range) => range.end >= end && range.start < end);
    if (!comment) break;
    end = comment.start;
  }
  return sql.slice(0, end);
}
