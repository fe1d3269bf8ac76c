import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fileSha256, generateDemoWarehouse } from '../../../src/demo/generate.js';
import { makeTempDir } from '../../support/cli.js';
import { demoSqliteFile } from '../../support/warehouses.js';

/** The demo generator: byte-for-byte reproducible, sized like the spec, and with its traps. */

let dir: string;
let cleanup: () => void;
let db: Database.Database;
beforeAll(async () => {
  ({ dir, cleanup } = makeTempDir('ktx-demo-gen-'));
  db = new Database(await demoSqliteFile(), { readonly: true });
});
afterAll(() => {
  db?.close();
  cleanup();
});

const one = <T = number>(sql: string): T =>
  Object.values(db.prepare(sql).get() as Record<string, unknown>)[0] as T;

describe('demo warehouse generator', () => {
  it('writes the same bytes every time', async () => {
    const first = await generateDemoWarehouse(join(dir, 'a.sqlite'));
    const second = await generateDemoWarehouse(join(dir, 'b.sqlite'));
    const [a, b, cached] = await Promise.all([
      fileSha256(first.file),
      fileSha256(second.file),
      fileSha256(await demoSqliteFile()),
    ]);
    expect(a).toBe(b);
    expect(a).toBe(cached);
    expect(first.rowCounts).toEqual(second.rowCounts);
  });

  it('has the tables and sizes of docs/demo-warehouse.md (approximate targets)', () => {
    const targets: Record<string, [number, number]> = {
      employees: [80, 80],
      accounts: [2000, 2000],
      plans: [8, 8],
      features: [15, 15],
      exchange_rates: [2193, 2193],
      subscriptions: [2500, 3500],
      invoices: [25_000, 35_000],
      invoice_line_items: [100_000, 140_000],
      payments: [22_000, 32_000],
      refunds: [1200, 1800],
      users: [22_000, 28_000],
      events: [250_000, 250_000],
      support_tickets: [8000, 8000],
      account_features: [5000, 7000],
    };
    for (const [table, [min, max]] of Object.entries(targets)) {
      const count = one(`SELECT count(*) FROM ${table}`);
      expect(count, table).toBeGreaterThanOrEqual(min);
      expect(count, table).toBeLessThanOrEqual(max);
    }
  });

  it('declares every primary key and only the four documented foreign keys', () => {
    const fks = (
      db
        .prepare(
          'SELECT m.name AS t, f."from" AS c, f."table" AS r FROM sqlite_master m JOIN pragma_foreign_key_list(m.name) f WHERE m.type = \'table\' ORDER BY 1',
        )
        .all() as Array<{ t: string; c: string; r: string }>
    ).map((row) => `${row.t}.${row.c}->${row.r}`);
    expect(fks).toEqual([
      'invoice_line_items.invoice_id->invoices',
      'invoices.account_id->accounts',
      'payments.invoice_id->invoices',
      'subscriptions.account_id->accounts',
    ]);
    expect(
      one(
        "SELECT count(*) FROM sqlite_master m WHERE m.type = 'table' AND NOT EXISTS (SELECT 1 FROM pragma_table_info(m.name) WHERE pk > 0)",
      ),
    ).toBe(0);
    expect(db.pragma('foreign_key_check')).toEqual([]);
  });

  it('keeps undeclared relationships intact in the data (inference has something true to find)', () => {
    const orphans = [
      'SELECT count(*) FROM accounts a WHERE account_manager_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM employees e WHERE e.employee_id = a.account_manager_id)',
      'SELECT count(*) FROM accounts a WHERE parent_account_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM accounts p WHERE p.account_id = a.parent_account_id)',
      'SELECT count(*) FROM employees e WHERE manager_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM employees m WHERE m.employee_id = e.manager_id)',
      'SELECT count(*) FROM subscriptions s WHERE NOT EXISTS (SELECT 1 FROM plans p WHERE p.plan_code = s.plan_code)',
      'SELECT count(*) FROM invoices i WHERE NOT EXISTS (SELECT 1 FROM subscriptions s WHERE s.subscription_id = i.subscription_id)',
      'SELECT count(*) FROM refunds r WHERE NOT EXISTS (SELECT 1 FROM payments p WHERE p.payment_id = r.payment_id)',
      'SELECT count(*) FROM events e WHERE NOT EXISTS (SELECT 1 FROM users u WHERE u.user_id = e.user_id AND u.account_id = e.account_id)',
      'SELECT count(*) FROM support_tickets t WHERE opened_by_user_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM users u WHERE u.user_id = t.opened_by_user_id AND u.account_id = t.account_id)',
      "SELECT count(*) FROM support_tickets t WHERE assigned_to_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM employees e WHERE e.employee_id = t.assigned_to_id AND e.department = 'support')",
      'SELECT count(*) FROM account_features af WHERE NOT EXISTS (SELECT 1 FROM features f WHERE f.feature_code = af.feature_code)',
      'SELECT count(*) FROM payments p JOIN invoices i USING (invoice_id) WHERE p.account_id <> i.account_id',
    ];
    for (const sql of orphans) expect(one(sql), sql).toBe(0);
  });

  it('contains the traps: fan, chasm, test accounts, refunds, soft deletes, bridge, currencies', () => {
    // Fan trap: summing invoice totals over their line items inflates revenue.
    const invoiced = one<number>('SELECT sum(total) FROM invoices');
    const fanned = one<number>(
      'SELECT sum(i.total) FROM invoices i JOIN invoice_line_items l ON l.invoice_id = i.invoice_id',
    );
    expect(fanned).toBeGreaterThan(invoiced * 2);
    // Line items add up to the subtotal, and totals are subtotal + tax.
    // (Joins against aggregates: the demo has no secondary indexes, like most warehouses.)
    const lines = 'SELECT invoice_id, sum(amount) AS amount FROM invoice_line_items GROUP BY invoice_id';
    expect(
      one(
        `SELECT count(*) FROM invoices i LEFT JOIN (${lines}) l USING (invoice_id) WHERE l.amount IS NULL OR abs(i.subtotal - l.amount) > 0.001`,
      ),
    ).toBe(0);
    expect(one('SELECT count(*) FROM invoices WHERE abs(total - subtotal - tax) > 0.001')).toBe(0);
    expect(one("SELECT count(*) FROM invoice_line_items WHERE kind = 'discount' AND amount >= 0")).toBe(0);
    // Chasm trap: invoices and tickets are independent facts per account.
    expect(one('SELECT count(DISTINCT account_id) FROM support_tickets')).toBeGreaterThan(1000);
    // About 2% test accounts, with activity of their own.
    const testAccounts = one('SELECT count(*) FROM accounts WHERE is_test = 1');
    expect(testAccounts).toBeGreaterThan(20);
    expect(testAccounts).toBeLessThan(70);
    expect(
      one(
        'SELECT count(*) FROM invoices WHERE account_id IN (SELECT account_id FROM accounts WHERE is_test = 1)',
      ),
    ).toBeGreaterThan(0);
    expect(
      one(
        'SELECT count(*) FROM events WHERE account_id IN (SELECT account_id FROM accounts WHERE is_test = 1)',
      ),
    ).toBeGreaterThan(0);
    // Refunds never exceed their payment and come after it.
    expect(
      one(
        'SELECT count(*) FROM refunds r JOIN payments p USING (payment_id) WHERE r.amount > p.amount OR r.refunded_at < p.paid_at',
      ),
    ).toBe(0);
    expect(
      one("SELECT count(*) FROM refunds r JOIN payments p USING (payment_id) WHERE p.status <> 'succeeded'"),
    ).toBe(0);
    // Soft deletes, void/draft invoices, three currencies, UTC ISO timestamps, IANA zones.
    expect(one('SELECT count(*) FROM accounts WHERE deleted_at IS NOT NULL')).toBeGreaterThan(10);
    expect(one('SELECT count(*) FROM users WHERE deleted_at IS NOT NULL')).toBeGreaterThan(500);
    expect(one("SELECT count(DISTINCT status) FROM invoices WHERE status IN ('void', 'draft')")).toBe(2);
    expect(
      one('SELECT group_concat(DISTINCT currency) FROM (SELECT currency FROM invoices ORDER BY 1)'),
    ).toBe('EUR,GBP,USD');
    expect(
      one(
        "SELECT count(*) FROM events WHERE occurred_at NOT GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]Z'",
      ),
    ).toBe(0);
    expect(one("SELECT count(*) FROM accounts WHERE timezone NOT LIKE '%/%'")).toBe(0);
    // Many-to-many bridge: accounts have several features, features several accounts.
    expect(
      one('SELECT max(n) FROM (SELECT count(*) AS n FROM account_features GROUP BY account_id)'),
    ).toBeGreaterThan(3);
    // Exchange rates cover every day of every invoice and payment.
    expect(
      one(
        'SELECT count(*) FROM payments p WHERE NOT EXISTS (SELECT 1 FROM exchange_rates r WHERE r.currency = p.currency AND r.rate_date = substr(p.paid_at, 1, 10))',
      ),
    ).toBe(0);
  });
});
