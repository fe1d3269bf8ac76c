import { isFuzzy } from '../query/analyse.js';
import { docFilterSql } from '../query/filter.js';
import { FIELD_WEIGHTS } from '../tuning.js';
import { ftsAny, prepared } from './sql.js';
import type { LaneContext, LaneHit } from './types.js';

/**
 * The lexical lane: FTS5 bm25 with field weights (name > summary > body) over the query's stems,
 * thesaurus synonyms and corpus acronyms. Documents that contain every concept of the query (in
 * any of its forms) rank first, then documents matching some of them. Typo corrections are left
 * to the fuzzy lane, so a misspelling never promotes unrelated exact matches here.
 */
export function lexicalLane(ctx: LaneContext): LaneHit[] | string {
  const groups = ctx.query.concepts
    .map((concept) => ftsAny(concept.variants.filter((v) => !isFuzzy(v))))
    .filter((group): group is string => group !== undefined);
  if (groups.length === 0) return 'no_terms';
  const all = groups.length > 1 ? groups.map((group) => `(${group})`).join(' AND ') : undefined;
  const any = groups.join(' OR ');
  const { sql, params } = docFilterSql(ctx.filter);
  const { name, summary, body } = FIELD_WEIGHTS;
  const statement = prepared(
    ctx.db,
    `SELECT d.rowid AS rowid FROM docs_fts JOIN docs d ON d.rowid = docs_fts.rowid
     WHERE docs_fts MATCH @match AND ${sql}
     ORDER BY bm25(docs_fts, ${name}, ${summary}, ${body}) LIMIT @limit`,
  );
  const seen = new Set<number>();
  const hits: LaneHit[] = [];
  for (const match of all ? [all, any] : [any]) {
    for (const row of statement.all({ ...params, match, limit: ctx.pool }) as Array<{ rowid: number }>) {
      if (seen.has(row.rowid) || hits.length >= ctx.pool) continue;
      seen.add(row.rowid);
      hits.push({ key: `doc:${row.rowid}`, confidence: 1 });
    }
  }
  return hits;
}
