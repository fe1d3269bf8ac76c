import type { CellValue, QueryRows } from '../support/engines.js';

/** Result comparison that ignores representation noise (float rounding, 0/1 vs booleans), nothing else. */

function normalise(value: CellValue): CellValue {
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (typeof value === 'number') return Number(value.toPrecision(10));
  return value;
}

export function canonicalRows(result: QueryRows, ordered: boolean): string[] {
  const rows = result.rows.map((row) => JSON.stringify(row.map(normalise)));
  return ordered ? rows : [...rows].sort();
}
