import type { TableSnapshot } from '../../scan/types.js';
import type { SemanticSource } from '../../semantic/schema.js';
import type { UsageMode } from '../../wiki/frontmatter.js';
import type { WikiPage } from '../../wiki/store.js';

/**
 * What gets indexed, per input file. Every semantic entity is its own document (a measure is
 * found as a measure, not as "somewhere in subscriptions"), each with three weighted fields:
 * name (identifiers, keys, titles) > summary (descriptions, tags) > body (everything else).
 */

export type DocKind = 'wiki' | 'source' | 'measure' | 'column' | 'segment' | 'table';

export interface DocInput {
  id: string;
  kind: DocKind;
  /** `global` / `user:<id>` for wiki pages, `sl` for semantic entities, `raw` for scanned tables. */
  scope: string;
  connection?: string;
  key?: string;
  /** What an agent passes on: a page key, `conn/source.measure`, `conn/schema.table`. */
  ref: string;
  title: string;
  summary: string;
  usageMode: UsageMode;
  fields: { name: string; summary: string; body: string };
  data?: Record<string, unknown>;
  /** Identifiers that may be acronyms spelled out in the text (`arr`). */
  names: string[];
}

export interface ValueInput {
  connection: string;
  tableKey: string;
  column: string;
  /** Column ref: the semantic column when a source covers the table, else the raw column. */
  ref: string;
  source?: string;
  value: string;
  freq: number | null;
}

const EMBED_TEXT_LIMIT = 2000;

/** The text embedded for the vector lane: what a person would read to judge relevance. */
export function embedText(doc: DocInput): string {
  const text = [doc.title, doc.summary, doc.fields.summary, doc.fields.body].filter(Boolean).join('\n');
  return text.length > EMBED_TEXT_LIMIT ? text.slice(0, EMBED_TEXT_LIMIT) : text;
}

function words(...parts: Array<string | undefined>): string {
  return parts.filter((part): part is string => Boolean(part)).join(' \n ');
}

