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
 * Whether a document may be returned: kinds, connection, usage_mode never, and wiki visibility
 * (global pages, the user's own pages, a user page shadowing the global one). FTS lanes apply
 * the same rule through facet tokens (index/facets.ts).
 */
export function docVisible(doc: DocMeta, filter: SearchFilter, userKeys: Set<string>): boolean {
  if (!filter.kinds.includes(doc.kind as ResultKind) || doc.usage_mode === 'never') return false;
  if (filter.connection && doc.connection !== filter.connection) return false;
  if (filter.semanticOnly && doc.scope === 'raw') return false;
  if (doc.kind !== 'wiki') return true;
  if (doc.scope === `user:${filter.userId}`) return true;
  return doc.scope === 'global' && !userKeys.has(doc.key ?? '');
}
