import { LineCounter, parseDocument } from 'yaml';
import type { Dialect } from '../connectors/types.js';
import { nearest } from '../core/text.js';
import { positionInDocument } from '../core/yaml-validate.js';
import { readScanSnapshot } from '../scan/snapshot.js';
import type { LiveSummary } from './live/check.js';
import { loadSourceTexts, readSourceTexts } from './load.js';
import { buildModel } from './model/build.js';
import type { ModelIssue, SemanticModel } from './model/types.js';
import { checkAgainstSnapshot } from './snapshot-check.js';

/**
 * `ktx sl validate`: schema problems (file:line:col), references between columns, measures,
 * segments and joins, expression syntax, derived-measure cycles, and — when the connection has
 * been scanned — declared tables and columns against the warehouse.
 */

export interface ValidationIssue {
  severity: 'error' | 'warning';
  code: string;
  source?: string;
  /** Project-relative file. */
  file: string;
  line?: number;
  col?: number;
  /** Dotted path inside the file (`measures[2].expr`). */
  path: string;
  message: string;
  fix?: string;
  /** Live checks: the SQL the warehouse rejected. */
  sql?: string;
}

export interface ValidationReport {
  connectionId: string;
  dialect: Dialect;
  valid: boolean;
  sources: number;
  /** The latest scan snapshot was used to check tables and columns. */
  checkedAgainstScan: boolean;
  /** Present with `--live`: what was run against the warehouse. */
  live?: LiveSummary;
  errors: ValidationIssue[];
  warnings: ValidationIssue[];
}

function pathKeys(path: string): Array<string | number> {
  const keys: Array<string | number> = [];
  for (const match of path.matchAll(/([^.[\]]+)|\[(\d+)\]/g))
    keys.push(match[2] !== undefined ? Number(match[2]) : match[1]!);
  return keys;
}

interface StaticPass {
  texts: Array<{ file: string; text: string }>;
  loaded: ReturnType<typeof loadSourceTexts>;
  model: SemanticModel;
  checkedAgainstScan: boolean;
  modelIssues: Array<ModelIssue & { sql?: string }>;
}

function staticPass(projectDir: string, connectionId: string, dialect: Dialect): StaticPass {
  const texts = readSourceTexts(projectDir, connectionId);
  const loaded = loadSourceTexts(texts, connectionId);
  const model = buildModel(loaded.sources, { connectionId, dialect, brokenSources: loaded.brokenNames });
  const snapshot = readScanSnapshot(projectDir, connectionId);
  const modelIssues: ModelIssue[] = [
    ...model.issues,
    ...(snapshot ? checkAgainstSnapshot(model, snapshot) : []),
  ];
  return { texts, loaded, model, checkedAgainstScan: snapshot !== undefined, modelIssues };
}

export function validateSemanticLayerFiles(
  projectDir: string,
  connectionId: string,
  dialect: Dialect,
  options: { source?: string } = {},
): ValidationReport {
  return buildReport(staticPass(projectDir, connectionId, dialect), connectionId, dialect, options);
}

/** What `--live` adds: a way to run the checks (the CLI opens the connection), and their summary. */
export type LiveChecker = (
  model: SemanticModel,
  sources: string[],
) => Promise<{ issues: Array<ModelIssue & { sql?: string }>; summary: LiveSummary }>;

/** Static validation, then the live checks of every source that passed it, in one report. */
export async function validateSemanticLayerLive(
  projectDir: string,
  connectionId: string,
  dialect: Dialect,
  live: LiveChecker,
  options: { source?: string } = {},
): Promise<ValidationReport> {
  const pass = staticPass(projectDir, connectionId, dialect);
  const names = [...pass.model.sources.keys()].filter((name) => !options.source || name === options.source);
  const outcome = await live(pass.model, names);
  pass.modelIssues.push(...outcome.issues);
  return { ...buildReport(pass, connectionId, dialect, options), live: outcome.summary };
}

function buildReport(
  pass: StaticPass,
  connectionId: string,
  dialect: Dialect,
  options: { source?: string },
): ValidationReport {
  const { texts, loaded, modelIssues } = pass;
  const textOf = new Map(texts.map((t) => [t.file, t.text]));
  const located = modelIssues.map((issue): ValidationIssue => {
    const text = textOf.get(issue.file);
    let position: { line: number; col: number } | undefined;
    if (text !== undefined) {
      const lineCounter = new LineCounter();
      const doc = parseDocument(text, { lineCounter });
      position = positionInDocument(doc, lineCounter, pathKeys(issue.path));
    }
    return { ...issue, ...(position ?? {}) };
  });
  const sourceOfFile = new Map(loaded.sources.map((s) => [s.file, s.name]));
  const all: ValidationIssue[] = [
    ...loaded.issues.map((issue) => ({
      severity: issue.severity,
      code: 'sl_schema_invalid',
      ...(sourceOfFile.get(issue.file) ? { source: sourceOfFile.get(issue.file)! } : {}),
      file: issue.file,
      ...(issue.line !== undefined ? { line: issue.line, col: issue.col ?? 1 } : {}),
      path: issue.path,
      message: issue.message,
      ...(issue.fix ? { fix: issue.fix } : {}),
    })),
    ...located,
  ];
  let selected = all;
  if (options.source) {
    const names = [...loaded.sources.map((s) => s.name), ...loaded.brokenNames];
    if (!names.includes(options.source)) {
      const close = nearest(options.source, names, 3);
      selected = [
        {
          severity: 'error',
          code: 'sl_unknown_source',
          file: `semantic-layer/${connectionId}`,
          path: '',
          message: `No source named "${options.source}" in connection ${connectionId}.`,
          ...(close.length ? { fix: `Did you mean ${close.map((c) => `"${c}"`).join(', ')}?` } : {}),
        },
      ];
    } else {
      const file = texts.find((t) =>
        new RegExp(`^name:\\s*["']?${options.source}["']?\\s*$`, 'm').test(t.text),
      )?.file;
      selected = all.filter(
        (issue) => issue.source === options.source || (file !== undefined && issue.file === file),
      );
    }
  }
  const order = (a: ValidationIssue, b: ValidationIssue) =>
    a.file.localeCompare(b.file) || (a.line ?? 0) - (b.line ?? 0) || (a.col ?? 0) - (b.col ?? 0);
  const errors = selected.filter((i) => i.severity === 'error').sort(order);
  const warnings = selected.filter((i) => i.severity === 'warning').sort(order);
  return {
    connectionId,
    dialect,
    valid: errors.length === 0,
    sources: options.source ? 1 : loaded.sources.length,
    checkedAgainstScan: pass.checkedAgainstScan,
    errors,
    warnings,
  };
}
