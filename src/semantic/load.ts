import { validateYamlText, type YamlIssue } from '../core/yaml-validate.js';
import { readSourceTexts, type SourceText, semanticConnectionIds } from './files.js';
import { type SemanticSource, sourceSchema } from './schema.js';

export { readSourceTexts, type SourceText, semanticConnectionIds } from './files.js';

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
  /** Names of sources whose files failed to load. */
  brokenNames: string[];
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

/** Parses and validates the files of one connection; duplicate names are reported on the later file. */
export function loadSourceTexts(files: SourceText[], connectionId: string): LoadedSemanticLayer {
  const sources: SemanticSource[] = [];
  const issues: SourceFileIssue[] = [];
  const brokenNames: string[] = [];
  const seen = new Map<string, string>();
  for (const { file, text } of files) {
    const parsed = parseSourceText(text, file, connectionId);
    issues.push(...parsed.issues);
    if (!parsed.source) {
      // Remember the name so queries can say "this source failed to load" rather than "unknown".
      const name = /^name:\s*["']?([A-Za-z_][A-Za-z0-9_]*)/m.exec(text)?.[1];
      if (name) brokenNames.push(name);
      continue;
    }
    const previous = seen.get(parsed.source.name);
    if (previous) {
      issues.push({
        severity: 'error',
        file,
        connectionId,
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
  return { sources, issues, brokenNames };
}

/**
 * All sources of one connection (or of every connection when omitted). Folders and files
 * starting with `_` or `.` are ignored (reserved for ktx's own bookkeeping).
 */
export function loadSemanticLayer(projectDir: string, connectionId?: string): LoadedSemanticLayer {
  const ids = connectionId ? [connectionId] : semanticConnectionIds(projectDir);
  const result: LoadedSemanticLayer = { sources: [], issues: [], brokenNames: [] };
  for (const id of ids) {
    const loaded = loadSourceTexts(readSourceTexts(projectDir, id), id);
    result.sources.push(...loaded.sources);
    result.issues.push(...loaded.issues);
    result.brokenNames.push(...loaded.brokenNames);
  }
  return result;
}
