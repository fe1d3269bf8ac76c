import type { NormalizedType, QueryValue } from './types.js';
import {
  booleanValue,
  bytesValue,
  dateValue,
  decimalValue,
  floatValue,
  integerValue,
  timestampValue,
} from './values.js';

/**
 * MySQL/MariaDB values. mysql2 is configured to hand over exact forms (big integers, decimals
 * and dates as text, binary as Buffers, JSON as text); they are normalised here by the protocol
 * column type. The session runs with time_zone = '+00:00'.
 */

/** Protocol column type codes (include/mysql_com.h). */
const MT = {
  DECIMAL: 0,
  TINY: 1,
  SHORT: 2,
  LONG: 3,
  FLOAT: 4,
  DOUBLE: 5,
  TIMESTAMP: 7,
  LONGLONG: 8,
  INT24: 9,
  DATE: 10,
  TIME: 11,
  DATETIME: 12,
  YEAR: 13,
  NEWDATE: 14,
  VARCHAR: 15,
  BIT: 16,
  JSON: 245,
  NEWDECIMAL: 246,
  ENUM: 247,
  SET: 248,
  TINY_BLOB: 249,
  MEDIUM_BLOB: 250,
  LONG_BLOB: 251,
  BLOB: 252,
  VAR_STRING: 253,
  STRING: 254,
  GEOMETRY: 255,
} as const;

const BINARY_CHARSET = 63;

export interface MysqlField {
  name: string;
  columnType: number;
  columnLength: number;
  characterSet?: number;
  decimals?: number;
}

const NAMES: Record<number, string> = Object.fromEntries(
  Object.entries(MT).map(([name, code]) => [code, name.toLowerCase()]),
);

function isBooleanField(field: MysqlField): boolean {
  return field.columnType === MT.TINY && field.columnLength === 1;
}

/** A readable native type name for a result column (`tinyint(1)`, `decimal`, `varchar`). */
export function mysqlTypeName(field: MysqlField): string {
  if (isBooleanField(field)) return 'tinyint(1)';
  const name = NAMES[field.columnType] ?? `type${field.columnType}`;
  const binary = field.characterSet === BINARY_CHARSET;
  switch (field.columnType) {
    case MT.TINY:
      return 'tinyint';
    case MT.SHORT:
      return 'smallint';
    case MT.LONG:
      return 'int';
    case MT.INT24:
      return 'mediumint';
    case MT.LONGLONG:
      return 'bigint';
    case MT.NEWDECIMAL:
    case MT.DECIMAL:
      return 'decimal';
    case MT.VAR_STRING:
      return binary ? 'varbinary' : 'varchar';
    case MT.STRING:
      return binary ? 'binary' : 'char';
    case MT.BLOB:
    case MT.TINY_BLOB:
    case MT.MEDIUM_BLOB:
    case MT.LONG_BLOB:
      return binary ? 'blob' : 'text';
    default:
      return name;
  }
}

export function mysqlNormalizedType(field: MysqlField): NormalizedType {
  if (isBooleanField(field)) return 'boolean';
  switch (field.columnType) {
    case MT.TINY:
    case MT.SHORT:
    case MT.LONG:
    case MT.INT24:
    case MT.LONGLONG:
    case MT.FLOAT:
    case MT.DOUBLE:
    case MT.DECIMAL:
    case MT.NEWDECIMAL:
    case MT.YEAR:
      return 'number';
    case MT.DATE:
    case MT.NEWDATE:
      return 'date';
    case MT.DATETIME:
    case MT.TIMESTAMP:
      return 'time';
    default:
      return 'string';
  }
}

export function mysqlValue(value: unknown, field: MysqlField): QueryValue {
  if (value === null || value === undefined) return null;
  if (Buffer.isBuffer(value) || value instanceof Uint8Array) {
    if (field.columnType === MT.BIT && value.length <= 6)
      return Number(BigInt(`0x${Buffer.from(value).toString('hex') || '0'}`));
    return bytesValue(value);
  }
  const text = String(value);
  switch (field.columnType) {
    case MT.TINY:
      if (isBooleanField(field)) return booleanValue(Number(text));
      return integerValue(text);
    case MT.SHORT:
    case MT.LONG:
    case MT.INT24:
    case MT.LONGLONG:
    case MT.YEAR:
      return integerValue(text);
    case MT.FLOAT:
    case MT.DOUBLE:
      return floatValue(typeof value === 'number' ? value : Number(text));
    case MT.DECIMAL:
    case MT.NEWDECIMAL:
      return decimalValue(text);
    case MT.DATE:
    case MT.NEWDATE:
      return dateValue(text);
    case MT.DATETIME:
      return timestampValue(text, false);
    case MT.TIMESTAMP:
      // TIMESTAMP is an instant (stored in UTC, shown in the session zone, which ktx sets to UTC).
      return timestampValue(text, true);
    default:
      return text;
  }
}
