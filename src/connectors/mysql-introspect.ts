import type { BaseConnector } from './base.js';
import {
  column,
  groupKeyColumns,
  num,
  sortForeignKeys,
  sortTables,
  sqlString,
  tableFilter,
  text,
} from './introspect-util.js';
import type { Introspection, IntrospectOptions, TableInfo } from './types.js';

/**
 * MySQL/MariaDB catalog from information_schema. A "schema" is a database. Row counts are
 * TABLE_ROWS (exact for MyISAM, an estimate for InnoDB).
 */

const SYSTEM = "('mysql', 'information_schema', 'performance_schema', 'sys')";

export async function introspectMysql(
  connector: BaseConnector,
  serverVersion: string,
  options: IntrospectOptions,
): Promise<Introspection> {
  const run = async (sql: string) => (await connector.runTrusted(sql, { maxRows: 1_000_000 })).rows;
  const scope = connector.scope;
  const wanted = options.schemas ?? scope.schemas;
  const where = (column: string) =>
    [
      `${column} NOT IN ${SYSTEM}`,
      wanted && wanted.length > 0 ? `${column} IN (${wanted.map(sqlString).join(', ')})` : null,
      scope.exclude_schemas?.length
        ? `${column} NOT IN (${scope.exclude_schemas.map(sqlString).join(', ')})`
        : null,
    ]
      .filter(Boolean)
      .join(' AND ');
  const keep = tableFilter(scope);
  const tables = new Map<string, TableInfo>();
  const tableRows = await run(
    `SELECT TABLE_SCHEMA, TABLE_NAME, TABLE_TYPE, TABLE_ROWS, TABLE_COMMENT FROM information_schema.TABLES WHERE ${where('TABLE_SCHEMA')} ORDER BY 1, 2`,
  );
  for (const [schemaValue, nameValue, type, rows, comment] of tableRows) {
    const schema = text(schemaValue);
    const name = text(nameValue);
    if (!keep(schema, name)) continue;
    const isView = String(type).toUpperCase().includes('VIEW');
    tables.set(`${schema}\u0000${name}`, {
      schema,
      name,
      kind: isView ? 'view' : 'table',
      rowCountEstimate: isView ? null : num(rows),
      ...(comment && !isView ? { comment: text(comment) } : {}),
      columns: [],
      primaryKey: null,
      uniqueKeys: [],
      foreignKeys: [],
    });
  }
  const columnRows = await run(
    `SELECT TABLE_SCHEMA, TABLE_NAME, COLUMN_NAME, COLUMN_TYPE, IS_NULLABLE, ORDINAL_POSITION, COLUMN_COMMENT ` +
      `FROM information_schema.COLUMNS WHERE ${where('TABLE_SCHEMA')} ORDER BY 1, 2, 6`,
  );
  for (const [schema, table, name, type, nullable, position, comment] of columnRows) {
    tables
      .get(`${text(schema)}\u0000${text(table)}`)
      ?.columns.push(
        column(
          text(name),
          text(type),
          text(nullable) === 'YES',
          num(position) ?? 0,
          comment ? text(comment) : null,
        ),
      );
  }
  const indexRows = await run(
    `SELECT TABLE_SCHEMA, TABLE_NAME, INDEX_NAME, SEQ_IN_INDEX, COLUMN_NAME FROM information_schema.STATISTICS ` +
      `WHERE NON_UNIQUE = 0 AND ${where('TABLE_SCHEMA')} ORDER BY 1, 2, 3, 4`,
  );
  const indexes = groupKeyColumns(
    indexRows.map((row) => ({
      key: `${text(row[0])}\u0000${text(row[1])}\u0000${text(row[2])}`,
      position: num(row[3]) ?? 0,
      column: text(row[4]),
    })),
  );
  for (const [key, list] of indexes) {
    const [schema, table, index] = key.split('\u0000');
    const info = tables.get(`${schema}\u0000${table}`);
    if (!info) continue;
    const columns = list.map((entry) => entry.column);
    if (index === 'PRIMARY') info.primaryKey = columns;
    else info.uniqueKeys.push(columns);
  }
  const fkRows = await run(
    `SELECT TABLE_SCHEMA, TABLE_NAME, CONSTRAINT_NAME, ORDINAL_POSITION, COLUMN_NAME, REFERENCED_TABLE_SCHEMA, REFERENCED_TABLE_NAME, REFERENCED_COLUMN_NAME ` +
      `FROM information_schema.KEY_COLUMN_USAGE WHERE REFERENCED_TABLE_NAME IS NOT NULL AND ${where('TABLE_SCHEMA')} ORDER BY 1, 2, 3, 4`,
  );
  const fks = groupKeyColumns(
    fkRows.map((row) => ({
      key: `${text(row[0])}\u0000${text(row[1])}\u0000${text(row[2])}`,
      position: num(row[3]) ?? 0,
      column: text(row[4]),
      refSchema: text(row[5]),
      refTable: text(row[6]),
      refColumn: text(row[7]),
    })),
  );
  for (const [key, list] of fks) {
    const [schema, table, name] = key.split('\u0000');
    const info = tables.get(`${schema}\u0000${table}`);
    if (!info) continue;
    info.foreignKeys.push({
      name,
      columns: list.map((entry) => entry.column),
      refSchema: list[0]!.refSchema,
      refTable: list[0]!.refTable,
      refColumns: list.map((entry) => entry.refColumn),
    });
  }
  for (const info of tables.values()) sortForeignKeys(info.foreignKeys);
  const schemas = (
    await run(`SELECT SCHEMA_NAME FROM information_schema.SCHEMATA WHERE ${where('SCHEMA_NAME')} ORDER BY 1`)
  ).map((row) => text(row[0]));
  return { dialect: 'mysql', serverVersion, schemas, tables: sortTables([...tables.values()]) };
}
