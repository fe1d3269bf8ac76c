import type { NormalizedType, QueryValue } from './types.js';
import {
  booleanValue,
  dateValue,
  decimalValue,
  floatValue,
  integerValue,
  jsonTextValue,
  normalizeType,
  timestampValue,
} from './values.js';

/**
 * PostgreSQL values arrive as text (ktx installs a pass-through type parser) and are normalised
 * here by type OID. The session runs with TimeZone=UTC, bytea_output=hex and
 * standard_conforming_strings=on, so the text forms are predictable.
 */

/** Built-in type OIDs → names (others are looked up in pg_type once per connector). */
export const PG_TYPE_NAMES: Record<number, string> = {
  16: 'bool',
  17: 'bytea',
  18: 'char',
  19: 'name',
  20: 'int8',
  21: 'int2',
  23: 'int4',
  25: 'text',
  26: 'oid',
  114: 'json',
  142: 'xml',
  700: 'float4',
  701: 'float8',
  790: 'money',
  1042: 'bpchar',
  1043: 'varchar',
  1082: 'date',
  1083: 'time',
  1114: 'timestamp',
  1184: 'timestamptz',
  1186: 'interval',
  1266: 'timetz',
  1700: 'numeric',
  2950: 'uuid',
  3802: 'jsonb',
  199: '_json',
  1000: '_bool',
  1003: '_name',
  1001: '_bytea',
  1005: '_int2',
  1007: '_int4',
  1009: '_text',
  1015: '_varchar',
  1016: '_int8',
  1021: '_float4',
  1022: '_float8',
  1115: '_timestamp',
  1182: '_date',
  1185: '_timestamptz',
  1231: '_numeric',
  2951: '_uuid',
  3807: '_jsonb',
};

/** Element type of the array OIDs above. */
const ARRAY_ELEMENT: Record<number, number> = {
  199: 114,
  1000: 16,
  1003: 19,
  1001: 17,
  1005: 21,
  1007: 23,
  1009: 25,
  1015: 1043,
  1016: 20,
  1021: 700,
  1022: 701,
  1115: 1114,
  1182: 1082,
  1185: 1184,
  1231: 1700,
  2951: 2950,
  3807: 3802,
};

export type ArrayParser = (text: string, transform: (element: string) => unknown) => unknown[];

export function pgNormalizedType(oid: number, name: string | undefined): NormalizedType {
  if (ARRAY_ELEMENT[oid] !== undefined || name?.startsWith('_')) return 'string';
  return normalizeType(name);
}

function scalar(text: string, oid: number): QueryValue {
  switch (oid) {
    case 16:
      return booleanValue(text);
    case 20:
    case 21:
    case 23:
    case 26:
      return integerValue(text);
    case 700:
    case 701:
      return floatValue(Number(text));
    case 1700:
      return decimalValue(text);
    case 1082:
      return /^\d/.test(text) ? dateValue(text) : text; // `infinity` stays text
    case 1114:
      return timestampValue(text, false);
    case 1184:
      return timestampValue(text, true);
    default:
      return text;
  }
}

export function pgValue(text: string | null, oid: number, parseArray: ArrayParser): QueryValue {
  if (text === null) return null;
  const element = ARRAY_ELEMENT[oid];
  if (element !== undefined) {
    const parsed = parseArray(text, (item) =>
      item === null ? null : element === 114 || element === 3802 ? JSON.parse(item) : scalar(item, element),
    );
    return jsonTextValue(parsed);
  }
  return scalar(text, oid);
}
