import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeTempDir } from '../../test/support/cli.js';
import { CONNECTION_ID_PATTERN } from '../connectors/config.js';
import { CONNECTION_DIR_PATTERN } from './files.js';
import { loadSemanticLayer, semanticConnectionIds } from './load.js';

const ORDERS = `name: orders
table: public.orders
description: One row per order.
grain: [id]
default_time_dimension: created_at
columns:
  - {name: id, type: number}
  - {name: customer_id, type: number}
  - {name: status, type: string}
  - {name: amount, type: number}
  - {name: created_at, type: time}
  - {name: net_amount, type: number, expr: "amount - discount"}
measures:
  - {name: order_count, expr: "count(*)"}
  - {name: revenue, expr: "sum(amount)", filter: "status <> 'refunded'"}
  - {name: aov, expr: "revenue / order_count"}
segments:
  - {name: paid, expr: "status = 'paid'"}
joins:
  - {to: customers, "on": "customer_id = customers.id", relationship: many_to_one}
`;

describe('semantic layer loader', () => {
  let dir: string;
  let cleanup: () => void;
  beforeEach(() => {
    ({ dir, cleanup } = makeTempDir());
    mkdirSync(join(dir, 'semantic-layer', 'wh', 'sales'), { recursive: true });
    mkdirSync(join(dir, 'semantic-layer', 'wh', '_internal'), { recursive: true });
  });
  afterEach(() => cleanup());

  it('loads valid sources (nested folders too) and skips reserved folders', () => {
    writeFileSync(join(dir, 'semantic-layer', 'wh', 'sales', 'orders.yaml'), ORDERS);
    writeFileSync(join(dir, 'semantic-layer', 'wh', '_internal', 'x.yaml'), 'garbage: [');
    const { sources, issues } = loadSemanticLayer(dir);
    expect(issues).toEqual([]);
    expect(sources).toHaveLength(1);
    expect(sources[0]).toMatchObject({
      name: 'orders',
      connectionId: 'wh',
      file: 'semantic-layer/wh/sales/orders.yaml',
    });
    expect(sources[0]!.measures?.map((m) => m.name)).toEqual(['order_count', 'revenue', 'aov']);
    expect(semanticConnectionIds(dir)).toEqual(['wh']);
  });

  it('reports a broken file with file:line:col and still loads its siblings', () => {
    writeFileSync(join(dir, 'semantic-layer', 'wh', 'orders.yaml'), ORDERS);
    writeFileSync(
      join(dir, 'semantic-layer', 'wh', 'customers.yaml'),
      'name: customers\ntable: customers\ngrain: [id]\ncolumns:\n  - {name: id, type: integer}\n',
    );
    const { sources, issues } = loadSemanticLayer(dir, 'wh');
    expect(sources.map((s) => s.name)).toEqual(['orders']);
    expect(issues[0]).toMatchObject({
      file: 'semantic-layer/wh/customers.yaml',
      path: 'columns[0].type',
      line: 5,
      severity: 'error',
    });
    expect(issues[0]!.message).toContain('string, number, boolean, date, time');
  });

  it('requires exactly one of table or sql, and rejects unknown keys', () => {
    writeFileSync(
      join(dir, 'semantic-layer', 'wh', 'both.yaml'),
      'name: both\ntable: t\nsql: select 1 as id\ngrain: [id]\ncolumns: [{name: id, type: number}]\nmeasure: []\n',
    );
    const { issues } = loadSemanticLayer(dir, 'wh');
    expect(issues.map((i) => i.path).sort()).toEqual(['measure', 'table']);
    expect(issues.find((i) => i.path === 'measure')!.fix).toContain('measures');
  });

  it('rejects duplicate source names across files', () => {
    writeFileSync(join(dir, 'semantic-layer', 'wh', 'a.yaml'), ORDERS);
    writeFileSync(join(dir, 'semantic-layer', 'wh', 'b.yaml'), ORDERS);
    const { sources, issues } = loadSemanticLayer(dir, 'wh');
    expect(sources).toHaveLength(1);
    expect(issues[0]!.message).toContain('already defined in semantic-layer/wh/a.yaml');
  });

  it('lists connection folders with the same id rule as ktx.yaml (kept zod-free on purpose)', () => {
    expect(CONNECTION_DIR_PATTERN.source).toBe(CONNECTION_ID_PATTERN.source);
  });

  it('remembers the names of sources whose files fail to load', () => {
    writeFileSync(
      join(dir, 'semantic-layer', 'wh', 'bad.yaml'),
      'name: invoices\ntable: t\ngrain: []\ncolumns: []\n',
    );
    expect(loadSemanticLayer(dir, 'wh').brokenNames).toEqual(['invoices']);
  });
});
