import type { NormalizedType, QueryValue } from './types.js';

/**
 * One value normalisation for every engine, so the same query gives the same JSON whether it
 * ran on SQLite, DuckDB, PostgreSQL or MySQL (see QueryValue in ./types.ts for the contract).
 * Drivers hand over what they have (text, numbers, bigints, byte arrays, date parts) and these
 * helpers turn it into JSON-safe values.
 */

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);
const MIN_SAFE = BigInt(Number.MIN_SAFE_INTEGER);

/** Integers: a number when it fits in 2^53, otherwise its decimal text. */
export function integerValue(value: number | bigint | string): QueryValue {
  if (typeof value === 'number') return Number.isSafeInteger(value) ? value : String(value);
  const big = typeof value === 'bigint' ? value : BigInt(value.trim());
  return big <= MAX_SAFE && big >= MIN_SAFE ? Number(big) : big.toString();
}

/** Canonical decimal text: no leading zeros, no trailing fractional zeros, no `-0`. */
function canonicalDecimal(text: string): string | null {
  const match = /^([+-])?(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/.exec(text.trim());
  if (!match || (!match[2] && !match[3])) return null;
  if (match[4] !== undefined) return null; // exponent forms are compared numerically instead
  const sign = match[1] === '-' ? '-' : '';
  const whole = (match[2] ?? '').replace(/^0+(?=\d)/, '') || '0';
  const fraction = (match[3] ?? '').replace(/0+$/, '');
  const body = fraction ? `${whole}.${fraction}` : whole;
  return body === '0' ? '0' : sign + body;
}

/**
 * Exact decimals (NUMERIC/DECIMAL): a number when the double holds exactly the same decimal
 * value (`12.30` → 12.3), otherwise the text (`12345678901234567.89` stays a string) so no
 * precision is ever lost silently.
 */
export function decimalValue(text: string): QueryValue {
  const trimmed = text.trim();
  const canonical = canonicalDecimal(trimmed);
  const number = Number(trimmed);
  if (!Number.isFinite(number)) return trimmed; // NaN, Infinity
  if (canonical === null) return number;
  const printed = canonicalDecimal(String(number));
  if (printed !== canonical) return canonical;
  return number === 0 ? 0 : number; // no -0 in JSON
}

/** Binary floats: numbers, except the values JSON cannot hold. */
export function floatValue(value: number): QueryValue {
  if (Number.isFinite(value)) return Object.is(value, -0) ? 0 : value;
  return Number.isNaN(value) ? 'NaN' : value > 0 ? 'Infinity' : '-Infinity';
}

export function booleanValue(value: unknown): QueryValue {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'number' || typeof value === 'bigint') return value !== 0 && value !== 0n;
  const text = String(value).trim().toLowerCase();
  return text === 't' || text === 'true' || text === '1' || text === 'y' || text === 'yes';
}

const pad = (value: number, width = 2) => String(value).padStart(width, '0');

function trimFraction(fraction: string | undefined): string {
  const trimmed = (fraction ?? '').replace(/0+$/, '');
  return trimmed ? `.${trimmed}` : '';
}

/**
 * Timestamps from engine text (`2024-01-02 03:04:05.120000`, `2024-01-02T03:04:05+00`) to
 * ISO 8601: `2024-01-02T03:04:05.12Z` for zoned types (the session runs in UTC, and any offset
 * present is applied), no suffix for naive ones. Unparseable text (`infinity`) passes through.
 */
export function timestampValue(text: string, zoned: boolean): QueryValue {
  const match =
    /^(-?\d{4,})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?\s*(Z|[+-]\d{2}(?::?\d{2}(?::?\d{2})?)?)?(\s+BC)?$/i.exec(
      text.trim(),
    );
  if (!match || match[9]) return text;
  const [, year, month, day, hour, minute, second = '00', fraction, offset] = match;
  if (!zoned || !offset || /^(Z|[+-]00(:?00)?(:?00)?)$/i.test(offset)) {
    const base = `${year}-${month}-${day}T${hour}:${minute}:${second}${trimFraction(fraction)}`;
    return zoned ? `${base}Z` : base;
  }
  const sign = offset.startsWith('-') ? -1 : 1;
  const digits = offset.slice(1).replace(/:/g, '');
  const shiftSeconds =
    sign *
    (Number(digits.slice(0, 2)) * 3600 +
      Number(digits.slice(2, 4) || 0) * 60 +
      Number(digits.slice(4, 6) || 0));
  const utc = Date.UTC(
    Number(year),
    Number(month) - 1,
    Number(day),
    Number(hour),
    Number(minute),
    Number(second),
  );
  return isoFromEpochMs(utc - shiftSeconds * 1000, fraction, true);
}

