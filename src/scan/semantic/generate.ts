import type { Dialect } from '../../connectors/types.js';
import type { SemanticColumn, SemanticJoin, SemanticSourceSpec } from '../../semantic/schema.js';
import { isBinary, isComplex } from '../column-kinds.js';
import { columnName } from '../keys/names.js';
import { isMasked } from '../sensitive.js';
import type { RelationshipResult, ScanSnapshot, TableKey, TableSnapshot } from '../types.js';
import { defaultMeasures, defaultTimeDimension } from './measures.js';
import { physicalName, physicalTable, roleName, uniqueIdentifiers } from './naming.js';

/**
 * The semantic layer ktx generates from a scan: one source per table or view, named after it,
 * with its key as grain, its columns, a `count` measure plus sensible numeric measures, and a
 * join for every accepted relationship in both directions (review candidates are left out:
 * a wrong join silently corrupts every query that uses it).
 */

export interface GeneratedSource {
  tableKey: TableKey;
  /** File name under `semantic-layer/<connection>/`. */
  fileName: string;
  spec: SemanticSourceSpec;
  /** The physical column behind each of `spec.columns`, in the same order. */
  physicalColumns: string[];
  /** No key was found, so the grain lists every column. */
  noKey: boolean;
}

interface Prepared {
  table: TableSnapshot;
  name: string;
  /** Physical column name → semantic column name. */
  columns: Map<string, string>;
  /** Physical column name → how to write it in SQL. */
  sql: Map<string, string>;
}

function sourceNames(tables: TableSnapshot[]): string[] {
  const counts = new Map<string, number>();
  for (const table of tables)
    counts.set(table.name.toLowerCase(), (counts.get(table.name.toLowerCase()) ?? 0) + 1);
  // A table name used in two schemas is prefixed with its schema in both.
  const raws = tables.map((table) =>
    (counts.get(table.name.toLowerCase()) ?? 0) > 1 && table.schema
      ? `${table.schema}_${table.name}`
      : table.name,
  );
  return uniqueIdentifiers(raws);
}

function fileNames(names: string[]): string[] {
  const seen = new Set<string>();
  return names.map((name) => {
    let file = `${name}.yaml`;
    // Case-insensitive file systems would merge `Customer.yaml` and `customer.yaml`.
    for (let n = 2; seen.has(file.toLowerCase()); n++) file = `${name}_${n}.yaml`;
    seen.add(file.toLowerCase());
    return file;
  });
}

function prepare(table: TableSnapshot, name: string, dialect: Dialect): Prepared {
  const ordered = [...table.columns].sort((a, b) => a.ordinal - b.ordinal);
  const names = uniqueIdentifiers(ordered.map((column) => column.name));
  const columns = new Map<string, string>();
  const sql = new Map<string, string>();
  ordered.forEach((column, index) => {
    columns.set(column.name, names[index]!);
    sql.set(column.name, physicalName(column.name, dialect));
  });
  return { table, name, columns, sql };
}

function column(prepared: Prepared, info: TableSnapshot['columns'][number]): SemanticColumn {
  const name = prepared.columns.get(info.name)!;
  const profile = prepared.table.profile?.columns.find((entry) => entry.name === info.name);
  const out: SemanticColumn = { name, type: info.type };
  if (name !== info.name) out.expr = prepared.sql.get(info.name)!;
  if (info.comment) out.description = info.comment;
  if (profile?.sensitive) out.tags = ['pii', `pii:${profile.sensitive}`];
  // Secrets and raw bytes are never useful to an agent and some must never reach one.
  if ((profile?.sensitive && isMasked(profile.sensitive, false)) || isBinary(info)) out.visibility = 'hidden';
  return out;
}

function joinOn(
  from: Prepared,
  fromColumns: string[],
  to: Prepared,
  toColumns: string[],
  qualifier: string,
): string {
  return fromColumns
    .map((c, index) => `${from.columns.get(c)} = ${qualifier}.${to.columns.get(toColumns[index]!)}`)
    .join(' AND ');
}

/** Stable wording: confidences live in relationships.json, so data drift does not churn files. */
function describe(relationship: RelationshipResult): string {
  return relationship.source === 'declared'
    ? 'Declared foreign key.'
    : 'Inferred by ktx scan from names and values (evidence in raw-sources).';
}

