import { describe, expect, it } from 'vitest';
import { formatCsv, formatResultTable, rowsAsObjects } from './output.js';

const result = {
  columns: [
    { name: 'id', type: 'number' as const },
    { name: 'note', type: 'string' as const },
    { name: 'id', type: 'number' as const },
  ],
  rows: [
    [1, 'plain', 10],
    [22, 'comma, "quote"\nline', null],
  ],
};

describe('sql output', () => {
  it('writes RFC 4180 CSV (CRLF, quoted specials, NULL as empty)', () => {
    expect(formatCsv(result)).toBe('id,note,id\r\n1,plain,10\r\n22,"comma, ""quote""\nline",\r\n');
  });

  it('keeps every column in JSON objects, even duplicate names', () => {
    expect(rowsAsObjects(result)).toEqual([
      { id: 1, note: 'plain', id_2: 10 },
      { id: 22, note: 'comma, "quote"\nline', id_2: null },
    ]);
  });

  it('aligns a table, right-aligns numbers and shows NULL', () => {
    const plain = { dim: (t: string) => t, bold: (t: string) => t };
    expect(formatResultTable(result, plain).split('\n')).toEqual([
      'id  note                   id',
      '──  ───────────────────  ────',
      ' 1  plain                  10',
      '22  comma, "quote"↵line  NULL',
    ]);
  });
});
