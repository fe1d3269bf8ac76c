import type { BaseConnector } from './base.js';
import {
  column,
  groupKeyColumns,
  num,
  quoteIdent,
  sortForeignKeys,
  sortTables,
  sqlString,
  tableFilter,
  text,
} from './introspect-util.js';
import type { ForeignKeyInfo, Introspection, IntrospectOptions, TableInfo } from './types.js';

/**
 * SQLite catalog through the pragma table functions (read-only by design). Row counts are exact
 * (`count(*)`): SQLite keeps no statistics by default and counting a local file is cheap.
 */

export async function introspectSqlite(
  connector: BaseConnector,
  serverVersion: string,
  _options: IntrospectOptions,
): Promise<Introspection> {
  const keep = tableFilter(connector.scope);
  const run = async (sql: string) => (await connector.runTrusted(sql, { maxRows: 1_000_000 })).rows;
  const objects = await run(
    "SELECT name, type FROM sqlite_master WHERE type IN ('table', 'view') AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name",
  );
  const tables: TableInfo[] = [];
  for (const [nameValue, typeValue] of objects) {
    const name = text(nameValue);
    if (!keep(null, name)) continue;
    const kind = typeValue === 'view' ? 'view' : 'table';
    const columns = await run(
      `SELECT cid, name, type, "notnull", pk FROM pragma_table_info(${sqlString(name)}) ORDER BY cid`,
    );
    const pkColumns = columns
      .filter((row) => (num(row[4]) ?? 0) > 0)
      .sort((a, b) => (num(a[4]) ?? 0) - (num(b[4]) ?? 0))
      .map((row) => text(row[1]));
    const uniqueRows = await run(
      `SELECT il.name, ii.seqno, ii.name FROM pragma_index_list(${sqlString(name)}) AS il ` +
        `JOIN pragma_index_info(il.name) AS ii WHERE il."unique" = 1 AND il.origin <> 'pk' AND il.partial = 0`,
    );
    const uniqueKeys = [
      ...groupKeyColumns(
        uniqueRows.map((row) => ({ key: text(row[0]), position: num(row[1]) ?? 0, column: text(row[2]) })),
      ).values(),
    ].map((list) => list.map((entry) => entry.column));
    const fkRows = await run(
      `SELECT id, seq, "table", "from", "to" FROM pragma_foreign_key_list(${sqlString(name)})`,
    );
    const fkGroups = groupKeyColumns(
      fkRows.map((row) => ({
        key: text(row[0]),
        position: num(row[1]) ?? 0,
        column: text(row[3]),
        refTable: text(row[2]),
        refColumn: row[4],
      })),
    );
    const foreignKeys: ForeignKeyInfo[] = [];
    for (const list of fkGroups.values()) {
      const refTable = list[0]!.refTable;
      // `REFERENCES t` without columns means the target's primary key.
      let refColumns = list.map((entry) => text(entry.refColumn));
      if (refColumns.some((ref) => !ref)) {
        const targetPk = await run(
          `SELECT name FROM pragma_table_info(${sqlString(refTable)}) WHERE pk > 0 ORDER BY pk`,
        );
        refColumns = targetPk.map((row) => text(row[0]));
      }
      foreignKeys.push({ columns: list.map((entry) => entry.column), refSchema: null, refTable, refColumns });
    }
    const count =
      kind === 'table' ? num((await run(`SELECT count(*) FROM ${quoteIdent(name)}`))[0]?.[0]) : null;
    tables.push({
      schema: null,
      name,
      kind,
      rowCountEstimate: count,
      columns: columns.map((row) =>
        column(
          text(row[1]),
          text(row[2]),
          (num(row[3]) ?? 0) === 0 && (num(row[4]) ?? 0) === 0,
          (num(row[0]) ?? 0) + 1,
        ),
      ),
      primaryKey: pkColumns.length > 0 ? pkColumns : null,
      uniqueKeys,
      foreignKeys: sortForeignKeys(foreignKeys),
    });
  }
  return { dialect: 'sqlite', serverVersion, schemas: ['main'], tables: sortTables(tables) };
}
