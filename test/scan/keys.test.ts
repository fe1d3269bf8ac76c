import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { DEMO_DECLARED_FOREIGN_KEYS, DEMO_UNDECLARED_FOREIGN_KEYS } from '../../src/demo/schema.js';
import { scanWarehouse } from '../../src/scan/scan.js';
import type { RelationshipResult, ScanSnapshot } from '../../src/scan/types.js';
import { starSchema } from '../fixtures/relationships/legacy-and-star.js';
import { compositeAndRoles, naturalKeys } from '../fixtures/relationships/natural-and-composite.js';
import { datasetPath } from '../support/datasets.js';
import { openDatabaseFile } from '../support/scan-connector.js';
import { demoSqliteFile } from '../support/warehouses.js';

const opened: Array<{ close(): Promise<void> }> = [];
afterAll(async () => {
  for (const connector of opened) await connector.close();
});

/** Key inference on SQLite files through the real connector (the other engines: test/integration). */

async function scan(file: string, ignoreDeclaredConstraints = false): Promise<ScanSnapshot> {
  const connector = await openDatabaseFile(file);
  opened.push(connector);
  return (await scanWarehouse(connector, { connectionId: 'wh', driver: 'sqlite', ignoreDeclaredConstraints }))
    .snapshot;
}

const find = (snapshot: ScanSnapshot, table: string, column: string) =>
  snapshot.keys.relationships.filter((r) => r.from.table === table && r.from.columns.join() === column);
const accepted = (snapshot: ScanSnapshot) =>
  snapshot.keys.relationships.filter((r) => r.status === 'accepted');
const id = (r: RelationshipResult) =>
  `${r.from.table}.${r.from.columns.join('+')}->${r.to.table}.${r.to.columns.join('+')}`;

describe('declared keys', () => {
  it('reads declared primary and foreign keys exactly (Chinook)', async () => {
    const snapshot = await scan(datasetPath('chinook.sqlite'));
    const truth = JSON.parse(readFileSync(datasetPath('ground-truth/chinook.json'), 'utf8')) as {
      primaryKeys: Array<{ table: string; columns: string[] }>;
      foreignKeys: Array<{ table: string; columns: string[]; refTable: string; refColumns: string[] }>;
    };
    for (const pk of truth.primaryKeys) {
      expect(snapshot.keys.primaryKeys.find((found) => found.table === pk.table)).toEqual({
        table: pk.table,
        columns: pk.columns,
        source: 'declared',
        confidence: 1,
      });
    }
    const declared = snapshot.keys.relationships.filter((r) => r.source === 'declared');
    expect(declared.map(id).sort()).toEqual(
      truth.foreignKeys
        .map((fk) => `${fk.table}.${fk.columns.join('+')}->${fk.refTable}.${fk.refColumns.join('+')}`)
        .sort(),
    );
    expect(declared.every((r) => r.status === 'accepted' && r.confidence === 1)).toBe(true);
    // Nothing is inferred on top of a complete declared schema.
    expect(accepted(snapshot).filter((r) => r.source === 'inferred')).toEqual([]);
  });

  it('keeps declared keys and infers only what is missing (demo warehouse)', async () => {
    const snapshot = await scan(await demoSqliteFile());
    for (const fk of DEMO_DECLARED_FOREIGN_KEYS) {
      expect(find(snapshot, fk.table, fk.columns.join())).toMatchObject([
        { source: 'declared', status: 'accepted', to: { table: fk.refTable, columns: fk.refColumns } },
      ]);
    }
    for (const fk of DEMO_UNDECLARED_FOREIGN_KEYS) {
      const found = find(snapshot, fk.table, fk.columns.join()).filter((r) => r.status === 'accepted');
      expect(found, `${fk.table}.${fk.columns}`).toMatchObject([
        { source: 'inferred', to: { table: fk.refTable, columns: fk.refColumns } },
      ]);
      expect(found[0]!.confidence).toBeGreaterThanOrEqual(0.9);
    }
    expect(accepted(snapshot)).toHaveLength(
      DEMO_DECLARED_FOREIGN_KEYS.length + DEMO_UNDECLARED_FOREIGN_KEYS.length,
    );
    expect(snapshot.keys.primaryKeys.every((pk) => pk.source === 'declared')).toBe(true);
  });
});

