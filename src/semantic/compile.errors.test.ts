import { describe, expect, it } from 'vitest';
import { SHOP_SOURCES } from '../../test/semantic/fixtures/shop/sources.js';
import { modelFromYaml } from '../../test/semantic/support/model.js';
import { KtxError } from '../core/errors.js';
import { compileQuery } from './compile.js';
import type { SemanticQuery } from './query/types.js';

const model = modelFromYaml(SHOP_SOURCES, 'postgres');

function failure(query: SemanticQuery, m = model): KtxError {
  try {
    compileQuery(m, query);
  } catch (error) {
    if (KtxError.is(error)) return error;
    throw error;
  }
  throw new Error('expected the query to fail');
}

describe('structured errors an agent can act on', () => {
  it('suggests the nearest measure for a typo', () => {
    const error = failure({ measures: ['orders.revenu'] });
    expect(error.code).toBe('sl_unknown_field');
    expect(error.message).toContain('orders.revenu');
    expect(error.details?.suggestions).toContain('orders.revenue');
    expect(error.hint).toContain('orders.revenue');
  });

  it('suggests the nearest source', () => {
    const error = failure({ measures: ['order.revenue'] });
    expect(error.code).toBe('sl_unknown_source');
    expect(error.details?.suggestions).toContain('orders');
  });

  it('suggests dimensions across sources', () => {
    const error = failure({ measures: ['orders.order_count'], dimensions: ['customers.segmnt'] });
    expect(error.code).toBe('sl_unknown_field');
    expect(error.details?.suggestions).toContain('customers.segment');
  });

  it('names the join to declare when a dimension is unreachable', () => {
    const sources = {
      ...SHOP_SOURCES,
      visits:
        'name: visits\ntable: visits\ngrain: [id]\ncolumns:\n  - {name: id, type: number}\n  - {name: customer_id, type: number}\nmeasures:\n  - {name: visit_count, expr: "count(*)"}\n',
    };
    const error = failure(
      { measures: ['visits.visit_count'], dimensions: ['customers.segment'] },
      modelFromYaml(sources, 'postgres'),
    );
    expect(error.code).toBe('sl_no_join_path');
    expect(error.message).toContain('No join path from "visits" to "customers"');
    expect(error.hint).toContain('customer_id = customers.id');
    expect(error.details?.suggestedJoin).toMatchObject({
      source: 'visits',
      to: 'customers',
      relationship: 'many_to_one',
    });
  });

  it('points to the roles when a source is only joined through aliases', () => {
    const error = failure({ measures: ['orders.order_count'], dimensions: ['addresses.country'] });
    expect(error.code).toBe('sl_no_join_path');
    expect(error.details?.suggestions).toEqual(['billing_address', 'shipping_address']);
    expect(error.hint).toContain('billing_address.<column>');
  });

  it('refuses to guess between two equally short join paths and lists them', () => {
    const sources = {
      ...SHOP_SOURCES,
      orders: SHOP_SOURCES.orders!.replace(
        '  - {to: order_items',
        '  - {to: regions, "on": "store_id = regions.id", relationship: many_to_one}\n  - {to: order_items',
      ),
      stores: SHOP_SOURCES.stores!,
    };
    // orders → regions directly (1 step) beats orders → customers → regions (2 steps): no ambiguity.
    expect(() =>
      compileQuery(modelFromYaml(sources, 'postgres'), {
        measures: ['orders.order_count'],
        dimensions: ['regions.name'],
      }),
    ).not.toThrow();
    const diamond = {
      ...SHOP_SOURCES,
      stores: SHOP_SOURCES.stores!.replace(
        'alias: store_region, "on": "region_id = store_region.id"',
        '"on": "region_id = regions.id"',
      ),
    };
    const error = failure(
      { measures: ['orders.order_count'], dimensions: ['regions.name'] },
      modelFromYaml(diamond, 'postgres'),
    );
    expect(error.code).toBe('sl_ambiguous_join_path');
    expect(error.details?.alternatives).toEqual([
      'orders → customers (many_to_one) → regions (many_to_one)',
      'orders → stores (many_to_one) → regions (many_to_one)',
    ]);
    expect(error.hint).toContain('alias');
  });

  it('rejects hidden columns in queries but not inside measures', () => {
    expect(failure({ measures: ['sum(employees.salary)'] }).code).toBe('sl_hidden_column');
    expect(failure({ measures: ['employees.employee_count'], dimensions: ['employees.salary'] }).code).toBe(
      'sl_hidden_column',
    );
    expect(() => compileQuery(model, { measures: ['employees.payroll'] })).not.toThrow();
  });

  it('rejects a granularity on a non-time column', () => {
    const error = failure({ measures: ['orders.order_count'], dimensions: ['orders.status:month'] });
    expect(error.code).toBe('sl_invalid_granularity');
  });

  it('explains that a measure is not a dimension and a column is not a measure', () => {
    expect(failure({ dimensions: ['orders.revenue'] }).message).toContain('is a measure, not a dimension');
    const error = failure({ measures: ['orders.amount'] });
    expect(error.code).toBe('sl_not_aggregate');
    expect(error.hint).toContain('sum(orders.amount)');
  });

  it('rejects window functions and nested aggregates in measures', () => {
    expect(failure({ measures: ['sum(orders.amount) over ()'] }).code).toBe('sl_window_function');
    expect(failure({ measures: ['sum(max(orders.amount))'] }).code).toBe('sl_nested_aggregate');
  });

  it('reports expression syntax errors with the position', () => {
    const error = failure({ measures: ['orders.order_count'], filters: ["orders.status = 'paid"] });
    expect(error.code).toBe('sl_expression_syntax');
    expect(error.message).toContain('unterminated string');
    expect(error.details?.offset).toBe(16);
  });

  it('rejects a filter that mixes row columns and measures with OR', () => {
    const error = failure({
      measures: ['orders.revenue'],
      dimensions: ['customers.segment'],
      filters: ["orders.revenue > 100 OR orders.status = 'paid'"],
    });
    expect(error.code).toBe('sl_filter_mixed');
    expect(error.hint).toContain('Split');
  });

  it('lets a measure filter compare a requested dimension', () => {
    const compiled = compileQuery(model, {
      measures: ['orders.revenue'],
      dimensions: ['customers.segment'],
      filters: ["orders.revenue > 100 OR customers.segment = 'smb'"],
    });
    expect(compiled.sql).toContain(
      "HAVING (sum(CASE WHEN orders.status = 'paid' THEN orders.amount END) > 100 OR customers.segment = 'smb')",
    );
  });

  it('rejects ambiguous bare names and lists the qualified options', () => {
    const error = failure({ measures: ['orders.order_count'], dimensions: ['name'] });
    expect(error.code).toBe('sl_ambiguous_field');
    expect(error.details?.suggestions).toEqual(expect.arrayContaining(['customers.name', 'products.name']));
  });

  it('accepts bare names that are unique', () => {
    const compiled = compileQuery(model, { measures: ['ticket_count'], dimensions: ['priority'] });
    expect(compiled.columns.map((c) => c.name)).toEqual(['priority', 'ticket_count']);
  });

  it('unknown segment lists the available ones', () => {
    const error = failure({ measures: ['orders.order_count'], segments: ['orders.pad'] });
    expect(error.code).toBe('sl_unknown_segment');
    expect(error.details?.suggestions).toContain('orders.paid');
  });

  it('order_by must name an output column', () => {
    const error = failure({ measures: ['orders.revenue'], order_by: ['revenu'] });
    expect(error.code).toBe('sl_order_by_unknown');
    expect(error.details?.suggestions).toContain('revenue');
  });

  it('percentiles fail clearly where the dialect has none, and work where it does', () => {
    const query = { measures: ['median(orders.amount)'] };
    expect(failure(query, modelFromYaml(SHOP_SOURCES, 'mysql')).code).toBe('sl_unsupported_in_dialect');
    expect(compileQuery(model, query).sql).toContain(
      'PERCENTILE_CONT(0.5) WITHIN GROUP (ORDER BY orders.amount)',
    );
  });

  it('a query with nothing to compute is an invalid query', () => {
    expect(failure({}).code).toBe('sl_invalid_query');
  });

  it('a runtime aggregate over unrelated facts cannot pick an owner', () => {
    const error = failure({ measures: ['sum(orders.amount + tickets.satisfaction)'] });
    expect(error.code).toBe('sl_measure_multi_source');
    expect(error.hint).toContain('sum(a.x) / sum(b.y)');
  });
});

