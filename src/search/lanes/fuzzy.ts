import type { Concept } from '../query/analyse.js';
import { docFilterSql } from '../query/filter.js';
import { FIELD_WEIGHTS, OVERLAP_CANDIDATES, OVERLAP_FIELD_SHARE } from '../tuning.js';
import { ftsAny, prepared } from './sql.js';
import type { LaneContext, LaneHit } from './types.js';

/**
 * The fuzzy / token-overlap lane. Candidates come from FTS with every variant (typo
 * corrections and expanded abbreviations included); they are then ranked by how much of the
 * query they cover — each concept counts once, weighted by its rarity (idf) and by the best
 * field it appears in — rather than by raw term frequency. Documents whose whole name is
 * spelled by the query get a bonus: "customer count" is the measure `customer_count`.
 */

interface Row {
  rowid: number;
  name_terms: string;
  summary_terms: string;
  body_terms: string;
}

function fieldShare(terms: string[], fields: Array<Set<string>>): number {
  const shares = [OVERLAP_FIELD_SHARE.name, OVERLAP_FIELD_SHARE.summary, OVERLAP_FIELD_SHARE.body];
  for (let i = 0; i < fields.length; i++) {
    if (terms.every((term) => fields[i]!.has(term))) return shares[i]!;
  }
  return 0;
}

function scoreRow(row: Row, concepts: Concept[], totalIdf: number, exactStems: Set<string>) {
  const name = new Set(row.name_terms.split(' ').filter(Boolean));
  const fields = [name, new Set(row.summary_terms.split(' ')), new Set(row.body_terms.split(' '))];
  let covered = 0;
  const matched: string[] = [];
  const nameHits = new Set<string>();
  for (const concept of concepts) {
    let best = 0;
    let bestTerms: string[] | undefined;
    for (const variant of concept.variants) {
      const value = variant.weight * fieldShare(variant.terms, fields);
      if (value > best) {
        best = value;
        bestTerms = variant.terms;
      }
    }
    if (!bestTerms) continue;
    covered += concept.idf * best;
    matched.push(concept.surface);
    for (const term of bestTerms) if (name.has(term)) nameHits.add(term);
  }
  const coverage = covered / totalIdf;
  const nameCoverage = name.size ? nameHits.size / name.size : 0;
  // The query spells the document's whole name ("customer_count", "exchange rates").
  const exactName =
    name.size > 0 &&
    nameCoverage === 1 &&
    exactStems.size === name.size &&
    [...name].every((t) => exactStems.has(t));
  return { score: coverage * (0.7 + 0.3 * nameCoverage) + (exactName ? 0.5 : 0), matched };
}

export function fuzzyLane(ctx: LaneContext): LaneHit[] | string {
  const concepts = ctx.query.concepts;
  const match = ftsAny(concepts.flatMap((concept) => concept.variants));
  if (!match) return 'no_terms';
  const { sql, params } = docFilterSql(ctx.filter);
  const { name, summary, body } = FIELD_WEIGHTS;
  const rows = prepared(
    ctx.db,
    `SELECT d.rowid AS rowid, d.name_terms, d.summary_terms, d.body_terms
     FROM docs_fts JOIN docs d ON d.rowid = docs_fts.rowid
     WHERE docs_fts MATCH @match AND ${sql}
     ORDER BY bm25(docs_fts, ${name}, ${summary}, ${body}) LIMIT @limit`,
  ).all({ ...params, match, limit: Math.max(OVERLAP_CANDIDATES, ctx.pool) }) as Row[];
  const totalIdf = concepts.reduce((sum, concept) => sum + concept.idf, 0) || 1;
  const exactStems = new Set(concepts.flatMap((concept) => concept.variants[0]!.terms));
  return rows
    .map((row, position) => ({ row, position, ...scoreRow(row, concepts, totalIdf, exactStems) }))
    .filter((entry) => entry.score > 0)
    .sort((a, b) => b.score - a.score || a.position - b.position)
    .slice(0, ctx.pool)
    .map((entry) => ({ key: `doc:${entry.row.rowid}`, confidence: 1, matched: entry.matched }));
}
