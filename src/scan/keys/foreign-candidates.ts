import { canBeKey, compatibleKeys, isBinary, toNumber } from '../column-kinds.js';
import type { TableKey } from '../types.js';
import type { ColumnStats } from './evidence.js';
import type { ScanColumn, ScanTable } from './model.js';
import { isOwnId, type NameEvidence, nameEvidence } from './name-match.js';
import { isRoleOnlyName, sameTokens } from './names.js';
import type { PrimaryKeyDecision } from './primary.js';

/**
 * Foreign-key candidates: every (source columns → target key) pair that names support, that
 * types allow, and that the value ranges do not rule out. Measuring containment is left to the
 * caller; this module only decides what is worth a query.
 */

export interface TargetKey {
  table: ScanTable;
  columns: ScanColumn[];
  decision: PrimaryKeyDecision;
  stats?: ColumnStats;
}

export interface FkCandidate {
  from: ScanTable;
  fromColumns: ScanColumn[];
  to: TargetKey;
  name: NameEvidence;
  /** Found by values alone (no name evidence). */
  valueOnly: boolean;
}

/** Named candidates per source column, at most (the strongest names first). */
const MAX_NAMED_CANDIDATES = 8;
/** Name readings strong enough for a table's own primary key to reference another table. */
const KEY_TO_KEY_KINDS = new Set(['entity', 'qualified', 'self_role', 'abbreviation']);

/** Value-only probes per source column, at most: keeps scans of wide warehouses bounded. */
const MAX_VALUE_ONLY_PROBES = 25;
/** Fewer distinct values than this prove nothing without a name (codes are rarer than numbers). */
const MIN_VALUE_ONLY_DISTINCT = { text: 3, number: 10 };
/** Longest value of a text column that may still be a code. */
const MAX_CODE_LENGTH = 40;

export function targetKeys(
  tables: readonly ScanTable[],
  keys: Map<TableKey, PrimaryKeyDecision | null>,
): TargetKey[] {
  const out: TargetKey[] = [];
  for (const table of tables) {
    const decision = keys.get(table.key);
    if (!decision || decision.columns.length === 0) continue;
    const columns = decision.columns
      .map((name) => table.byName.get(name))
      .filter((c): c is ScanColumn => !!c);
    if (columns.length !== decision.columns.length || columns.some((column) => !canBeKey(column.kind)))
      continue;
    out.push({ table, columns, decision, stats: decision.stats });
  }
  return out;
}

function digitsOnly(column: ScanColumn): boolean {
  const samples = column.profile?.sensitive ? [] : (column.profile?.samples ?? []);
  return column.kind === 'string' && samples.length > 0 && samples.every((value) => /^\d{1,18}$/.test(value));
}

/**
 * Whole numbers stored as text on one side and as integers on the other (CSV loads, SQLite
 * affinities): comparable, as text, when the name says they are the same key.
 */
function numbersAsText(column: ScanColumn, key: ScanColumn): boolean {
  return (digitsOnly(column) && key.kind === 'integer') || (column.kind === 'integer' && digitsOnly(key));
}

/** The sampled range of the source lies inside the target key's range (numbers only). */
function rangeFits(source: ScanColumn, target: TargetKey): boolean {
  const profile = source.profile;
  const stats = target.stats;
  if (!profile || !stats || source.kind !== 'integer' || target.columns[0]!.kind !== 'integer') return true;
  if (profile.min === undefined || profile.max === undefined || profile.min === null) return true;
  const min = toNumber(profile.min as never);
  const max = toNumber(profile.max as never);
  return min >= toNumber(stats.min) && max <= toNumber(stats.max);
}

function declaredSources(table: ScanTable): Set<string> {
  return new Set(table.info.foreignKeys.map((fk) => fk.columns.join('\u0000')));
}

function eligibleSource(
  table: ScanTable,
  column: ScanColumn,
  pk: PrimaryKeyDecision | null | undefined,
): boolean {
  if (!canBeKey(column.kind) || isBinary(column.info)) return false;
  // A table's own identifier never references anything, unless its name says otherwise
  // (`film_text.film_id`), which nameEvidence decides.
  return !(pk && pk.columns.length === 1 && pk.columns[0] === column.info.name && isOwnId(table, column));
}

