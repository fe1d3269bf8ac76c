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
}

/** Single-column containment probes per statement. */
const PROBES_PER_QUERY = 25;

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

function sourceOf(ctx: EvidenceContext, table: ScanTable): { from: string; full: boolean } {
  const full = table.rowCount === null ? false : table.rowCount <= ctx.fullCheckRows;
  return { from: full ? ctx.sql.table(table.info.schema, table.info.name) : table.sample.sql, full };
}

async function run(ctx: EvidenceContext, text: string, maxRows = 1): Promise<QueryValue[][]> {
  const result = await ctx.connector.query(text, { maxRows, timeoutMs: ctx.timeoutMs });
  return result.rows;
}

/** Non-null and distinct counts plus range of candidate key columns, in one statement. */
export async function measureColumns(
  ctx: EvidenceContext,
  table: ScanTable,
  columns: string[],
): Promise<UniquenessResult> {
  const { from, full } = sourceOf(ctx, table);
  const select = ['COUNT(*)'];
  for (const column of columns) {
    const q = ctx.sql.quote(column);
    const ranged = table.byName.get(column)?.kind === 'uuid' ? ctx.sql.text(q) : q;
    select.push(`COUNT(${q})`, `COUNT(DISTINCT ${q})`, `MIN(${ranged})`, `MAX(${ranged})`);
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
  const { from, full } = sourceOf(ctx, table);
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

/** SQL that is true when the row value(s) exist in the target key (dialect's best form). */
function member(
  ctx: EvidenceContext,
  left: string[],
  request: Omit<ContainmentRequest, 'from' | 'fromColumns'>,
  alias: string,
): string {
  const target = ctx.sql.table(request.to.info.schema, request.to.info.name);
  const text = request.classes.some(([a, b]) => a !== b);
  const lhs = left.map((expression) => (text ? ctx.sql.text(expression) : expression));
  const columns = request.toColumns.map((column) => ctx.sql.quote(column));
  // Views have no index to probe and some engines re-run them per probe: always IN for them.
  if (ctx.sql.membership === 'in' || request.to.info.kind === 'view') {
    const rhs = columns.map((column) => (text ? ctx.sql.text(column) : column));
    const tuple = (items: string[]) => (items.length === 1 ? items[0]! : `(${items.join(', ')})`);
    return `${tuple(lhs)} IN (SELECT ${rhs.join(', ')} FROM ${target} WHERE ${columns.map((c) => `${c} IS NOT NULL`).join(' AND ')})`;
  }
  const match = columns
    .map(
      (column, index) =>
        `${text ? ctx.sql.text(`${alias}.${column}`) : `${alias}.${column}`} = ${lhs[index]}`,
    )
    .join(' AND ');
  return `EXISTS (SELECT 1 FROM ${target} ${alias} WHERE ${match})`;
}

/**
 * Inclusion of source values in target keys, `matched / distinct` being the containment. The
 * probes of one source table travel in one statement (one branch per probe, each over the
 * source's distinct values), so a wide warehouse costs one round trip per table rather than one
 * per candidate.
 */
export async function measureContainmentBatch(
  ctx: EvidenceContext,
  from: ScanTable,
  probes: Array<{ column: string; to: ScanTable; toColumn: string; classes: [KeyClass, KeyClass] }>,
): Promise<ContainmentResult[]> {
  const { from: source, full } = sourceOf(ctx, from);
  const results: ContainmentResult[] = [];
  for (let start = 0; start < probes.length; start += PROBES_PER_QUERY) {
    const chunk = probes.slice(start, start + PROBES_PER_QUERY);
    const branches = chunk.map((probe, index) => {
      const q = ctx.sql.quote(probe.column);
      const test = member(
        ctx,
        [`x${index}.v`],
        { to: probe.to, toColumns: [probe.toColumn], classes: [probe.classes] },
        `k${index}`,
      );
      return (
        `SELECT ${index} AS p, COUNT(*) AS n, COALESCE(SUM(CASE WHEN ${test} THEN 1 ELSE 0 END), 0) AS m ` +
        `FROM (SELECT DISTINCT ${q} AS v FROM ${source} s WHERE ${q} IS NOT NULL) x${index}`
      );
    });
    const rows = await run(ctx, branches.join(' UNION ALL '), chunk.length);
    const byProbe = new Map(rows.map((row) => [toNumber(row[0]), row]));
    chunk.forEach((_, index) => {
      const row = byProbe.get(index) ?? [];
      results.push({ distinct: toNumber(row[1]), matched: toNumber(row[2]), full });
    });
  }
  return results;
}

/** Containment of a column tuple (composite foreign keys): one statement per candidate. */
export async function measureContainment(
  ctx: EvidenceContext,
  request: ContainmentRequest,
): Promise<ContainmentResult> {
  const { from, full } = sourceOf(ctx, request.from);
  const quoted = request.fromColumns.map((column) => ctx.sql.quote(column));
  const aliases = request.fromColumns.map((_, index) => `v${index}`);
  const projection = quoted.map((q, index) => `${q} AS ${aliases[index]}`).join(', ');
  const notNull = quoted.map((q) => `${q} IS NOT NULL`).join(' AND ');
  const test = member(
    ctx,
    aliases.map((alias) => `x.${alias}`),
    request,
    'k',
  );
  const text =
    `SELECT COUNT(*), COALESCE(SUM(CASE WHEN ${test} THEN 1 ELSE 0 END), 0) ` +
    `FROM (SELECT DISTINCT ${projection} FROM ${from} s WHERE ${notNull}) x`;
  const [row = []] = await run(ctx, text);
  return { distinct: toNumber(row[0]), matched: toNumber(row[1]), full };
}