function buildJoins(
  prepared: Map<TableKey, Prepared>,
  relationships: RelationshipResult[],
): Map<TableKey, SemanticJoin[]> {
  const joins = new Map<TableKey, SemanticJoin[]>();
  const accepted = relationships.filter(
    (r) => r.status === 'accepted' && prepared.has(r.from.table) && prepared.has(r.to.table),
  );
  // Role-playing joins need an alias: several joins from one source to the same target, or a
  // join of a source to itself.
  const pairCount = new Map<string, number>();
  for (const r of accepted)
    pairCount.set(
      `${r.from.table}\u0000${r.to.table}`,
      (pairCount.get(`${r.from.table}\u0000${r.to.table}`) ?? 0) + 1,
    );
  const sourceNamesLower = new Set([...prepared.values()].map((p) => p.name.toLowerCase()));
  const aliasesBySource = new Map<TableKey, Set<string>>();
  const alias = (owner: TableKey, wanted: string) => {
    const used = aliasesBySource.get(owner) ?? new Set<string>();
    let name = wanted;
    for (let n = 2; used.has(name.toLowerCase()) || sourceNamesLower.has(name.toLowerCase()); n++)
      name = `${wanted}_${n}`;
    used.add(name.toLowerCase());
    aliasesBySource.set(owner, used);
    return name;
  };
  const push = (key: TableKey, join: SemanticJoin) => joins.set(key, [...(joins.get(key) ?? []), join]);

  for (const r of accepted) {
    const from = prepared.get(r.from.table)!;
    const to = prepared.get(r.to.table)!;
    const needsAlias =
      r.from.table === r.to.table || (pairCount.get(`${r.from.table}\u0000${r.to.table}`) ?? 0) > 1;
    const role = roleName(r.from.columns.length === 1 ? r.from.columns[0]! : r.from.columns.join('_'));
    const forwardAlias = needsAlias ? alias(r.from.table, role) : undefined;
    const inverseAlias = needsAlias ? alias(r.to.table, `${from.name}_via_${role}`) : undefined;
    const oneToOne = r.cardinality === 'one_to_one';
    push(r.from.table, {
      to: to.name,
      on: joinOn(from, r.from.columns, to, r.to.columns, forwardAlias ?? to.name),
      relationship: oneToOne ? 'one_to_one' : 'many_to_one',
      ...(forwardAlias ? { alias: forwardAlias } : {}),
      description: describe(r),
    });
    push(r.to.table, {
      to: from.name,
      on: joinOn(to, r.to.columns, from, r.from.columns, inverseAlias ?? from.name),
      relationship: oneToOne ? 'one_to_one' : 'one_to_many',
      ...(inverseAlias ? { alias: inverseAlias } : {}),
      description: describe(r),
    });
  }
  return joins;
}

export function generateSources(snapshot: ScanSnapshot): GeneratedSource[] {
  const dialect = snapshot.overview.dialect as Dialect;
  const tables = [...snapshot.tables].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const names = sourceNames(tables);
  const files = fileNames(names);
  const prepared = new Map<TableKey, Prepared>();
  tables.forEach((table, index) => {
    prepared.set(table.key, prepare(table, names[index]!, dialect));
  });
  const joins = buildJoins(prepared, snapshot.keys.relationships);
  const primaryKeys = new Map(snapshot.keys.primaryKeys.map((pk) => [pk.table, pk.columns]));
  const fkColumns = new Map<TableKey, Set<string>>();
  for (const r of snapshot.keys.relationships) {
    fkColumns.set(r.from.table, new Set([...(fkColumns.get(r.from.table) ?? []), ...r.from.columns]));
  }

  return tables.map((table, index) => {
    const p = prepared.get(table.key)!;
    const ordered = [...table.columns].sort((a, b) => a.ordinal - b.ordinal);
    const pk = primaryKeys.get(table.key);
    const grain = (
      pk && pk.length > 0 ? pk : ordered.filter((c) => !isBinary(c) && !isComplex(c)).map((c) => c.name)
    ).map((c) => p.columns.get(c)!);
    const profiles = new Map((table.profile?.columns ?? []).map((c) => [c.name, c]));
    const keyColumns = new Set([...(pk ?? []), ...(fkColumns.get(table.key) ?? [])]);
    const spec: SemanticSourceSpec = {
      name: p.name,
      table: physicalTable(table.schema, table.name, dialect),
      ...(table.comment ? { description: table.comment } : {}),
      grain: grain.length > 0 ? grain : [p.columns.get(ordered[0]!.name)!],
      columns: ordered.map((info) => column(p, info)),
      measures: defaultMeasures(
        ordered.map((info) => ({
          column: info,
          name: p.columns.get(info.name)!,
          sql: p.sql.get(info.name)!,
          profile: profiles.get(info.name),
          isKey: keyColumns.has(info.name) || columnName(info.name).keyShaped,
        })),
      ),
    };
    const time = defaultTimeDimension(
      ordered.map((info) => ({ column: info, name: p.columns.get(info.name)! })),
    );
    if (time) spec.default_time_dimension = time;
    const tableJoins = joins.get(table.key);
    if (tableJoins && tableJoins.length > 0) spec.joins = tableJoins;
    return {
      tableKey: table.key,
      fileName: files[index]!,
      spec,
      physicalColumns: ordered.map((info) => info.name),
      noKey: !pk || pk.length === 0,
    };
  });
}
