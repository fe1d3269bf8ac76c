import type { Connector, QueryValue } from '../../connectors/types.js';
import { type KeyClass, toNumber } from '../column-kinds.js';
import type { ScanSql } from '../sql-dialect.js';
import type { ScanTable } from './model.js';

/**
 * SQL measurements behind key inference. Each returns a handful of numbers: Node never sees
 * the rows themselves. Tables above `fullCheckRows` are measured on their deterministic sample
 * instead of in full, so the cost of a scan stays bounded on very large warehouses.
 */

export interface EvidenceContext {
  connector: Connector;
  sql: ScanSql;
  /** Above this many rows, checks read the table's sample instead of the whole table. */
  fullCheckRows: number;
  timeoutMs?: number;
  /** Counts statements, for the scan summary and tests. */
  queries: { count: number };
}

export interface ColumnStats {
  nonNull: number;
  distinct: number;
  min: QueryValue;
  max: QueryValue;
}

export interface UniquenessResult {
  rows: number;
  /** True when measured on the whole table, false when on a sample. */
  full: boolean;
  columns: Map<string, ColumnStats>;
}

function source(ctx: EvidenceContext, table: ScanTable): { from: string; full: boolean } {
  const full = table.rowCount === null ? false : table.rowCount <= ctx.fullCheckRows;
  return { from: full ? ctx.sql.table(table.info.schema, table.info.name) : table.sample.sql, full };
}

async function run(ctx: EvidenceContext, text: string, maxRows = 1): Promise<QueryValue[][]> {
  ctx.queries.count++;
  const result = await ctx.connector.query(text, { maxRows, timeoutMs: ctx.timeoutMs });
  return result.rows;
}

/** Non-null and distinct counts plus range of candidate key columns, in one statement. */
export async function measureColumns(
  ctx: EvidenceContext,
  table: ScanTable,
  columns: string[],
): Promise<UniquenessResult> {
  const { from, full } = source(ctx, table);
  const select = ['COUNT(*)'];
  for (const column of columns) {
    const q = ctx.sql.quote(column);
    select.push(`COUNT(${q})`, `COUNT(DISTINCT ${q})`, `MIN(${q})`, `MAX(${q})`);
  }
  const [row = []] = await run(ctx, `SELECT ${select.join(', ')} FROM ${from} t`);
  const stats = new Map<string, ColumnStats>();
  columns.forEach((column, index) => {
    const base = 1 + index * 4;
    stats.set(column, {
      nonNull: toNumber(row[base]),
      distinct: toNumber(row[base + 1]),
      min: row[base + 2] ?? null,
      max: row[base + 3] ?? null,
    });
  });
  return { rows: toNumber(row[0]), full, columns: stats };
}

/** Distinct non-null tuples for each column combination (one scalar subquery each). */
export async function measureCombinations(
  ctx: EvidenceContext,
  table: ScanTable,
  combinations: string[][],
): Promise<{ rows: number; full: boolean; distinct: number[] }> {
  const { from, full } = source(ctx, table);
  const parts = combinations.map((columns, index) => {
    const quoted = columns.map((column) => ctx.sql.quote(column));
    const notNull = quoted.map((q) => `${q} IS NOT NULL`).join(' AND ');
    return `(SELECT COUNT(*) FROM (SELECT DISTINCT ${quoted.join(', ')} FROM ${from} t WHERE ${notNull}) d${index})`;
  });
  const [row = []] = await run(ctx, `SELECT (SELECT COUNT(*) FROM ${from} t), ${parts.join(', ')}`);
  return { rows: toNumber(row[0]), full, distinct: combinations.map((_, index) => toNumber(row[index + 1])) };
}

export interface ContainmentResult {
  /** Distinct non-null source values (tuples) examined. */
  distinct: number;
  /** Of those, how many exist in the target. */
  matched: number;
  /** Non-null source rows examined (equals `distinct` when the source columns are unique). */
  nonNull: number;
  full: boolean;
}

export interface ContainmentRequest {
  from: ScanTable;
  fromColumns: string[];
  to: ScanTable;
  toColumns: string[];
  /** Key classes per column pair; differing classes are compared as text. */
  classes: Array<[KeyClass, KeyClass]>;
}

/**
 * Inclusion of source values in target values: `matched / distinct` is the containment. The
 * target is probed with a correlated EXISTS, which every engine runs as a semi-join or an index
 * lookup, so a large target is never read in full just to answer it.
 */
