import { existsSync } from 'node:fs';
import { snapshotPaths } from '../scan/snapshot.js';
import type { CheckProvider } from '../status/types.js';
import { loadSemanticLayerCached } from './cache.js';

/**
 * `context.built`: every connection has semantic sources, and every source file loads. Uses the
 * content-hash cache, so an unchanged layer costs a few file reads. A connection without
 * sources is reported as scanned (a snapshot exists: only the build is missing) or not.
 */
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
    const counts = await Promise.all(
      ids.map(async (id) => {
        const loaded = await loadSemanticLayerCached(ctx.projectDir, id);
        const invalidFiles = new Set(loaded.issues.filter((i) => i.severity === 'error').map((i) => i.file))
          .size;
        const scanned = existsSync(snapshotPaths(ctx.projectDir, id).overview);
        return { id, sources: loaded.sources.length, invalidFiles, scanned };
      }),
    );
    const missing = counts.filter((entry) => entry.sources === 0 && entry.invalidFiles === 0);
    const broken = counts.filter((entry) => entry.invalidFiles > 0);
    const total = counts.reduce((sum, entry) => sum + entry.sources, 0);
    if (broken.length > 0) {
      const files = broken.reduce((sum, entry) => sum + entry.invalidFiles, 0);
      return [
        {
          id: 'context.built',
          label: 'Context',
          status: 'warn',
          message: `${files} semantic source file${files === 1 ? '' : 's'} failed to load (${broken.map((b) => b.id).join(', ')})`,
          fix: `See what is wrong: \`ktx sl validate --connection-id ${broken[0]!.id}\``,
          details: { connections: counts },
        },
      ];
    }
    if (missing.length > 0) {
      const scanned = missing.filter((entry) => entry.scanned).map((entry) => entry.id);
      const unscanned = missing.filter((entry) => !entry.scanned).map((entry) => entry.id);
      const parts = [
        scanned.length > 0 ? `semantic layer not built for ${scanned.join(', ')} (scanned)` : '',
        unscanned.length > 0 ? `not scanned yet: ${unscanned.join(', ')}` : '',
      ].filter(Boolean);
      const first = missing[0]!;
      return [
        {
          id: 'context.built',
          label: 'Context',
          status: 'warn',
          message: parts.join('; '),
          fix: first.scanned
            ? `Build it: \`ktx ingest ${first.id}\``
            : `Scan the warehouse and build its semantic layer: \`ktx ingest ${first.id}\``,
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
