import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { BaseConnector } from '../../../src/connectors/base.js';
import { connectorFor } from '../../../src/connectors/registry.js';
import type { Connector } from '../../../src/connectors/types.js';
import { datasetPath } from '../../support/datasets.js';
import {
  adminQuery,
  type Engine,
  provisionChinook,
  provisionDemo,
  type Warehouse,
} from '../../support/warehouses.js';

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

/** One row of awkward values per engine, and the JSON ktx must turn it into. */
const EDGE_CASES: Record<Engine, { sql: string; expected: unknown[] }> = {
  sqlite: {
    sql: "SELECT 9007199254740993 AS big, 12.5 AS real_value, x'deadbeef' AS bin, NULL AS empty_value, 'ünïcødé' AS txt, 1e308 * 10 AS inf",
    expected: ['9007199254740993', 12.5, '\\xdeadbeef', null, 'ünïcødé', 'Infinity'],
  },
  duckdb: {
    sql:
      "SELECT 9007199254740993::BIGINT AS big, 12.30::DECIMAL(10,2) AS dec, 123456789012345678.91::DECIMAL(38,2) AS bigdec, 'NaN'::DOUBLE AS nan, " +
      "'\\xDE\\xAD'::BLOB AS bin, [1, 2] AS arr, {'a': 1} AS st, TIMESTAMPTZ '2024-01-02 03:04:05.123+02' AS tz, " +
      "TIMESTAMP '2024-01-02 03:04:05' AS naive, DATE '2024-02-29' AS d, true AS b, NULL::INTEGER AS n, 170141183460469231731687303715884105727::HUGEINT AS huge",
    expected: [
      '9007199254740993',
      12.3,
      '123456789012345678.91',
      'NaN',
      '\\xdead',
      '[1,2]',
      '{"a":1}',
      '2024-01-02T01:04:05.123Z',
      '2024-01-02T03:04:05',
      '2024-02-29',
      true,
      null,
      '170141183460469231731687303715884105727',
    ],
  },
  postgres: {
    sql:
      "SELECT 9007199254740993::bigint AS big, 12.30::numeric(10,2) AS dec, 123456789012345678.91::numeric AS bigdec, 'NaN'::float8 AS nan, " +
      "'\\xdeadbeef'::bytea AS bin, ARRAY[1, 2] AS arr, '{\"a\": 1}'::jsonb AS j, '2024-01-02 03:04:05.123+02'::timestamptz AS tz, " +
      "'2024-01-02 03:04:05'::timestamp AS naive, DATE '2024-02-29' AS d, true AS b, NULL::int AS n, ARRAY['x', NULL] AS texts",
    expected: [
      '9007199254740993',
      12.3,
      '123456789012345678.91',
      'NaN',
      '\\xdeadbeef',
      '[1,2]',
      '{"a": 1}',
      '2024-01-02T01:04:05.123Z',
      '2024-01-02T03:04:05',
      '2024-02-29',
      true,
      null,
      '["x",null]',
    ],
  },
  mysql: {
    sql:
      'SELECT CAST(9007199254740993 AS SIGNED) AS big, CAST(12.30 AS DECIMAL(10,2)) AS dec_value, CAST(123456789012345678.91 AS DECIMAL(38,2)) AS bigdec, ' +
      "x'DEADBEEF' AS bin, CAST('2024-01-02 03:04:05.123' AS DATETIME(3)) AS naive, DATE('2024-02-29') AS d, NULL AS n, 'ünïcødé' AS txt, 2.5e0 AS dbl",
    expected: [
      '9007199254740993',
      12.3,
      '123456789012345678.91',
      '\\xdeadbeef',
      '2024-01-02T03:04:05.123',
      '2024-02-29',
      null,
      'ünïcødé',
      2.5,
    ],
  },
};

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

    it('normalises engine-specific types (big integers, decimals, binary, JSON, zoned timestamps)', async () => {
      const edge = EDGE_CASES[engine];
      expect((await wh().query(edge.sql, { maxRows: 1 })).rows).toEqual([edge.expected]);
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

    it('cancels a running query when its AbortSignal fires', async () => {
      const controller = new AbortController();
      const slow = 'SELECT sum(a.event_id * b.event_id % 7) AS s FROM events a CROSS JOIN events b';
      const started = performance.now();
      setTimeout(() => controller.abort(), 500);
      await expect(
        wh().query(slow, { maxRows: 1, timeoutMs: 60_000, signal: controller.signal }),
      ).rejects.toMatchObject({ code: 'sql_cancelled' });
      expect(performance.now() - started).toBeLessThan(15_000);
      // The server stopped working on it too (not just the client giving up).
      const url = get().demo.adminUrl;
      if (url && (engine === 'postgres' || engine === 'mysql')) {
        const running =
          engine === 'postgres'
            ? "SELECT count(*)::int AS n FROM pg_stat_activity WHERE state = 'active' AND query LIKE '%CROSS JOIN events b%' AND pid <> pg_backend_pid()"
            : "SELECT count(*) AS n FROM information_schema.PROCESSLIST WHERE INFO LIKE '%CROSS JOIN events b%' AND ID <> CONNECTION_ID()";
        let n = 1;
        for (let attempt = 0; attempt < 30 && n > 0; attempt++) {
          n = Number(((await adminQuery(engine, url, running)) as Array<{ n: unknown }>)[0]!.n);
          if (n > 0) await new Promise((resolve) => setTimeout(resolve, 100));
        }
        expect(n).toBe(0);
      }
      expect((await wh().query('SELECT 2 AS two', { maxRows: 1 })).rows).toEqual([[2]]);
    });

    it('runs statements followed by a semicolon and a comment', async () => {
      expect((await wh().query('SELECT 7 AS seven LIMIT 5; -- done', { maxRows: 10 })).rows).toEqual([[7]]);
      expect((await wh().query('SELECT 8 AS eight; /* done */', { maxRows: 10 })).rows).toEqual([[8]]);
    });

    it('rejects a row cap below 1', async () => {
      await expect(wh().query('SELECT 1', { maxRows: 0 })).rejects.toMatchObject({ code: 'usage' });
    });
  });
}