export async function measureContainment(
  ctx: EvidenceContext,
  request: ContainmentRequest,
): Promise<ContainmentResult> {
  const { from, full } = source(ctx, request.from);
  const target = ctx.sql.table(request.to.info.schema, request.to.info.name);
  const quoted = request.fromColumns.map((column) => ctx.sql.quote(column));
  const aliases = request.fromColumns.map((_, index) => `v${index}`);
  const projection = quoted.map((q, index) => `${q} AS ${aliases[index]}`).join(', ');
  const notNull = quoted.map((q) => `${q} IS NOT NULL`).join(' AND ');
  const match = request.toColumns
    .map((column, index) => {
      const left = `x.${aliases[index]}`;
      const right = `k.${ctx.sql.quote(column)}`;
      const [a, b] = request.classes[index] ?? ['string', 'string'];
      return a === b ? `${right} = ${left}` : `${ctx.sql.text(right)} = ${ctx.sql.text(left)}`;
    })
    .join(' AND ');
  const found =
    request.to.info.kind === 'view'
      ? membership(ctx, target, request, aliases)
      : `EXISTS (SELECT 1 FROM ${target} k WHERE ${match})`;
  const text =
    `SELECT COUNT(*), COALESCE(SUM(CASE WHEN ${found} THEN 1 ELSE 0 END), 0), ` +
    `(SELECT COUNT(*) FROM ${from} s WHERE ${notNull}) ` +
    `FROM (SELECT DISTINCT ${projection} FROM ${from} s WHERE ${notNull}) x`;
  const [row = []] = await run(ctx, text);
  return { distinct: toNumber(row[0]), matched: toNumber(row[1]), nonNull: toNumber(row[2]), full };
}

/**
 * Views have no index to probe and some engines re-run them per probe, so membership in a
 * view is tested with an uncorrelated IN, which engines evaluate once.
 */
function membership(
  ctx: EvidenceContext,
  target: string,
  request: ContainmentRequest,
  aliases: string[],
): string {
  const text = request.classes.some(([a, b]) => a !== b);
  const left = aliases.map((alias) => (text ? ctx.sql.text(`x.${alias}`) : `x.${alias}`));
  const right = request.toColumns.map((column) =>
    text ? ctx.sql.text(ctx.sql.quote(column)) : ctx.sql.quote(column),
  );
  const tuple = (items: string[]) => (items.length === 1 ? items[0]! : `(${items.join(', ')})`);
  return `${tuple(left)} IN (SELECT ${right.join(', ')} FROM ${target})`;
}

/**
 * Containment of one source column in several single-column targets at once (one EXISTS per
 * target): how value-only candidates are probed without a statement per pair.
 */
export async function measureContainmentMany(
  ctx: EvidenceContext,
  fromTable: ScanTable,
  fromColumn: string,
  fromClass: KeyClass,
  targets: Array<{ table: ScanTable; column: string; kind: KeyClass }>,
): Promise<Array<ContainmentResult>> {
  const { from, full } = source(ctx, fromTable);
  const q = ctx.sql.quote(fromColumn);
  const probes = targets.map((target, index) => {
    const ref = ctx.sql.table(target.table.info.schema, target.table.info.name);
    const right = `k${index}.${ctx.sql.quote(target.column)}`;
    const same = target.kind === fromClass;
    const match = same ? `${right} = x.v` : `${ctx.sql.text(right)} = ${ctx.sql.text('x.v')}`;
    const found =
      target.table.info.kind === 'view'
        ? `${same ? 'x.v' : ctx.sql.text('x.v')} IN (SELECT ${same ? ctx.sql.quote(target.column) : ctx.sql.text(ctx.sql.quote(target.column))} FROM ${ref})`
        : `EXISTS (SELECT 1 FROM ${ref} k${index} WHERE ${match})`;
    return `COALESCE(SUM(CASE WHEN ${found} THEN 1 ELSE 0 END), 0)`;
  });
  const text =
    `SELECT COUNT(*), (SELECT COUNT(*) FROM ${from} s WHERE ${q} IS NOT NULL), ${probes.join(', ')} ` +
    `FROM (SELECT DISTINCT ${q} AS v FROM ${from} s WHERE ${q} IS NOT NULL) x`;
  const [row = []] = await run(ctx, text);
  const distinct = toNumber(row[0]);
  const nonNull = toNumber(row[1]);
  return targets.map((_, index) => ({ distinct, matched: toNumber(row[index + 2]), nonNull, full }));
}
