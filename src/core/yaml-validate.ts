import { type Document, isMap, isPair, isScalar, LineCounter, parseDocument } from 'yaml';
import type { z } from 'zod';
import { didYouMean } from './text.js';

/**
 * YAML + zod validation with positions: every issue names the dotted YAML path and the
 * `line:col` where a person should look, plus a fix. Shared by ktx.yaml, semantic sources and
 * wiki frontmatter so all files report problems the same way.
 */

export interface YamlIssue {
  severity: 'error' | 'warning';
  /** Dotted path (`llm.provider.backend`, `columns[2].type`); empty for the whole document. */
  path: string;
  line?: number;
  col?: number;
  message: string;
  fix?: string;
}

export type Position = { line: number; col: number } | undefined;

export interface YamlValidateOptions<T> {
  schema: z.ZodType<T>;
  /** Used in fixes ("Add `x` to <fileLabel>"). */
  fileLabel: string;
  /** Unknown keys (strict objects): warnings that are stripped before re-validating, or errors. */
  unknownKeys: 'warn' | 'error';
  /** Special-case wording for some issues (return undefined for the default text). */
  describe?: (
    issue: z.core.$ZodIssue,
    actual: unknown,
    path: string,
  ) => { message: string; fix?: string } | undefined;
  /** Checks run on the raw data before the schema (e.g. a version gate); issues returned stop validation. */
  precheck?: (data: Record<string, unknown>, positionOf: (path: PropertyKey[]) => Position) => YamlIssue[];
  /** Shape of the document root. */
  root?: 'mapping';
}

export interface YamlValidateResult<T> {
  value: T | undefined;
  doc: Document;
  issues: YamlIssue[];
}

export function dottedPath(path: readonly PropertyKey[]): string {
  return path
    .map((key) => (typeof key === 'number' ? `[${key}]` : String(key)))
    .join('.')
    .replace(/\.\[/g, '[');
}

export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'string') return `"${value}"`;
  return `${typeof value} ${String(value)}`;
}

export function valueAt(data: unknown, path: readonly PropertyKey[]): unknown {
  let current = data;
  for (const key of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<PropertyKey, unknown>)[key as string];
  }
  return current;
}

type PathKey = string | number;

interface ZodDefLike {
  type?: string;
  shape?: Record<string, unknown>;
  element?: unknown;
  innerType?: unknown;
  valueType?: unknown;
  options?: unknown[];
  in?: unknown;
}

function defOf(schema: unknown): ZodDefLike | undefined {
  return (schema as { _zod?: { def?: ZodDefLike } } | undefined)?._zod?.def;
}

/** Keys a strict object accepts at `path` (best effort), for "did you mean" on unknown keys. */
export function knownKeysAt(schema: unknown, path: readonly PropertyKey[]): string[] {
  const candidates = (node: unknown, rest: readonly PropertyKey[]): string[] => {
    const def = defOf(node);
    if (!def) return [];
    switch (def.type) {
      case 'optional':
      case 'nullable':
      case 'default':
      case 'prefault':
      case 'readonly':
      case 'catch':
        return candidates(def.innerType, rest);
      case 'pipe':
        return candidates(def.in, rest);
      case 'union':
        return [...new Set((def.options ?? []).flatMap((option) => candidates(option, rest)))];
      case 'array':
        return rest.length === 0 ? [] : candidates(def.element, rest.slice(1));
      case 'record':
        return rest.length === 0 ? [] : candidates(def.valueType, rest.slice(1));
      case 'object': {
        const shape = def.shape ?? {};
        if (rest.length === 0) return Object.keys(shape);
        return candidates(shape[String(rest[0])], rest.slice(1));
      }
      default:
        return [];
    }
  };
  return candidates(schema, path);
}

/**
 * Position for an issue at `path`: the key of the deepest existing node on that path (what a
 * person looks for), or the unknown key itself when `pointAtKey` is given.
 */
export function positionInDocument(
  doc: Document,
  lineCounter: LineCounter,
  path: readonly PropertyKey[],
  pointAtKey?: string,
): Position {
  const keyOffset = (map: unknown, key: PropertyKey): number | undefined => {
    if (!isMap(map)) return undefined;
    const pair = map.items.find((item) => isPair(item) && isScalar(item.key) && item.key.value === key);
    return pair && isScalar(pair.key) && pair.key.range ? pair.key.range[0] : undefined;
  };
  const nodeAt = (depth: number): unknown =>
    depth === 0 ? doc.contents : doc.getIn(path.slice(0, depth) as PathKey[], true);
  for (let depth = path.length; depth >= 0; depth--) {
    const node = nodeAt(depth);
    if (!node) continue;
    let offset: number | undefined;
    if (pointAtKey !== undefined && depth === path.length) offset = keyOffset(node, pointAtKey);
    if (offset === undefined && depth > 0) offset = keyOffset(nodeAt(depth - 1), path[depth - 1]!);
    if (offset === undefined) offset = (node as { range?: [number, number, number] }).range?.[0];
    if (offset === undefined) continue;
    const pos = lineCounter.linePos(offset);
    return { line: pos.line, col: pos.col };
  }
  return undefined;
}

