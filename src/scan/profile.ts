import type { ColumnInfo, Connector, QueryValue, TableInfo } from '../connectors/types.js';
import { isBinary, isComplex, keyClass, round, toNumber } from './column-kinds.js';
import { fetchValues, type ValueRequest } from './profile-values.js';
import { detectSensitive, isMasked, maskProfile } from './sensitive.js';
import type { SampleClause, ScanSql } from './sql-dialect.js';
import type { ColumnProfile, TableProfile } from './types.js';

/**
 * Column profiles computed in SQL over a deterministic sample of at most `sampleRows` rows per
 * table (the whole table when it is smaller). Node only ever receives aggregates: one row of
 * counts/min/max per chunk of columns, then a bounded list of top values and samples.
 */

export interface ProfileOptions {
  sampleRows: number;
  topValues: number;
  maskPii: boolean;
  /** The table holds people (decides whether a bare `name` column is personal data). */
  personTable: boolean;
  timeoutMs?: number;
}

/** Columns per aggregate query: keeps statements well under engine column limits. */
const COLUMNS_PER_QUERY = 60;
/** Text values longer than this are cut in the snapshot (and in SQL, before transfer). */
export const MAX_VALUE_LENGTH = 120;
/** A column is "low cardinality" (top values worth listing) at or under this many distinct values. */
const LOW_CARDINALITY = 50;
const SAMPLE_COUNT = 5;

function truncate(value: QueryValue): string | number | boolean | null {
  if (typeof value !== 'string') return value;
  return value.length > MAX_VALUE_LENGTH ? `${value.slice(0, MAX_VALUE_LENGTH - 1)}…` : value;
}

export function tableRef(sql: ScanSql, table: Pick<TableInfo, 'schema' | 'name'>): string {
  return sql.table(table.schema, table.name);
}

export function sampleOf(
  sql: ScanSql,
  table: Pick<TableInfo, 'schema' | 'name' | 'kind'>,
  rows: number,
  totalRows: number | null,
): SampleClause {
  return sql.sample({ from: tableRef(sql, table), rows, totalRows, kind: table.kind });
}

interface Aggregates {
  rows: number;
  perColumn: Map<
    string,
    {
      nonNull: number;
      distinct: number;
      min?: QueryValue;
      max?: QueryValue;
      minLength?: number;
      maxLength?: number;
    }
  >;
}

async function aggregate(
  connector: Connector,
  sql: ScanSql,
  sample: SampleClause,
  columns: ColumnInfo[],
  timeoutMs: number | undefined,
): Promise<Aggregates> {
  const perColumn: Aggregates['perColumn'] = new Map();
  let rows = 0;
  for (let start = 0; start < Math.max(columns.length, 1); start += COLUMNS_PER_QUERY) {
    const chunk = columns.slice(start, start + COLUMNS_PER_QUERY);
    const select: string[] = ['COUNT(*)'];
    const readers: Array<(row: QueryValue[]) => void> = [];
    for (const column of chunk) {
      const q = sql.quote(column.name);
      const base = select.length;
      const opaque = isBinary(column) || isComplex(column);
      select.push(`COUNT(${q})`);
      if (!opaque) select.push(`COUNT(DISTINCT ${q})`);
      const withRange = !opaque && column.type !== 'boolean';
      // PostgreSQL has no MIN/MAX over uuid: compare its text form (same order for UUIDs).
      const ranged = keyClass(column) === 'uuid' ? sql.text(q) : q;
      if (withRange) select.push(`MIN(${ranged})`, `MAX(${ranged})`);
      const withLength = !opaque && column.type === 'string';
      if (withLength) select.push(`MIN(${sql.length(q)})`, `MAX(${sql.length(q)})`);
      readers.push((row) => {
        let index = base;
        const entry: Aggregates['perColumn'] extends Map<string, infer V> ? V : never = {
          nonNull: toNumber(row[index++]),
          distinct: 0,
        };
        if (!opaque) entry.distinct = toNumber(row[index++]);
        if (withRange) {
          entry.min = row[index++] ?? null;
          entry.max = row[index++] ?? null;
        }
        if (withLength) {
          const min = row[index++];
          const max = row[index++];
          if (min !== null && min !== undefined) entry.minLength = toNumber(min);
          if (max !== null && max !== undefined) entry.maxLength = toNumber(max);
        }
        perColumn.set(column.name, entry);
      });
    }
    const text = `SELECT ${select.join(', ')} FROM ${sample.sql} s`;
    const result = await connector.query(text, { maxRows: 1, timeoutMs });
    const row = result.rows[0] ?? [];
    rows = toNumber(row[0]);
    for (const read of readers) read(row);
  }
  return { rows, perColumn };
}

