import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join, relative } from 'node:path';
import { writeFileAtomic } from '../core/atomic-write.js';
import { snapshotPaths, tableFileName } from './snapshot.js';
import type { ScanSnapshot } from './types.js';

/**
 * Writes a scan snapshot in the layout of ./types.ts as canonical JSON: object keys sorted,
 * arrays in the scan's stable order, 2-space indentation, trailing newline, no timestamps.
 * Files whose content is unchanged are not rewritten, and table files of tables that no longer
 * exist are removed, so an unchanged warehouse leaves the directory byte-for-byte identical.
 */

export function canonicalJson(value: unknown): string {
  return `${JSON.stringify(sortKeys(value), null, 2)}\n`;
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) {
      const entry = (value as Record<string, unknown>)[key];
      if (entry !== undefined) out[key] = sortKeys(entry);
    }
    return out;
  }
  return value;
}

export interface SnapshotWriteResult {
  /** Project-relative paths written because their content changed. */
  written: string[];
  /** Project-relative paths removed (tables that disappeared). */
  removed: string[];
  unchanged: number;
}

function writeIfChanged(path: string, text: string): boolean {
  if (existsSync(path) && readFileSync(path, 'utf8') === text) return false;
  writeFileAtomic(path, text);
  return true;
}

export function writeSnapshot(projectDir: string, snapshot: ScanSnapshot): SnapshotWriteResult {
  const paths = snapshotPaths(projectDir, snapshot.overview.connection);
  const result: SnapshotWriteResult = { written: [], removed: [], unchanged: 0 };
  const files = new Map<string, string>();
  files.set(paths.overview, canonicalJson(snapshot.overview));
  files.set(paths.relationships, canonicalJson(snapshot.keys));
  for (const table of snapshot.tables)
    files.set(join(paths.tables, tableFileName(table.key)), canonicalJson(table));

  for (const [path, text] of files) {
    if (writeIfChanged(path, text)) result.written.push(relative(projectDir, path));
    else result.unchanged++;
  }
  if (existsSync(paths.tables)) {
    for (const file of readdirSync(paths.tables).sort()) {
      const path = join(paths.tables, file);
      if (!file.endsWith('.json') || files.has(path)) continue;
      rmSync(path, { force: true });
      result.removed.push(relative(projectDir, path));
    }
  }
  result.written.sort();
  return result;
}
