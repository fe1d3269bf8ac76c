import type { EmbeddingProvider } from '../embeddings/provider.js';
import { queryVector, vectorMatrix } from '../index/vectors.js';
import { docVisible } from '../query/filter.js';
import { VECTOR_MIN_SIMILARITY } from '../tuning.js';
import type { LaneContext, LaneHit } from './types.js';

/**
 * The vector lane: cosine similarity between the query embedding and every embedded document,
 * with a similarity floor so that "nearest" never means "unrelated" on a small corpus.
 */
export async function vectorLane(
  ctx: LaneContext,
  provider: EmbeddingProvider | undefined,
): Promise<LaneHit[] | string> {
  if (!provider) return 'embeddings_not_configured';
  const matrix = vectorMatrix(ctx.db, provider.id);
  if (matrix.rowids.length === 0) return 'no_document_vectors';
  const query = await queryVector(ctx.db, provider, ctx.raw);
  if (query.length !== matrix.dims)
    return `dimension_mismatch (query ${query.length}, documents ${matrix.dims})`;
  const userScope = `user:${ctx.filter.userId}`;
  const userKeys = new Set(
    matrix.metas
      .filter((meta) => meta.kind === 'wiki' && meta.scope === userScope)
      .map((meta) => meta.key ?? ''),
  );
  const scored: Array<{ rowid: number; score: number }> = [];
  const { data, dims } = matrix;
  for (let i = 0; i < matrix.rowids.length; i++) {
    let dot = 0;
    const offset = i * dims;
    for (let d = 0; d < dims; d++) dot += data[offset + d]! * query[d]!;
    if (!(dot >= VECTOR_MIN_SIMILARITY)) continue; // also drops NaN from degenerate vectors
    if (!docVisible(matrix.metas[i]!, ctx.filter, userKeys)) continue;
    scored.push({ rowid: matrix.rowids[i]!, score: dot });
  }
  scored.sort((a, b) => b.score - a.score);
  return scored
    .slice(0, ctx.pool)
    .map((hit) => ({ key: `doc:${hit.rowid}`, confidence: Math.min(1, hit.score) }));
}
