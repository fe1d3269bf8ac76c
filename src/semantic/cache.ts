import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '../core/atomic-write.js';
import { packageVersion } from '../core/package-root.js';
import { projectPaths } from '../project/layout.js';
import { readSourceTexts, type SourceText } from './files.js';
import type { LoadedSemanticLayer } from './load.js';

/**
 * Validated sources cached under `.ktx/cache/semantic/`, keyed by a hash of every file's path
 * and content (and the ktx version). An unchanged semantic layer is read back as JSON without
 * loading the YAML parser or the schema library, which is most of `ktx sl query`'s start-up.
 */

export interface CachedLoad extends LoadedSemanticLayer {
  cacheHit: boolean;
}

function cacheKey(texts: SourceText[]): string {
  const hash = createHash('sha256').update(packageVersion());
  for (const { file, text } of texts) hash.update('\0').update(file).update('\0').update(text);
  return hash.digest('hex').slice(0, 24);
}

export async function loadSemanticLayerCached(projectDir: string, connectionId: string): Promise<CachedLoad> {
  const texts = readSourceTexts(projectDir, connectionId);
  const dir = join(projectPaths(projectDir).cache, 'semantic', connectionId);
  const path = join(dir, `${cacheKey(texts)}.json`);
  try {
    const cached = JSON.parse(readFileSync(path, 'utf8')) as LoadedSemanticLayer;
    if (Array.isArray(cached.sources) && Array.isArray(cached.issues)) return { ...cached, cacheHit: true };
  } catch {
    // Missing or unreadable: rebuild below.
  }
  const { loadSourceTexts } = await import('./load.js');
  const loaded = loadSourceTexts(texts, connectionId);
  try {
    for (const stale of readdirSync(dir).filter((name) => name.endsWith('.json'))) {
      rmSync(join(dir, stale), { force: true });
    }
  } catch {
    // No cache folder yet.
  }
  try {
    writeFileAtomic(path, JSON.stringify(loaded));
  } catch {
    // A read-only project still works, just without the cache.
  }
  return { ...loaded, cacheHit: false };
}
