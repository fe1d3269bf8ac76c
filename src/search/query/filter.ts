import type { DocKind } from '../index/documents.js';

/** Which results a search may return: kinds, connection, and whose wiki pages are visible. */

export type ResultKind = DocKind | 'value';

export const ALL_KINDS: ResultKind[] = ['wiki', 'source', 'measure', 'column', 'segment', 'table', 'value'];
export const SL_KINDS: ResultKind[] = ['source', 'measure', 'column', 'segment', 'value'];

export interface SearchFilter {
  kinds: ResultKind[];
  connection?: string;
  userId: string;
  /** Semantic-layer search: values only when a semantic source covers their table. */
  semanticOnly?: boolean;
}

export interface DocMeta {
  kind: string;
  scope: string;
  key: string | null;
  connection: string | null;
  usage_mode: string;
}

/**
 * SQL condition on `docs d` implementing the filter: kinds, connection, usage_mode never, and
 * wiki visibility (global pages, the user's own pages, a user page shadowing the global one).
 */
export function docFilterSql(filter: SearchFilter): { sql: string; params: Record<string, unknown> } {
  const docKinds = filter.kinds.filter((kind) => kind !== 'value');
  const params: Record<string, unknown> = { userScope: `user:${filter.userId}` };
  const kindList = docKinds.map((kind, i) => {
    params[`kind${i}`] = kind;
    return `@kind${i}`;
  });
  const parts = [
    kindList.length ? `d.kind IN (${kindList.join(', ')})` : '0',
    "d.usage_mode != 'never'",
    "(d.scope IN ('sl', 'raw', 'global') OR d.scope = @userScope)",
    `NOT (d.kind = 'wiki' AND d.scope = 'global' AND EXISTS (
       SELECT 1 FROM docs u WHERE u.scope = @userScope AND u.key = d.key AND u.kind = 'wiki'))`,
  ];
  if (filter.semanticOnly) parts.push("d.scope != 'raw'");
  if (filter.connection) {
    params.connection = filter.connection;
    parts.push('d.connection = @connection');
  }
  return { sql: parts.join(' AND '), params };
}

/** The same rule in JavaScript, for lanes that score documents outside SQL (vectors). */
export function docVisible(doc: DocMeta, filter: SearchFilter, userKeys: Set<string>): boolean {
  if (!filter.kinds.includes(doc.kind as ResultKind) || doc.usage_mode === 'never') return false;
  if (filter.connection && doc.connection !== filter.connection) return false;
  if (filter.semanticOnly && doc.scope === 'raw') return false;
  if (doc.kind !== 'wiki') return true;
  if (doc.scope === `user:${filter.userId}`) return true;
  return doc.scope === 'global' && !userKeys.has(doc.key ?? '');
}
