import type { SourceColumn } from './source.js';

/**
 * Bulk-load text formats: PostgreSQL COPY text and MySQL LOAD DATA share one escaping scheme
 * (tab-separated, `\N` for NULL, backslash escapes); DuckDB reads RFC 4180 CSV where strings are
 * always quoted so an empty unquoted field can mean NULL. Encoders are built once per table
 * (one small function per column): loading the demo encodes millions of values.
 */

export type TextFormat = 'postgres' | 'mysql' | 'csv';

const SPECIAL = /[\\\t\n\r]/;
const ISO_UTC = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2}:\d{2}(?:\.\d+)?)(?:Z|[+-]00:?00)?$/;

function escapeDelimited(text: string): string {
  if (!SPECIAL.test(text)) return text;
  return text.replace(/[\\\t\n\r]/g, (char) =>
    char === '\\' ? '\\\\' : char === '\t' ? '\\t' : char === '\n' ? '\\n' : '\\r',
  );
}

function quoteCsv(text: string): string {
  return text.includes('"') ? `"${text.replace(/"/g, '""')}"` : `"${text}"`;
}

type Encoder = (value: unknown) => string;

function columnEncoder(column: SourceColumn, format: TextFormat): Encoder {
  const nullText = format === 'csv' ? '' : '\\N';
  const text = format === 'csv' ? quoteCsv : escapeDelimited;
  const wrap =
    (encode: (value: unknown) => string): Encoder =>
    (value) =>
      value === null || value === undefined ? nullText : encode(value);
  switch (column.type.kind) {
    case 'bool':
      return wrap((value) => {
        const truthy = value === 1n || value === 1 || value === true || value === '1' || value === 'true';
        return format === 'mysql' ? (truthy ? '1' : '0') : truthy ? 'true' : 'false';
      });
    case 'int':
    case 'bigint':
    case 'decimal':
    case 'double':
      return wrap((value) => String(value));
    case 'timestamp':
    case 'timestamptz':
      if (format === 'postgres') return wrap((value) => escapeDelimited(String(value)));
      // MySQL and DuckDB take `YYYY-MM-DD HH:MM:SS` (the values are UTC, the sessions too).
      return wrap((value) => {
        const raw = String(value);
        const match = ISO_UTC.exec(raw);
        const plain = match ? `${match[1]} ${match[2]}` : raw.replace('T', ' ');
        return format === 'csv' ? quoteCsv(plain) : escapeDelimited(plain);
      });
    case 'blob':
      return wrap((value) => {
        const bytes = Buffer.isBuffer(value) ? value : Buffer.from(String(value));
        if (format === 'postgres') return `\\\\x${bytes.toString('hex')}`;
        if (format === 'mysql') return bytes.toString('hex');
        return `"${[...bytes].map((byte) => `\\x${byte.toString(16).padStart(2, '0')}`).join('')}"`;
      });
    default:
      return wrap((value) => text(typeof value === 'string' ? value : String(value)));
  }
}

/** Encodes rows of one table as lines of `format`. */
export function lineEncoder(columns: SourceColumn[], format: TextFormat): (row: unknown[]) => string {
  const encoders = columns.map((column) => columnEncoder(column, format));
  const separator = format === 'csv' ? ',' : '\t';
  const count = encoders.length;
  return (row) => {
    let line = encoders[0]!(row[0]);
    for (let i = 1; i < count; i++) line += separator + encoders[i]!(row[i]);
    return `${line}\n`;
  };
}

/** Encodes rows into chunks of about `size` bytes, counting them in `counter.rows`. */
export function* encodedChunks(
  rows: Iterable<unknown[]>,
  encode: (row: unknown[]) => string,
  counter: { rows: number },
  size = 1 << 20,
): Generator<Buffer> {
  let parts: string[] = [];
  let length = 0;
  for (const row of rows) {
    const line = encode(row);
    counter.rows++;
    parts.push(line);
    length += line.length;
    if (length >= size) {
      yield Buffer.from(parts.join(''), 'utf8');
      parts = [];
      length = 0;
    }
  }
  if (parts.length > 0) yield Buffer.from(parts.join(''), 'utf8');
}
