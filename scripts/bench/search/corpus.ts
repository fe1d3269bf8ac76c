import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * A generated project of about 10,000 searchable documents for speed measurements: wiki pages
 * and semantic sources (each source yields one document per column, measure and segment) over a
 * Zipf-distributed vocabulary, from a fixed seed so every run indexes the same corpus.
 */

export function rng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const BASE =
  `account accounts active adoption amount annual api arr average balance billing booking budget campaign
cancel canceled capacity cart category channel charge churn client cohort commission contract conversion cost country
coupon credit currency customer daily dashboard deal debit default delivery demand department discount domain employee
engagement enterprise event expense feature fee finance fiscal forecast funnel growth headcount hourly income industry
inventory invoice lead ledger license line login margin market member merchant metric monthly mrr net onboarding order
owner partner payment payroll pipeline plan policy price priority product profit quarter quota rate refund region
renewal report retention revenue risk sales seat segment session shipment signup sku spend subscription supplier
support target tax team territory ticket tier time trial usage user vendor visit warehouse weekly yearly zone`
    .split(/\s+/)
    .filter(Boolean);

const SYLLABLES = [
  'ka',
  'lo',
  'mi',
  'ra',
  'ten',
  'vo',
  'shi',
  'por',
  'an',
  'el',
  'qu',
  'dre',
  'fa',
  'nu',
  'zen',
  'bi',
  'co',
  'gra',
  'stu',
  'ix',
];

export function vocabulary(size: number, random: () => number): string[] {
  const words = new Set(BASE);
  while (words.size < size) {
    const length = 2 + Math.floor(random() * 3);
    let word = '';
    for (let i = 0; i < length; i++) word += SYLLABLES[Math.floor(random() * SYLLABLES.length)];
    words.add(word);
  }
  return [...words];
}

/** Zipf-like pick: low indexes are frequent, the tail is long. */
export function zipfPicker(words: string[], random: () => number): () => string {
  return () => words[Math.min(words.length - 1, Math.floor(words.length * random() ** 2.2))]!;
}

function sentence(pick: () => string, count: number): string {
  return Array.from({ length: count }, pick).join(' ');
}

export interface CorpusShape {
  pages: number;
  sources: number;
  columnsPerSource: number;
  measuresPerSource: number;
}

/** Writes the corpus into `projectDir` (ktx.yaml, wiki/global, semantic-layer/bench). */
export function writeCorpus(projectDir: string, shape: CorpusShape, seed = 42): { words: string[] } {
  const random = rng(seed);
  const words = vocabulary(8000, random);
  const pick = zipfPicker(words, random);
  mkdirSync(join(projectDir, 'wiki', 'global'), { recursive: true });
  mkdirSync(join(projectDir, 'semantic-layer', 'bench'), { recursive: true });
  writeFileSync(join(projectDir, 'ktx.yaml'), 'version: 1\nproject:\n  name: bench\n');
  for (let i = 0; i < shape.pages; i++) {
    const key = `${pick()}-${pick()}-${i}`;
    const body = Array.from({ length: 3 + Math.floor(random() * 4) }, () =>
      sentence(pick, 30 + Math.floor(random() * 50)),
    ).join('\n\n');
    writeFileSync(
      join(projectDir, 'wiki', 'global', `${key}.md`),
      `---\nsummary: ${sentence(pick, 12)}\ntags: [${pick()}, ${pick()}]\n---\n# ${sentence(pick, 4)}\n\n${body}\n`,
    );
  }
  for (let s = 0; s < shape.sources; s++) {
    const name = `${pick()}_${pick()}_${s}`;
    const columns = Array.from(
      { length: shape.columnsPerSource },
      (_, c) => `  - name: ${pick()}_${pick()}_${c}\n    type: string\n    description: ${sentence(pick, 8)}`,
    );
    const measures = Array.from(
      { length: shape.measuresPerSource },
      (_, m) =>
        `  - name: ${pick()}_${pick()}_m${m}\n    expr: sum(${pick()})\n    description: ${sentence(pick, 10)}`,
    );
    writeFileSync(
      join(projectDir, 'semantic-layer', 'bench', `${name}.yaml`),
      `name: ${name}\ntable: ${name}\ndescription: ${sentence(pick, 20)}\ngrain: [id]\ncolumns:\n  - name: id\n    type: number\n${columns.join('\n')}\nmeasures:\n${measures.join('\n')}\nsegments:\n  - name: ${pick()}_seg\n    expr: ${pick()} = 1\n`,
    );
  }
  return { words };
}

/** Queries of one to four words, a fifth of them with a typo (two letters swapped). */
export function benchQueries(words: string[], count: number, seed = 7): string[] {
  const random = rng(seed);
  const pick = zipfPicker(words, random);
  return Array.from({ length: count }, () => {
    const terms = Array.from({ length: 1 + Math.floor(random() * 4) }, pick);
    if (random() < 0.2) {
      const i = Math.floor(random() * terms.length);
      const word = terms[i]!;
      if (word.length > 4) terms[i] = word.slice(0, 1) + word[2] + word[1] + word.slice(3);
    }
    return terms.join(' ');
  });
}
