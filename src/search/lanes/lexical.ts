import { lexicalCandidates } from './retrieval.js';
import type { LaneContext, LaneHit } from './types.js';

/**
 * The lexical lane: FTS5 bm25 with field weights (name > summary > body) over the query's
 * stems, thesaurus synonyms and corpus acronyms; documents containing every concept first.
 * Typo corrections are left to the fuzzy lane, so a misspelling never promotes unrelated exact
 * matches here.
 */
export function lexicalLane(ctx: LaneContext): LaneHit[] | string {
  if (ctx.query.concepts.length === 0) return 'no_terms';
  return lexicalCandidates(ctx)
    .slice(0, ctx.pool)
    .map((rowid) => ({ key: `doc:${rowid}`, confidence: 1 }));
}
