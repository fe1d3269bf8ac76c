import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { readSignedJson, writeSignedJson } from '../../core/signed-cache.js';
import { projectPaths } from '../../project/layout.js';
import type { TableSnapshot } from '../../scan/types.js';

/**
 * Descriptions already written, keyed by a hash of each table's schema (names, types,
 * nullability, comments, keys): a table whose schema did not change is never sent to the LLM
 * again. Data changes (row counts, sample values) do not change the hash on purpose.
 * Local state in `.ktx/cache/llm/`, never committed. Entries are signed with the per-user key
 * (core/signed-cache.ts): a cache that arrives with a cloned project could otherwise put any
 * text into the generated semantic layer, so an entry that does not verify is a miss.
 */

export const DESCRIPTION_CACHE_PURPOSE = 'llm-descriptions';

export interface CachedDescription {
  schemaHash: string;
  model: string;
  table: string;
  columns: Record<string, string>;
}

export interface DescriptionCacheFile {
  version: 1;
  tables: Record<string, CachedDescription>;
}

export function descriptionCachePath(projectDir: string, connection: string): string {
  return join(
    projectPaths(projectDir).cache,
    'llm',
    `descriptions-${connection.replace(/[^A-Za-z0-9_-]/g, '_')}.json`,
  );
}

export function schemaHash(table: TableSnapshot): string {
  const shape = {
    key: table.key,
    kind: table.kind,
    comment: table.comment ?? null,
    primaryKey: table.primaryKey ?? null,
    columns: [...table.columns]
      .sort((a, b) => a.ordinal - b.ordinal)
      .map((c) => [c.name, c.nativeType, c.nullable, c.comment ?? null]),
    foreignKeys: table.foreignKeys.map((fk) => [fk.columns, fk.refSchema, fk.refTable, fk.refColumns]),
  };
  return createHash('sha256').update(JSON.stringify(shape)).digest('hex').slice(0, 32);
}

export function readDescriptionCache(path: string): DescriptionCacheFile {
  const parsed = readSignedJson<DescriptionCacheFile>(path, { purpose: DESCRIPTION_CACHE_PURPOSE });
  // Missing, unsigned or malformed: start empty (it is only a cache).
  if (parsed?.version === 1 && parsed.tables && typeof parsed.tables === 'object') return parsed;
  return { version: 1, tables: {} };
}

export function writeDescriptionCache(path: string, cache: DescriptionCacheFile): void {
  const sorted = Object.fromEntries(Object.entries(cache.tables).sort(([a], [b]) => a.localeCompare(b)));
  writeSignedJson(path, { version: 1, tables: sorted }, { purpose: DESCRIPTION_CACHE_PURPOSE });
}
