import type { BaseConnector } from './base.js';
import { column, num, sortForeignKeys, sortTables, sqlString, tableFilter, text } from './introspect-util.js';
import type { Introspection, IntrospectOptions, QueryValue, TableInfo } from './types.js';

/**
 * PostgreSQL catalog from pg_catalog (information_schema hides objects the user cannot write,
 * and is slow). Row counts are the planner's estimate (`reltuples`), null before any ANALYZE.
 */

const SYSTEM_SCHEMAS =
  "n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_toast%' AND n.nspname NOT LIKE 'pg\\_temp\\_%'";

function names(value: QueryValue | undefined): string[] {
  if (typeof value !== 'string') return [];
  try {
    const parsed = JSON.parse(value) as unknown;
    return Array.isArray(parsed) ? parsed.map(String) : [];
  } catch {
    return [];
  }
}

export async function introspectPostgres(
  connector: BaseConnector,
  serverVersion: string,
  options: IntrospectOptions,
): Promise<Introspection> {
  const run = async (sql: string) => (await connector.runTrusted(sql, { maxRows: 1_000_000 })).rows;
  const scope = connector.scope;
  const wanted = options.schemas ?? scope.schemas;
  const schemaClause = [
    SYSTEM_SCHEMAS,
    wanted && wanted.length > 0 ? `n.nspname IN (${wanted.map(sqlString).join(', ')})` : null,
    scope.exclude_schemas?.length
      ? `n.nspname NOT IN (${scope.exclude_schemas.map(sqlString).join(', ')})`
      : null,
  ]
    .filter(Boolean)
    .join(' AND ');
  const keep = tableFilter(scope);
  const relations = await run(
    `SELECT n.nspname, c.relname, c.relkind::text, c.reltuples::float8, obj_description(c.oid, 'pg_class') ` +
      `FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace ` +
      `WHERE c.relkind IN ('r', 'p', 'v', 'm', 'f') AND NOT c.relispartition AND ${schemaClause} ORDER BY 1, 2`,
  );
  const tables = new Map<string, TableInfo>();
  for (const [schemaValue, nameValue, kind, tuples, comment] of relations) {
    const schema = text(schemaValue);
    const name = text(nameValue);
    if (!keep(schema, name)) continue;
    const isView = kind === 'v' || kind === 'm';
    const estimate = num(tuples);
    tables.set(`${schema}\u0000${name}`, {
      schema,
      name,
      kind: isView ? 'view' : 'table',
      rowCountEstimate: isView || estimate === null || estimate < 0 ? null : Math.round(estimate),
      ...(comment ? { comment: text(comment) } : {}),
      columns: [],
      primaryKey: null,
      uniqueKeys: [],
      foreignKeys: [],
    });
  }
  const columns = await run(
    `SELECT n.nspname, c.relname, a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull, a.attnum, col_description(c.oid, a.attnum) ` +
      `FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace ` +
      `WHERE a.attnum > 0 AND NOT a.attisdropped AND c.relkind IN ('r', 'p', 'v', 'm', 'f') AND ${schemaClause} ORDER BY 1, 2, a.attnum`,
  );
  for (const [schema, table, name, type, notNull, position, comment] of columns) {
    tables
      .get(`${text(schema)}\u0000${text(table)}`)
      ?.columns.push(
        column(text(name), text(type), notNull !== true, num(position) ?? 0, comment ? text(comment) : null),
      );
  }
  const keyColumns = (keys: string, relation: string) =>
    `(SELECT array_agg(a.attname::text ORDER BY k.ord) FROM unnest(con.${keys}) WITH ORDINALITY AS k(attnum, ord) ` +
    `JOIN pg_attribute a ON a.attrelid = con.${relation} AND a.attnum = k.attnum)`;
  const constraints = await run(
    `SELECT n.nspname, c.relname, con.conname, con.contype::text, ${keyColumns('conkey', 'conrelid')}, fn.nspname, fc.relname, ${keyColumns('confkey', 'confrelid')} ` +
      `FROM pg_constraint con JOIN pg_class c ON c.oid = con.conrelid JOIN pg_namespace n ON n.oid = c.relnamespace ` +
      `LEFT JOIN pg_class fc ON fc.oid = con.confrelid LEFT JOIN pg_namespace fn ON fn.oid = fc.relnamespace ` +
      `WHERE con.contype IN ('p', 'u', 'f') AND ${schemaClause} ORDER BY 1, 2, 3`,
  );
  for (const [schema, table, name, type, cols, refSchema, refTable, refCols] of constraints) {
    const info = tables.get(`${text(schema)}\u0000${text(table)}`);
    if (!info) continue;
    if (type === 'p') info.primaryKey = names(cols);
    else if (type === 'u') info.uniqueKeys.push(names(cols));
    else {
      info.foreignKeys.push({
        name: text(name),
        columns: names(cols),
        refSchema: text(refSchema),
        refTable: text(refTable),
        refColumns: names(refCols),
      });
    }
  }
  for (const info of tables.values()) sortForeignKeys(info.foreignKeys);
  const schemas = (await run(`SELECT n.nspname FROM pg_namespace n WHERE ${schemaClause} ORDER BY 1`)).map(
    (row) => text(row[0]),
  );
  return { dialect: 'postgres', serverVersion, schemas, tables: sortTables([...tables.values()]) };
}
