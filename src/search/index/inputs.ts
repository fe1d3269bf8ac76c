import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { projectPaths } from '../../project/layout.js';
import { snapshotPaths } from '../../scan/snapshot.js';
import { CONNECTION_DIR_PATTERN, semanticConnectionIds, sourceFiles } from '../../semantic/files.js';
import { isValidKey, USER_ID_PATTERN } from '../../wiki/keys.js';

/**
 * The files the index is built from, with the size and mtime used by the cheap freshness
 * check (content is hashed only when those change).
 */

export type InputKind = 'wiki' | 'sl' | 'scan';

export interface InputFile {
  /** Project-relative path, the identity of the file in the index. */
  path: string;
  abs: string;
  kind: InputKind;
  /** Semantic and scan files: the connection. */
  connection?: string;
  /** Wiki files: `global` or `user:<id>`. */
  scope?: string;
  size: number;
  mtimeMs: number;
}

function stat(abs: string): { size: number; mtimeMs: number } | undefined {
  try {
    const s = statSync(abs);
    return s.isFile() ? { size: s.size, mtimeMs: s.mtimeMs } : undefined;
  } catch {
    return undefined;
  }
}

function dirEntries(dir: string) {
  try {
    return readdirSync(dir, { withFileTypes: true });
  } catch {
    return [];
  }
}

function pushFile(
  out: InputFile[],
  root: string,
  abs: string,
  base: Omit<InputFile, 'path' | 'abs' | 'size' | 'mtimeMs'>,
) {
  const s = stat(abs);
  if (s) out.push({ ...base, abs, path: relative(root, abs), ...s });
}

function wikiScope(out: InputFile[], root: string, dir: string, scope: string): void {
  for (const entry of dirEntries(dir)) {
    if (!entry.isFile() || !entry.name.endsWith('.md') || !isValidKey(entry.name.slice(0, -3))) continue;
    pushFile(out, root, join(dir, entry.name), { kind: 'wiki', scope });
  }
}

export function listInputs(projectDir: string): InputFile[] {
  const paths = projectPaths(projectDir);
  const out: InputFile[] = [];
  wikiScope(out, projectDir, paths.wikiGlobal, 'global');
  for (const entry of dirEntries(paths.wikiUser)) {
    if (entry.isDirectory() && USER_ID_PATTERN.test(entry.name)) {
      wikiScope(out, projectDir, join(paths.wikiUser, entry.name), `user:${entry.name}`);
    }
  }
  // The files the semantic loader reads, by the same rules.
  for (const connection of semanticConnectionIds(projectDir)) {
    for (const abs of sourceFiles(join(paths.semanticLayer, connection)))
      pushFile(out, projectDir, abs, { kind: 'sl', connection });
  }
  for (const entry of dirEntries(paths.rawSources)) {
    if (!entry.isDirectory() || !CONNECTION_DIR_PATTERN.test(entry.name)) continue;
    const tables = snapshotPaths(projectDir, entry.name).tables;
    if (!existsSync(tables)) continue;
    for (const file of dirEntries(tables)) {
      if (file.isFile() && file.name.endsWith('.json')) {
        pushFile(out, projectDir, join(tables, file.name), { kind: 'scan', connection: entry.name });
      }
    }
  }
  return out;
}
