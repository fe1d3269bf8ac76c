import { KtxError } from '../../core/errors.js';
import type { EmbeddingsConfig } from '../../project/config/schema.js';

/**
 * The EmbeddingProvider seam: one interface for every way of turning text into vectors.
 * `none` has no provider (search stays lexical); `openai` talks to any OpenAI-compatible
 * endpoint; `local` runs a transformers.js model in-process.
 */

export interface EmbeddingProgress {
  /** `download` while fetching model files, `load` while loading the model, `embed` while embedding. */
  phase: 'download' | 'load' | 'embed';
  file?: string;
  done?: number;
  total?: number;
}

export interface EmbeddingProvider {
  /**
   * Identity of the vectors (backend, model, dimensions, endpoint or model file): vectors with
   * different ids are never compared, and changing the model re-embeds the corpus.
   */
  readonly id: string;
  /** For people: "openai text-embedding-3-small at http://…" (never a secret). */
  readonly label: string;
  readonly batchSize: number;
  /**
   * Unit-length vectors, one per text, in order. `retries` bounds retries of remote calls
   * (queries use none: a search must not wait on back-off).
   */
  embed(texts: string[], options?: { signal?: AbortSignal; retries?: number }): Promise<Float32Array[]>;
}

export interface ProviderOptions {
  projectDir: string;
  onProgress?: (progress: EmbeddingProgress) => void;
  env?: NodeJS.ProcessEnv;
}

/** Unit length; a vector with nothing in it (e.g. only unknown tokens) stays all zeros, never NaN. */
export function normalise(values: ArrayLike<number>): Float32Array {
  const out = Float32Array.from(values, (value) => (Number.isFinite(value) ? value : 0));
  let norm = 0;
  for (let i = 0; i < out.length; i++) norm += out[i]! * out[i]!;
  norm = Math.sqrt(norm);
  if (norm > 0) for (let i = 0; i < out.length; i++) out[i]! /= norm;
  return out;
}

/** Checks that a batch came back whole and with the configured dimensions. */
export function checkVectors(
  vectors: Float32Array[],
  expected: number,
  dimensions: number | undefined,
): void {
  if (vectors.length !== expected) {
    throw new KtxError(
      'embeddings_failed',
      `The embedding backend returned ${vectors.length} vectors for ${expected} texts.`,
      {
        hint: 'Check that the endpoint implements the OpenAI embeddings API.',
      },
    );
  }
  const got = vectors[0]?.length;
  if (dimensions !== undefined && got !== undefined && got !== dimensions) {
    throw new KtxError(
      'embeddings_dimensions',
      `The embedding model returned ${got}-dimensional vectors, but embeddings.dimensions is ${dimensions}.`,
      {
        hint: `Set embeddings.dimensions to ${got} (or remove it), or choose a model that supports ${dimensions}.`,
      },
    );
  }
}

/** The configured provider, or undefined for `backend: none`. Heavy SDKs load lazily. */
export async function createEmbeddingProvider(
  config: EmbeddingsConfig,
  options: ProviderOptions,
): Promise<EmbeddingProvider | undefined> {
  if (config.backend === 'none') return undefined;
  if (config.backend === 'openai') {
    const { createOpenAiProvider } = await import('./openai.js');
    return createOpenAiProvider(config, options);
  }
  const { createLocalProvider } = await import('./local.js');
  return createLocalProvider(config, options);
}
