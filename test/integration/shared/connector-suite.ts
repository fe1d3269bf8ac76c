import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BaseConnector } from '../../../src/connectors/base.js';
import { connectorFor } from '../../../src/connectors/registry.js';
import type { Connector } from '../../../src/connectors/types.js';
import { datasetPath } from '../../support/datasets.js';
import { type Engine, provisionChinook, provisionDemo, type Warehouse } from '../../support/warehouses.js';

/**
 * The live contract every driver must meet, run against the demo warehouse and Chinook on one
 * engine: test(), introspect() (declared keys exactly as created), query() values identical
 * across engines, the row cap in SQL and while streaming, timeouts, and recovery after them.
 */

export interface Loaded {
  demo: Warehouse;
  chinook: Warehouse;
  connector: Connector & BaseConnector;
  chinookConnector: Connector & BaseConnector;
}

export async function loadWarehouses(engine: Engine): Promise<Loaded> {
  const [demo, chinook] = await Promise.all([provisionDemo(engine), provisionChinook(engine)]);
  const connector = (await connectorFor('wh', demo.config, demo.dir)) as Connector & BaseConnector;
  const chinookConnector = (await connectorFor('chinook', chinook.config, chinook.dir)) as Connector &
    BaseConnector;
  return { demo, chinook, connector, chinookConnector };
}

export async function unloadWarehouses(loaded: Loaded | undefined): Promise<void> {
  if (!loaded) return;
  await loaded.connector.close();
  await loaded.chinookConnector.close();
  await loaded.demo.cleanup();
  await loaded.chinook.cleanup();
}

/** A timestamp as this engine stores the demo's UTC instants (DuckDB: naive TIMESTAMP in UTC). */
export function utc(engine: Engine, iso: string): string {
  return engine === 'duckdb' ? iso.replace(/Z$/, '') : iso;
}

interface GroundTruth {
  primaryKeys: Array<{ table: string; columns: string[] }>;
  foreignKeys: Array<{ table: string; columns: string[]; refTable: string; refColumns: string[] }>;
}

