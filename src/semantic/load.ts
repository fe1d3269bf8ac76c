import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { CONNECTION_ID_PATTERN } from '../connectors/config.js';
import { validateYamlText, type YamlIssue } from '../core/yaml-validate.js';
import { projectPaths } from '../project/layout.js';
import { type SemanticSource, sourceSchema } from './schema.js';

/**
 * Loads semantic sources from `semantic-layer/<connection>/**\/*.yaml`. A broken file never
 * hides its siblings: it is reported (file:line:col) and the rest still load.
 */

export interface SourceFileIssue extends YamlIssue {
  /** Project-relative file path. */
  file: string;
  connectionId: string;
}

export interface LoadedSemanticLayer {
  sources: SemanticSource[];
  issues: SourceFileIssue[];
}

function yamlFiles(dir: string): string[] {
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
    .filter((entry) => entry.isDirectory() && CONNECTION_ID_PATTERN.test(entry.name))
    .map((entry) => entry.name)
    .sort();
}

export function parseSourceText(
  text: string,
  file: string,
  connectionId: string,
): { source: SemanticSource | undefined; issues: SourceFileIssue[] } {
  const { value, issues } = validateYamlText(text, {
    schema: sourceSchema,
    fileLabel: file,
    unknownKeys: 'error',
  });
  const located = issues.map((issue) => ({ ...issue, file, connectionId }));
  return { source: value ? { ...value, connectionId, file } : undefined, issues: located };
}

/**
 * All sources of one connection (or of every connection when omitted). Folders and files
 * starting with `_` or `.` are ignored (reserved for ktx's own bookkeeping).
 */
export function loadSemanticLayer(projectDir: string, connectionId?: string): LoadedSemanticLayer {
  const ids = connectionId ? [connectionId] : semanticConnectionIds(projectDir);
  const sources: SemanticSource[] = [];
  const issues: SourceFileIssue[] = [];
  for (const id of ids) {
    const dir = join(projectPaths(projectDir).semanticLayer, id);
    const seen = new Map<string, string>();
    for (const path of yamlFiles(dir)) {
      const file = relative(projectDir, path);
      const parsed = parseSourceText(readFileSync(path, 'utf8'), file, id);
      issues.push(...parsed.issues);
      if (!parsed.source) continue;
      const previous = seen.get(parsed.source.name);
      if (previous) {
        issues.push({
          severity: 'error',
          file,
          connectionId: id,
          path: 'name',
          line: 1,
          col: 1,
          message: `source "${parsed.source.name}" is already defined in ${previous}`,
          fix: 'Source names must be unique per connection: rename one of them.',
        });
        continue;
      }
      seen.set(parsed.source.name, file);
      sources.push(parsed.source);
    }
  }
  return { sources, issues };
}