describe('output names', () => {
  it('prefixes only the colliding dimension names with their node', () => {
    const compiled = compileQuery(model, {
      measures: ['orders.order_count'],
      dimensions: ['customers.name', 'stores.name', 'orders.status'],
    });
    expect(compiled.columns.map((c) => c.name)).toEqual([
      'customers_name',
      'stores_name',
      'status',
      'order_count',
    ]);
  });

  it('never renames a measure that is also used inside a formula', () => {
    const compiled = compileQuery(model, {
      measures: ['orders.revenue', { name: 'revenue_share', expr: 'orders.revenue / orders.gross_amount' }],
    });
    expect(compiled.columns.map((c) => c.name)).toEqual(['revenue', 'revenue_share']);
  });

  it('lets a formula reuse a requested measure by its output name', () => {
    const compiled = compileQuery(model, {
      measures: ['orders.revenue', 'orders.order_count', { name: 'rpo', expr: 'revenue / order_count' }],
    });
    expect(compiled.sql).toContain(
      "sum(CASE WHEN orders.status = 'paid' THEN orders.amount END) * 1.0 / NULLIF(count(*), 0) AS rpo",
    );
  });

  it('keeps explicit names and reports a collision it cannot resolve', () => {
    const error = failure({
      measures: [
        { name: 'x', expr: 'count(orders.id)' },
        { name: 'x', expr: 'count(tickets.id)' },
      ],
    });
    expect(error.code).toBe('sl_output_name_collision');
  });

  it('time grains are suffixed', () => {
    const compiled = compileQuery(model, {
      measures: ['orders.order_count'],
      dimensions: ['orders.created_at:month', 'tickets.opened_at:year'],
    });
    expect(compiled.columns.map((c) => [c.name, c.type, c.granularity])).toEqual([
      ['created_at_month', 'date', 'month'],
      ['opened_at_year', 'date', 'year'],
      ['order_count', 'number', undefined],
    ]);
  });
});