export async function profileTable(
  connector: Connector,
  sql: ScanSql,
  table: TableInfo,
  rowCount: number | null,
  options: ProfileOptions,
): Promise<TableProfile> {
  const sample = sampleOf(sql, table, options.sampleRows, rowCount);
  const columns = [...table.columns].sort((a, b) => a.ordinal - b.ordinal);
  const aggregates = await aggregate(connector, sql, sample, columns, options.timeoutMs);
  const rowsProfiled = aggregates.rows;

  const requests: ValueRequest[] = [];
  for (const column of columns) {
    const stats = aggregates.perColumn.get(column.name);
    if (!stats || stats.nonNull === 0 || isBinary(column)) continue;
    const lowCardinality =
      !isComplex(column) && stats.distinct <= LOW_CARDINALITY && stats.distinct < stats.nonNull;
    requests.push({
      column: column.name,
      mode: lowCardinality ? 'top' : 'samples',
      limit: lowCardinality ? Math.max(options.topValues, 1) : SAMPLE_COUNT,
      asText: isComplex(column),
    });
  }
  const values = await fetchValues(connector, sql, sample, requests, options.timeoutMs);

  const profiles: ColumnProfile[] = columns.map((column) => {
    const stats = aggregates.perColumn.get(column.name) ?? { nonNull: 0, distinct: 0 };
    const nonNull = stats.nonNull;
    let profile: ColumnProfile = {
      name: column.name,
      type: column.type,
      rowsProfiled,
      nullRate: rowsProfiled > 0 ? round(1 - nonNull / rowsProfiled) : 0,
      distinctCount: stats.distinct,
      distinctRatio: nonNull > 0 ? round(stats.distinct / nonNull) : 0,
    };
    if (stats.min !== undefined) profile.min = truncate(stats.min);
    if (stats.max !== undefined) profile.max = truncate(stats.max);
    if (stats.minLength !== undefined) profile.minLength = stats.minLength;
    if (stats.maxLength !== undefined) profile.maxLength = stats.maxLength;
    const found = values.get(column.name);
    if (found?.top && options.topValues > 0) profile.topValues = found.top.slice(0, options.topValues);
    const samples = found?.top ? found.top.map((entry) => entry.value) : (found?.samples ?? []);
    if (samples.length > 0) profile.samples = samples.slice(0, SAMPLE_COUNT);
    const kind = detectSensitive(column.name, samples, { personTable: options.personTable });
    if (kind && isMasked(kind, options.maskPii)) profile = maskProfile(profile, kind);
    else if (kind) profile.sensitive = kind;
    return profile;
  });

  return {
    rowCount,
    sampled: sample.method !== 'full',
    rowsProfiled,
    sampleMethod: sample.method,
    columns: profiles,
  };
}

/** Exact `COUNT(*)` (cheap on every engine we scan), unless the catalog says the table is huge. */
export async function countRows(
  connector: Connector,
  sql: ScanSql,
  table: TableInfo,
  options: { exactCountLimit: number; timeoutMs?: number },
): Promise<number | null> {
  if (table.rowCountEstimate !== null && table.rowCountEstimate > options.exactCountLimit) {
    return table.rowCountEstimate;
  }
  const result = await connector.query(`SELECT COUNT(*) FROM ${tableRef(sql, table)}`, {
    maxRows: 1,
    timeoutMs: options.timeoutMs,
  });
  return toNumber(result.rows[0]?.[0]);
}
