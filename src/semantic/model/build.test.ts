import { describe, expect, it } from 'vitest';
import { SHOP_SOURCES } from '../../../test/semantic/fixtures/shop/sources.js';
import { modelFromYaml } from '../../../test/semantic/support/model.js';
import { compileQuery } from '../compile.js';

const source = (name: string, body: string) => `name: ${name}\ntable: ${name}\ngrain: [id]\n${body}`;
const issuesOf = (files: Record<string, string>) => modelFromYaml(files, 'postgres').issues;

describe('joins', () => {
  it('are oriented by qualifier, not by the side of =', () => {
    const model = modelFromYaml(SHOP_SOURCES, 'postgres');
    const edge = model.edges.get('orders')!.find((e) => e.to === 'stores')!;
    expect(edge.relationship).toBe('many_to_one');
    const sql = compileQuery(model, { measures: ['orders.order_count'], dimensions: ['stores.name'] }).sql;
    expect(sql).toContain('LEFT JOIN stores ON stores.id = orders.store_id');
  });

  it('declared from both sides are one edge; contradicting declarations are an error', () => {
    const a = source(
      'a',
      'columns: [{name: id, type: number}]\njoins:\n  - {to: b, "on": "id = b.a_id", relationship: one_to_many}\n',
    );
    const b = source(
      'b',
      'columns: [{name: id, type: number}, {name: a_id, type: number}]\njoins:\n  - {to: a, "on": "a_id = a.id", relationship: many_to_one}\n',
    );
    const model = modelFromYaml({ a, b }, 'postgres');
    expect(model.issues).toEqual([]);
    expect(model.edges.get('a')!.filter((e) => e.to === 'b')).toHaveLength(1);
    const contradicting = b.replace('many_to_one', 'one_to_one');
    const issues = issuesOf({ a, b: contradicting });
    expect(issues).toEqual([
      expect.objectContaining({
        source: 'b',
        path: 'joins[0].on',
        message: expect.stringContaining('implies'),
      }),
    ]);
  });

  it('a self join needs an alias; aliases must be unique', () => {
    const self = source(
      'e',
      'columns: [{name: id, type: number}, {name: boss, type: number}]\njoins:\n  - {to: e, "on": "boss = e.id", relationship: many_to_one}\n',
    );
    expect(issuesOf({ e: self })[0]).toMatchObject({
      path: 'joins[0].alias',
      message: expect.stringContaining('needs an alias'),
    });
    const clash = SHOP_SOURCES.stores!.replace('alias: store_region', 'alias: customers').replace(
      'store_region.id',
      'customers.id',
    );
    expect(issuesOf({ ...SHOP_SOURCES, stores: clash }).map((i) => i.message)).toContainEqual(
      expect.stringContaining('already the name'),
    );
  });

  it('unknown targets and columns come with suggestions', () => {
    const bad = SHOP_SOURCES.tickets!.replace(
      '{to: customers, "on": "customer_id = customers.id"',
      '{to: customer, "on": "customer_id = customer.id"',
    );
    const issue = issuesOf({ ...SHOP_SOURCES, tickets: bad }).find((i) => i.source === 'tickets')!;
    expect(issue).toMatchObject({ path: 'joins[0].to', code: 'sl_unknown_source' });
    expect(issue.fix).toContain('"customers"');
    const wrongSide = SHOP_SOURCES.tickets!.replace('"customer_id = customers.id"', '"customer_id = name"');
    const side = issuesOf({ ...SHOP_SOURCES, tickets: wrongSide }).find((i) => i.source === 'tickets')!;
    expect(side.message).toContain('write `customers.name`');
  });

  it('warns when a many_to_one join does not land on the target grain', () => {
    const loose = SHOP_SOURCES.tickets!.replace(
      '"customer_id = customers.id"',
      '"customer_id = customers.region_id"',
    );
    const warning = issuesOf({ ...SHOP_SOURCES, tickets: loose }).find((i) => i.source === 'tickets')!;
    expect(warning).toMatchObject({ severity: 'warning', code: 'sl_join_key_not_grain' });
  });

  it('alias nodes continue along their target source joins', () => {
    const addresses = `${SHOP_SOURCES.addresses!}joins:\n  - {to: regions, "on": "city = regions.name", relationship: many_to_one}\n`;
    const model = modelFromYaml({ ...SHOP_SOURCES, addresses }, 'postgres');
    // regions is reachable from orders through customers (2 steps) and through both address aliases (2 steps): ambiguous.
    expect(() =>
      compileQuery(model, { measures: ['orders.order_count'], dimensions: ['regions.name'] }),
    ).toThrow(/more than one way/);
    expect(model.edges.get('billing_address')!.map((e) => e.to)).toContain('regions');
  });
});