/** Markdown minus link and emphasis syntax (code is kept: it names columns). */
function plainMarkdown(body: string): string {
  return body
    .replace(
      /\[\[([^\]|#]+)(?:#[^\]|]*)?(?:\|([^\]]*))?\]\]/g,
      (_m, target: string, label?: string) => label ?? target,
    )
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/[*_`#>|]/g, ' ');
}

export function wikiDocument(page: WikiPage): DocInput {
  const scope = page.scope === 'global' ? 'global' : `user:${page.userId}`;
  return {
    id: `wiki:${page.scope === 'global' ? 'global' : `user/${page.userId}`}/${page.key}`,
    kind: 'wiki',
    scope,
    key: page.key,
    ref: page.key,
    title: page.title,
    summary: page.summary,
    usageMode: page.usageMode,
    fields: {
      name: words(page.key, page.title),
      summary: words(page.summary, page.tags.join(', ')),
      body: words(plainMarkdown(page.body), page.slRefs.join(' '), page.refs.join(' ')),
    },
    data: {
      file: page.file,
      scope: page.scope,
      userId: page.userId,
      tags: page.tags,
      slRefs: page.slRefs,
      usageMode: page.usageMode,
    },
    names: [page.key],
  };
}

function slDoc(
  source: SemanticSource,
  kind: DocKind,
  name: string | undefined,
  parts: { description?: string; body: string; tags?: string[] },
  data: Record<string, unknown>,
): DocInput {
  const base = `${source.connectionId}/${source.name}`;
  const ref = name ? `${base}.${name}` : base;
  const description = parts.description?.trim() ?? '';
  return {
    id: `${kind}:${ref}`,
    kind,
    scope: 'sl',
    connection: source.connectionId,
    ref,
    title: name ? `${source.name}.${name}` : source.name,
    summary: description,
    usageMode: 'auto',
    fields: {
      name: name ?? source.name,
      summary: words(description, parts.tags?.join(', '), name ? source.name : undefined),
      body: parts.body,
    },
    data: { file: source.file, source: source.name, ...data },
    names: [name ?? source.name],
  };
}

export function sourceDocuments(source: SemanticSource): DocInput[] {
  const measures = source.measures ?? [];
  const segments = source.segments ?? [];
  const joins = source.joins ?? [];
  const docs: DocInput[] = [
    slDoc(
      source,
      'source',
      undefined,
      {
        description: source.description,
        tags: source.tags,
        body: words(
          source.table ?? 'sql',
          source.columns.map((column) => column.name).join(' '),
          measures.map((measure) => measure.name).join(' '),
          segments.map((segment) => segment.name).join(' '),
          joins.map((join) => join.alias ?? join.to).join(' '),
        ),
      },
      {
        table: source.table,
        columns: source.columns.length,
        measures: measures.length,
        joins: joins.map((join) => join.alias ?? join.to),
      },
    ),
  ];
  for (const measure of measures) {
    docs.push(
      slDoc(
        source,
        'measure',
        measure.name,
        { description: measure.description, body: words(measure.expr, measure.filter, measure.format) },
        { expr: measure.expr, filter: measure.filter, format: measure.format },
      ),
    );
  }
  for (const column of source.columns) {
    if (column.visibility === 'hidden') continue;
    docs.push(
      slDoc(
        source,
        'column',
        column.name,
        { description: column.description, tags: column.tags, body: words(column.type, column.expr) },
        { type: column.type, expr: column.expr },
      ),
    );
  }
  for (const segment of segments) {
    docs.push(
      slDoc(
        source,
        'segment',
        segment.name,
        { description: segment.description, body: segment.expr },
        { expr: segment.expr },
      ),
    );
  }
  return docs;
}

/** Literal values worth indexing: strings people type, not numbers, dates or masked samples. */
function indexableValues(
  table: TableSnapshot,
  columnName: string,
): Array<{ value: string; freq: number | null }> {
  const profile = table.profile?.columns.find((column) => column.name === columnName);
  if (profile?.type !== 'string' || profile.sensitive) return [];
  const out = new Map<string, number | null>();
  for (const top of profile.topValues ?? []) out.set(top.value, top.count);
  for (const sample of profile.samples ?? []) if (!out.has(sample)) out.set(sample, null);
  return [...out]
    .filter(
      ([value]) =>
        value.trim().length > 0 &&
        value.length <= 200 &&
        !/^[\d\s.,:+-]+$/.test(value) &&
        !value.includes('***'),
    )
    .map(([value, freq]) => ({ value, freq }));
}

export interface ScanCoverage {
  /** The semantic source covering this table, when there is one. */
  source?: SemanticSourceSummary;
}

export interface SemanticSourceSummary {
  name: string;
  columns: string[];
}

/**
 * A scanned table: its literal values always (the value lane), and table/column documents only
 * when no semantic source covers it (otherwise the source is the better answer).
 */
export function scanDocuments(
  table: TableSnapshot,
  connection: string,
  coverage: ScanCoverage,
): { docs: DocInput[]; values: ValueInput[] } {
  const docs: DocInput[] = [];
  const values: ValueInput[] = [];
  const source = coverage.source;
  const rawBase = `${connection}/${table.key}`;
  if (!source) {
    docs.push({
      id: `raw-table:${rawBase}`,
      kind: 'table',
      scope: 'raw',
      connection,
      ref: rawBase,
      title: table.key,
      summary: table.comment ?? '',
      usageMode: 'auto',
      fields: {
        name: table.name,
        summary: table.comment ?? '',
        body: table.columns.map((column) => column.name).join(' '),
      },
      data: { table: table.key, rows: table.profile?.rowCount ?? table.rowCountEstimate },
      names: [table.name],
    });
  }
  for (const column of table.columns) {
    const semantic = source?.columns.includes(column.name) ? source : undefined;
    const ref = semantic ? `${connection}/${semantic.name}.${column.name}` : `${rawBase}.${column.name}`;
    const columnValues = indexableValues(table, column.name);
    for (const { value, freq } of columnValues) {
      values.push({
        connection,
        tableKey: table.key,
        column: column.name,
        ref,
        source: semantic?.name,
        value,
        freq,
      });
    }
    if (source) continue;
    docs.push({
      id: `raw-column:${ref}`,
      kind: 'column',
      scope: 'raw',
      connection,
      ref,
      title: `${table.key}.${column.name}`,
      summary: column.comment ?? '',
      usageMode: 'auto',
      fields: {
        name: column.name,
        summary: words(column.comment, table.name),
        body: words(
          column.type,
          columnValues
            .slice(0, 20)
            .map((v) => v.value)
            .join(', '),
        ),
      },
      data: { table: table.key, type: column.type },
      names: [column.name],
    });
  }
  return { docs, values };
}
