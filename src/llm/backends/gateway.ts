import { EXTENDED_CACHE_TTL_BETA } from '../caching.js';
import type { GatewaySettings } from '../config.js';
import type { BackendFactory } from '../types.js';
import { createAiSdkBackend } from './ai-sdk/backend.js';

/**
 * `gateway`: AI Gateway model ids such as `anthropic/claude-sonnet-4-6` through @ai-sdk/gateway.
 * The extended-TTL beta header must be passed explicitly: without it the gateway quietly caches
 * for 5 minutes instead of an hour.
 */
export const createBackend: BackendFactory = async (ctx) => {
  const { createGateway } = await import('@ai-sdk/gateway');
  const settings = ctx.config.provider() as GatewaySettings;
  const headers = ctx.caching.extendedTtlBeta ? { 'anthropic-beta': EXTENDED_CACHE_TTL_BETA } : undefined;
  return createAiSdkBackend(
    {
      id: 'gateway',
      createProvider: (fetch) =>
        createGateway({ apiKey: settings.apiKey, baseURL: settings.baseURL, headers, fetch }),
    },
    ctx,
  );
};
