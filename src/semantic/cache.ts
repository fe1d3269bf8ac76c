import { createHash } from 'node:crypto';
import { readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Dialect } from '../connectors/types.js';
import { packageVersion } from '../core/package-root.js';
import { readSignedJson, writeSignedJson } from '../core/signed-cache.js';
import { projectPaths } from '../project/layout.js';
import { readSourceTexts, type SourceText } from './files.js';
import type { LoadedSemanticLayer } from './load.js';
import type { SemanticModel } from './model/types.js';

/**
 * Caches under `.ktx/cache/semantic/<connection>/`, keyed by a hash of every source file's path
 * and content (and the ktx version):
 * - `layer-<key>.json`: the validated sources, so an unchanged layer never loads the YAML parser
 *   or the schema library;
 * - `model-<dialect>-<key>.json`: the bound model, so an unchanged layer is not even re-parsed.
 * A stale entry is replaced, never merged; a read-only project simply runs uncached. Entries are
 * signed with the per-user key (core/signed-cache.ts): a planted cache is a miss, not a model.
 */

export interface CachedLoad extends LoadedSemanticLayer {
  cacheHit: boolean;
}

export interface CachedModel {
  model: SemanticModel;
  /** Files that failed schema validation (their sources are absent from the model). */
  brokenFiles: string[];
  cacheHit: boolean;
}

function cacheKey(texts: SourceText[]): string {
  const hash = createHash('sha256').update(packageVersion());
  for (const { file, text } of texts) hash.update('\0').update(file).update('\0').update(text);
  return hash.digest('hex').slice(0, 24);
}

function readJson<T>(path: string): T | undefined {
  return readSignedJson<T>(path, { purpose: 'semantic-layer' });
}

function store(dir: string, prefix: string, name: string, value: unknown): void {
  try {
    for (const stale of readdirSync(dir).filter((file) => file.startsWith(prefix) && file !== name)) {
      rmSync(join(dir, stale), { force: true });
    }
  } catch {
    // No cache folder yet.
  }
  writeSignedJson(join(dir, name), value, { purpose: 'semantic-layer' });
}

function cacheDir(projectDir: string, connectionId: string): string {
  return join(projectPaths(projectDir).cache, 'semantic', connectionId);
}

async function layerFor(
  dir: string,
  key: string,
  texts: SourceText[],
  connectionId: string,
): Promise<CachedLoad> {
  const name = `layer-${key}.json`;
  const cached = readJson<LoadedSemanticLayer>(join(dir, name));
  if (cached && Array.isArray(cached.sources) && Array.isArray(cached.issues))
    return { ...cached, cacheHit: true };
  const { loadSourceTexts } = await import('./load.js');
  const loaded = loadSourceTexts(texts, connectionId);
  store(dir, 'layer-', name, loaded);
  return { ...loaded, cacheHit: false };
}

export async function loadSemanticLayerCached(projectDir: string, connectionId: string): Promise<CachedLoad> {
  const texts = readSourceTexts(projectDir, connectionId);
  return layerFor(cacheDir(projectDir, connectionId), cacheKey(texts), texts, connectionId);
}

export async function loadModelCached(
  projectDir: string,
  connectionId: string,
  dialect: Dialect,
): Promise<CachedModel> {
  const texts = readSourceTexts(projectDir, connectionId);
  const dir = cacheDir(projectDir, connectionId);
  const key = cacheKey(texts);
  const name = `model-${dialect}-${key}.json`;
  const { modelFromJson, modelToJson } = await import('./model/serialize.js');
  const cached = readJson<{ model: Parameters<typeof modelFromJson>[0]; brokenFiles: string[] }>(
    join(dir, name),
  );
  if (cached?.model && Array.isArray(cached.brokenFiles)) {
    return { model: modelFromJson(cached.model), brokenFiles: cached.brokenFiles, cacheHit: true };
  }
  const layer = await layerFor(dir, key, texts, connectionId);
  const { buildModel } = await import('./model/build.js');
  const model = buildModel(layer.sources, { connectionId, dialect, brokenSources: layer.brokenNames });
  const brokenFiles = [...new Set(layer.issues.filter((i) => i.severity === 'error').map((i) => i.file))];
  store(dir, `model-${dialect}-`, name, { model: modelToJson(model), brokenFiles });
  return { model, brokenFiles, cacheHit: false };
}
