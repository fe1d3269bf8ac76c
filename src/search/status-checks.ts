import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { errorMessage } from '../core/errors.js';
import type { EmbeddingsConfig } from '../project/config/schema.js';
import { expandPath, resolveValue } from '../project/secrets.js';
import type { CheckProvider, StatusCheck } from '../status/types.js';

/**
 * Embeddings readiness for `ktx status`. Without --probe it only checks the configuration and
 * files (fast, offline); with --probe it loads the model or calls the endpoint once.
 */

const LABEL = 'Embeddings';

function check(
  status: StatusCheck['status'],
  message: string,
  fix?: string,
  details?: Record<string, unknown>,
): StatusCheck[] {
  return [{ id: 'embeddings', label: LABEL, status, message, fix, details }];
}

/** Problems visible without contacting anything; undefined when the configuration looks complete. */
function configProblem(config: EmbeddingsConfig, projectDir: string): StatusCheck[] | undefined {
  if (config.backend === 'openai') {
    if (!config.model) {
      return check(
        'fail',
        'embeddings.model is not set',
        'Set it: `ktx config set embeddings.model text-embedding-3-small`.',
      );
    }
    if (config.api_key !== undefined) {
      try {
        const key = resolveValue(config.api_key, { projectDir, configPath: 'embeddings.api_key' });
        if (key.value === undefined) {
          return check(
            'fail',
            `embeddings.api_key resolves to nothing (${key.source === 'env' ? `${key.origin} is not set` : 'empty'})`,
            key.source === 'env'
              ? `Export ${key.origin}.`
              : 'Set embeddings.api_key (env:NAME or file:PATH).',
          );
        }
      } catch (error) {
        return check('fail', errorMessage(error), 'Fix embeddings.api_key in ktx.yaml.');
      }
    } else if (config.base_url === undefined && !process.env.OPENAI_API_KEY?.trim()) {
      return check(
        'fail',
        'no API key: embeddings.api_key is not set and OPENAI_API_KEY is not exported',
        'Set `embeddings.api_key: env:OPENAI_API_KEY` and export it, or set embeddings.base_url to your own endpoint.',
      );
    }
    return undefined;
  }
  if (config.path) {
    const dir = expandPath(config.path, projectDir);
    if (!existsSync(join(dir, 'config.json'))) {
      return check(
        'fail',
        `embeddings.path: ${dir} is not a model directory (no config.json)`,
        'Point embeddings.path at a transformers.js model folder.',
      );
    }
    if (
      !existsSync(join(dir, 'onnx', 'model.onnx')) &&
      !existsSync(join(dir, 'onnx', 'model_quantized.onnx'))
    ) {
      return check(
        'fail',
        `embeddings.path: ${dir} has no onnx/model.onnx`,
        'Export the model to ONNX (transformers.js layout).',
      );
    }
    return undefined;
  }
  if (!config.model) {
    return check(
      'fail',
      'the local backend needs embeddings.path or embeddings.model',
      'Set embeddings.path to a model folder (offline) or embeddings.model to a model id.',
    );
  }
  return undefined;
}

async function probe(config: EmbeddingsConfig, projectDir: string): Promise<StatusCheck[]> {
  const started = Date.now();
  try {
    const { createEmbeddingProvider } = await import('./embeddings/provider.js');
    const provider = await createEmbeddingProvider(config, { projectDir });
    const [vector] = await provider!.embed(['ktx status probe'], {
      signal: AbortSignal.timeout(30_000),
      retries: 0,
    });
    return check(
      'ok',
      `ready: ${provider!.label}, ${vector!.length} dimensions (${Date.now() - started} ms)`,
      undefined,
      {
        dimensions: vector!.length,
      },
    );
  } catch (error) {
    const hint = (error as { hint?: string }).hint;
    return check(
      'fail',
      `probe failed: ${errorMessage(error)}`,
      hint ?? 'Check the embeddings block of ktx.yaml.',
    );
  }
}

export const embeddingsChecks: CheckProvider = {
  order: 40,
  async run(ctx) {
    if (!ctx.loaded) return check('skip', 'skipped (ktx.yaml is invalid)');
    const config = ctx.loaded.config.embeddings;
    if (config.backend === 'none') {
      return check(
        'skip',
        'not configured (optional; search stays lexical)',
        'Optionally set embeddings.backend to openai or local (see docs/wiki-and-search.md).',
      );
    }
    const problem = configProblem(config, ctx.projectDir);
    if (problem) return problem;
    if (ctx.probe) return probe(config, ctx.projectDir);
    if (config.backend === 'openai') {
      return check(
        'ok',
        `openai-compatible model ${config.model}${config.base_url ? ' at a custom endpoint' : ''} (not contacted; --probe tests it)`,
      );
    }
    if (config.path)
      return check('ok', `local model at ${expandPath(config.path, ctx.projectDir)} (offline)`);
    const { defaultModelCacheDir } = await import('./embeddings/local.js');
    const cacheDir = config.cache_dir ? expandPath(config.cache_dir, ctx.projectDir) : defaultModelCacheDir();
    if (existsSync(join(cacheDir, config.model!, 'config.json'))) {
      return check('ok', `local model ${config.model} (cached in ${cacheDir})`);
    }
    return check(
      'warn',
      `local model ${config.model} is not downloaded yet; the first search downloads it to ${cacheDir}`,
      'Run `ktx admin reindex` once with network access, or set embeddings.path to a model folder.',
    );
  },
};