function defaultIssueText(
  issue: z.core.$ZodIssue,
  actual: unknown,
  path: string,
  fileLabel: string,
): { message: string; fix?: string } {
  switch (issue.code) {
    case 'invalid_type':
      if (actual === undefined) {
        return {
          message: `is required (expected ${issue.expected})`,
          fix: `Add \`${path}\` to ${fileLabel}.`,
        };
      }
      return {
        message: `expected ${issue.expected}, got ${describeValue(actual)}`,
        fix: `Set \`${path}\` to a ${issue.expected}.`,
      };
    case 'invalid_value': {
      const options = issue.values.map((value) => String(value));
      const hint = typeof actual === 'string' ? didYouMean(actual, options) : '';
      return {
        message: `expected one of ${options.join(', ')}; got ${describeValue(actual)}.${hint}`,
        fix: `Set \`${path}\` to one of: ${options.join(', ')}.`,
      };
    }
    case 'too_small':
    case 'too_big':
      return { message: `${issue.message.replace(/^Too (small|big): /, '')}; got ${describeValue(actual)}` };
    case 'invalid_format':
      return { message: `${issue.message}; got ${describeValue(actual)}` };
    default:
      return { message: issue.message };
  }
}

function syntaxIssue(doc: Document, text: string): YamlIssue | undefined {
  const error = doc.errors[0];
  if (!error) return undefined;
  const pos = error.linePos?.[0];
  const headline = error.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
  let context = '';
  let line = pos?.line;
  let col = pos?.col;
  if (line !== undefined) {
    const lines = text.split(/\r?\n/);
    // Errors found at end of input (an unclosed bracket) point past the last line: show the last real one.
    while (line > 1 && !(lines[line - 1] ?? '').trim()) {
      line--;
      col = (lines[line - 1] ?? '').length + 1;
    }
    const lineText = lines[line - 1] ?? '';
    context = `\n    ${lineText}\n    ${' '.repeat(Math.max(0, (col ?? 1) - 1))}^`;
  }
  return {
    severity: 'error',
    path: '',
    line,
    col,
    message: `YAML syntax error: ${headline}${context}`,
    fix: 'Fix the YAML syntax at that position (indentation, quotes, a missing `:`).',
  };
}

function sortIssues(issues: YamlIssue[]): YamlIssue[] {
  const rank = (issue: YamlIssue) => (issue.severity === 'error' ? 0 : 1);
  return issues.sort(
    (a, b) => rank(a) - rank(b) || (a.line ?? 0) - (b.line ?? 0) || (a.col ?? 0) - (b.col ?? 0),
  );
}

/** Parses and validates YAML text. Never throws for user errors; returns issues instead. */
export function validateYamlText<T>(text: string, options: YamlValidateOptions<T>): YamlValidateResult<T> {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: true, uniqueKeys: true });
  const syntax = syntaxIssue(doc, text);
  if (syntax) return { value: undefined, doc, issues: [syntax] };

  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: 100 });
  } catch (error) {
    return {
      value: undefined,
      doc,
      issues: [
        {
          severity: 'error',
          path: '',
          message: `cannot read ${options.fileLabel}: ${(error as Error).message}`,
        },
      ],
    };
  }
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    return {
      value: undefined,
      doc,
      issues: [
        {
          severity: 'error',
          path: '',
          line: 1,
          col: 1,
          message: `${options.fileLabel} must be a YAML mapping (got ${describeValue(data)})`,
        },
      ],
    };
  }
  const positionOf = (path: PropertyKey[], key?: string) => positionInDocument(doc, lineCounter, path, key);
  const pre = options.precheck?.(data as Record<string, unknown>, positionOf) ?? [];
  if (pre.some((issue) => issue.severity === 'error')) return { value: undefined, doc, issues: pre };

  const issues: YamlIssue[] = [...pre];
  for (let pass = 0; pass < 8; pass++) {
    const result = options.schema.safeParse(data);
    if (result.success) return { value: result.data, doc, issues: sortIssues(issues) };
    const unknown = result.error.issues.filter((issue) => issue.code === 'unrecognized_keys');
    if (unknown.length === 0 || options.unknownKeys === 'error') {
      for (const issue of result.error.issues) {
        if (issue.code === 'unrecognized_keys') {
          for (const key of issue.keys) {
            const path = dottedPath([...issue.path, key]);
            issues.push({
              severity: 'error',
              path,
              ...positionOf(issue.path as PropertyKey[], key),
              message: 'unknown field',
              fix: `Remove \`${path}\` or check its spelling.${didYouMean(key, knownKeysAt(options.schema, issue.path))}`,
            });
          }
          continue;
        }
        const path = dottedPath(issue.path);
        const actual = valueAt(data, issue.path);
        const text =
          options.describe?.(issue, actual, path) ?? defaultIssueText(issue, actual, path, options.fileLabel);
        issues.push({ severity: 'error', path, ...positionOf(issue.path as PropertyKey[]), ...text });
      }
      return { value: undefined, doc, issues: sortIssues(issues) };
    }
    for (const issue of unknown) {
      if (issue.code !== 'unrecognized_keys') continue;
      for (const key of issue.keys) {
        const path = dottedPath([...issue.path, key]);
        issues.push({
          severity: 'warning',
          path,
          ...positionOf(issue.path as PropertyKey[], key),
          message: 'unknown field, ignored',
          fix: `Remove \`${path}\` or check its spelling; this ktx version does not use it.${didYouMean(key, knownKeysAt(options.schema, issue.path))}`,
        });
        const parent = valueAt(data, issue.path);
        if (parent && typeof parent === 'object') delete (parent as Record<string, unknown>)[key];
      }
    }
  }
  return {
    value: undefined,
    doc,
    issues: [...issues, { severity: 'error', path: '', message: 'document is invalid' }],
  };
}

export function formatYamlIssue(issue: YamlIssue, file: string): string {
  const where = issue.line ? `${file}:${issue.line}:${issue.col ?? 1}` : file;
  const subject = issue.path ? `${issue.path}: ` : '';
  return `${where}  ${subject}${issue.message}`;
}
