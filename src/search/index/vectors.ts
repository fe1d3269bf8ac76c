import { errorMessage } from '../../core/errors.js';
import type { EmbeddingProvider } from '../embeddings/provider.js';
import type { DocMeta } from '../query/filter.js';
import { bumpGeneration, type Db, generation } from './db.js';
import { sha } from './doc-store.js';

/**
 * Vectors live in the index keyed by (model id, content hash): a document is embedded once per
 * model, unchanged documents are never re-sent, and query vectors are cached the same way.
 * Search scans an in-memory matrix (exact cosine; corpora here are thousands of documents, where
 * a brute-force dot product takes a few milliseconds and needs no approximate index).
 */

export interface EmbeddingReport {
  status: 'ok' | 'failed' | 'skipped';
  model?: string;
  /** Vectors computed by this refresh. */
  computed: number;
  /** Documents with a vector after this refresh. */
  embedded: number;
  documents: number;
  reason?: string;
}

const QUERY_CACHE_LIMIT = 2000;
/** A search never waits longer than this for its query embedding; the other lanes answer anyway. */
const QUERY_TIMEOUT_MS = 15_000;

function toBlob(vector: Float32Array): Buffer {
  return Buffer.from(vector.buffer, vector.byteOffset, vector.byteLength);
}

function fromBlob(blob: Buffer): Float32Array {
  const copy = new Uint8Array(blob.byteLength);
  copy.set(blob);
  return new Float32Array(copy.buffer);
}

function coverage(db: Db, model: string): { embedded: number; documents: number } {
  return db
    .prepare(
      `SELECT count(*) AS documents, count(v.hash) AS embedded FROM docs d
       LEFT JOIN vectors v ON v.model = ? AND v.hash = d.embed_hash`,
    )
    .get(model) as { embedded: number; documents: number };
}

/** Embeds documents that have no vector for this model yet. Never throws: failures are reported. */
export async function embedMissing(
  db: Db,
  provider: EmbeddingProvider,
  onProgress?: (done: number, total: number) => void,
): Promise<EmbeddingReport> {
  const missing = db
    .prepare(
      `SELECT d.embed_hash AS hash, min(d.embed_text) AS text FROM docs d
       LEFT JOIN vectors v ON v.model = ? AND v.hash = d.embed_hash
       WHERE v.hash IS NULL GROUP BY d.embed_hash`,
    )
    .all(provider.id) as Array<{ hash: string; text: string }>;
  let computed = 0;
  let failure: string | undefined;
  const insert = db.prepare(
    'INSERT OR REPLACE INTO vectors(model, hash, dims, vec, used_at) VALUES (?, ?, ?, ?, ?)',
  );
  for (let start = 0; start < missing.length; start += provider.batchSize) {
    const batch = missing.slice(start, start + provider.batchSize);
    try {
      const vectors = await provider.embed(batch.map((row) => row.text));
      const now = Date.now();
      db.transaction(() => {
        for (const [i, row] of batch.entries()) {
          insert.run(provider.id, row.hash, vectors[i]!.length, toBlob(vectors[i]!), now);
        }
      })();
      computed += batch.length;
      onProgress?.(computed, missing.length);
    } catch (error) {
      failure = errorMessage(error);
      break;
    }
  }
  if (computed > 0) bumpGeneration(db);
  const counts = coverage(db, provider.id);
  return {
    status: failure ? 'failed' : 'ok',
    model: provider.label,
    computed,
    ...counts,
    reason: failure,
  };
}

/** Drops vectors of this model that no document uses any more. */
export function purgeVectors(db: Db, provider: EmbeddingProvider): void {
  db.prepare('DELETE FROM vectors WHERE model = ? AND hash NOT IN (SELECT embed_hash FROM docs)').run(
    provider.id,
  );
}

export async function queryVector(db: Db, provider: EmbeddingProvider, text: string): Promise<Float32Array> {
  const model = `${provider.id}#query`;
  const hash = sha(text);
  const row = db.prepare('SELECT vec FROM vectors WHERE model = ? AND hash = ?').get(model, hash) as
    | { vec: Buffer }
    | undefined;
  if (row) {
    db.prepare('UPDATE vectors SET used_at = ? WHERE model = ? AND hash = ?').run(Date.now(), model, hash);
    return fromBlob(row.vec);
  }
  const [vector] = await provider.embed([text], {
    retries: 0,
    signal: AbortSignal.timeout(QUERY_TIMEOUT_MS),
  });
  db.prepare('INSERT OR REPLACE INTO vectors(model, hash, dims, vec, used_at) VALUES (?, ?, ?, ?, ?)').run(
    model,
    hash,
    vector!.length,
    toBlob(vector!),
    Date.now(),
  );
  db.prepare(
    `DELETE FROM vectors WHERE model = ? AND hash IN (
       SELECT hash FROM vectors WHERE model = ? ORDER BY used_at DESC LIMIT -1 OFFSET ${QUERY_CACHE_LIMIT})`,
  ).run(model, model);
  return vector!;
}

export interface VectorMatrix {
  rowids: number[];
  metas: DocMeta[];
  dims: number;
  data: Float32Array;
}

const matrices = new WeakMap<Db, { key: string; matrix: VectorMatrix }>();

/** All document vectors of a model as one contiguous matrix, cached until the index changes. */
export function vectorMatrix(db: Db, model: string): VectorMatrix {
  const key = `${model}@${generation(db)}`;
  const cached = matrices.get(db);
  if (cached?.key === key) return cached.matrix;
  const rows = db
    .prepare(
      `SELECT d.rowid AS rowid, d.kind, d.scope, d.key, d.connection, d.usage_mode, v.dims, v.vec
       FROM docs d JOIN vectors v ON v.model = ? AND v.hash = d.embed_hash`,
    )
    .all(model) as Array<DocMeta & { rowid: number; dims: number; vec: Buffer }>;
  const dims = rows[0]?.dims ?? 0;
  const usable = rows.filter((row) => row.dims === dims);
  const data = new Float32Array(usable.length * dims);
  usable.forEach((row, i) => {
    data.set(fromBlob(row.vec), i * dims);
  });
  const matrix: VectorMatrix = {
    rowids: usable.map((row) => row.rowid),
    metas: usable.map(({ kind, scope, key: docKey, connection, usage_mode }) => ({
      kind,
      scope,
      key: docKey,
      connection,
      usage_mode,
    })),
    dims,
    data,
  };
  matrices.set(db, { key, matrix });
  return matrix;
}
