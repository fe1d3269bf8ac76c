import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { SHOP_SOURCES } from '../../test/semantic/fixtures/shop/sources.js';
import { modelFromYaml } from '../../test/semantic/support/model.js';
import type { Connector, QueryResult } from '../connectors/types.js';
import { compileQuery } from './compile.js';
import { executeCompiled } from './execute.js';

/** A minimal stand-in for the SQLite connector: same seam, real database. */
function fakeConnector(db: Database.Database): Pick<Connector, 'dialect' | 'query'> {
  return {
    dialect: 'sqlite',
    async query(sql, options): Promise<QueryResult> {
      const statement = db.prepare(sql);
      const rows = statement.raw(true).all() as QueryResult['rows'];
      return {
        columns: statement.columns().map((c) => ({ name: c.name.toUpperCase() })),
        rows: rows.slice(0, options.maxRows),
        rowCount: Math.min(rows.length, options.maxRows),
        truncated: rows.length > options.maxRows,
        durationMs: 1,
      };
    },
  };
}

describe('executeCompiled', () => {
  const db = new Database(':memory:');
  db.exec(`CREATE TABLE orders (id INTEGER PRIMARY KEY, customer_id INTEGER, store_id INTEGER, billing_address_id INTEGER,
    shipping_address_id INTEGER, status TEXT, amount REAL, discount REAL, created_at TEXT);
    INSERT INTO orders VALUES (1, 1, 1, NULL, NULL, 'paid', 10, 0, '2024-01-05 10:00:00'), (2, 1, 1, NULL, NULL, 'paid', 5, 0, '2024-02-05 10:00:00');`);
  const model = modelFromYaml(SHOP_SOURCES, 'sqlite');

  it('returns rows keyed by the compiled output names, whatever the engine reports', async () => {
    const compiled = compileQuery(model, {
      measures: ['orders.revenue'],
      dimensions: ['orders.created_at:month'],
    });
    const result = await executeCompiled(fakeConnector(db), compiled, { maxRows: 100 });
    expect(result.rows).toEqual([
      { created_at_month: '2024-01-01', revenue: 10 },
      { created_at_month: '2024-02-01', revenue: 5 },
    ]);
    const capped = await executeCompiled(fakeConnector(db), compiled, { maxRows: 1 });
    expect(capped).toMatchObject({ rowCount: 1, truncated: true });
  });

  it('refuses SQL printed for another dialect', async () => {
    const compiled = compileQuery(model, { measures: ['orders.revenue'] }, { dialect: 'postgres' });
    await expect(executeCompiled(fakeConnector(db), compiled, { maxRows: 10 })).rejects.toThrow(
      /compiled for postgres/,
    );
  });
});
