import { canBeKey, isBinary, round } from '../column-kinds.js';
import type { KeySource } from '../types.js';
import { type ColumnStats, type EvidenceContext, measureColumns, measureCombinations } from './evidence.js';
import type { ScanColumn, ScanTable } from './model.js';
import { isOwnId, refersToOtherTable } from './name-match.js';
import { startsWithTokens } from './names.js';

/**
 * Primary keys: declared ones, else the best verified candidate key. DDL conventionally lists
 * key columns first, so the leading run of key-like columns is tried before anything else:
 *   1. the first key-like column when it is unique and non-null (the usual `id` column), unless
 *      it and the next column both name other tables: then the table is a bridge and its key is
 *      that run of references (`film_category(film_id, category_id)`);
 *   2. otherwise the shortest unique prefix of that run (`order_lines(order_id, line_no)`);
 *   3. otherwise the best unique non-null single column anywhere, then unique pairs and
 *      triples of low-null, identifier-shaped columns (`exchange_rates(currency, rate_date)`).
 * Every candidate is verified by SQL (on the whole table, or on its sample above the check
 * budget). Empty tables get a name-only guess with low confidence.
 */

export interface PrimaryKeyDecision {
  columns: string[];
  source: KeySource;
  confidence: number;
  /** Stats of single key columns (range and distinct count), used when matching foreign keys. */
  stats?: ColumnStats;
  /** False when uniqueness was checked on a sample only, or not at all (empty table). */
  verified: boolean;
}

const MAX_SINGLE_CANDIDATES = 12;
const MAX_RUN = 4;
const POOL_SIZE = 8;
const LONG_TEXT = 64;
/** Quantities are never part of a key, however unique they happen to be. */
const QUANTITY =
  /(^|_)(amount|amt|salary|wage|price|cost|total|subtotal|qty|quantity|balance|revenue|tax|fee|score|rate|count|population|weight|size)(_|$)/;

function noNulls(column: ScanColumn): boolean {
  return (column.profile?.nullRate ?? 1) === 0;
}

function identifierShaped(column: ScanColumn): boolean {
  if (!canBeKey(column.kind) || isBinary(column.info)) return false;
  if (column.kind === 'string' && (column.profile?.maxLength ?? 0) > LONG_TEXT) return false;
  return true;
}

function isUnique(stats: ColumnStats | undefined, rows: number): boolean {
  return stats !== undefined && rows > 0 && stats.nonNull === rows && stats.distinct === rows;
}

export async function inferPrimaryKey(
  ctx: EvidenceContext,
  table: ScanTable,
  all: readonly ScanTable[],
): Promise<PrimaryKeyDecision | null> {
  const declared = table.info.primaryKey;
  if (declared && declared.length > 0) {
    const decision: PrimaryKeyDecision = {
      columns: declared,
      source: 'declared',
      confidence: 1,
      verified: true,
    };
    if (declared.length === 1 && (table.rowCount ?? 0) > 0) {
      decision.stats = (await measureColumns(ctx, table, declared)).columns.get(declared[0]!);
    }
    return decision;
  }

  const refers = new Map(
    table.columns.map((column) => [column.info.name, refersToOtherTable(table, column, all)]),
  );
  const keyLike = (column: ScanColumn) => column.name.keyShaped || refers.get(column.info.name) === true;
  const run: ScanColumn[] = [];
  for (const column of table.columns) {
    if (run.length >= MAX_RUN || !keyLike(column) || !identifierShaped(column)) break;
    if (column.kind === 'date' || column.kind === 'time') break;
    run.push(column);
  }

  if (table.rowCount === 0) return emptyTableGuess(table, run, refers);
  if (table.rowCount === null && !table.profile) return null;

  // 1–2: the leading run.
  const singles = table.columns
    .filter(
      (column) => identifierShaped(column) && noNulls(column) && (column.profile?.distinctRatio ?? 0) === 1,
    )
    .sort((a, b) => Number(keyLike(b)) - Number(keyLike(a)) || a.info.ordinal - b.info.ordinal)
    .slice(0, MAX_SINGLE_CANDIDATES);
  const measured =
    singles.length > 0
      ? await measureColumns(
          ctx,
          table,
          singles.map((c) => c.info.name),
        )
      : undefined;
  const rows = measured?.rows ?? table.rowCount ?? 0;
  const scale = (confidence: number, full: boolean) => round(full ? confidence : confidence * 0.9, 3);
  const statsOf = (column: ScanColumn) => measured?.columns.get(column.info.name);

  // A later column of the run that is the table's own unique id is the key by itself, unless the
  // run starts with the table's identifying parent (`SalesOrderDetail(SalesOrderID,
  // SalesOrderDetailID)`: detail lines are numbered within their order).
  const ownLater = run.slice(1).find((column) => isOwnId(table, column) && isUnique(statsOf(column), rows));
  const parentStem = run[0]?.name.stem ?? [];
  const identifyingParent =
    startsWithTokens(table.entity, parentStem) && parentStem.length < table.entity.length;
  // (It also wins over a leading reference that merely happens to be unique today.)
  if (ownLater && measured && !identifyingParent && !isOwnId(table, run[0]!)) {
    return {
      columns: [ownLater.info.name],
      source: 'inferred',
      confidence: scale(0.95, measured.full),
      stats: statsOf(ownLater),
      verified: measured.full,
    };
  }
  if (run.length > 0 && measured && isUnique(statsOf(run[0]!), rows)) {
    const first = run[0]!;
    if (refers.get(first.info.name) && run.length >= 2 && refers.get(run[1]!.info.name)) {
      const bridge = run.filter((_, index) => index < 3 && refers.get(run[index]!.info.name));
      return {
        columns: bridge.map((c) => c.info.name),
        source: 'inferred',
        confidence: scale(0.92, measured.full),
        verified: measured.full,
      };
    }
    const confidence = isOwnId(table, first) ? 0.99 : first.name.keyShaped ? 0.95 : 0.9;
    return {
      columns: [first.info.name],
      source: 'inferred',
      confidence: scale(confidence, measured.full),
      stats: statsOf(first),
      verified: measured.full,
    };
  }
  if (run.length >= 2 && noNulls(run[0]!)) {
    const prefixes = [run.slice(0, 2), run.slice(0, 3)].filter(
      (prefix, index) => prefix.length === index + 2,
    );
    const combos = await measureCombinations(
      ctx,
      table,
      prefixes.map((prefix) => prefix.map((c) => c.info.name)),
    );
    const hit = combos.distinct.findIndex((distinct) => combos.rows > 0 && distinct === combos.rows);
    if (hit >= 0) {
      return {
        columns: prefixes[hit]!.map((c) => c.info.name),
        source: 'inferred',
        confidence: scale(0.9, combos.full),
        verified: combos.full,
      };
    }
  }

  // 3: any unique identifier-shaped column, best-named first.
  const unique = singles.filter(
    (column) =>
      isUnique(statsOf(column), rows) &&
      (keyLike(column) || (column.kind !== 'date' && column.kind !== 'time')),
  );
  unique.sort(
    (a, b) =>
      Number(isOwnId(table, b)) - Number(isOwnId(table, a)) ||
      Number(keyLike(b)) - Number(keyLike(a)) ||
      a.info.ordinal - b.info.ordinal,
  );
  if (unique[0] && measured) {
    const best = unique[0];
    return {
      columns: [best.info.name],
      source: 'inferred',
      confidence: scale(keyLike(best) ? 0.9 : 0.75, measured.full),
      stats: statsOf(best),
      verified: measured.full,
    };
  }
  return compositeSearch(ctx, table, keyLike, scale);
}

