import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConnectionConfig } from '../../src/connectors/config.js';
import { connectorFor } from '../../src/connectors/registry.js';
import type { TableInfo } from '../../src/connectors/types.js';
import { makeTempDir } from '../support/cli.js';
import { mysqlAdminUrl, pgAdminUrl, uniqueDbName, withDatabase } from '../support/servers.js';
import { adminQuery } from '../support/warehouses.js';

/**
 * introspect() details on every engine with a small purpose-built schema: views, comments,
 * unique and composite keys, and the include/exclude scope settings of ktx.yaml.
 */

const TABLES = [
  'CREATE TABLE customers (id INTEGER PRIMARY KEY, email VARCHAR(100) NOT NULL UNIQUE, region VARCHAR(10))',
  'CREATE TABLE orders (customer_id INTEGER NOT NULL, order_no INTEGER NOT NULL, total DECIMAL(10,2), PRIMARY KEY (customer_id, order_no), FOREIGN KEY (customer_id) REFERENCES customers (id))',
  'CREATE TABLE order_notes (customer_id INTEGER NOT NULL, order_no INTEGER NOT NULL, note VARCHAR(200), FOREIGN KEY (customer_id, order_no) REFERENCES orders (customer_id, order_no))',
  'CREATE TABLE tmp_scratch (x INTEGER)',
  'CREATE VIEW big_orders AS SELECT * FROM orders WHERE total > 100',
];

let dir: string;
let cleanup: () => void;
const configs: Record<string, ConnectionConfig> = {};
const pgDb = uniqueDbName('ktx_introspect');
const myDb = uniqueDbName('ktx_introspect');

beforeAll(async () => {
  ({ dir, cleanup } = makeTempDir());
  const sqliteFile = join(dir, 'shop.sqlite');
  const sqlite = new Database(sqliteFile);
  for (const sql of TABLES) sqlite.exec(sql);
  sqlite.close();
  configs.sqlite = { driver: 'sqlite', path: sqliteFile, exclude_tables: ['tmp_*'] };

  const { DuckDBInstance } = await import('@duckdb/node-api');
  const duckFile = join(dir, 'shop.duckdb');
  const duck = await DuckDBInstance.create(duckFile);
  const connection = await duck.connect();
  for (const sql of TABLES) await connection.run(sql);
  await connection.run("COMMENT ON TABLE customers IS 'People who buy'");
  await connection.run("COMMENT ON COLUMN customers.region IS 'Sales region'");
  connection.closeSync();
  duck.closeSync();
  configs.duckdb = { driver: 'duckdb', path: duckFile, exclude_tables: ['tmp_*'] };

  await adminQuery('postgres', pgAdminUrl(), `CREATE DATABASE ${pgDb}`);
  const pgUrl = withDatabase(pgAdminUrl(), pgDb);
  await adminQuery('postgres', pgUrl, 'CREATE SCHEMA other');
  await adminQuery('postgres', pgUrl, 'CREATE TABLE other.elsewhere (a int)');
  for (const sql of TABLES) await adminQuery('postgres', pgUrl, sql);
  await adminQuery('postgres', pgUrl, "COMMENT ON TABLE customers IS 'People who buy'");
  await adminQuery('postgres', pgUrl, "COMMENT ON COLUMN customers.region IS 'Sales region'");
  await adminQuery('postgres', pgUrl, 'ANALYZE');
  configs.postgres = { driver: 'postgres', url: pgUrl, schemas: ['public'], exclude_tables: ['tmp_*'] };

  await adminQuery('mysql', mysqlAdminUrl(), `CREATE DATABASE ${myDb}`);
  const myUrl = withDatabase(mysqlAdminUrl(), myDb);
  for (const sql of TABLES) await adminQuery('mysql', myUrl, sql);
  await adminQuery('mysql', myUrl, "ALTER TABLE customers COMMENT = 'People who buy'");
  await adminQuery('mysql', myUrl, "ALTER TABLE customers MODIFY region VARCHAR(10) COMMENT 'Sales region'");
  configs.mysql = { driver: 'mariadb', url: myUrl, exclude_tables: ['tmp_*'] } as ConnectionConfig;
});

afterAll(async () => {
  await adminQuery('postgres', pgAdminUrl(), `DROP DATABASE IF EXISTS ${pgDb} WITH (FORCE)`).catch(() => {});
  await adminQuery('mysql', mysqlAdminUrl(), `DROP DATABASE IF EXISTS ${myDb}`).catch(() => {});
  cleanup();
});

describe.each(['sqlite', 'duckdb', 'postgres', 'mysql'])('introspect() on %s', (engine) => {
  it('reports views, composite keys, unique keys, comments and respects exclude_tables', async () => {
    const connector = await connectorFor('shop', configs[engine]!, dir);
    try {
      const info = await connector.introspect();
      const tables = new Map<string, TableInfo>(info.tables.map((table) => [table.name, table]));
      expect([...tables.keys()].sort()).toEqual(['big_orders', 'customers', 'order_notes', 'orders']);
      expect(tables.get('big_orders')).toMatchObject({
        kind: 'view',
        rowCountEstimate: null,
        primaryKey: null,
      });
      expect(tables.get('orders')!.primaryKey).toEqual(['customer_id', 'order_no']);
      expect(tables.get('customers')!.uniqueKeys).toEqual([['email']]);
      expect(tables.get('order_notes')!.foreignKeys).toMatchObject([
        { columns: ['customer_id', 'order_no'], refTable: 'orders', refColumns: ['customer_id', 'order_no'] },
      ]);
      const total = tables.get('orders')!.columns.find((column) => column.name === 'total')!;
      expect(total).toMatchObject({ type: 'number', nullable: true, ordinal: 3 });
      expect(total.nativeType.toLowerCase()).toMatch(/^(decimal|numeric)\(10,\s*2\)$/);
      if (engine !== 'sqlite') {
        expect(tables.get('customers')!.comment).toBe('People who buy');
        expect(tables.get('customers')!.columns.find((column) => column.name === 'region')!.comment).toBe(
          'Sales region',
        );
      }
      if (engine === 'postgres') {
        expect(info.schemas).toEqual(['public']);
        const everything = await connector.introspect({ schemas: ['public', 'other'] });
        expect(
          everything.tables.some((table) => table.schema === 'other' && table.name === 'elsewhere'),
        ).toBe(true);
      }
    } finally {
      await connector.close();
    }
  });
});
