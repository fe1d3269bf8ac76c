import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SHOP_SOURCES } from '../../test/semantic/fixtures/shop/sources.js';
import { modelFromYaml } from '../../test/semantic/support/model.js';
import { makeTempDir } from '../../test/support/cli.js';
import { connectorFor } from '../connectors/registry.js';
import type { Connector } from '../connectors/types.js';
import { KtxError } from '../core/errors.js';
import { compileQuery } from './compile.js';
import { executeCompiled } from './execute.js';

/** executeCompiled on the real SQLite connector (gate, read-only session, row cap). */

const SHOP_SCHEMA = readFileSync(
  join(import.meta.dirname, '..', '..', 'test', 'semantic', 'fixtures', 'shop', 'schema.sql'),
  'utf8',
);

let connector: Connector;
let cleanup: () => void;
beforeAll(async () => {
  const temp = makeTempDir('ktx-sl-execute-');
  cleanup = temp.cleanup;
  const file = join(temp.dir, 'shop.sqlite');
  const db = new Database(file);
  db.exec(SHOP_SCHEMA);
  db.close();
  connector = await connectorFor('wh', { driver: 'sqlite', path: file }, temp.dir);
});
afterAll(async () => {
  await connector?.close();
  cleanup?.();
});

describe('executeCompiled', () => {
  const model = modelFromYaml(SHOP_SOURCES, 'sqlite');

  it('returns rows keyed by the compiled output names, in request order', async () => {
    const compiled = compileQuery(model, {
      measures: ['orders.revenue', 'tickets.ticket_count'],
      dimensions: ['customers.segment'],
      filters: ['customers.is_test = false'],
    });
    const result = await executeCompiled(connector, compiled, { maxRows: 100 });
    expect(result.columns.map((c) => c.name)).toEqual(['segment', 'revenue', 'ticket_count']);
    expect(result.rows).toEqual([
      { segment: 'enterprise', revenue: 160, ticket_count: 3 },
      { segment: 'mid_market', revenue: 500, ticket_count: 0 },
      { segment: 'smb', revenue: 260, ticket_count: 1 },
      { segment: 'startup', revenue: null, ticket_count: 2 },
      { segment: null, revenue: null, ticket_count: 1 },
    ]);
    expect(Object.keys(result.rows[0]!)).toEqual(['segment', 'revenue', 'ticket_count']);
    expect(result).toMatchObject({ rowCount: 5, truncated: false });
  });

  it('applies the connector row cap and says the result was truncated', async () => {
    const compiled = compileQuery(model, { measures: ['orders.order_count'], dimensions: ['orders.id'] });
    const capped = await executeCompiled(connector, compiled, { maxRows: 3 });
    expect(capped).toMatchObject({ rowCount: 3, truncated: true });
    expect(capped.rows).toHaveLength(3);
  });

  it('refuses SQL printed for another dialect', async () => {
    const compiled = compileQuery(model, { measures: ['orders.revenue'] }, { dialect: 'postgres' });
    await expect(executeCompiled(connector, compiled, { maxRows: 10 })).rejects.toThrow(
      /compiled for postgres/,
    );
  });

  it('turns a warehouse error into an sql_error that carries the compiled SQL and points at validate --live', async () => {
    const broken = modelFromYaml(
      {
        ...SHOP_SOURCES,
        stores: SHOP_SOURCES.stores!.replace('{name: name, type: string}', '{name: title, type: string}'),
      },
      'sqlite',
    );
    const compiled = compileQuery(broken, { measures: ['orders.order_count'], dimensions: ['stores.title'] });
    const error = await executeCompiled(connector, compiled, { maxRows: 10 }).catch((e: unknown) => e);
    expect(KtxError.is(error)).toBe(true);
    const ktx = error as KtxError;
    expect(ktx.code).toBe('sql_error');
    expect(ktx.message).toMatch(/^The warehouse rejected the compiled SQL: no such column: stores\.title/);
    expect(ktx.message).toContain('--- compiled SQL ---\nSELECT');
    expect(ktx.details).toMatchObject({ sql: compiled.sql, connection: 'wh', driver: 'sqlite' });
    expect(ktx.hint).toContain('ktx sl validate --live --connection-id wh');
  });
});
