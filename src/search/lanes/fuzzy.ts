import { type Concept, isFuzzy } from '../query/analyse.js';
import type { Vocabulary } from '../query/vocabulary.js';
import { OVERLAP_CANDIDATES, OVERLAP_FIELD_SHARE } from '../tuning.js';
import { lexicalCandidates, retrieveRanked } from './retrieval.js';
import { prepared } from './sql.js';
import type { LaneContext, LaneHit } from './types.js';

/**
 * The fuzzy / token-overlap lane. Candidates are the lexical ranking plus documents reached
 * through typo corrections and expanded abbreviations; they are ranked by how much of the query
 * they cover — each concept counts once, weighted by its rarity (idf) and by the best field it
 * appears in — rather than by term frequency. Documents whose whole name is spelled by the query
 * get a bonus: "customer count" is the measure `customer_count`.
 */

interface Row {
  rowid: number;
  name_ids: Buffer;
  summary_ids: Buffer;
  body_ids: Buffer;
}

function ids(blob: Buffer): Int32Array {
  if (blob.byteOffset % 4 === 0) return new Int32Array(blob.buffer, blob.byteOffset, blob.byteLength / 4);
  return new Int32Array(Uint8Array.from(blob).buffer);
}

function has(sorted: Int32Array, id: number): boolean {
  let lo = 0;
  let hi = sorted.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const value = sorted[mid]!;
    if (value === id) return true;
    if (value < id) lo = mid + 1;
    else hi = mid - 1;
  }
  return false;
}

interface CompiledVariant {
  ids: number[];
  weight: number;
}

interface CompiledConcept {
  surface: string;
  idf: number;
  variants: CompiledVariant[];
}

function compile(concepts: Concept[], vocabulary: Vocabulary): CompiledConcept[] {
  return concepts.map((concept) => ({
    surface: concept.surface,
    idf: concept.idf,
    variants: concept.variants
      .map((variant) => ({
        ids: variant.terms.map((term) => vocabulary.termId(term)),
        weight: variant.weight,
      }))
      .filter((variant) => variant.ids.every((id) => id >= 0)),
  }));
}

const SHARES = [OVERLAP_FIELD_SHARE.name, OVERLAP_FIELD_SHARE.summary, OVERLAP_FIELD_SHARE.body];

function scoreRow(row: Row, concepts: CompiledConcept[], totalIdf: number, exactIds: Set<number>) {
  const fields = [ids(row.name_ids), ids(row.summary_ids), ids(row.body_ids)];
  const name = fields[0]!;
  let covered = 0;
  const matched: string[] = [];
  const nameHits = new Set<number>();
  for (const concept of concepts) {
    let best = 0;
    let bestIds: number[] | undefined;
    for (const variant of concept.variants) {
      for (let f = 0; f < fields.length; f++) {
        const value = variant.weight * SHARES[f]!;
        if (value <= best) break;
        if (variant.ids.every((id) => has(fields[f]!, id))) {
          best = value;
          bestIds = variant.ids;
          break;
        }
      }
    }
    if (!bestIds) continue;
    covered += concept.idf * best;
    matched.push(concept.surface);
    for (const id of bestIds) if (has(name, id)) nameHits.add(id);
  }
  const coverage = covered / totalIdf;
  const nameCoverage = name.length ? nameHits.size / name.length : 0;
  // The query spells the document's whole name ("customer_count", "exchange rates").
  const exactName =
    name.length > 0 &&
    nameCoverage === 1 &&
    exactIds.size === name.length &&
    [...name].every((id) => exactIds.has(id));
  return { score: coverage * (0.7 + 0.3 * nameCoverage) + (exactName ? 0.5 : 0), matched };
}

export function fuzzyLane(ctx: LaneContext): LaneHit[] | string {
  const concepts = ctx.query.concepts;
  if (concepts.length === 0) return 'no_terms';
  // Candidates: the lexical ranking, plus documents reached through typo and abbreviation variants.
  const candidates = lexicalCandidates(ctx).slice(0, OVERLAP_CANDIDATES);
  if (concepts.some((concept) => concept.variants.some(isFuzzy))) {
    const seen = new Set(candidates);
    for (const rowid of retrieveRanked(
      ctx,
      concepts.map((concept) => concept.variants),
      OVERLAP_CANDIDATES,
    )) {
      if (!seen.has(rowid)) candidates.push(rowid);
    }
  }
  if (candidates.length === 0) return [];
  const rows = prepared(
    ctx.db,
    'SELECT rowid, name_ids, summary_ids, body_ids FROM docs WHERE rowid IN (SELECT value FROM json_each(?))',
  ).all(JSON.stringify(candidates)) as Row[];
  const order = new Map(candidates.map((rowid, position) => [rowid, position]));
  const compiled = compile(concepts, ctx.vocabulary);
  const totalIdf = concepts.reduce((sum, concept) => sum + concept.idf, 0) || 1;
  const exactIds = new Set(
    concepts.flatMap((concept) => concept.variants[0]!.terms.map((t) => ctx.vocabulary.termId(t))),
  );
  return rows
    .map((row) => ({ row, position: order.get(row.rowid)!, ...scoreRow(row, compiled, totalIdf, exactIds) }))
    .filter((entry) => entry.score > 0)
    .sort((a, b) => b.score - a.score || a.position - b.position)
    .slice(0, ctx.pool)
    .map((entry) => ({ key: `doc:${entry.row.rowid}`, confidence: 1, matched: entry.matched }));
}
