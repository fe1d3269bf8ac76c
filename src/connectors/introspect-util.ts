import type { ColumnInfo, ForeignKeyInfo, QueryValue, TableInfo } from './types.js';
import { normalizeType } from './values.js';

/** Helpers shared by the drivers' catalog readers. */

export interface TableScope {
  include_tables?: string[];
  exclude_tables?: string[];
}

function patternToRegExp(pattern: string): RegExp {
  const escaped = pattern.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*');
  return new RegExp(`^${escaped}$`, 'i');
}

/**
 * `include_tables` / `exclude_tables` from ktx.yaml: `table` matches the name in any schema,
 * `schema.table` a qualified name; `*` is a wildcard. Case-insensitive.
 */
export function tableFilter(scope: TableScope): (schema: string | null, name: string) => boolean {
  const compile = (patterns: string[] | undefined) =>
    (patterns ?? []).map((p) => ({ qualified: p.includes('.'), re: patternToRegExp(p) }));
  const include = compile(scope.include_tables);
  const exclude = compile(scope.exclude_tables);
  const matches = (rules: ReturnType<typeof compile>, schema: string | null, name: string) =>
    rules.some((rule) => rule.re.test(rule.qualified ? `${schema ?? ''}.${name}` : name));
  return (schema, name) =>
    (include.length === 0 || matches(include, schema, name)) && !matches(exclude, schema, name);
}

/** SQL string literal with quotes doubled (for ktx's own catalog queries, never user input). */
export function sqlString(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

/** Double-quoted identifier (ANSI; SQLite, DuckDB, PostgreSQL). */
export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

export function text(value: QueryValue | undefined): string {
  return value === null || value === undefined ? '' : String(value);
}

export function num(value: QueryValue | undefined): number | null {
  if (value === null || value === undefined || value === '') return null;
  const n = Number(value);
  return Number.isFinite(n) ? n : null;
}

export function column(
  name: string,
  nativeType: string,
  nullable: boolean,
  ordinal: number,
  comment?: string | null,
): ColumnInfo {
  return {
    name,
    nativeType,
    type: normalizeType(nativeType),
    nullable,
    ordinal,
    ...(comment ? { comment } : {}),
  };
}

/** Groups key rows (`constraint, column, position`) into ordered column lists. */
export function groupKeyColumns<T extends { key: string; column: string; position: number }>(
  rows: T[],
): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const row of rows) {
    const list = groups.get(row.key) ?? [];
    list.push(row);
    groups.set(row.key, list);
  }
  for (const list of groups.values()) list.sort((a, b) => a.position - b.position);
  return groups;
}

export function sortTables(tables: TableInfo[]): TableInfo[] {
  return tables.sort(
    (a, b) => (a.schema ?? '').localeCompare(b.schema ?? '') || a.name.localeCompare(b.name),
  );
}

export function sortForeignKeys(keys: ForeignKeyInfo[]): ForeignKeyInfo[] {
  return keys.sort(
    (a, b) => a.columns.join(',').localeCompare(b.columns.join(',')) || a.refTable.localeCompare(b.refTable),
  );
}
