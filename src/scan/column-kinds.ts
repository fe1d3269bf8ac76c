import type { ColumnInfo, QueryValue } from '../connectors/types.js';

/**
 * Physical kinds of a column beyond its normalised type, read from the engine's native type
 * name. They decide which aggregates are safe (no MIN over a BLOB or a JSON value) and which
 * columns can be keys (integers and short strings, never floats or binaries).
 */

export type KeyClass =
  | 'integer'
  | 'decimal'
  | 'float'
  | 'string'
  | 'uuid'
  | 'date'
  | 'time'
  | 'boolean'
  | 'other';

const BINARY = /blob|bytea|binary|image|bytes|raw\b/i;
const COMPLEX =
  /\[\]|struct|map\(|^map|list|json|array|union|geometry|geography|hstore|interval|tsvector|tsquery|xml|variant|object|^(point|box|line|lseg|circle|polygon|path)$/i;

export function isBinary(column: Pick<ColumnInfo, 'nativeType'>): boolean {
  return BINARY.test(column.nativeType);
}

export function isComplex(column: Pick<ColumnInfo, 'nativeType'>): boolean {
  return COMPLEX.test(column.nativeType);
}

export function keyClass(column: Pick<ColumnInfo, 'nativeType' | 'type'>): KeyClass {
  const native = column.nativeType.toLowerCase();
  if (isBinary(column) || isComplex(column)) return 'other';
  if (column.type === 'boolean') return 'boolean';
  if (column.type === 'date') return 'date';
  if (column.type === 'time') return 'time';
  if (/uuid|uniqueidentifier/.test(native)) return 'uuid';
  if (column.type === 'number') {
    if (/real|float|double|binary_float|binary_double/.test(native)) return 'float';
    const scale = /(?:numeric|decimal|number)\s*\(\s*\d+\s*,\s*(\d+)\s*\)/.exec(native);
    // Fractional decimals (money, rates) are measures, never identifiers.
    if (scale) return Number(scale[1]) === 0 ? 'integer' : 'float';
    if (/numeric|decimal|money|number/.test(native)) return 'decimal';
    return 'integer';
  }
  return 'string';
}

/** Key classes that can hold identifiers. */
export function canBeKey(kind: KeyClass): boolean {
  return kind === 'integer' || kind === 'string' || kind === 'uuid' || kind === 'date' || kind === 'decimal';
}

/** Whether values of two key classes can be compared as the same identifier. */
export function compatibleKeys(a: KeyClass, b: KeyClass): boolean {
  if (a === b) return a !== 'other' && a !== 'float' && a !== 'boolean';
  const idLike = (kind: KeyClass) => kind === 'string' || kind === 'uuid';
  if (idLike(a) && idLike(b)) return true;
  const whole = (kind: KeyClass) => kind === 'integer' || kind === 'decimal';
  return whole(a) && whole(b);
}

/** Numbers come back as numbers or (big) strings depending on the driver. */
export function toNumber(value: QueryValue | undefined): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && value.trim() !== '') return Number(value);
  if (typeof value === 'boolean') return value ? 1 : 0;
  return 0;
}

/** Rounds ratios so snapshots stay stable and readable. */
export function round(value: number, digits = 4): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}
