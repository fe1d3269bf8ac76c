import { EXTENDED_CACHE_TTL_BETA } from '../caching.js';
import type { VertexSettings } from '../config.js';
import type { BackendFactory } from '../types.js';
import { createAiSdkBackend } from './ai-sdk/backend.js';

/**
 * `vertex`: Anthropic models on Google Vertex AI (rawPredict / streamRawPredict) through
 * @ai-sdk/google-vertex/anthropic, authenticated with Google application-default credentials.
 */
export const createBackend: BackendFactory = async (ctx) => {
  const { createVertexAnthropic } = await import('@ai-sdk/google-vertex/anthropic');
  const settings = ctx.config.provider() as VertexSettings;
  // Only sent when 1h TTLs are actually requested (vertexFallbackTo5m off).
  const headers = ctx.caching.extendedTtlBeta ? { 'anthropic-beta': EXTENDED_CACHE_TTL_BETA } : undefined;
  const generateAuthToken = ctx.overrides?.vertexAuthToken;
  return createAiSdkBackend(
    {
      id: 'vertex',
      createProvider: (fetch) =>
        createVertexAnthropic({
          project: settings.project,
          location: settings.location,
          baseURL: settings.baseURL,
          headers,
          fetch,
          // Naming the project spares google-auth-library a slow project lookup (gcloud, metadata).
          googleAuthOptions: settings.project ? { projectId: settings.project } : undefined,
          ...(generateAuthToken ? { generateAuthToken } : {}),
        }),
    },
    ctx,
  );
};
