import { stem } from './stem.js';
import { STOPWORDS } from './stopwords.js';

/**
 * One text pipeline for every lane, on both sides (documents and queries):
 *   identifiers split (snake_case, camelCase, kebab-case, dotted refs) → Unicode folding
 *   (NFKD, accents dropped) → lowercase → stop words dropped → Porter stems.
 * SQLite cannot host a JavaScript FTS5 tokenizer through better-sqlite3, so documents are stored
 * in FTS5 already analysed and the FTS tokenizer only splits on spaces.
 */

const CAMEL_LOWER_UPPER = /([\p{Ll}\p{N}])(\p{Lu})/gu;
const CAMEL_ACRONYM = /(\p{Lu}+)(\p{Lu}\p{Ll})/gu;
const COMBINING = /\p{M}+/gu;
const NON_WORD = /[^\p{L}\p{N}]+/u;
const NON_ASCII = /[^\x00-\x7f]/;

/** Case-folded, accent-free words of `text`, identifiers split. Stop words kept. */
export function words(text: string): string[] {
  if (!text) return [];
  const split = text.replace(CAMEL_LOWER_UPPER, '$1 $2').replace(CAMEL_ACRONYM, '$1 $2');
  // Unicode folding only when there is something to fold (most text is ASCII).
  const folded = NON_ASCII.test(split) ? split.normalize('NFKD').replace(COMBINING, '') : split;
  return folded
    .toLowerCase()
    .split(NON_WORD)
    .filter((word) => word.length > 0);
}

/** The words of `text` that carry meaning (stop words and one-letter tokens removed). */
export function contentWords(text: string): string[] {
  return words(text).filter((word) => !STOPWORDS.has(word) && (word.length > 1 || /\d/.test(word)));
}

/** Index terms of `text`: stems of its content words, in order (duplicates kept for bm25). */
export function terms(text: string): string[] {
  return contentWords(text).map(stem);
}

/** Space-joined terms, the form stored in FTS5 columns. */
export function analyse(text: string): string {
  return terms(text).join(' ');
}

/** Normalised literal for exact value matching: folded, lowercased, single-spaced. */
export function normaliseLiteral(text: string): string {
  return text.normalize('NFKD').replace(COMBINING, '').toLowerCase().replace(/\s+/g, ' ').trim();
}

/**
 * Key for literal values: words only, so "Acme Corp.", "acme corp" and "ACME  Corp" meet, and
 * "INV-000123" matches "inv 000123".
 */
export function literalKey(text: string): string {
  return words(text).join(' ');
}
