import { stem } from './stem.js';
import { STOPWORDS } from './stopwords.js';
import { contentWords } from './tokenize.js';

/**
 * Learns acronyms from the corpus itself instead of a hand-made list: "ARR (annual recurring
 * revenue)" in a page, or a measure named `mrr` described as "Monthly recurring revenue", teaches
 * the index that `arr` and "annual recurring revenue" are the same thing. Pairs are stored per
 * document, so they follow incremental indexing.
 */

export interface AcronymPair {
  /** Stem of the short form (`arr`). */
  short: string;
  /** Space-joined stems of the long form (`annual recur revenu`). */
  long: string;
}

const WINDOW = 12;
const MAX_LETTERS = 6;

/** Words (original case kept) of a text, for spotting ALL-CAPS acronyms. */
function rawTokens(text: string): string[] {
  return text.match(/[\p{L}\p{N}]+/gu) ?? [];
}

function isUpperAcronym(token: string): boolean {
  const core = token.endsWith('s') ? token.slice(0, -1) : token;
  return core.length >= 2 && core.length <= MAX_LETTERS && /^[A-Z]+$/.test(core);
}

/** The run of words starting at `start` whose initials spell `letters` (stop words may be skipped). */
function matchRun(words: string[], start: number, letters: string): string[] | undefined {
  const run: string[] = [];
  let k = 0;
  for (let j = start; j < words.length && k < letters.length; j++) {
    const word = words[j]!;
    if (word[0] === letters[k] && !(run.length === 0 && STOPWORDS.has(word))) {
      run.push(word);
      k++;
    } else if (!(run.length > 0 && STOPWORDS.has(word))) {
      return undefined;
    }
  }
  return k === letters.length ? run : undefined;
}

function findExpansion(words: string[], letters: string, from: number, to: number): string[] | undefined {
  for (let start = Math.max(0, from); start < Math.min(words.length, to); start++) {
    if (words[start] === letters) continue;
    const run = matchRun(words, start, letters);
    if (run && run.length >= 2 && !run.includes(letters)) return run;
  }
  return undefined;
}

/**
 * Acronym pairs defined in one document. `names` are the document's own identifiers (a measure
 * or page name): a name that is spelled out elsewhere in the document counts as an acronym.
 */
export function extractAcronyms(names: string[], text: string): AcronymPair[] {
  const tokens = rawTokens(text);
  const lower = tokens.map((token) => token.normalize('NFKD').toLowerCase());
  const found = new Map<string, AcronymPair>();
  const add = (letters: string, run: string[]) => {
    const long = run
      .filter((word) => !STOPWORDS.has(word))
      .map(stem)
      .join(' ');
    const short = stem(letters);
    if (long.split(' ').length >= 2) found.set(`${short}|${long}`, { short, long });
  };
  tokens.forEach((token, i) => {
    if (!isUpperAcronym(token)) return;
    const letters = (token.endsWith('s') && token.length > 2 ? token.slice(0, -1) : token).toLowerCase();
    const run = findExpansion(lower, letters, i - WINDOW, i + WINDOW);
    if (run) add(letters, run);
  });
  for (const name of names) {
    for (const letters of contentWords(name)) {
      if (letters.length < 2 || letters.length > 5 || !/^[a-z]+$/.test(letters)) continue;
      const run = findExpansion(lower, letters, 0, lower.length);
      if (run) add(letters, run);
    }
  }
  return [...found.values()];
}
