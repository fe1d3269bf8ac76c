import { existsSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { errorMessage, KtxError } from '../../core/errors.js';
import type { EmbeddingsConfig } from '../../project/config/schema.js';
import { expandPath } from '../../project/secrets.js';
import { checkVectors, type EmbeddingProvider, normalise, type ProviderOptions } from './provider.js';

/**
 * In-process embeddings with transformers.js (ONNX Runtime, no Python). Two ways to name a model:
 * - `embeddings.path`: a model directory (config.json, tokenizer.json, onnx/model.onnx). Loaded
 *   with remote access disabled: fully offline.
 * - `embeddings.model`: a Hugging Face model id, downloaded once into the cache directory
 *   (progress on stderr) and loaded from there afterwards.
 * Sentence-transformers style: mean pooling over tokens, then unit length.
 */

const DEFAULT_BATCH = 32;
const DEFAULT_HUB = 'https://huggingface.co/';

type Extractor = (
  texts: string[],
  options: { pooling: 'mean'; normalize: boolean },
) => Promise<{ tolist(): number[][] }>;

export function defaultModelCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  const base = env.XDG_CACHE_HOME?.trim() || join(homedir(), '.cache');
  return join(base, 'ktx', 'models');
}

function modelFileDtype(dir: string): 'fp32' | 'q8' | undefined {
  if (existsSync(join(dir, 'onnx', 'model.onnx'))) return 'fp32';
  if (existsSync(join(dir, 'onnx', 'model_quantized.onnx'))) return 'q8';
  return undefined;
}

function isNetworkFailure(error: unknown): boolean {
  const text = `${errorMessage(error)} ${errorMessage((error as { cause?: unknown })?.cause ?? '')}`;
  return /fetch failed|ENOTFOUND|ECONNREFUSED|ECONNRESET|ETIMEDOUT|EAI_AGAIN|bad port|network|Could not locate file|Unauthorized access|status code 4\d\d|status 4\d\d/i.test(
    text,
  );
}

export async function createLocalProvider(
  config: EmbeddingsConfig,
  options: ProviderOptions,
): Promise<EmbeddingProvider> {
  const env = options.env ?? process.env;
  const batchSize = config.batch_size ?? DEFAULT_BATCH;
  const modelDir = config.path ? expandPath(config.path, options.projectDir) : undefined;
  const modelId = config.model?.trim();
  if (!modelDir && !modelId) {
    throw new KtxError('embeddings_config', 'The local embeddings backend needs a model.', {
      hint: 'Set embeddings.path to a model directory (works offline), or embeddings.model to a model id such as Xenova/all-MiniLM-L6-v2 (downloaded once).',
    });
  }
  if (modelDir && !existsSync(join(modelDir, 'config.json'))) {
    throw new KtxError(
      'embeddings_model_missing',
      `embeddings.path: ${modelDir} is not a model directory (no config.json).`,
      {
        hint: 'Point embeddings.path at a transformers.js model folder (config.json, tokenizer.json, onnx/model.onnx).',
      },
    );
  }
  const cacheDir = config.cache_dir
    ? expandPath(config.cache_dir, options.projectDir)
    : defaultModelCacheDir(env);
  const hub = (env.KTX_HF_ENDPOINT ?? env.HF_ENDPOINT ?? DEFAULT_HUB).replace(/\/?$/, '/');
  const fingerprint = modelDir
    ? `${modelDir}@${Math.round(statSync(join(modelDir, 'config.json')).mtimeMs)}`
    : `${modelId}`;
  let extractor: Promise<Extractor> | undefined;

  const load = async (): Promise<Extractor> => {
    const transformers = await import('@huggingface/transformers');
    const { env: hfEnv, pipeline } = transformers;
    hfEnv.allowLocalModels = true;
    hfEnv.useFSCache = true;
    hfEnv.cacheDir = cacheDir;
    hfEnv.logLevel = transformers.LogLevel.ERROR;
    options.onProgress?.({ phase: 'load', file: modelDir ?? modelId });
    try {
      if (modelDir) {
        hfEnv.allowRemoteModels = false;
        hfEnv.localModelPath = dirname(modelDir);
        return (await pipeline('feature-extraction', basename(modelDir), {
          dtype: modelFileDtype(modelDir) ?? 'fp32',
          device: 'cpu',
        })) as unknown as Extractor;
      }
      hfEnv.allowRemoteModels = true;
      hfEnv.remoteHost = hub;
      return (await pipeline('feature-extraction', modelId!, {
        dtype: 'fp32',
        device: 'cpu',
        progress_callback: (event: { status?: string; file?: string; loaded?: number; total?: number }) => {
          if (event.status === 'progress' || event.status === 'download') {
            options.onProgress?.({
              phase: 'download',
              file: event.file,
              done: event.loaded,
              total: event.total,
            });
          }
        },
      })) as unknown as Extractor;
    } catch (error) {
      if (modelDir) {
        throw new KtxError(
          'embeddings_model_invalid',
          `Cannot load the embedding model in ${modelDir}: ${errorMessage(error)}`,
          {
            hint: 'The folder needs config.json, tokenizer.json and onnx/model.onnx (a transformers.js export).',
            cause: error,
          },
        );
      }
      if (isNetworkFailure(error)) {
        throw new KtxError(
          'embeddings_model_unavailable',
          `Cannot download the embedding model "${modelId}" from ${hub} (${errorMessage(error)}).`,
          {
            hint: `Run once with network access (it is then cached in ${cacheDir}), or download the model folder on another machine and set embeddings.path to it, or set embeddings.backend to openai or none.`,
            cause: error,
          },
        );
      }
      throw new KtxError(
        'embeddings_model_invalid',
        `Cannot load the embedding model "${modelId}": ${errorMessage(error)}`,
        {
          hint: 'Check embeddings.model (a transformers.js-compatible model id with ONNX weights).',
          cause: error,
        },
      );
    }
  };

  return {
    id: `local:${fingerprint}:${config.dimensions ?? 'default'}`,
    label: modelDir ? `local model at ${modelDir}` : `local model ${modelId} (cache ${cacheDir})`,
    batchSize,
    async embed(texts) {
      extractor ??= load();
      let run: Extractor;
      try {
        run = await extractor;
      } catch (error) {
        extractor = undefined; // let a later call retry (e.g. once the network is back)
        throw error;
      }
      const out: Float32Array[] = [];
      for (let start = 0; start < texts.length; start += batchSize) {
        const batch = texts.slice(start, start + batchSize);
        const tensor = await run(batch, { pooling: 'mean', normalize: true });
        const vectors = tensor.tolist().map((row) => normalise(row));
        checkVectors(vectors, batch.length, config.dimensions);
        out.push(...vectors);
      }
      return out;
    },
  };
}
