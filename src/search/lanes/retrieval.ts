import { filteredMatch } from '../index/facets.js';
import { isFuzzy, type Variant } from '../query/analyse.js';
import { ALL_KINDS } from '../query/filter.js';
import { FIELD_WEIGHTS, OVERLAP_CANDIDATES } from '../tuning.js';
import { ftsAny, prepared } from './sql.js';
import type { LaneContext } from './types.js';

/**
 * Candidate retrieval from FTS5 shared by the lexical and fuzzy lanes. Two tiers: documents
 * containing every concept of the query (an intersection, cheap even for common words), then
 * documents containing any. In the second tier, terms found in a large share of the corpus are
 * left out when rarer ones exist — they barely move bm25, but scoring every document that
 * contains them is what makes naive OR queries slow on big corpora. A query made only of such
 * words is answered from names and summaries.
 */

/** Share of documents above which a term is too common to drive the "any" tier. */
const COMMON_SHARE = 0.2;
/** Below this corpus size every term is used (pruning would only lose recall). */
const PRUNE_FROM_DOCS = 500;

function excludedRowids(ctx: LaneContext): Set<number> {
  const key = 'excluded';
  const cached = ctx.memo.get(key) as Set<number> | undefined;
  if (cached) return cached;
  // Global pages the user shadows with a page of the same key.
  const rows = prepared(
    ctx.db,
    `SELECT g.rowid AS rowid FROM docs u JOIN docs g ON g.scope = 'global' AND g.key = u.key AND g.kind = 'wiki'
     WHERE u.scope = ? AND u.kind = 'wiki'`,
  ).all(`user:${ctx.filter.userId}`) as Array<{ rowid: number }>;
  const set = new Set(rows.map((row) => row.rowid));
  ctx.memo.set(key, set);
  return set;
}

function ranked(ctx: LaneContext, text: string, limit: number, out: number[], seen: Set<number>): void {
  const excluded = excludedRowids(ctx);
  const allKinds = ALL_KINDS.every((kind) => ctx.filter.kinds.includes(kind));
  const match = filteredMatch(text, ctx.filter, allKinds);
  const { name, summary, body } = FIELD_WEIGHTS;
  const rows = prepared(
    ctx.db,
    `SELECT rowid FROM docs_fts WHERE docs_fts MATCH ? ORDER BY bm25(docs_fts, ${name}, ${summary}, ${body}, 0) LIMIT ?`,
  ).all(match, limit + excluded.size) as Array<{ rowid: number }>;
  for (const { rowid } of rows) {
    if (out.length >= limit) return;
    if (excluded.has(rowid) || seen.has(rowid)) continue;
    seen.add(rowid);
    out.push(rowid);
  }
}

/** bm25-ranked rowids for concepts expressed by the given variants (one list per concept). */
export function retrieveRanked(ctx: LaneContext, concepts: Variant[][], limit: number): number[] {
  const groups = concepts.filter((variants) => variants.length > 0);
  if (groups.length === 0) return [];
  const out: number[] = [];
  const seen = new Set<number>();
  if (groups.length > 1) {
    ranked(ctx, groups.map((variants) => `(${ftsAny(variants)})`).join(' AND '), limit, out, seen);
  }
  if (out.length >= limit) return out;
  const all = groups.flat();
  const total = ctx.vocabulary.docCount();
  const common = (variant: Variant) =>
    total >= PRUNE_FROM_DOCS &&
    Math.min(...variant.terms.map((term) => ctx.vocabulary.df(term))) > COMMON_SHARE * total;
  const rare = all.filter((variant) => !common(variant));
  if (rare.length > 0) ranked(ctx, ftsAny(rare)!, limit, out, seen);
  else ranked(ctx, `{name summary} : (${ftsAny(all)})`, limit, out, seen);
  return out;
}

/**
 * Documents whose whole name is the query ("customer_count", "invoice line items"): the
 * strongest lexical evidence there is, so they lead the lexical ranking.
 */
function exactNameMatches(ctx: LaneContext): number[] {
  const stems = ctx.query.concepts.flatMap((concept) => concept.variants[0]!.terms);
  if (stems.length === 0 || stems.length > 6) return [];
  const out: number[] = [];
  ranked(ctx, `{name} : "${stems.join(' ')}"`, 20, out, new Set());
  if (out.length === 0) return [];
  const rows = prepared(
    ctx.db,
    'SELECT rowid, name_ids FROM docs WHERE rowid IN (SELECT value FROM json_each(?))',
  ).all(JSON.stringify(out)) as Array<{ rowid: number; name_ids: Buffer }>;
  const sizes = new Map(rows.map((row) => [row.rowid, row.name_ids.byteLength / 4]));
  const wanted = new Set(stems).size;
  return out.filter((rowid) => sizes.get(rowid) === wanted);
}

/** The lexical ranking (no fuzzy variants), deep enough for the overlap lane; memoised per search. */
export function lexicalCandidates(ctx: LaneContext): number[] {
  const cached = ctx.memo.get('lexical') as number[] | undefined;
  if (cached) return cached;
  const concepts = ctx.query.concepts.map((concept) =>
    concept.variants.filter((variant) => !isFuzzy(variant)),
  );
  const exact = exactNameMatches(ctx);
  const seen = new Set(exact);
  const result = [
    ...exact,
    ...retrieveRanked(ctx, concepts, Math.max(ctx.pool, OVERLAP_CANDIDATES)).filter(
      (rowid) => !seen.has(rowid),
    ),
  ];
  ctx.memo.set('lexical', result);
  return result;
}