function isoFromEpochMs(ms: number, fraction: string | undefined, zoned: boolean): string {
  const date = new Date(ms);
  const yearNumber = date.getUTCFullYear();
  const year = yearNumber < 0 ? `-${pad(-yearNumber, 4)}` : pad(yearNumber, 4);
  const base =
    `${year}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())}T` +
    `${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())}`;
  return `${base}${trimFraction(fraction)}${zoned ? 'Z' : ''}`;
}

/** Timestamps held as microseconds since the epoch (DuckDB). */
export function timestampFromMicros(micros: bigint, zoned: boolean): QueryValue {
  const seconds = micros / 1_000_000n;
  let rest = micros % 1_000_000n;
  let wholeSeconds = seconds;
  if (rest < 0n) {
    rest += 1_000_000n;
    wholeSeconds -= 1n;
  }
  const ms = Number(wholeSeconds) * 1000;
  if (!Number.isFinite(ms) || Math.abs(ms) > 8.64e15) return micros.toString();
  return isoFromEpochMs(ms, rest.toString().padStart(6, '0'), zoned);
}

/** Dates from a Date object or text; always `YYYY-MM-DD`. */
export function dateValue(value: string | Date): QueryValue {
  if (value instanceof Date) {
    return `${pad(value.getUTCFullYear(), 4)}-${pad(value.getUTCMonth() + 1)}-${pad(value.getUTCDate())}`;
  }
  const match = /^(-?\d{4,}-\d{2}-\d{2})/.exec(value.trim());
  return match ? match[1]! : value;
}

/** Dates held as days since the epoch (DuckDB). */
export function dateFromDays(days: number): QueryValue {
  const date = new Date(days * 86_400_000);
  if (Number.isNaN(date.getTime())) return String(days);
  return dateValue(date);
}

/** Binary values: `\x` followed by lowercase hex, as PostgreSQL prints bytea. */
export function bytesValue(bytes: Uint8Array): QueryValue {
  return `\\x${Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex')}`;
}

/** Structured values (JSON, arrays, structs, maps): compact JSON text. */
export function jsonTextValue(value: unknown): QueryValue {
  if (typeof value === 'string') return value;
  return JSON.stringify(value, (_key, item) => (typeof item === 'bigint' ? integerValue(item) : item));
}

/**
 * A value whose engine type is unknown (SQLite's dynamic typing, expressions without a
 * declared type): numbers stay numbers, bigints follow the integer rule, bytes become hex.
 */
export function dynamicValue(value: unknown): QueryValue {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number') return Number.isInteger(value) ? integerValue(value) : floatValue(value);
  if (typeof value === 'bigint') return integerValue(value);
  if (typeof value === 'string' || typeof value === 'boolean') return value;
  if (value instanceof Uint8Array) return bytesValue(value);
  if (value instanceof Date) return isoFromEpochMs(value.getTime(), undefined, true);
  return jsonTextValue(value);
}

/**
 * Engine type name → the semantic layer's normalised type. Parameters and array/range
 * suffixes are ignored; anything unrecognised is a string (the safe default for grouping).
 */
export function normalizeType(nativeType: string | undefined | null): NormalizedType {
  if (!nativeType) return 'string';
  const base = nativeType
    .toLowerCase()
    .replace(/\(.*?\)/g, '')
    .replace(/\s+unsigned|\s+zerofill/g, '')
    .trim();
  if (base.endsWith('[]') || base.startsWith('_') || /^(array|list|struct|map|union)\b/.test(base)) {
    return 'string';
  }
  if (/^(bool|boolean|bit|logical)$/.test(base)) return 'boolean';
  if (/^tinyint$/.test(base) && /\(1\)/.test(nativeType)) return 'boolean';
  if (base === 'date') return 'date';
  if (/^(timestamp|datetime|timestamptz|smalldatetime|datetime2|datetimeoffset)/.test(base)) return 'time';
  if (
    /^(int|integer|tinyint|smallint|mediumint|bigint|hugeint|uhugeint|utinyint|usmallint|uinteger|ubigint|int\d|serial|bigserial|smallserial|decimal|numeric|number|dec|fixed|real|float|float\d|double|double precision|money|smallmoney|varint)\b/.test(
      base,
    )
  ) {
    return 'number';
  }
  return 'string';
}
