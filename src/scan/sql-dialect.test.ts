import { describe, expect, it } from 'vitest';
import { scanSqlFor } from './sql-dialect.js';

describe('scan SQL per dialect', () => {
  it('quotes identifiers the way each engine expects', () => {
    expect(scanSqlFor('sqlite').table(null, 'Order Details')).toBe('"Order Details"');
    expect(scanSqlFor('postgres').table('public', 'we"ird')).toBe('"public"."we""ird"');
    expect(scanSqlFor('mysql').table('shop', 'or`ders')).toBe('`shop`.`or``ders`');
  });

  it('reads small tables whole and samples large ones deterministically', () => {
    const request = { from: '"t"', rows: 1000, kind: 'table' as const };
    for (const dialect of ['sqlite', 'duckdb', 'postgres', 'mysql'] as const) {
      const sql = scanSqlFor(dialect);
      expect(sql.sample({ ...request, totalRows: 500 })).toEqual({
        sql: '"t"',
        select: 'SELECT * FROM "t"',
        method: 'full',
      });
      const sampled = sql.sample({ ...request, totalRows: 1_000_000 });
      expect(sampled.method).not.toBe('full');
      expect(sampled.sql).toContain('1000');
      // No unseeded randomness anywhere: the same table always yields the same sample.
      expect(sampled.sql).not.toMatch(/random\(\)|RAND\(\)/i);
      expect(sampled.sql).toBe(`(${sampled.select})`);
    }
    expect(scanSqlFor('duckdb').sample({ ...request, totalRows: 10_000 }).sql).toContain(
      'ORDER BY hash(rowid)',
    );
    expect(scanSqlFor('postgres').sample({ ...request, totalRows: 10_000 }).sql).toContain(
      'TABLESAMPLE BERNOULLI',
    );
    expect(scanSqlFor('sqlite').sample({ ...request, totalRows: 10_000, kind: 'view' }).method).toBe(
      'first_rows',
    );
  });

  it('refuses dialects it cannot scan yet with a clear error', () => {
    expect(() => scanSqlFor('bigquery')).toThrow(/Scanning bigquery warehouses is not supported yet/);
  });
});
