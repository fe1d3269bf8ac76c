import type { NormalizedType, TableInfo } from '../connectors/types.js';

/**
 * The scan snapshot: what `ktx scan <connection>` writes under `raw-sources/<connection>/`,
 * as deterministic, diff-friendly JSON (sorted keys and arrays, no timestamps, 2-space
 * indentation, trailing newline; an unchanged warehouse gives byte-identical files).
 *
 *   raw-sources/<connection>/snapshot.json          ScanOverview
 *   raw-sources/<connection>/tables/<tableKey>.json TableSnapshot (one per table or view)
 *   raw-sources/<connection>/relationships.json     KeysAndRelationships
 *
 * Consumers (search value lane, MCP entity_details/dictionary_search, semantic-layer
 * validation) read these through `readScanSnapshot` in ./snapshot.ts.
 */

/** `schema.table`, or `table` when the engine has no schema (SQLite). */
export type TableKey = string;

export interface ValueCount {
  value: string;
  count: number;
}

export interface ColumnProfile {
  name: string;
  type: NormalizedType;
  /** Rows the profile was computed over (the table, or a sample of it). */
  rowsProfiled: number;
  nullRate: number;
  /** Estimated number of distinct non-null values (over the profiled rows). */
  distinctCount: number;
  /** distinctCount / non-null rows, 0..1 (1 = unique on the sample). */
  distinctRatio: number;
  min?: string | number | boolean | null;
  max?: string | number | boolean | null;
  /** Most frequent values, only for low-cardinality columns. */
  topValues?: ValueCount[];
  /** A few example values; masked (e.g. `j***@example.com`) when the column looks sensitive. */
  samples?: string[];
  /**
   * The kind of secret or personal data detected. Values of secrets, tokens and cards are always
   * masked; personal data is masked unless `scan.mask_pii: false`.
   */
  sensitive?: 'email' | 'phone' | 'token' | 'secret' | 'person_name' | 'address' | 'card';
  /** Shortest and longest text length (string columns). */
  minLength?: number;
  maxLength?: number;
}

export interface TableProfile {
  /** Exact row count when counted, else the catalog estimate. */
  rowCount: number | null;
  /** True when column profiles come from a sample rather than the whole table. */
  sampled: boolean;
  rowsProfiled: number;
  /** How the sample was drawn: `full` (whole table), `tablesample`, `hash`, `seeded_random`, `first_rows`. */
  sampleMethod?: string;
  columns: ColumnProfile[];
}

export interface TableSnapshot extends TableInfo {
  key: TableKey;
  profile: TableProfile | null;
}

export interface ScanOverview {
  connection: string;
  driver: string;
  dialect: string;
  serverVersion: string;
  schemas: string[];
  tables: Array<Pick<TableSnapshot, 'key' | 'schema' | 'name' | 'kind' | 'rowCountEstimate'>>;
  /** Present (true) when the scan ran with `--ignore-declared-constraints`. */
  ignoredDeclaredConstraints?: boolean;
  /** Rows-per-table profiling budget (`scan.sample_rows`). */
  sampleRows?: number;
}

export type KeySource = 'declared' | 'inferred';

export interface PrimaryKeyResult {
  table: TableKey;
  columns: string[];
  source: KeySource;
  confidence: number;
}

export interface RelationshipResult {
  from: { table: TableKey; columns: string[] };
  to: { table: TableKey; columns: string[] };
  /** From the `from` side: many rows of `from` per row of `to`, or one. */
  cardinality: 'many_to_one' | 'one_to_one';
  source: KeySource;
  status: 'accepted' | 'review';
  confidence: number;
  /** Measured evidence (containment, coverage, naming signal, …) for people reviewing it. */
  evidence?: Record<string, number | string | boolean>;
}

export interface KeysAndRelationships {
  primaryKeys: PrimaryKeyResult[];
  relationships: RelationshipResult[];
}

export interface ScanSnapshot {
  overview: ScanOverview;
  tables: TableSnapshot[];
  keys: KeysAndRelationships;
}
