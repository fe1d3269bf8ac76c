import { readFileSync } from 'node:fs';
import { type Document, isMap, isScalar, parseDocument, parse as parseYamlValue } from 'yaml';
import { writeFileAtomic } from '../../core/atomic-write.js';
import { KtxError } from '../../core/errors.js';
import { projectPaths } from '../layout.js';
import { loadConfig } from './load.js';
import type { KtxConfig } from './schema.js';
import { invalidConfigError, validateConfigText } from './validate.js';

/**
 * The only way ktx changes ktx.yaml: edit the parsed YAML Document in place (comments, key
 * order, unknown keys and formatting survive), validate the result, then write atomically.
 */

export type ConfigPath = Array<string | number>;

/** `llm.models.default` → ['llm','models','default']; `a[0].b` → ['a',0,'b']. */
export function parseConfigPath(dotted: string): ConfigPath {
  if (!dotted.trim())
    throw new KtxError('usage', 'A config path is required, e.g. project.name.', { exitCode: 64 });
  const parts: ConfigPath = [];
  for (const segment of dotted.split('.')) {
    const match = /^([^[\]]*)((?:\[\d+\])*)$/.exec(segment);
    if (!match || (!match[1] && !match[2])) {
      throw new KtxError('usage', `Invalid config path "${dotted}".`, {
        hint: 'Use dotted keys such as llm.provider.backend or connections.wh.schemas[0].',
        exitCode: 64,
      });
    }
    if (match[1]) parts.push(match[1]);
    for (const index of match[2]!.matchAll(/\[(\d+)\]/g)) parts.push(Number(index[1]));
  }
  return parts;
}

export interface EditResult {
  config: KtxConfig;
  changed: boolean;
}

/**
 * Applies `mutate` to the Document of ktx.yaml and writes it back if the result is valid.
 * Throws (and writes nothing) when the edited file would be invalid.
 */
export async function editConfig(projectDir: string, mutate: (doc: Document) => void): Promise<EditResult> {
  const file = projectPaths(projectDir).config;
  let before: string;
  try {
    before = readFileSync(file, 'utf8');
  } catch (error) {
    await loadConfig(projectDir); // throws the standard "no project" / unreadable error
    throw error;
  }
  const { doc } = validateConfigText(before);
  // A file with broken YAML syntax cannot be edited safely; an invalid value can be fixed by the edit.
  if (doc.errors.length > 0) throw invalidConfigError(validateConfigText(before).issues);
  const baseline = doc.toString({ lineWidth: 0 });
  mutate(doc);
  const after = preserveFormatting(before, baseline, doc.toString({ lineWidth: 0 }));
  const validated = validateConfigText(after);
  if (!validated.config) throw invalidConfigError(validated.issues);
  if (after !== before) writeFileAtomic(file, after);
  return { config: validated.config, changed: after !== before };
}

/**
 * The YAML printer keeps comments but normalises spacing (`a:   b  # c` → `a: b # c`). To keep
 * a person's formatting, lines the edit did not touch are taken from the original text: diff
 * the re-printed original (`baseline`) against the edited print and carry original lines
 * through unchanged regions. Falls back to the plain print when line structure differs.
 */
export function preserveFormatting(original: string, baseline: string, edited: string): string {
  const orig = original.split('\n');
  const base = baseline.split('\n');
  const next = edited.split('\n');
  if (orig.length !== base.length) return edited;
  // Longest common subsequence of baseline and edited lines.
  const n = base.length;
  const m = next.length;
  const lcs: number[][] = Array.from({ length: n + 1 }, () => new Array<number>(m + 1).fill(0));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      lcs[i]![j] = base[i] === next[j] ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!);
    }
  }
  const out: string[] = [];
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    if (base[i] === next[j]) {
      out.push(orig[i]!);
      i++;
      j++;
    } else if (lcs[i + 1]![j]! >= lcs[i]![j + 1]!) {
      i++; // line removed by the edit
    } else {
      out.push(next[j]!);
      j++;
    }
  }
  while (j < m) out.push(next[j++]!);
  return out.join('\n');
}

/** Interprets a CLI value: YAML scalars/flows (`true`, `5`, `[a, b]`), else the raw string. */
export function parseCliValue(raw: string): unknown {
  try {
    const value = parseYamlValue(raw);
    return value === null && raw.trim() !== 'null' && raw.trim() !== '~' ? raw : value;
  } catch {
    return raw;
  }
}

export async function setConfigValue(projectDir: string, path: ConfigPath, raw: string): Promise<EditResult> {
  const parsed = parseCliValue(raw);
  try {
    return await editConfig(projectDir, (doc) => doc.setIn(path, parsed));
  } catch (error) {
    // `project.name 2024` should stay a string when the schema wants one.
    if (KtxError.is(error) && error.code === 'config_invalid' && typeof parsed !== 'string') {
      try {
        return await editConfig(projectDir, (doc) => doc.setIn(path, raw));
      } catch {
        throw error;
      }
    }
    throw error;
  }
}

export async function unsetConfigValue(projectDir: string, path: ConfigPath): Promise<EditResult> {
  return editConfig(projectDir, (doc) => {
    doc.deleteIn(path);
  });
}

/** Parses ktx.yaml text into an editable Document (comments and positions kept). */
export function parseConfigDocument(text: string): Document {
  return parseDocument(text);
}

export function readConfigValue(doc: Document, path: ConfigPath): { found: boolean; value: unknown } {
  if (!doc.hasIn(path)) return { found: false, value: undefined };
  const node = doc.getIn(path, true);
  if (isScalar(node)) return { found: true, value: node.value };
  if (node && typeof node === 'object' && 'toJSON' in node) {
    return { found: true, value: (node as { toJSON(): unknown }).toJSON() };
  }
  return { found: true, value: isMap(node) ? {} : node };
}
