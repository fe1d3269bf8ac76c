import type { CellValue, QueryRows } from '../support/engines.js';

/**
 * Result comparison that forgives representation, nothing else.
 *
 * Representation (both comparisons): booleans are 1/0 (SQLite and MariaDB store them as
 * integers); decimals the connectors return as exact text ("12.3456789012345678") are numbers;
 * timestamps lose the `T`, a `Z` (every demo timestamp is UTC) and trailing zero fractions.
 *
 * Tolerance:
 * - compiled vs reference on one engine: 1e-9 relative (both run on the same engine; only the
 *   order of floating-point additions may differ);
 * - one engine vs another: 1e-4 absolute + 1e-9 relative. MariaDB computes AVG and `/` at 4
 *   extra decimal digits (div_precision_increment), and SQLite sums money as binary doubles
 *   where the other engines use exact decimals. Row counts, dimension values and NULLs must
 *   match exactly.
 */

export type Canonical = string | number | null;

const DECIMAL = /^-?\d+(\.\d+)?$/;
const TIMESTAMP = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}(?::\d{2})?)(\.\d*?)?0*Z?$/;

export function canonical(value: CellValue): Canonical {
  if (value === null) return null;
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (typeof value === 'number') return value;
  if (DECIMAL.test(value)) return Number(value);
  const timestamp = TIMESTAMP.exec(value);
  if (timestamp) {
    const fraction = timestamp[3] && timestamp[3] !== '.' ? timestamp[3] : '';
    return `${timestamp[1]} ${timestamp[2]}${fraction}`;
  }
  return value;
}

/** A sort key that ignores float noise (rows are told apart by their dimension values). */
function sortKey(row: Canonical[]): string {
  return JSON.stringify(row.map((v) => (typeof v === 'number' ? Number(v.toPrecision(6)) : v)));
}

export function canonicalRows(result: QueryRows, ordered: boolean): Canonical[][] {
  const rows = result.rows.map((row) => row.map(canonical));
  if (ordered) return rows;
  return rows
    .map((row) => ({ row, key: sortKey(row) }))
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
    .map((entry) => entry.row);
}

export interface Tolerance {
  absolute: number;
  relative: number;
}

export const SAME_ENGINE: Tolerance = { absolute: 1e-9, relative: 1e-9 };
export const ACROSS_ENGINES: Tolerance = { absolute: 1e-4, relative: 1e-9 };

function close(a: Canonical, b: Canonical, tolerance: Tolerance): boolean {
  if (typeof a === 'number' && typeof b === 'number') {
    return Math.abs(a - b) <= tolerance.absolute + tolerance.relative * Math.max(Math.abs(a), Math.abs(b));
  }
  return a === b;
}

/** The first difference between two canonical results, or undefined when they agree. */
export function firstDifference(
  actual: Canonical[][],
  expected: Canonical[][],
  tolerance: Tolerance,
): string | undefined {
  if (actual.length !== expected.length)
    return `${actual.length} rows instead of ${expected.length}\nactual:   ${JSON.stringify(actual.slice(0, 20))}\nexpected: ${JSON.stringify(expected.slice(0, 20))}`;
  for (let r = 0; r < actual.length; r++) {
    const a = actual[r]!;
    const e = expected[r]!;
    if (a.length !== e.length || a.some((value, c) => !close(value, e[c]!, tolerance)))
      return `row ${r} differs\nactual:   ${JSON.stringify(a)}\nexpected: ${JSON.stringify(e)}`;
  }
  return undefined;
}
