import { EXTENDED_CACHE_TTL_BETA } from '../caching.js';
import type { AnthropicSettings } from '../config.js';
import type { BackendFactory } from '../types.js';
import { createAiSdkBackend } from './ai-sdk/backend.js';

/** `anthropic`: the Anthropic Messages API through @ai-sdk/anthropic. */
export const createBackend: BackendFactory = async (ctx) => {
  const { createAnthropic } = await import('@ai-sdk/anthropic');
  const settings = ctx.config.provider() as AnthropicSettings;
  const headers = ctx.caching.extendedTtlBeta ? { 'anthropic-beta': EXTENDED_CACHE_TTL_BETA } : undefined;
  return createAiSdkBackend(
    {
      id: 'anthropic',
      createProvider: (fetch) =>
        createAnthropic({ apiKey: settings.apiKey, baseURL: settings.baseURL, headers, fetch }),
    },
    ctx,
  );
};
