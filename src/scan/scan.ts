import { tableFilter } from '../connectors/introspect-util.js';
import { observeQueries } from '../connectors/observe.js';
import type { Connector, TableInfo } from '../connectors/types.js';
import { mapLimit } from '../core/concurrency.js';
import { errorMessage, KtxError } from '../core/errors.js';
import type { EvidenceContext } from './keys/evidence.js';
import { inferKeys } from './keys/index.js';
import { buildScanTable, type ScanTable, tableKeyOf } from './keys/model.js';
import { personTier, tableEntity } from './keys/names.js';
import { countRows, profileTable, sampleOf } from './profile.js';
import { scanSqlFor } from './sql-dialect.js';
import { typeIsoTextColumns } from './temporal-text.js';
import type { ScanOverview, ScanSnapshot, TableProfile, TableSnapshot } from './types.js';

/**
 * One scan of a warehouse: introspect, count and profile every table in SQL, infer keys, and
 * return the snapshot (nothing is written here; see ./snapshot-write.ts). Only SELECT
 * statements are issued, all through `Connector.query`.
 */

export interface ScanProgress {
  phase(label: string): void;
  update(done: number, total: number, detail?: string): void;
}

export interface ScanOptions {
  connectionId: string;
  driver: string;
  ignoreDeclaredConstraints?: boolean;
  /** Rows per table for profiling (`scan.sample_rows`). */
  sampleRows?: number;
  topValues?: number;
  maskPii?: boolean;
  concurrency?: number;
  acceptThreshold?: number;
  reviewThreshold?: number;
  includeTables?: string[];
  excludeTables?: string[];
  timeoutMs?: number;
  /** Tables above this many rows have their keys checked on their sample. */
  fullCheckRows?: number;
  progress?: ScanProgress;
}

export interface ScanWarning {
  code: string;
  message: string;
  fix?: string;
}

export interface ScanRun {
  snapshot: ScanSnapshot;
  warnings: ScanWarning[];
  stats: { tables: number; queries: number; durationMs: number };
}

export const SCAN_DEFAULTS = {
  sampleRows: 10_000,
  topValues: 10,
  concurrency: 4,
  fullCheckRows: 2_000_000,
  exactCountLimit: 50_000_000,
} as const;

/** `include_tables` / `exclude_tables`, matched as the connectors match them. */
function filterTables(tables: TableInfo[], include?: string[], exclude?: string[]): TableInfo[] {
  const keep = tableFilter({ include_tables: include, exclude_tables: exclude });
  return tables.filter((table) => keep(table.schema, table.name));
}

function withoutDeclaredConstraints(table: TableInfo): TableInfo {
  return { ...table, primaryKey: null, uniqueKeys: [], foreignKeys: [] };
}

const silent: ScanProgress = { phase() {}, update() {} };

