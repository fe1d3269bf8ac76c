import { type DialectInput, init, parse } from '@guanmingchiu/sqlparser-ts';
import { beforeAll, describe, expect, it } from 'vitest';
import { scanWarehouse } from '../../src/scan/scan.js';
import { buildDemoWarehouse, demoTables } from '../fixtures/demo-warehouse.js';
import { writeDuckdbFixture } from '../fixtures/duckdb-fixture.js';
import { compositeAndRoles, naturalKeys } from '../fixtures/relationships/natural-and-composite.js';
import { datasetPath } from '../support/datasets.js';
import { createDuckdbConnector } from '../support/duckdb-connector.js';
import { createSqliteConnector } from '../support/sqlite-connector.js';

/**
 * Everything a scan sends is one plain read-only SELECT that a portable SQL parser accepts for
 * the engine's dialect: read-only gates built on such a parser must let the scan through.
 */

beforeAll(async () => {
  await init();
});

function assertSelects(statements: string[], dialect: DialectInput): void {
  expect(statements.length).toBeGreaterThan(10);
  for (const sql of statements) {
    let parsed: unknown[];
    try {
      parsed = parse(sql, dialect) as unknown[];
    } catch (error) {
      throw new Error(`${dialect} parser rejected: ${sql}\n${String(error)}`);
    }
    expect(parsed, sql).toHaveLength(1);
    expect(Object.keys(parsed[0] as object), sql).toEqual(['Query']);
  }
}

describe('scan statements', () => {
  it('are single SELECTs under the SQLite grammar (tables, views, composite keys, samples)', async () => {
    const statements: string[] = [];
    for (const file of [
      buildDemoWarehouse(),
      compositeAndRoles().file,
      naturalKeys().file,
      datasetPath('sakila.sqlite'),
    ]) {
      const connector = createSqliteConnector(file, 'wh', { onQuery: (sql) => statements.push(sql) });
      await scanWarehouse(connector, {
        connectionId: 'wh',
        driver: 'sqlite',
        sampleRows: 500,
        ignoreDeclaredConstraints: true,
      });
      await connector.close();
    }
    assertSelects(statements, 'sqlite');
  });

  it('are single SELECTs under the DuckDB grammar', async () => {
    const statements: string[] = [];
    const connector = await createDuckdbConnector(await writeDuckdbFixture('demo', demoTables()), 'wh', {
      onQuery: (sql) => statements.push(sql),
    });
    await scanWarehouse(connector, {
      connectionId: 'wh',
      driver: 'duckdb',
      sampleRows: 500,
      ignoreDeclaredConstraints: true,
    });
    await connector.close();
    assertSelects(statements, 'duckdb');
  });
});