export function singleColumnCandidates(
  tables: readonly ScanTable[],
  keys: Map<TableKey, PrimaryKeyDecision | null>,
  targets: readonly TargetKey[],
): FkCandidate[] {
  const singles = targets.filter((target) => target.columns.length === 1);
  const out: FkCandidate[] = [];
  for (const table of tables) {
    const declared = declaredSources(table);
    const pk = keys.get(table.key);
    for (const column of table.columns) {
      if (declared.has(column.info.name) || !eligibleSource(table, column, pk)) continue;
      // A primary key shares its name with other tables' keys by convention (`event_id` in every
      // event table); it references another table only when its name designates that table.
      const isPrimaryKey = pk?.columns.length === 1 && pk.columns[0] === column.info.name;
      let named: FkCandidate[] = [];
      for (const target of singles) {
        const key = target.columns[0]!;
        if (target.table.key === table.key && key.info.name === column.info.name) continue;
        if (!compatibleKeys(column.kind, key.kind) && !numbersAsText(column, key)) continue;
        const name = nameEvidence(table, column, target.table, key);
        if (name.score === 0 || !rangeFits(column, target)) continue;
        if (isPrimaryKey && !name.kinds.some((kind) => KEY_TO_KEY_KINDS.has(kind))) continue;
        named.push({ from: table, fromColumns: [column], to: target, name, valueOnly: false });
      }
      named = named
        .sort((a, b) => b.name.score - a.name.score || a.to.table.key.localeCompare(b.to.table.key))
        .slice(0, MAX_NAMED_CANDIDATES);
      out.push(...named);
      // A primary key found by values alone would be a coincidence of numbering, never evidence.
      if (named.length === 0 && !isPrimaryKey && valueOnlyEligible(column)) {
        out.push(...valueOnlyCandidates(table, column, singles));
      }
    }
  }
  return out;
}

/** Whether values alone may suggest a reference for this column (its name did not). */
export function valueOnlyEligible(column: ScanColumn): boolean {
  const profile = column.profile;
  if (!profile || profile.sensitive) return false;
  const text = column.kind === 'string' || column.kind === 'uuid';
  if (profile.distinctCount < (text ? MIN_VALUE_ONLY_DISTINCT.text : MIN_VALUE_ONLY_DISTINCT.number))
    return false;
  if (valueOnlyHint(column)) return true;
  // Code-like text: short, no spaces (`JFK`, `DE`, `SKU-12`), not free text.
  return (
    text &&
    (profile.maxLength ?? Number.POSITIVE_INFINITY) <= MAX_CODE_LENGTH &&
    (profile.samples ?? []).every((value) => !/\s/.test(value))
  );
}

/** The name hints at a reference without naming a table (`SID`, `origin`). */
export function valueOnlyHint(column: ScanColumn): boolean {
  return (column.name.keyShaped && column.name.stem.length > 0) || isRoleOnlyName(column.name.tokens);
}

/**
 * A column no table name explains (`SID`, `origin`, a code column) is probed against keys of
 * the same type whose range contains its values, closest in size first.
 */
function valueOnlyCandidates(
  table: ScanTable,
  column: ScanColumn,
  targets: readonly TargetKey[],
): FkCandidate[] {
  const distinct = column.profile?.distinctCount ?? 0;
  return targets
    .filter(
      (target) =>
        target.table.key !== table.key &&
        compatibleKeys(column.kind, target.columns[0]!.kind) &&
        (target.stats?.distinct ?? 0) >= distinct &&
        rangeFits(column, target),
    )
    .sort(
      (a, b) => (a.stats?.distinct ?? 0) - (b.stats?.distinct ?? 0) || a.table.key.localeCompare(b.table.key),
    )
    .slice(0, MAX_VALUE_ONLY_PROBES)
    .map((target) => ({
      from: table,
      fromColumns: [column],
      to: target,
      name: { score: 0, kinds: [] },
      valueOnly: true,
    }));
}

/**
 * Composite foreign keys: another table carries every column of a composite key under the same
 * name and a compatible type (`shipments(order_id, line_no)` → `order_lines(order_id, line_no)`).
 */
export function compositeCandidates(
  tables: readonly ScanTable[],
  targets: readonly TargetKey[],
): FkCandidate[] {
  const out: FkCandidate[] = [];
  for (const target of targets) {
    if (target.columns.length < 2) continue;
    for (const table of tables) {
      if (table.key === target.table.key) continue;
      const matched: ScanColumn[] = [];
      for (const key of target.columns) {
        const found = table.columns.find(
          (column) =>
            sameTokens(column.name.tokens, key.name.tokens) &&
            compatibleKeys(column.kind, key.kind) &&
            !matched.includes(column),
        );
        if (!found) break;
        matched.push(found);
      }
      if (matched.length !== target.columns.length) continue;
      const declared = declaredSources(table);
      if (declared.has(matched.map((column) => column.info.name).join('\u0000'))) continue;
      out.push({
        from: table,
        fromColumns: matched,
        to: target,
        name: { score: 0.95, kinds: ['exact_columns'] },
        valueOnly: false,
      });
    }
  }
  return out;
}
