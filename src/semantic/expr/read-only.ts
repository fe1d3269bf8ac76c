import { type LexicalRules, tokenize } from './tokens.js';

/**
 * A lexical read-only check for SQL that ktx embeds verbatim (`sql:` sources, subqueries inside
 * fragments). The connectors' read-only sessions are the real guard; this one rejects obvious
 * attempts (a second statement, a data-changing keyword) before any SQL is printed.
 */

const FORBIDDEN = new Set([
  'INSERT',
  'UPDATE',
  'DELETE',
  'MERGE',
  'UPSERT',
  'REPLACE',
  'DROP',
  'ALTER',
  'CREATE',
  'TRUNCATE',
  'GRANT',
  'REVOKE',
  'COPY',
  'CALL',
  'EXEC',
  'EXECUTE',
  'ATTACH',
  'DETACH',
  'PRAGMA',
  'VACUUM',
  'SET',
]);

/** The reason `text` is not a single read-only query, or undefined when it looks fine. */
export function readOnlyProblem(text: string, rules: LexicalRules): string | undefined {
  const tokens = tokenize(text, rules);
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    if (token.type === 'punct' && token.value === ';') {
      return 'it contains ";" (only one statement is allowed)';
    }
    // REPLACE() is also a string function: only a keyword when not called.
    const word = token.type === 'ident' && !token.quoted ? token.value.toUpperCase() : '';
    const called = tokens[i + 1]?.type === 'punct' && tokens[i + 1]?.value === '(';
    if (FORBIDDEN.has(word) && !(called && (word === 'REPLACE' || word === 'SET'))) {
      return `it contains ${word} (semantic SQL must only read)`;
    }
  }
  return undefined;
}
