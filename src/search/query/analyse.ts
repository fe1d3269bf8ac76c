import { stem } from '../text/stem.js';
import { QUERY_FILLER } from '../text/stopwords.js';
import { MAX_PHRASE_LENGTH, synonymsOf } from '../text/thesaurus.js';
import { contentWords } from '../text/tokenize.js';
import type { Vocabulary } from './vocabulary.js';

/**
 * Turns a query into concepts: each concept is one idea of the query ("churned", "annual
 * recurring revenue") with the index terms that express it — the stems themselves, thesaurus
 * synonyms, acronyms learnt from the corpus, and (for the fuzzy lane) typo corrections and
 * expanded abbreviations. Lanes decide which variants they use.
 */

export type VariantSource = 'exact' | 'synonym' | 'acronym' | 'typo' | 'abbreviation' | 'compound';

export interface Variant {
  /** Stems; more than one means a phrase. */
  terms: string[];
  /** How much a match on this variant is worth relative to the exact words (0..1). */
  weight: number;
  source: VariantSource;
}

export interface Concept {
  /** The query words this concept covers. */
  surface: string;
  variants: Variant[];
  /** Inverse document frequency of the concept (its best exact or fallback variant). */
  idf: number;
}

export interface AnalysedQuery {
  raw: string;
  concepts: Concept[];
}

const FUZZY_SOURCES = new Set<VariantSource>(['typo', 'abbreviation', 'compound']);

export function isFuzzy(variant: Variant): boolean {
  return FUZZY_SOURCES.has(variant.source);
}

function addVariant(concept: Concept, variant: Variant): void {
  const key = variant.terms.join(' ');
  const existing = concept.variants.find((v) => v.terms.join(' ') === key);
  if (existing) existing.weight = Math.max(existing.weight, variant.weight);
  else concept.variants.push(variant);
}

/** Query words that carry meaning: stop words and question filler removed (unless nothing is left). */
export function queryWords(raw: string): string[] {
  const content = contentWords(raw);
  const meaningful = content.filter((word) => !QUERY_FILLER.has(word));
  return meaningful.length > 0 ? meaningful : content;
}

function phraseConcept(
  words: string[],
  stems: string[],
  surface: string,
  vocabulary: Vocabulary,
): Concept | undefined {
  const key = stems.join(' ');
  const synonyms = stems.length <= MAX_PHRASE_LENGTH ? synonymsOf(stems) : [];
  const acronyms = vocabulary.acronymsOf(key);
  // Two words the corpus writes as one ("time zone" → timezone, "work flow" → workflow).
  const joined = words.length === 2 ? stem(words.join('')) : undefined;
  const compound = joined !== undefined && vocabulary.df(joined) > 0 ? joined : undefined;
  if (synonyms.length === 0 && acronyms.length === 0 && !compound) return undefined;
  const concept: Concept = { surface, variants: [{ terms: stems, weight: 1, source: 'exact' }], idf: 0 };
  if (compound) addVariant(concept, { terms: [compound], weight: 0.95, source: 'exact' });
  for (const short of acronyms) addVariant(concept, { terms: [short], weight: 0.95, source: 'acronym' });
  for (const synonym of synonyms) addVariant(concept, { terms: synonym, weight: 0.8, source: 'synonym' });
  return concept;
}

function wordConcept(word: string, vocabulary: Vocabulary, fuzzy: boolean): Concept {
  const base = stem(word);
  const concept: Concept = {
    surface: word,
    variants: [{ terms: [base], weight: 1, source: 'exact' }],
    idf: 0,
  };
  for (const long of vocabulary.expansionsOf(base)) {
    addVariant(concept, { terms: long.split(' '), weight: 0.95, source: 'acronym' });
  }
  for (const synonym of synonymsOf([base]))
    addVariant(concept, { terms: synonym, weight: 0.8, source: 'synonym' });
  if (fuzzy && vocabulary.df(base) === 0) {
    for (const candidate of vocabulary.abbreviationCandidates(word)) {
      addVariant(concept, {
        terms: [candidate.stem],
        weight: candidate.distance === 0 ? 0.8 : 0.7,
        source: 'abbreviation',
      });
    }
    for (const candidate of vocabulary.typoCandidates(word)) {
      addVariant(concept, {
        terms: [candidate.stem],
        weight: candidate.distance === 1 ? 0.8 : 0.65,
        source: 'typo',
      });
      // A corrected word brings its own synonyms and acronyms along.
      for (const synonym of synonymsOf([candidate.stem])) {
        addVariant(concept, { terms: synonym, weight: 0.55, source: 'typo' });
      }
      for (const long of vocabulary.expansionsOf(candidate.stem)) {
        addVariant(concept, { terms: long.split(' '), weight: 0.6, source: 'typo' });
      }
    }
    const split = vocabulary.splitCompound(word);
    if (split) addVariant(concept, { terms: split, weight: 0.8, source: 'compound' });
  }
  return concept;
}

const MAX_NGRAM = 5;

export function analyseQuery(
  raw: string,
  vocabulary: Vocabulary,
  options: { fuzzy: boolean },
): AnalysedQuery {
  const surface = queryWords(raw).slice(0, 32);
  const stems = surface.map(stem);
  const concepts: Concept[] = [];
  let i = 0;
  while (i < stems.length) {
    let matched: Concept | undefined;
    for (let n = Math.min(MAX_NGRAM, stems.length - i); n >= 2 && !matched; n--) {
      matched = phraseConcept(
        surface.slice(i, i + n),
        stems.slice(i, i + n),
        surface.slice(i, i + n).join(' '),
        vocabulary,
      );
      if (matched) i += n;
    }
    if (!matched) {
      matched = wordConcept(surface[i]!, vocabulary, options.fuzzy);
      i++;
    }
    concepts.push(matched);
  }
  // Repeated words add nothing; keep the first occurrence.
  const unique = concepts.filter(
    (concept, index) =>
      concepts.findIndex((c) => c.variants[0]!.terms.join(' ') === concept.variants[0]!.terms.join(' ')) ===
      index,
  );
  for (const concept of unique) {
    const exact = concept.variants[0]!;
    const known = exact.terms.every((term) => vocabulary.df(term) > 0);
    // An unknown word is as informative as the variant that stands in for it.
    const scored = known ? [exact] : concept.variants;
    concept.idf = Math.max(
      ...scored.map((variant) => Math.min(...variant.terms.map((term) => vocabulary.idf(term)))),
      0.1,
    );
  }
  return { raw, concepts: unique };
}
