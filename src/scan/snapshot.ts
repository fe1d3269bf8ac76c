import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { rawSourcesDir } from '../project/layout.js';
import type { KeysAndRelationships, ScanOverview, ScanSnapshot, TableSnapshot } from './types.js';

/** File layout of a scan snapshot (see ./types.ts). */
export function snapshotPaths(projectDir: string, connectionId: string) {
  const dir = rawSourcesDir(projectDir, connectionId);
  return {
    dir,
    overview: join(dir, 'snapshot.json'),
    tables: join(dir, 'tables'),
    relationships: join(dir, 'relationships.json'),
  };
}

/** File name for a table key: keys are `schema.table`; unsafe characters are percent-encoded. */
export function tableFileName(key: string): string {
  return `${key.replace(/[^A-Za-z0-9._-]/g, (char) => `%${char.charCodeAt(0).toString(16).padStart(2, '0')}`)}.json`;
}

/** Reads the latest scan of a connection, or undefined when it was never scanned. */
export function readScanSnapshot(projectDir: string, connectionId: string): ScanSnapshot | undefined {
  const paths = snapshotPaths(projectDir, connectionId);
  if (!existsSync(paths.overview)) return undefined;
  const overview = JSON.parse(readFileSync(paths.overview, 'utf8')) as ScanOverview;
  const tables: TableSnapshot[] = existsSync(paths.tables)
    ? readdirSync(paths.tables)
        .filter((file) => file.endsWith('.json'))
        .sort()
        .map((file) => JSON.parse(readFileSync(join(paths.tables, file), 'utf8')) as TableSnapshot)
    : [];
  const keys: KeysAndRelationships = existsSync(paths.relationships)
    ? (JSON.parse(readFileSync(paths.relationships, 'utf8')) as KeysAndRelationships)
    : { primaryKeys: [], relationships: [] };
  return { overview, tables, keys };
}