async function compositeSearch(
  ctx: EvidenceContext,
  table: ScanTable,
  keyLike: (column: ScanColumn) => boolean,
  scale: (confidence: number, full: boolean) => number,
): Promise<PrimaryKeyDecision | null> {
  // Key parts are identifiers, then dates (`rate_date`, `from_date`), then short codes; plain
  // numbers come last and quantities (`salary`, `amount`) never take part.
  const weight = (column: ScanColumn) =>
    keyLike(column) ? 3 : column.kind === 'date' ? 2 : column.kind === 'string' ? 1 : 0;
  const pool = table.columns
    .filter((column) => identifierShaped(column) && noNulls(column) && column.kind !== 'boolean')
    .filter(
      (column) =>
        !(
          (column.kind === 'integer' || column.kind === 'decimal') &&
          !keyLike(column) &&
          QUANTITY.test(column.name.tokens.join('_'))
        ),
    )
    .filter((column) => (column.profile?.distinctCount ?? 0) > 1 || table.columns.length <= 3)
    .sort((a, b) => weight(b) - weight(a) || a.info.ordinal - b.info.ordinal)
    .slice(0, POOL_SIZE);
  // Combinations of identifiers alone come first, whatever their size (a three-part natural key
  // beats a pair that needs a date); then the rest, smaller and better-named first.
  const plain = (combo: ScanColumn[]) => combo.filter((column) => !keyLike(column)).length;
  const all = [...combinations(pool, 2), ...combinations(pool.slice(0, 6), 3)].sort(
    (a, b) =>
      plain(a) - plain(b) ||
      a.length - b.length ||
      b.reduce((sum, c) => sum + weight(c), 0) - a.reduce((sum, c) => sum + weight(c), 0) ||
      a.reduce((sum, c) => sum + c.info.ordinal, 0) - b.reduce((sum, c) => sum + c.info.ordinal, 0),
  );
  const stages = [all.filter((combo) => plain(combo) === 0), all.filter((combo) => plain(combo) > 0)];
  for (const combos of stages) {
    if (combos.length === 0) continue;
    const measured = await measureCombinations(
      ctx,
      table,
      combos.map((combo) => combo.map((c) => c.info.name)),
    );
    const hit = measured.distinct.findIndex((distinct) => measured.rows > 0 && distinct === measured.rows);
    if (hit >= 0) {
      return {
        columns: [...combos[hit]!].sort((a, b) => a.info.ordinal - b.info.ordinal).map((c) => c.info.name),
        source: 'inferred',
        confidence: scale(0.85, measured.full),
        verified: measured.full,
      };
    }
  }
  return null;
}

function combinations<T>(items: T[], size: number): T[][] {
  if (size === 0) return [[]];
  const out: T[][] = [];
  items.forEach((item, index) => {
    for (const rest of combinations(items.slice(index + 1), size - 1)) out.push([item, ...rest]);
  });
  return out;
}

function emptyTableGuess(
  table: ScanTable,
  run: ScanColumn[],
  refers: Map<string, boolean>,
): PrimaryKeyDecision | null {
  if (run.length === 0) return null;
  const first = run[0]!;
  const columns =
    isOwnId(table, first) || run.length === 1
      ? [first]
      : run.slice(0, 3).filter((c) => c.name.keyShaped || refers.get(c.info.name));
  return { columns: columns.map((c) => c.info.name), source: 'inferred', confidence: 0.6, verified: false };
}
