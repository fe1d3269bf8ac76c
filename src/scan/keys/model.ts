import type { ColumnInfo, TableInfo } from '../../connectors/types.js';
import { type KeyClass, keyClass } from '../column-kinds.js';
import type { SampleClause } from '../sql-dialect.js';
import type { ColumnProfile, TableKey, TableProfile } from '../types.js';
import { type ColumnName, columnName, type PersonTier, personTier, tableEntity } from './names.js';

/** A scanned table as key inference sees it: catalog facts, profile, and name analysis. */

export interface ScanColumn {
  info: ColumnInfo;
  profile: ColumnProfile | undefined;
  kind: KeyClass;
  name: ColumnName;
}

export interface ScanTable {
  key: TableKey;
  info: TableInfo;
  rowCount: number | null;
  profile: TableProfile | null;
  sample: SampleClause;
  entity: string[];
  person: PersonTier | undefined;
  columns: ScanColumn[];
  byName: Map<string, ScanColumn>;
}

export function tableKeyOf(table: Pick<TableInfo, 'schema' | 'name'>): TableKey {
  return table.schema ? `${table.schema}.${table.name}` : table.name;
}

export function buildScanTable(
  info: TableInfo,
  rowCount: number | null,
  profile: TableProfile | null,
  sample: SampleClause,
): ScanTable {
  const profiles = new Map((profile?.columns ?? []).map((column) => [column.name, column]));
  const columns = [...info.columns]
    .sort((a, b) => a.ordinal - b.ordinal)
    .map((column) => ({
      info: column,
      profile: profiles.get(column.name),
      kind: keyClass(column),
      name: columnName(column.name),
    }));
  const entity = tableEntity(info.name);
  return {
    key: tableKeyOf(info),
    info,
    rowCount,
    profile,
    sample,
    entity,
    person: personTier(
      entity,
      info.columns.map((column) => column.name),
    ),
    columns,
    byName: new Map(columns.map((column) => [column.info.name, column])),
  };
}

/** Non-null values seen by the profile (0 for an empty table or an all-null column). */
export function valuesSeen(column: ScanColumn): number {
  const profile = column.profile;
  if (!profile) return 0;
  return Math.round(profile.rowsProfiled * (1 - profile.nullRate));
}
