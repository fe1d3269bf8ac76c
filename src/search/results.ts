import type { FusedCandidate } from './fusion.js';
import type { Db } from './index/db.js';
import { prepared } from './lanes/sql.js';
import type { LaneName } from './lanes/types.js';
import type { ResultKind } from './query/filter.js';

/** One search result, whatever its kind. `ref` is what an agent passes to the next tool. */
export interface SearchResult {
  kind: ResultKind;
  /** Wiki: the page key. Semantic: `conn/source[.name]`. Raw: `conn/table[.column]`. Value: its column. */
  ref: string;
  title: string;
  summary: string;
  /** Fused score, 0..1 (1 = first in every lane that ran). */
  score: number;
  connection?: string;
  /** Wiki pages. */
  key?: string;
  scope?: 'global' | 'user';
  userId?: string;
  usageMode?: string;
  file?: string;
  /** Semantic entities and values: the source they belong to. */
  source?: string;
  /** Value results: the literal values that matched, their table and column. */
  values?: string[];
  table?: string;
  column?: string;
  /** Rank in each lane that found it (why it is here). */
  lanes: Partial<Record<LaneName, number>>;
  /** Query words it matched (lexical lanes). */
  matched?: string[];
  details?: Record<string, unknown>;
}

interface DocRow {
  rowid: number;
  kind: ResultKind;
  scope: string;
  connection: string | null;
  key: string | null;
  ref: string;
  title: string;
  summary: string;
  usage_mode: string;
  data: string | null;
}

export function materialise(db: Db, candidates: FusedCandidate[]): SearchResult[] {
  const rowids = candidates.filter((c) => c.key.startsWith('doc:')).map((c) => Number(c.key.slice(4)));
  const rows = new Map<number, DocRow>();
  if (rowids.length > 0) {
    const found = prepared(
      db,
      `SELECT rowid, kind, scope, connection, key, ref, title, summary, usage_mode, data FROM docs
       WHERE rowid IN (SELECT value FROM json_each(?))`,
    ).all(JSON.stringify(rowids)) as DocRow[];
    for (const row of found) rows.set(row.rowid, row);
  }
  const results: SearchResult[] = [];
  for (const candidate of candidates) {
    const base = {
      score: Math.round(candidate.score * 10_000) / 10_000,
      lanes: candidate.ranks,
      matched: candidate.matched.length ? candidate.matched : undefined,
    };
    const value = candidate.value;
    if (value && !candidate.key.startsWith('doc:')) {
      results.push({
        kind: 'value',
        ref: value.ref,
        title: `${value.source ?? value.table}.${value.column}`,
        summary: `values ${value.values.map((v) => `"${v}"`).join(', ')} appear in ${value.table}.${value.column}`,
        connection: value.connection,
        source: value.source,
        table: value.table,
        column: value.column,
        values: value.values,
        ...base,
      });
      continue;
    }
    const row = rows.get(Number(candidate.key.slice(4)));
    if (!row) continue;
    const data = row.data ? (JSON.parse(row.data) as Record<string, unknown>) : {};
    const { file, source, scope: _scope, userId, usageMode: _mode, ...details } = data;
    const wiki = row.kind === 'wiki';
    // A column found by the literal values it holds is reported as a value hit on that column.
    const byValue = value
      ? { kind: 'value' as const, values: value.values, table: value.table, column: value.column }
      : { kind: row.kind };
    results.push({
      ...byValue,
      ref: row.ref,
      title: row.title,
      summary: row.summary,
      connection: row.connection ?? undefined,
      key: row.key ?? undefined,
      scope: wiki ? (row.scope === 'global' ? 'global' : 'user') : undefined,
      userId: wiki ? (userId as string | undefined) : undefined,
      usageMode: wiki ? row.usage_mode : undefined,
      file: file as string | undefined,
      source: source as string | undefined,
      details: Object.keys(details).length ? details : undefined,
      ...base,
    });
  }
  return results;
}
