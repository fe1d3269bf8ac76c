import type BetterSqlite3 from 'better-sqlite3';
import type { Db } from '../index/db.js';

type Statement = BetterSqlite3.Statement;
const statements = new WeakMap<Db, Map<string, Statement>>();

/** Prepared statements cached per connection: lanes build a handful of SQL shapes, repeatedly. */
export function prepared(db: Db, sql: string): Statement {
  let cache = statements.get(db);
  if (!cache) {
    cache = new Map();
    statements.set(db, cache);
  }
  let statement = cache.get(sql);
  if (!statement) {
    statement = db.prepare(sql);
    cache.set(sql, statement);
  }
  return statement;
}

/** An FTS5 MATCH expression: any of the given terms or phrases. */
export function ftsAny(variants: Array<{ terms: string[] }>): string | undefined {
  const parts = new Set<string>();
  for (const variant of variants) {
    if (variant.terms.length === 0) continue;
    parts.add(`"${variant.terms.join(' ').replace(/"/g, '""')}"`);
  }
  return parts.size ? [...parts].join(' OR ') : undefined;
}
