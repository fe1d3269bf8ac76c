import type { NormalizedType } from '../connectors/types.js';
import type { KeySource, RelationshipResult, ScanSnapshot } from './types.js';

/**
 * The `--json` data of `ktx scan`, a contract agents and benchmarks rely on (see the README):
 * `{ connection, tables: [...], relationships: [...] }`. Table references in relationships are
 * table keys (`schema.table`, or `table` where the engine has no schemas).
 */

export interface ScanJsonColumn {
  name: string;
  type: NormalizedType;
  nullable: boolean;
  nativeType: string;
  nullRate?: number;
  distinctCount?: number;
  sensitive?: string;
}

export interface ScanJsonTable {
  name: string;
  schema: string | null;
  rowCount: number | null;
  primaryKey: { columns: string[]; source: KeySource; confidence: number } | null;
  columns: ScanJsonColumn[];
}

export interface ScanJson {
  connection: string;
  tables: ScanJsonTable[];
  relationships: Array<
    Pick<RelationshipResult, 'from' | 'to' | 'cardinality' | 'source' | 'status' | 'confidence'>
  >;
}

export function scanJson(snapshot: ScanSnapshot): ScanJson {
  const primaryKeys = new Map(snapshot.keys.primaryKeys.map((pk) => [pk.table, pk]));
  return {
    connection: snapshot.overview.connection,
    tables: snapshot.tables.map((table) => {
      const pk = primaryKeys.get(table.key);
      const profiles = new Map((table.profile?.columns ?? []).map((column) => [column.name, column]));
      return {
        name: table.name,
        schema: table.schema,
        rowCount: table.profile?.rowCount ?? table.rowCountEstimate,
        primaryKey: pk ? { columns: pk.columns, source: pk.source, confidence: pk.confidence } : null,
        columns: table.columns.map((column) => {
          const profile = profiles.get(column.name);
          return {
            name: column.name,
            type: column.type,
            nullable: column.nullable,
            nativeType: column.nativeType,
            ...(profile ? { nullRate: profile.nullRate, distinctCount: profile.distinctCount } : {}),
            ...(profile?.sensitive ? { sensitive: profile.sensitive } : {}),
          };
        }),
      };
    }),
    relationships: snapshot.keys.relationships.map((relationship) => ({
      from: relationship.from,
      to: relationship.to,
      cardinality: relationship.cardinality,
      source: relationship.source,
      status: relationship.status,
      confidence: relationship.confidence,
    })),
  };
}
