import type { NormalizedType, TableInfo } from '../connectors/types.js';
import type { ColumnProfile, TableProfile } from './types.js';

/**
 * SQLite has no date or timestamp storage class: dates live in columns of any declared type
 * (often TEXT, or none at all after a CSV import) as ISO-8601 text, and SQLite's date functions,
 * which the semantic compiler's SQLite dialect uses for time grains, read that text directly.
 * So on SQLite a text column whose profiled values are all ISO dates or timestamps is typed
 * `date` or `time`, and can be the time dimension of its source. Columns whose declared type
 * already says so (DATE, DATETIME, TIMESTAMP…) are typed by the driver. Other engines keep
 * their declared types: their date functions do not accept text.
 */

const ISO_DATE = /^\d{4}-[01]\d-[0-3]\d$/;
const ISO_TIMESTAMP =
  /^\d{4}-[01]\d-[0-3]\d[T ][0-2]\d:[0-5]\d(:[0-5]\d(\.\d{1,9})?)?(Z|[+-][0-2]\d(:?[0-5]\d)?)?$/;

/** The temporal type the values prove, or undefined when any value is not ISO-8601. */
export function isoTextType(profile: ColumnProfile): NormalizedType | undefined {
  if (profile.type !== 'string' || profile.sensitive || profile.distinctCount === 0) return undefined;
  const values: unknown[] = [
    profile.min,
    profile.max,
    ...(profile.samples ?? []),
    ...(profile.topValues ?? []).map((entry) => entry.value),
  ];
  if (!values.every((value) => typeof value === 'string')) return undefined;
  const texts = values as string[];
  if (texts.every((text) => ISO_DATE.test(text))) return 'date';
  if (texts.every((text) => ISO_DATE.test(text) || ISO_TIMESTAMP.test(text))) return 'time';
  return undefined;
}

/** Retypes the ISO-text columns of a profiled SQLite table (catalog facts and profile alike). */
export function typeIsoTextColumns(info: TableInfo, profile: TableProfile): TableInfo {
  const retyped = new Map<string, NormalizedType>();
  for (const column of profile.columns) {
    const type = isoTextType(column);
    if (type) retyped.set(column.name, type);
  }
  if (retyped.size === 0) return info;
  for (const column of profile.columns) column.type = retyped.get(column.name) ?? column.type;
  return {
    ...info,
    columns: info.columns.map((column) => {
      const type = retyped.get(column.name);
      return type ? { ...column, type } : column;
    }),
  };
}