describe('columns, measures and segments', () => {
  it('reports computed-column cycles and cross-source computed columns', () => {
    const loop = source(
      's',
      'columns:\n  - {name: id, type: number}\n  - {name: a, type: number, expr: "b + 1"}\n  - {name: b, type: number, expr: "a + 1"}\n',
    );
    expect(issuesOf({ s: loop }).map((i) => i.code)).toContain('sl_measure_cycle');
    const cross = SHOP_SOURCES.orders!.replace(
      'expr: "amount - coalesce(discount, 0)"',
      'expr: "amount - customers.id"',
    );
    expect(issuesOf({ ...SHOP_SOURCES, orders: cross }).map((i) => i.message)).toContainEqual(
      expect.stringContaining('may only use their own'),
    );
  });

  it('classifies measures and rejects the ones that cannot work', () => {
    const body = [
      'columns: [{name: id, type: number}, {name: x, type: number}]',
      'measures:',
      '  - {name: total, expr: "sum(x)"}',
      '  - {name: ratio, expr: "total / count(*)"}',
      '  - {name: raw, expr: "x * 2"}',
      '  - {name: windowed, expr: "sum(x) over ()"}',
      '  - {name: filtered_ratio, expr: "total / 2", filter: "x > 0"}',
      '  - {name: nested, expr: "max(sum(x))"}',
      '',
    ].join('\n');
    const model = modelFromYaml({ s: source('s', body) }, 'postgres');
    const byPath = Object.fromEntries(model.issues.map((i) => [i.path, i.code]));
    expect(byPath).toEqual({
      'measures[2].expr': 'sl_not_aggregate',
      'measures[3].expr': 'sl_window_function',
      'measures[4].filter': 'sl_model_invalid',
      'measures[5].expr': 'sl_nested_aggregate',
    });
    const measures = model.sources.get('s')!.measures;
    expect(measures.get('total')!.derived).toBe(false);
    expect(measures.get('ratio')!.formula).toBeDefined();
    // A broken measure fails only the queries that use it.
    expect(() => compileQuery(model, { measures: ['s.raw'] })).toThrow(/does not aggregate/);
    expect(compileQuery(model, { measures: ['s.ratio'] }).sql).toContain(
      'sum(s.x) * 1.0 / NULLIF(count(*), 0)',
    );
  });

  it('refuses sql: sources that are not one read-only SELECT, without breaking the others', () => {
    const payments = SHOP_SOURCES.payments!.replace(
      'SELECT id, order_id, amount, method FROM payments',
      'SELECT * FROM payments; DROP TABLE payments',
    );
    const model = modelFromYaml({ ...SHOP_SOURCES, payments }, 'postgres');
    expect(model.issues).toEqual([
      expect.objectContaining({
        source: 'payments',
        path: 'sql',
        message: expect.stringContaining('contains ";"'),
      }),
    ]);
    expect(() => compileQuery(model, { measures: ['payments.payment_count'] })).toThrow(/read-only SELECT/);
    expect(() => compileQuery(model, { measures: ['orders.revenue'] })).not.toThrow();
    const trailing = SHOP_SOURCES.payments!.replace('FROM payments\n', 'FROM payments;\n');
    expect(modelFromYaml({ ...SHOP_SOURCES, payments: trailing }, 'postgres').issues).toEqual([]);
  });

  it('reports grain and default time dimension problems', () => {
    const bad =
      'name: s\ntable: s\ngrain: [key]\ndefault_time_dimension: id\ncolumns: [{name: id, type: number}]\n';
    expect(issuesOf({ s: bad }).map((i) => i.path)).toEqual(['grain[0]', 'default_time_dimension']);
  });

  it('keeps segments and measure filters able to read joined sources', () => {
    const model = modelFromYaml(SHOP_SOURCES, 'postgres');
    const sql = compileQuery(model, { measures: ['orders.enterprise_revenue'] }).sql;
    expect(sql).toContain(
      "sum(CASE WHEN customers.segment = 'enterprise' AND orders.status = 'paid' THEN orders.amount END)",
    );
    expect(sql).toContain('LEFT JOIN customers ON orders.customer_id = customers.id');
  });
});
