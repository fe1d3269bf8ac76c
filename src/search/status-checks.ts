import type { CheckProvider } from '../status/types.js';

export const embeddingsChecks: CheckProvider = {
  order: 40,
  async run(ctx) {
    if (!ctx.loaded)
      return [
        { id: 'embeddings', label: 'Embeddings', status: 'skip', message: 'skipped (ktx.yaml is invalid)' },
      ];
    const embeddings = ctx.loaded.config.embeddings;
    if (embeddings.backend === 'none') {
      return [
        {
          id: 'embeddings',
          label: 'Embeddings',
          status: 'skip',
          message: 'not configured (optional; search stays lexical)',
        },
      ];
    }
    return [
      { id: 'embeddings', label: 'Embeddings', status: 'ok', message: `${embeddings.backend} configured` },
    ];
  },
};
