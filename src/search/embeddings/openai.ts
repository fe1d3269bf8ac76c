import { createHash } from 'node:crypto';
import { errorMessage, KtxError } from '../../core/errors.js';
import type { EmbeddingsConfig } from '../../project/config/schema.js';
import { requireValue, resolveValue } from '../../project/secrets.js';
import { checkVectors, type EmbeddingProvider, normalise, type ProviderOptions } from './provider.js';

/**
 * Any OpenAI-compatible embeddings endpoint (OpenAI, Azure-style proxies, Ollama, vLLM, LiteLLM…)
 * through the AI SDK. Texts go in batches of `batch_size`; the index caches vectors by content
 * hash, so a text is sent at most once per model.
 */

const DEFAULT_BASE_URL = 'https://api.openai.com/v1';
const DEFAULT_BATCH = 64;

export async function createOpenAiProvider(
  config: EmbeddingsConfig,
  options: ProviderOptions,
): Promise<EmbeddingProvider> {
  const env = options.env ?? process.env;
  const model = resolveValue(config.model, {
    projectDir: options.projectDir,
    configPath: 'embeddings.model',
    secret: false,
    env,
  }).value;
  if (!model) {
    throw new KtxError('embeddings_config', 'embeddings.model is required for the openai backend.', {
      hint: 'Set it, e.g. `ktx config set embeddings.model text-embedding-3-small`.',
    });
  }
  // An endpoint is not a secret (credentials inside a URL are masked by redaction anyway).
  const baseURL =
    resolveValue(config.base_url, {
      projectDir: options.projectDir,
      configPath: 'embeddings.base_url',
      secret: false,
      env,
    }).value ?? DEFAULT_BASE_URL;
  let apiKey: string;
  if (config.api_key !== undefined) {
    apiKey = requireValue(config.api_key, {
      projectDir: options.projectDir,
      configPath: 'embeddings.api_key',
      env,
    });
  } else if (env.OPENAI_API_KEY?.trim()) {
    apiKey = resolveValue('env:OPENAI_API_KEY', {
      projectDir: options.projectDir,
      configPath: 'embeddings.api_key',
      env,
    }).value!;
  } else if (config.base_url !== undefined) {
    // Local OpenAI-compatible servers often need no key; the SDK still wants one.
    apiKey = 'ktx-no-key';
  } else {
    throw new KtxError(
      'secret_missing',
      'embeddings.api_key is not set and OPENAI_API_KEY is not exported.',
      {
        hint: 'Set `embeddings.api_key: env:OPENAI_API_KEY` (and export it), or point embeddings.base_url at your own endpoint.',
      },
    );
  }
  const [{ createOpenAI }, { embedMany }] = await Promise.all([import('@ai-sdk/openai'), import('ai')]);
  const embeddingModel = createOpenAI({ baseURL, apiKey }).embedding(model);
  const dimensions = config.dimensions;
  const batchSize = config.batch_size ?? DEFAULT_BATCH;
  const id = `openai:${model}:${dimensions ?? 'default'}:${createHash('sha256').update(baseURL).digest('hex').slice(0, 12)}`;
  return {
    id,
    label: `openai-compatible model ${model} at ${baseURL}`,
    batchSize,
    async embed(texts, embedOptions) {
      const out: Float32Array[] = [];
      for (let start = 0; start < texts.length; start += batchSize) {
        const batch = texts.slice(start, start + batchSize);
        let embeddings: number[][];
        try {
          ({ embeddings } = await embedMany({
            model: embeddingModel,
            values: batch,
            maxRetries: embedOptions?.retries ?? 2,
            maxParallelCalls: 1,
            abortSignal: embedOptions?.signal,
            providerOptions: dimensions ? { openai: { dimensions } } : undefined,
          }));
        } catch (error) {
          throw new KtxError(
            'embeddings_failed',
            `Embedding request to ${baseURL} failed: ${errorMessage(error)}`,
            {
              hint: 'Check embeddings.base_url, embeddings.model and the API key (`ktx status --probe` tests them).',
              cause: error,
            },
          );
        }
        const vectors = embeddings.map((vector) => normalise(vector));
        checkVectors(vectors, batch.length, dimensions);
        out.push(...vectors);
      }
      return out;
    },
  };
}