describe('inference with nothing declared', () => {
  it('finds every key of the demo warehouse and nothing else', async () => {
    const snapshot = await scan(await demoSqliteFile(), true);
    expect(snapshot.overview.ignoredDeclaredConstraints).toBe(true);
    expect(snapshot.tables.every((t) => t.primaryKey === null && t.foreignKeys.length === 0)).toBe(true);
    const expected = [...DEMO_DECLARED_FOREIGN_KEYS, ...DEMO_UNDECLARED_FOREIGN_KEYS]
      .map((fk) => `${fk.table}.${fk.columns.join('+')}->${fk.refTable}.${fk.refColumns.join('+')}`)
      .sort();
    expect(accepted(snapshot).map(id).sort()).toEqual(expected);
    const pk = (table: string) => snapshot.keys.primaryKeys.find((found) => found.table === table)?.columns;
    expect(pk('account_features')).toEqual(['account_id', 'feature_code']);
    expect(pk('exchange_rates')).toEqual(['currency', 'rate_date']);
    expect(pk('plans')).toEqual(['plan_code']);
    // The currency column is part of a composite key, not a reference to it.
    expect(find(snapshot, 'invoices', 'currency')).toEqual([]);
  });

  it('finds self references, role-playing columns and text keys (Chinook, Northwind)', async () => {
    const chinook = await scan(datasetPath('chinook.sqlite'), true);
    expect(find(chinook, 'Customer', 'SupportRepId')).toMatchObject([
      { status: 'accepted', to: { table: 'Employee' } },
    ]);
    expect(find(chinook, 'Employee', 'ReportsTo')).toMatchObject([
      { status: 'accepted', to: { table: 'Employee' } },
    ]);
    const northwind = await scan(datasetPath('northwind.sqlite'), true);
    expect(find(northwind, 'Orders', 'ShipVia')).toMatchObject([
      { status: 'accepted', to: { table: 'Shippers', columns: ['ShipperID'] } },
    ]);
    expect(find(northwind, 'Orders', 'CustomerID')).toMatchObject([
      { status: 'accepted', to: { table: 'Customers' } },
    ]);
    // Empty tables: judged on names alone.
    expect(find(northwind, 'CustomerCustomerDemo', 'CustomerTypeID')).toMatchObject([
      { status: 'accepted', to: { table: 'CustomerDemographics' } },
    ]);
  });

  it('finds composite foreign keys and role columns, and rejects decoys', async () => {
    const composite = compositeAndRoles();
    const snapshot = await scan(composite.file, true);
    expect(find(snapshot, 'shipments', 'order_id,line_number')).toMatchObject([
      { status: 'accepted', to: { table: 'order_lines', columns: ['order_id', 'line_number'] } },
    ]);
    expect(find(snapshot, 'tickets', 'assignee_id')[0]).toMatchObject({
      status: 'accepted',
      to: { table: 'employees' },
    });
    expect(find(snapshot, 'orders', 'created_by')).toMatchObject([
      { status: 'accepted', to: { table: 'users' } },
    ]);
    for (const decoy of ['warehouse_id', 'channel_id']) {
      expect(find(snapshot, 'orders', decoy).filter((r) => r.status === 'accepted')).toEqual([]);
    }
    const star = await scan(starSchema().file, true);
    for (const decoy of ['batch_id', 'source_system_id']) {
      expect(find(star, 'fact_sales', decoy).filter((r) => r.status === 'accepted')).toEqual([]);
    }
    expect(find(star, 'fact_sales', 'ship_date_key')).toMatchObject([
      { status: 'accepted', to: { table: 'dim_date' } },
    ]);
    const natural = await scan(naturalKeys().file, true);
    expect(find(natural, 'Flight', 'LegacyCarrier')).toEqual([]);
    expect(find(natural, 'Flight', 'Origin')).toMatchObject([
      { status: 'accepted', to: { table: 'Airport' } },
    ]);
  });

  it('keeps two tables keyed by the same values in review: the data cannot tell the parent', async () => {
    const sakila = await scan(datasetPath('sakila.sqlite'), true);
    expect(find(sakila, 'film_text', 'film_id')).toMatchObject([{ status: 'review', to: { table: 'film' } }]);
    expect(find(sakila, 'inventory', 'film_id').filter((r) => r.status === 'accepted')).toMatchObject([
      { to: { table: 'film' } },
    ]);
  });
});