export async function scanWarehouse(connector: Connector, options: ScanOptions): Promise<ScanRun> {
  const started = performance.now();
  const progress = options.progress ?? silent;
  const sql = scanSqlFor(connector.dialect);
  const sampleRows = options.sampleRows ?? SCAN_DEFAULTS.sampleRows;
  const concurrency = options.concurrency ?? SCAN_DEFAULTS.concurrency;
  const warnings: ScanWarning[] = [];
  const queries = { count: 0 };
  const counted = observeQueries(connector, () => queries.count++);

  progress.phase('Reading the catalog');
  const introspection = await connector.introspect();
  let infos = filterTables(introspection.tables, options.includeTables, options.excludeTables);
  if (options.ignoreDeclaredConstraints) infos = infos.map(withoutDeclaredConstraints);
  infos.sort((a, b) => (tableKeyOf(a) < tableKeyOf(b) ? -1 : tableKeyOf(a) > tableKeyOf(b) ? 1 : 0));
  if (infos.length === 0) {
    warnings.push({
      code: 'scan_no_tables',
      message: `${options.connectionId}: no tables to scan (${introspection.tables.length} in the catalog, none selected)`,
      fix: 'Check the connection’s `schemas`, `include_tables` and `exclude_tables` in ktx.yaml.',
    });
  }

  progress.phase('Profiling tables');
  let done = 0;
  const profiled = await mapLimit(infos, concurrency, async (info) => {
    let rowCount: number | null = null;
    let profile: TableProfile | null = null;
    try {
      rowCount = await countRows(counted, sql, info, {
        exactCountLimit: SCAN_DEFAULTS.exactCountLimit,
        timeoutMs: options.timeoutMs,
      });
      profile = await profileTable(counted, sql, info, rowCount, {
        sampleRows,
        topValues: options.topValues ?? SCAN_DEFAULTS.topValues,
        maskPii: options.maskPii ?? true,
        personTable:
          personTier(
            tableEntity(info.name),
            info.columns.map((column) => column.name),
          ) !== undefined,
        timeoutMs: options.timeoutMs,
      });
    } catch (error) {
      if (!KtxError.is(error) && !(error instanceof Error)) throw error;
      // An unknown row count keeps key inference from querying this table again: its keys
      // are judged on names alone (the snapshot still shows the catalog's estimate).
      rowCount = null;
      warnings.push({
        code: 'profile_failed',
        message: `${tableKeyOf(info)}: profiling failed (${errorMessage(error)}); its keys are inferred from names only`,
        fix: 'Check that the scan user may SELECT from this table, or exclude it with `exclude_tables`.',
      });
    }
    progress.update(++done, infos.length, tableKeyOf(info));
    const typed = profile && sql.dialect === 'sqlite' ? typeIsoTextColumns(info, profile) : info;
    return buildScanTable(typed, rowCount, profile, sampleOf(sql, info, sampleRows, rowCount));
  });

  const evidence: EvidenceContext = {
    connector: counted,
    sql,
    fullCheckRows: Math.max(options.fullCheckRows ?? SCAN_DEFAULTS.fullCheckRows, sampleRows),
    timeoutMs: options.timeoutMs,
  };
  let lastPhase = '';
  const keys = await inferKeys(evidence, profiled, {
    acceptThreshold: options.acceptThreshold,
    reviewThreshold: options.reviewThreshold,
    concurrency,
    onProgress(phase, current, total) {
      if (phase !== lastPhase) progress.phase(phase);
      lastPhase = phase;
      progress.update(current, total);
    },
  });

  const snapshot = assembleSnapshot(
    connector,
    options,
    introspection.serverVersion,
    introspection.schemas,
    profiled,
    keys,
    sampleRows,
  );
  return {
    snapshot,
    warnings,
    stats: { tables: profiled.length, queries: queries.count, durationMs: performance.now() - started },
  };
}

function assembleSnapshot(
  connector: Connector,
  options: ScanOptions,
  serverVersion: string,
  schemas: string[],
  tables: ScanTable[],
  keys: ScanSnapshot['keys'],
  sampleRows: number,
): ScanSnapshot {
  const tableSnapshots: TableSnapshot[] = tables.map((table) => ({
    ...table.info,
    columns: [...table.info.columns].sort((a, b) => a.ordinal - b.ordinal),
    uniqueKeys: [...table.info.uniqueKeys].sort((a, b) => a.join('\u0000').localeCompare(b.join('\u0000'))),
    foreignKeys: [...table.info.foreignKeys].sort((a, b) =>
      a.columns.join('\u0000').localeCompare(b.columns.join('\u0000')),
    ),
    rowCountEstimate: table.rowCount ?? table.info.rowCountEstimate,
    key: table.key,
    profile: table.profile,
  }));
  const overview: ScanOverview = {
    connection: options.connectionId,
    driver: options.driver,
    dialect: connector.dialect,
    serverVersion,
    schemas: [...schemas].sort(),
    tables: tableSnapshots.map((table) => ({
      key: table.key,
      schema: table.schema,
      name: table.name,
      kind: table.kind,
      rowCountEstimate: table.rowCountEstimate,
    })),
    sampleRows,
    ...(options.ignoreDeclaredConstraints ? { ignoredDeclaredConstraints: true } : {}),
  };
  return { overview, tables: tableSnapshots, keys };
}
