import type { LaneName } from './lanes/types.js';

/**
 * Every ranking constant in one place. Values were chosen on the labelled retrieval set
 * (`npm run bench:search`); they are generic weights, not per-query rules.
 */

/** bm25 weights of the FTS columns (name, summary, body): a hit in a name outweighs the body. */
export const FIELD_WEIGHTS = { name: 10, summary: 4, body: 1 } as const;

/** Same ordering for the token-overlap lane, as the share of a concept a field match is worth. */
export const OVERLAP_FIELD_SHARE = { name: 1, summary: 0.6, body: 0.3 } as const;

/**
 * Weighted reciprocal rank fusion: score = Σ weight × confidence / (RRF_K + rank). A small k
 * keeps first places decisive on corpora of hundreds of documents. The overlap lane weighs more
 * than raw bm25: covering every concept of a query beats repeating one of its words.
 */
export const RRF_K = 10;

export const LANE_WEIGHTS: Record<LaneName, number> = {
  lexical: 1,
  fuzzy: 1.5,
  values: 2,
  vector: 1,
};

/** Candidates a lane returns: enough to fuse, few enough to stay fast. */
export function lanePool(limit: number): number {
  return Math.max(50, limit * 3);
}

/** The overlap lane re-scores this many bm25 candidates. */
export const OVERLAP_CANDIDATES = 100;

/** Cosine similarity below which a vector hit is noise, whatever its rank. */
export const VECTOR_MIN_SIMILARITY = 0.25;