export function connectorSuite(engine: Engine, get: () => Loaded): void {
  const wh = () => get().connector;

  describe(`${engine}: test() and introspect()`, () => {
    it('reports latency and the server version', async () => {
      const result = await wh().test();
      expect(result.ok).toBe(true);
      expect(result.latencyMs).toBeGreaterThanOrEqual(0);
      expect(result.serverVersion).toMatch(/^(SQLite|DuckDB|PostgreSQL|MariaDB|MySQL) \S+/);
    });

    it('introspects the demo warehouse: 14 tables, every primary key, only the four declared foreign keys', async () => {
      const info = await wh().introspect();
      const tables = new Map(info.tables.map((table) => [table.name, table]));
      expect([...tables.keys()].sort()).toEqual(
        [
          'account_features',
          'accounts',
          'employees',
          'events',
          'exchange_rates',
          'features',
          'invoice_line_items',
          'invoices',
          'payments',
          'plans',
          'refunds',
          'subscriptions',
          'support_tickets',
          'users',
        ].sort(),
      );
      expect(tables.get('account_features')!.primaryKey).toEqual(['account_id', 'feature_code']);
      expect(tables.get('exchange_rates')!.primaryKey).toEqual(['currency', 'rate_date']);
      expect(tables.get('plans')!.primaryKey).toEqual(['plan_code']);
      const declared = info.tables
        .flatMap((table) =>
          table.foreignKeys.map(
            (fk) => `${table.name}.${fk.columns.join(',')}->${fk.refTable}.${fk.refColumns.join(',')}`,
          ),
        )
        .sort();
      expect(declared).toEqual([
        'invoice_line_items.invoice_id->invoices.invoice_id',
        'invoices.account_id->accounts.account_id',
        'payments.invoice_id->invoices.invoice_id',
        'subscriptions.account_id->accounts.account_id',
      ]);
      expect(tables.get('invoices')!.uniqueKeys).toContainEqual(['invoice_number']);
      const accounts = tables.get('accounts')!;
      const type = (name: string) => accounts.columns.find((column) => column.name === name)!.type;
      expect([type('account_id'), type('name'), type('is_test'), type('created_at')]).toEqual([
        'number',
        'string',
        'boolean',
        'time',
      ]);
      expect(accounts.columns.find((c) => c.name === 'deleted_at')!.nullable).toBe(true);
      expect(accounts.columns.find((c) => c.name === 'name')!.nullable).toBe(false);
      expect(tables.get('exchange_rates')!.columns.find((c) => c.name === 'rate_date')!.type).toBe('date');
      expect(tables.get('plans')!.columns.find((c) => c.name === 'monthly_price')!.type).toBe('number');
      expect(tables.get('events')!.rowCountEstimate).toBeGreaterThan(100_000);
    });

    it('introspects Chinook with exactly the declared keys of its answer key', async () => {
      const truth = JSON.parse(readFileSync(datasetPath('ground-truth/chinook.json'), 'utf8')) as GroundTruth;
      const info = await get().chinookConnector.introspect();
      const pks = info.tables
        .filter((t) => t.primaryKey)
        .map((t) => `${t.name}:${t.primaryKey!.join(',')}`)
        .sort();
      expect(pks).toEqual(truth.primaryKeys.map((pk) => `${pk.table}:${pk.columns.join(',')}`).sort());
      const fks = info.tables
        .flatMap((t) =>
          t.foreignKeys.map(
            (fk) => `${t.name}.${fk.columns.join(',')}->${fk.refTable}.${fk.refColumns.join(',')}`,
          ),
        )
        .sort();
      expect(fks).toEqual(
        truth.foreignKeys
          .map((fk) => `${fk.table}.${fk.columns.join(',')}->${fk.refTable}.${fk.refColumns.join(',')}`)
          .sort(),
      );
    });
  });

  describe(`${engine}: query() values are the same on every engine`, () => {
    const q = async (sql: string, maxRows = 100) => (await wh().query(sql, { maxRows })).rows;

    it('booleans, timestamps and nulls', async () => {
      expect(
        await q(
          'SELECT account_id, is_test, created_at, deleted_at FROM accounts WHERE account_id IN (1, 2) ORDER BY account_id',
        ),
      ).toEqual([
        [1, false, utc(engine, '2023-10-22T16:24:05Z'), null],
        [2, false, utc(engine, '2024-12-26T10:53:32Z'), null],
      ]);
    });

    it('decimals as numbers, dates as YYYY-MM-DD', async () => {
      expect(
        await q(
          "SELECT plan_code, monthly_price, is_public FROM plans WHERE plan_code IN ('growth_annual', 'enterprise_monthly') ORDER BY plan_code",
        ),
      ).toEqual([
        ['enterprise_monthly', 149, false],
        ['growth_annual', 32, true],
      ]);
      expect(
        await q(
          "SELECT currency, rate_date, usd_rate FROM exchange_rates WHERE rate_date = '2024-02-29' AND currency = 'USD'",
        ),
      ).toEqual([['USD', '2024-02-29', 1]]);
    });

    it('aggregates', async () => {
      expect(await q('SELECT count(*) AS n FROM events')).toEqual([[250_000]]);
      const byStatus = await q('SELECT status, count(*) AS n FROM invoices GROUP BY status ORDER BY status');
      expect(byStatus.map((row) => row[0])).toEqual(['draft', 'open', 'paid', 'uncollectible', 'void']);
      expect(byStatus.reduce((sum, row) => sum + (row[1] as number), 0)).toBeGreaterThan(25_000);
    });

    it('reports columns with names and normalised types', async () => {
      const result = await wh().query(
        'SELECT invoice_id, total, issued_at, currency FROM invoices ORDER BY invoice_id',
        { maxRows: 1 },
      );
      expect(result.columns.map((c) => c.name)).toEqual(['invoice_id', 'total', 'issued_at', 'currency']);
      expect(result.columns.map((c) => c.type)).toEqual(['number', 'number', 'time', 'string']);
    });
  });

  describe(`${engine}: row cap and timeouts`, () => {
    it('caps rows in SQL and reports truncation', async () => {
      const result = await wh().query('SELECT event_id FROM events ORDER BY event_id', { maxRows: 10 });
      expect(result.rows).toEqual(Array.from({ length: 10 }, (_, i) => [i + 1]));
      expect(result.truncated).toBe(true);
      const small = await wh().query('SELECT event_id FROM events ORDER BY event_id LIMIT 5', {
        maxRows: 10,
      });
      expect([small.rowCount, small.truncated]).toEqual([5, false]);
      const lowered = await wh().query('SELECT event_id FROM events ORDER BY event_id LIMIT 5000', {
        maxRows: 3,
      });
      expect([lowered.rowCount, lowered.truncated]).toEqual([3, true]);
    });

    it('stops reading at the cap even without a LIMIT in the SQL (1M-row result)', async () => {
      const million =
        'SELECT e.event_id, x.n FROM events e CROSS JOIN (SELECT 1 AS n UNION ALL SELECT 2 UNION ALL SELECT 3 UNION ALL SELECT 4) x';
      const started = performance.now();
      const result = await wh().runTrusted(million, { maxRows: 1000 });
      expect(result.rows).toHaveLength(1000);
      expect(result.truncated).toBe(true);
      expect(performance.now() - started).toBeLessThan(20_000);
    });

    it('stops a long query at the timeout and keeps working afterwards', async () => {
      const started = performance.now();
      const slow = 'SELECT sum(a.event_id * b.event_id % 7) AS s FROM events a CROSS JOIN events b';
      await expect(wh().query(slow, { maxRows: 1, timeoutMs: 800 })).rejects.toMatchObject({
        code: 'sql_timeout',
      });
      expect(performance.now() - started).toBeLessThan(15_000);
      expect((await wh().query('SELECT 1 AS one', { maxRows: 1 })).rows).toEqual([[1]]);
    });

    it('rejects a row cap below 1', async () => {
      await expect(wh().query('SELECT 1', { maxRows: 0 })).rejects.toMatchObject({ code: 'usage' });
    });
  });
}
