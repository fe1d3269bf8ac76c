import type { QueryColumn, QueryResult, QueryValue } from './types.js';

/** `ktx sql` result printers: an aligned table for people, JSON rows, and RFC 4180 CSV. */

export type SqlFormat = 'table' | 'json' | 'csv';

const MAX_CELL = 60;

function cellText(value: QueryValue): string {
  if (value === null) return 'NULL';
  const text = String(value).replace(/\r?\n/g, '↵').replace(/\t/g, ' ');
  return text.length > MAX_CELL ? `${text.slice(0, MAX_CELL - 1)}…` : text;
}

export interface TableStyle {
  dim(text: string): string;
  bold(text: string): string;
}

/** Aligned columns with a header rule; numbers right-aligned; NULL dimmed; long cells cut. */
export function formatResultTable(result: Pick<QueryResult, 'columns' | 'rows'>, style: TableStyle): string {
  const headers = result.columns.map((column) => column.name);
  const cells = result.rows.map((row) => row.map(cellText));
  const widths = headers.map((header, index) =>
    Math.max(header.length, ...cells.map((row) => row[index]!.length)),
  );
  const numeric = result.columns.map(
    (column, index) =>
      column.type === 'number' ||
      result.rows.every((row) => row[index] === null || typeof row[index] === 'number'),
  );
  const line = (values: string[], raw: QueryValue[] | null) =>
    values
      .map((value, index) => {
        const padded = numeric[index] ? value.padStart(widths[index]!) : value.padEnd(widths[index]!);
        return raw && raw[index] === null ? style.dim(padded) : padded;
      })
      .join('  ')
      .trimEnd();
  return [
    style.bold(line(headers, null)),
    widths.map((width) => '─'.repeat(width)).join('  '),
    ...cells.map((row, index) => line(row, result.rows[index]!)),
  ].join('\n');
}

/** Object keys for each column; duplicate names get `_2`, `_3`… so no value is lost. */
export function uniqueColumnKeys(columns: QueryColumn[]): string[] {
  const seen = new Map<string, number>();
  return columns.map((column) => {
    const count = (seen.get(column.name) ?? 0) + 1;
    seen.set(column.name, count);
    return count === 1 ? column.name : `${column.name}_${count}`;
  });
}

export function rowsAsObjects(
  result: Pick<QueryResult, 'columns' | 'rows'>,
): Array<Record<string, QueryValue>> {
  const keys = uniqueColumnKeys(result.columns);
  return result.rows.map((row) => Object.fromEntries(keys.map((key, index) => [key, row[index] ?? null])));
}

function csvField(value: QueryValue | string): string {
  if (value === null) return '';
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** RFC 4180: CRLF line ends, fields with commas/quotes/line breaks quoted, NULL as an empty field. */
export function formatCsv(result: Pick<QueryResult, 'columns' | 'rows'>): string {
  const lines = [result.columns.map((column) => csvField(column.name)).join(',')];
  for (const row of result.rows) lines.push(row.map(csvField).join(','));
  return `${lines.join('\r\n')}\r\n`;
}