describe('plans and explanations', () => {
  it('routes each filter to WHERE or HAVING and says so', () => {
    const compiled = compileQuery(model, {
      measures: ['orders.revenue'],
      dimensions: ['customers.segment'],
      filters: ['customers.is_test = false AND orders.revenue > 10'],
    });
    expect(compiled.plan.filters.map((f) => [f.filter, f.placement])).toEqual([
      ['customers.is_test = false', 'where'],
      ['orders.revenue > 10', 'having'],
    ]);
    expect(compiled.sql).toMatch(/WHERE \(customers\.is_test = false\)\nGROUP BY/);
  });

  it('explains why a fact filter was not applied to another fact', () => {
    const compiled = compileQuery(model, {
      measures: ['orders.order_count', 'tickets.ticket_count'],
      dimensions: ['customers.segment'],
      filters: ["orders.status = 'paid'"],
    });
    expect(compiled.plan.filters[0]).toMatchObject({ appliedTo: ['orders'] });
    expect(compiled.plan.filters[0]!.note).toContain('not applied to tickets');
  });

  it('describes the neutralised fan-out', () => {
    const compiled = compileQuery(model, { measures: ['orders.revenue'], dimensions: ['products.category'] });
    expect(compiled.plan.strategy).toBe('distinct-keys');
    expect(compiled.plan.groups[0]!.joins).toEqual([
      'orders → order_items (one_to_many)',
      'order_items → products (many_to_one)',
    ]);
    expect(compiled.plan.risks[0]).toContain('distinct orders keys');
  });

  it('only ever emits one read-only SELECT statement', () => {
    const compiled = compileQuery(model, {
      measures: ['orders.revenue', 'tickets.ticket_count'],
      dimensions: ['customers.segment'],
    });
    expect(compiled.sql).toMatch(/^(WITH|SELECT)\b/);
    expect(compiled.sql).not.toMatch(/;|\b(INSERT|UPDATE|DELETE|DROP|CREATE|ALTER)\b/i);
  });

  it('a name that is a measure and a column: formulas read the measure outside aggregates, the column inside', () => {
    const clash = modelFromYaml(
      {
        ...SHOP_SOURCES,
        orders: SHOP_SOURCES.orders!.replace(
          '  - {name: order_count, expr: "count(*)"}',
          '  - {name: order_count, expr: "count(*)"}\n  - {name: amount, expr: "sum(amount)", filter: "status = \'paid\'"}',
        ),
      },
      'postgres',
    );
    const sql = compileQuery(clash, {
      measures: [{ name: 'paid_share', expr: 'orders.amount / sum(orders.amount)' }],
    }).sql;
    expect(sql).toContain(
      "sum(CASE WHEN orders.status = 'paid' THEN orders.amount END) * 1.0 / NULLIF(sum(orders.amount), 0) AS paid_share",
    );
    const filtered = compileQuery(clash, {
      measures: ['orders.order_count'],
      filters: ['orders.amount > 100'],
    });
    expect(filtered.sql).toContain('WHERE (orders.amount > 100)');
  });
});
