import { existsSync, readdirSync } from 'node:fs';
import { semanticLayerDir } from '../project/layout.js';
import type { CheckProvider } from '../status/types.js';

function countSources(dir: string): number {
  if (!existsSync(dir)) return 0;
  let count = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile() && /\.ya?ml$/.test(entry.name)) count++;
  }
  return count;
}

export const contextChecks: CheckProvider = {
  order: 20,
  async run(ctx) {
    const ids = ctx.loaded ? Object.keys(ctx.loaded.config.connections) : [];
    if (ids.length === 0) {
      return [
        {
          id: 'context.built',
          label: 'Context',
          status: 'skip',
          message: 'no connections to build context from',
        },
      ];
    }
    const counts = ids.map((id) => ({ id, sources: countSources(semanticLayerDir(ctx.projectDir, id)) }));
    const missing = counts.filter((entry) => entry.sources === 0).map((entry) => entry.id);
    const total = counts.reduce((sum, entry) => sum + entry.sources, 0);
    if (missing.length > 0) {
      return [
        {
          id: 'context.built',
          label: 'Context',
          status: 'warn',
          message: `semantic layer not built for ${missing.join(', ')}`,
          fix: `Build it: \`ktx ingest ${missing[0]}\``,
          details: { connections: counts },
        },
      ];
    }
    return [
      {
        id: 'context.built',
        label: 'Context',
        status: 'ok',
        message: `${total} semantic sources across ${ids.length} connection${ids.length === 1 ? '' : 's'}`,
        details: { connections: counts },
      },
    ];
  },
};
