import type { BaseConnector } from './base.js';
import { column, num, sortForeignKeys, sortTables, tableFilter, text } from './introspect-util.js';
import type { Introspection, IntrospectOptions, QueryValue, TableInfo } from './types.js';

/** DuckDB catalog through its `duckdb_*()` table functions, limited to the opened database. */

function list(value: QueryValue | undefined): string[] {
  if (typeof value !== 'string') return [];
  try {
    const parsed = JSON.parse(value) as unknown;
    return Array.isArray(parsed) ? parsed.map(String) : [];
  } catch {
    return [];
  }
}

export async function introspectDuckdb(
  connector: BaseConnector,
  serverVersion: string,
  options: IntrospectOptions,
): Promise<Introspection> {
  const run = async (sql: string) => (await connector.runTrusted(sql, { maxRows: 1_000_000 })).rows;
  const scope = connector.scope;
  const wanted = options.schemas ?? scope.schemas;
  const excluded = new Set(scope.exclude_schemas ?? []);
  const keepSchema = (schema: string) => (!wanted || wanted.includes(schema)) && !excluded.has(schema);
  const keepTable = tableFilter(scope);
  const db = 'database_name = current_database()';
  const tableRows = await run(
    `SELECT schema_name, table_name, estimated_size, comment, 'table' FROM duckdb_tables() WHERE ${db} AND NOT internal AND NOT temporary ` +
      `UNION ALL SELECT schema_name, view_name, NULL, comment, 'view' FROM duckdb_views() WHERE ${db} AND NOT internal AND NOT temporary`,
  );
  const tables = new Map<string, TableInfo>();
  for (const [schemaValue, nameValue, size, comment, kind] of tableRows) {
    const schema = text(schemaValue);
    const name = text(nameValue);
    if (!keepSchema(schema) || !keepTable(schema, name)) continue;
    tables.set(`${schema}\u0000${name}`, {
      schema,
      name,
      kind: kind === 'view' ? 'view' : 'table',
      rowCountEstimate: kind === 'view' ? null : num(size),
      ...(comment ? { comment: text(comment) } : {}),
      columns: [],
      primaryKey: null,
      uniqueKeys: [],
      foreignKeys: [],
    });
  }
  const columnRows = await run(
    `SELECT schema_name, table_name, column_name, data_type, is_nullable, column_index, comment FROM duckdb_columns() ` +
      `WHERE ${db} AND NOT internal ORDER BY schema_name, table_name, column_index`,
  );
  for (const [schema, table, name, type, nullable, index, comment] of columnRows) {
    tables
      .get(`${text(schema)}\u0000${text(table)}`)
      ?.columns.push(
        column(text(name), text(type), nullable === true, num(index) ?? 0, comment ? text(comment) : null),
      );
  }
  const constraintRows = await run(
    `SELECT schema_name, table_name, constraint_type, constraint_column_names, referenced_table, referenced_column_names, constraint_name ` +
      `FROM duckdb_constraints() WHERE ${db} AND constraint_type IN ('PRIMARY KEY', 'UNIQUE', 'FOREIGN KEY') ORDER BY constraint_index`,
  );
  for (const [schema, table, type, columns, refTable, refColumns, name] of constraintRows) {
    const info = tables.get(`${text(schema)}\u0000${text(table)}`);
    if (!info) continue;
    if (type === 'PRIMARY KEY') info.primaryKey = list(columns);
    else if (type === 'UNIQUE') info.uniqueKeys.push(list(columns));
    else {
      info.foreignKeys.push({
        name: text(name),
        columns: list(columns),
        refSchema: text(schema),
        refTable: text(refTable),
        refColumns: list(refColumns),
      });
    }
  }
  for (const info of tables.values()) sortForeignKeys(info.foreignKeys);
  const schemas = [...new Set([...tables.values()].map((table) => table.schema ?? ''))].sort();
  return { dialect: 'duckdb', serverVersion, schemas, tables: sortTables([...tables.values()]) };
}
