import { init, parse } from '@guanmingchiu/sqlparser-ts';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Connector, Dialect, TableInfo } from '../connectors/types.js';
import {
  type EvidenceContext,
  measureColumns,
  measureCombinations,
  measureContainment,
  measureContainmentBatch,
} from './keys/evidence.js';
import { buildScanTable } from './keys/model.js';
import { countRows, profileTable, sampleOf } from './profile.js';
import { scanSqlFor } from './sql-dialect.js';

/**
 * The PostgreSQL and MySQL statements of a scan, checked against those grammars without a
 * server: a quick signal while editing the SQL. End to end, every scan in the test suite goes
 * through the real connectors' read-only gate on all four engines
 * (test/integration/shared/scan-suite.ts). The connector here only records statement text; no
 * engine behaviour is asserted.
 */

beforeAll(async () => {
  await init();
});

function recorder(dialect: Dialect, statements: string[]): Connector {
  return {
    id: 'wh',
    driver: dialect === 'mysql' ? 'mysql' : 'postgres',
    dialect,
    test: async () => ({ ok: true, latencyMs: 0, serverVersion: 'x' }),
    introspect: async () => ({ dialect, serverVersion: 'x', schemas: [], tables: [] }),
    close: async () => {},
    query: async (sql) => {
      statements.push(sql);
      return {
        columns: [],
        rows: [Array.from({ length: 20 }, () => 5)],
        rowCount: 1,
        truncated: false,
        durationMs: 0,
      };
    },
  };
}

const table = (
  name: string,
  kind: 'table' | 'view',
  columns: Array<[string, string, 'number' | 'string' | 'time']>,
): TableInfo => ({
  schema: 'shop',
  name,
  kind,
  rowCountEstimate: null,
  columns: columns.map(([column, nativeType, type], index) => ({
    name: column,
    nativeType,
    type,
    nullable: true,
    ordinal: index + 1,
  })),
  primaryKey: null,
  uniqueKeys: [],
  foreignKeys: [],
});

describe.each([
  ['postgres', 'postgresql'],
  ['mysql', 'mysql'],
] as const)('%s statements', (dialect, grammar) => {
  it('parse as single SELECTs', async () => {
    const statements: string[] = [];
    const connector = recorder(dialect, statements);
    const sql = scanSqlFor(dialect);
    const customers = table('customers', 'table', [
      ['customer_id', 'integer', 'number'],
      ['email', 'text', 'string'],
      ['meta', 'jsonb', 'string'],
    ]);
    const orders = table('orders', 'table', [
      ['order_id', 'integer', 'number'],
      ['customer_id', 'integer', 'number'],
      ['placed_at', 'timestamp', 'time'],
    ]);
    const recent = table('recent_orders', 'view', [
      ['order_id', 'integer', 'number'],
      ['customer_id', 'integer', 'number'],
    ]);
    for (const info of [customers, orders, recent]) {
      await countRows(connector, sql, info, { exactCountLimit: 10 });
      await profileTable(connector, sql, info, 1_000_000, {
        sampleRows: 1000,
        topValues: 5,
        maskPii: true,
        personTable: false,
      });
    }
    const scanTable = (info: TableInfo) =>
      buildScanTable(info, 1_000_000, null, sampleOf(sql, info, 1000, 1_000_000));
    const ctx: EvidenceContext = { connector, sql, fullCheckRows: 10 };
    const [c, o, r] = [scanTable(customers), scanTable(orders), scanTable(recent)];
    await measureColumns(ctx, o, ['order_id', 'customer_id']);
    await measureCombinations(ctx, o, [['order_id', 'customer_id']]);
    await measureContainment(ctx, {
      from: o,
      fromColumns: ['order_id', 'customer_id'],
      to: r,
      toColumns: ['order_id', 'customer_id'],
      classes: [
        ['integer', 'integer'],
        ['integer', 'integer'],
      ],
    });
    await measureContainmentBatch(ctx, o, [
      { column: 'customer_id', to: c, toColumn: 'customer_id', classes: ['integer', 'integer'] },
      { column: 'customer_id', to: r, toColumn: 'customer_id', classes: ['integer', 'string'] },
    ]);
    expect(statements.length).toBeGreaterThan(10);
    for (const statement of statements) {
      const parsed = parse(statement, grammar) as unknown[];
      expect(parsed, statement).toHaveLength(1);
      expect(Object.keys(parsed[0] as object), statement).toEqual(['Query']);
    }
  });
});
