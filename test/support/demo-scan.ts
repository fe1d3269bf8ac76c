import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import type { NormalizedType } from '../../src/connectors/types.js';
import { snapshotPaths, tableFileName } from '../../src/scan/snapshot.js';
import type {
  ColumnProfile,
  KeysAndRelationships,
  ScanOverview,
  TableSnapshot,
} from '../../src/scan/types.js';
import { REPO_ROOT } from './cli.js';

/**
 * A scan snapshot of the demo warehouse (test/fixtures/demo-scan-profiles.yaml, built from
 * docs/demo-warehouse.md) in the documented snapshot format. It stands in for
 * `ktx scan warehouse` in search tests and the retrieval benchmark.
 */

interface ColumnSpec {
  name: string;
  type: NormalizedType;
  top_values?: string[];
  samples?: string[];
  sensitive?: ColumnProfile['sensitive'];
}

interface TableSpec {
  table: string;
  rows: number;
  primary_key: string[];
  columns: ColumnSpec[];
}

const NATIVE: Record<NormalizedType, string> = {
  string: 'TEXT',
  number: 'INTEGER',
  boolean: 'INTEGER',
  date: 'TEXT',
  time: 'TEXT',
};

function profileOf(rows: number, column: ColumnSpec): ColumnProfile {
  const values = column.top_values ?? column.samples;
  const profile: ColumnProfile = {
    name: column.name,
    type: column.type,
    rowsProfiled: rows,
    nullRate: 0,
    distinctCount: values?.length ?? rows,
    distinctRatio: values ? values.length / rows : 1,
  };
  if (column.top_values) {
    // Frequencies fall with position, like real categorical data.
    profile.topValues = column.top_values.map((value, i) => ({
      value,
      count: Math.max(1, Math.round(rows / (i + 2))),
    }));
  }
  if (column.samples) profile.samples = column.samples;
  if (column.sensitive) profile.sensitive = column.sensitive;
  return profile;
}

export function demoScanTables(): TableSnapshot[] {
  const text = readFileSync(join(REPO_ROOT, 'test', 'fixtures', 'demo-scan-profiles.yaml'), 'utf8');
  const specs = (parse(text) as { tables: TableSpec[] }).tables;
  return specs.map((spec) => {
    const profiled = Math.min(spec.rows, 10_000);
    return {
      key: spec.table,
      schema: null,
      name: spec.table,
      kind: 'table',
      rowCountEstimate: spec.rows,
      columns: spec.columns.map((column, i) => ({
        name: column.name,
        nativeType: NATIVE[column.type],
        type: column.type,
        nullable: !spec.primary_key.includes(column.name),
        ordinal: i + 1,
      })),
      primaryKey: spec.primary_key,
      uniqueKeys: [],
      foreignKeys: [],
      profile: {
        rowCount: spec.rows,
        sampled: spec.rows > profiled,
        rowsProfiled: profiled,
        columns: spec.columns.map((column) => profileOf(profiled, column)),
      },
    };
  });
}

/** Writes the snapshot files under raw-sources/<connection>/ in the documented layout. */
export function writeDemoScan(projectDir: string, connection = 'warehouse'): void {
  const paths = snapshotPaths(projectDir, connection);
  mkdirSync(paths.tables, { recursive: true });
  const tables = demoScanTables();
  const overview: ScanOverview = {
    connection,
    driver: 'sqlite',
    dialect: 'sqlite',
    serverVersion: '3.53.2',
    schemas: ['main'],
    tables: tables.map(({ key, schema, name, kind, rowCountEstimate }) => ({
      key,
      schema,
      name,
      kind,
      rowCountEstimate,
    })),
  };
  const keys: KeysAndRelationships = {
    primaryKeys: tables.map((t) => ({
      table: t.key,
      columns: t.primaryKey ?? [],
      source: 'declared',
      confidence: 1,
    })),
    relationships: [],
  };
  writeFileSync(paths.overview, `${JSON.stringify(overview, null, 2)}\n`);
  writeFileSync(paths.relationships, `${JSON.stringify(keys, null, 2)}\n`);
  for (const table of tables) {
    writeFileSync(join(paths.tables, tableFileName(table.key)), `${JSON.stringify(table, null, 2)}\n`);
  }
}
