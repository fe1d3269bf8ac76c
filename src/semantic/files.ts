import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { projectPaths } from '../project/layout.js';

/**
 * Where semantic source files are, without parsing them. Kept free of the YAML and schema
 * libraries so a cached `ktx sl query` never loads them.
 */

/** Same rule as CONNECTION_ID_PATTERN in connectors/config.ts (which would load zod); a test keeps them equal. */
export const CONNECTION_DIR_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]{0,62}$/;

/**
 * YAML files of one connection folder, sorted. Folders and files starting with `_` or `.` are
 * reserved for ktx's own bookkeeping and skipped.
 */
export function sourceFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && /\.ya?ml$/i.test(entry.name) && !entry.name.startsWith('.'))
    .map((entry) => join(entry.parentPath, entry.name))
    .filter(
      (path) =>
        !relative(dir, path)
          .split(/[\\/]/)
          .some((part) => part.startsWith('_') || part.startsWith('.')),
    )
    .sort();
}

/** Connection ids that have a semantic-layer folder. */
export function semanticConnectionIds(projectDir: string): string[] {
  const root = projectPaths(projectDir).semanticLayer;
  if (!existsSync(root)) return [];
  return readdirSync(root, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && CONNECTION_DIR_PATTERN.test(entry.name))
    .map((entry) => entry.name)
    .sort();
}

export interface SourceText {
  /** Project-relative path. */
  file: string;
  text: string;
}

/** Reads the source files of one connection (no parsing). */
export function readSourceTexts(projectDir: string, connectionId: string): SourceText[] {
  const dir = join(projectPaths(projectDir).semanticLayer, connectionId);
  return sourceFiles(dir).map((path) => ({
    file: relative(projectDir, path),
    text: readFileSync(path, 'utf8'),
  }));
}
