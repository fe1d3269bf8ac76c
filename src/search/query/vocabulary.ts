import type { Db } from '../index/db.js';
import { stem } from '../text/stem.js';
import { editDistance, isSubsequence } from './edit-distance.js';

/**
 * What the index knows about words: document frequencies of stems (from FTS5's own vocabulary),
 * the surface words seen (for typo and abbreviation matching), and acronyms learnt from the
 * corpus. Lookups are memoised until the index generation changes.
 */

export interface WordCandidate {
  word: string;
  stem: string;
  df: number;
  distance: number;
}

function trigramQuery(word: string): string | undefined {
  if (word.length < 3) return undefined;
  const grams = new Set<string>();
  for (let i = 0; i + 3 <= word.length; i++) grams.add(word.slice(i, i + 3));
  return [...grams].map((gram) => `"${gram.replace(/"/g, '""')}"`).join(' OR ');
}

/** Edits tolerated for a word of this length (three-letter words: see typoCandidates). */
export function maxEdits(length: number): number {
  if (length < 3) return 0;
  return length < 7 ? 1 : 2;
}

export class Vocabulary {
  private readonly dfCache = new Map<string, number>();
  private total: number | undefined;
  private readonly stmts;

  constructor(db: Db) {
    this.stmts = {
      df: db.prepare('SELECT doc FROM docs_vocab WHERE term = ?'),
      count: db.prepare('SELECT count(*) AS n FROM docs'),
      longs: db.prepare(
        'SELECT long, count(*) AS n FROM aliases WHERE short = ? GROUP BY long ORDER BY n DESC, long LIMIT 3',
      ),
      shorts: db.prepare(
        'SELECT short, count(*) AS n FROM aliases WHERE long = ? GROUP BY short ORDER BY n DESC, short LIMIT 2',
      ),
      trigram: db.prepare(
        `SELECT w.word, w.stem FROM words_tri t JOIN words w ON w.rowid = t.rowid
         WHERE words_tri MATCH ? ORDER BY rank LIMIT 60`,
      ),
      range: db.prepare('SELECT word, stem FROM words WHERE word >= ? AND word < ? LIMIT 5000'),
      short: db.prepare('SELECT word, stem FROM words WHERE length(word) = 3 LIMIT 5000'),
      termId: db.prepare('SELECT id FROM term_ids WHERE term = ?'),
    };
  }

  private readonly ids = new Map<string, number>();

  /** The id of a stem in the term dictionary, or -1 when no document ever contained it. */
  termId(term: string): number {
    let id = this.ids.get(term);
    if (id === undefined) {
      id = (this.stmts.termId.get(term) as { id: number } | undefined)?.id ?? -1;
      this.ids.set(term, id);
    }
    return id;
  }

  docCount(): number {
    this.total ??= (this.stmts.count.get() as { n: number }).n;
    return this.total;
  }

  /** Documents containing the stem. */
  df(term: string): number {
    let value = this.dfCache.get(term);
    if (value === undefined) {
      value = (this.stmts.df.get(term) as { doc: number } | undefined)?.doc ?? 0;
      this.dfCache.set(term, value);
    }
    return value;
  }

  /** Inverse document frequency (BM25 flavour, always positive). */
  idf(term: string): number {
    const n = this.docCount();
    const df = this.df(term);
    return Math.log(1 + (n - df + 0.5) / (df + 0.5));
  }

  /** Long forms the corpus gives for an acronym stem (`arr` → `annual recur revenu`). */
  expansionsOf(short: string): string[] {
    return (this.stmts.longs.all(short) as Array<{ long: string }>).map((row) => row.long);
  }

  /** Acronyms the corpus gives for a stemmed phrase. */
  acronymsOf(long: string): string[] {
    return (this.stmts.shorts.all(long) as Array<{ short: string }>).map((row) => row.short);
  }

  /** Known words within a few edits of `word` (a typo), closest and most frequent first. */
  typoCandidates(word: string): WordCandidate[] {
    const limit = maxEdits(word.length);
    const query = trigramQuery(word);
    if (limit === 0 || !query) return [];
    // A three-letter word shares no trigram with its misspellings: compare with all short words.
    const rows = (word.length === 3 ? this.stmts.short.all() : this.stmts.trigram.all(query)) as Array<{
      word: string;
      stem: string;
    }>;
    return (
      rows
        .map((row) => ({ ...row, distance: editDistance(word, row.word, limit), df: 0 }))
        // Three-letter words (often codes: mrr, sla) only match words of the same length.
        .filter(
          (row) => row.distance <= limit && row.word !== word && (word.length > 3 || row.word.length === 3),
        )
        .map((row) => ({ ...row, df: this.df(row.stem) }))
        .filter((row) => row.df > 0)
        .sort((a, b) => a.distance - b.distance || b.df - a.df)
        .slice(0, 3)
    );
  }

  /**
   * Known words `word` abbreviates: same first letter, letters in order, clearly longer
   * ("cust" → customer, "qty" → quantity, "acct" → account).
   */
  abbreviationCandidates(word: string): WordCandidate[] {
    if (word.length < 2 || word.length > 5 || !/^[a-z]+$/.test(word)) return [];
    const rows = this.stmts.range.all(word[0], String.fromCharCode(word.charCodeAt(0) + 1)) as Array<{
      word: string;
      stem: string;
    }>;
    const byStem = new Map<string, WordCandidate>();
    for (const { word: candidate, stem: candidateStem } of rows) {
      if (candidate.length < word.length + 2 || !isSubsequence(word, candidate)) continue;
      const df = this.df(candidateStem);
      if (df === 0) continue;
      const row = { word: candidate, stem: candidateStem, df };
      // A prefix ("cust" → customer) is a far stronger signal than scattered letters.
      const distance = row.word.startsWith(word) ? 0 : 1;
      const previous = byStem.get(row.stem);
      if (
        !previous ||
        distance < previous.distance ||
        (distance === previous.distance && row.df > previous.df)
      ) {
        byStem.set(row.stem, { ...row, distance });
      }
    }
    return [...byStem.values()].sort((a, b) => a.distance - b.distance || b.df - a.df).slice(0, 2);
  }

  /** "signup" → ["sign", "up"] when both halves are known words. */
  splitCompound(word: string): string[] | undefined {
    if (word.length < 6) return undefined;
    for (let i = 3; i <= word.length - 2; i++) {
      const left = word.slice(0, i);
      const right = word.slice(i);
      if (this.df(stem(left)) > 0 && this.df(stem(right)) > 0) return [stem(left), stem(right)];
    }
    return undefined;
  }
}
