import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { CHINOOK_SOURCES } from '../../../test/semantic/fixtures/chinook/sources.js';
import { SHOP_SOURCES } from '../../../test/semantic/fixtures/shop/sources.js';
import { modelFromYaml } from '../../../test/semantic/support/model.js';
import type { Dialect } from '../../connectors/types.js';
import { KtxError } from '../../core/errors.js';
import { compileQuery } from '../compile.js';
import type { SemanticQuery } from '../query/types.js';
import { DIALECT_NAMES } from './index.js';

/**
 * Snapshot of every plan shape in every dialect, written as plain .sql files so a reviewer can
 * read them, and each one parsed by sqlparser-rs in that dialect as an independent syntax check.
 */

const SHOP_QUERIES: Record<string, SemanticQuery> = {
  'simple-month-filters-having': {
    measures: ['orders.revenue', 'orders.aov'],
    dimensions: ['customers.segment', 'orders.created_at:month'],
    filters: [
      'customers.is_test = false',
      "orders.status = 'paid' OR orders.amount > 100",
      'orders.revenue > 50',
    ],
    order_by: [{ field: 'revenue', direction: 'desc' }],
    limit: 20,
  },
  'all-time-grains': {
    measures: ['orders.order_count'],
    dimensions: [
      'orders.created_at:day',
      'orders.created_at:week',
      'orders.created_at:quarter',
      'orders.created_at:year',
    ],
  },
  'fan-trap-distinct-keys': {
    measures: ['orders.revenue', 'orders.order_count'],
    dimensions: ['products.category'],
  },
  'chasm-trap-three-facts': {
    measures: [
      'orders.revenue',
      'tickets.ticket_count',
      'payments.paid_amount',
      { name: 'revenue_per_ticket', expr: 'orders.revenue / tickets.ticket_count' },
    ],
    dimensions: ['customers.segment', 'regions.name'],
    filters: ['tickets.ticket_count > 0'],
  },
  'include-empty': {
    measures: ['orders.order_count'],
    dimensions: ['customers.segment'],
    include_empty: true,
  },
  'grand-totals': { measures: ['orders.order_count', 'tickets.ticket_count'] },
  'dimensions-only': { dimensions: ['customers.segment', 'regions.name'], limit: 5 },
  'role-playing-and-self-join': {
    measures: ['orders.order_count'],
    dimensions: ['billing_address.country', 'shipping_address.city'],
  },
};

const CHINOOK_QUERIES: Record<string, SemanticQuery> = {
  'mixed-case-names': {
    measures: ['invoices.revenue', 'invoice_lines.units'],
    dimensions: ['customers.Country', 'invoices.InvoiceDate:month'],
    segments: ['invoices.big'],
  },
};

const PARSER_DIALECT: Record<Dialect, string> = {
  sqlite: 'sqlite',
  duckdb: 'duckdb',
  postgres: 'postgresql',
  mysql: 'mysql',
  bigquery: 'bigquery',
  snowflake: 'snowflake',
  sqlserver: 'mssql',
  clickhouse: 'clickhouse',
};

let sqlparser: typeof import('@guanmingchiu/sqlparser-ts');
beforeAll(async () => {
  sqlparser = await import('@guanmingchiu/sqlparser-ts');
  await sqlparser.init();
});

for (const dialect of DIALECT_NAMES) {
  describe(`${dialect} printer`, () => {
    const shop = modelFromYaml(SHOP_SOURCES, dialect);
    const chinook = modelFromYaml(CHINOOK_SOURCES, dialect);
    const cases = [
      ...Object.entries(SHOP_QUERIES).map(([name, query]) => ({ name, query, model: shop })),
      ...Object.entries(CHINOOK_QUERIES).map(([name, query]) => ({ name, query, model: chinook })),
    ];
    for (const { name, query, model } of cases) {
      it(name, async () => {
        const { sql } = compileQuery(model, query);
        await expect(sql).toMatchFileSnapshot(join('__snapshots__', dialect, `${name}.sql`));
        const statements = sqlparser.parse(
          sql,
          PARSER_DIALECT[dialect] as Parameters<typeof sqlparser.parse>[1],
        );
        expect(statements).toHaveLength(1);
        expect(Object.keys(statements[0] as object)).toEqual(['Query']);
      });
    }

    it('median: printed natively or refused with a clear error', () => {
      try {
        const { sql } = compileQuery(shop, {
          measures: ['median(orders.amount)', 'percentile(orders.amount, 0.9)'],
        });
        expect(['duckdb', 'postgres', 'snowflake', 'clickhouse']).toContain(dialect);
        expect(sql).toMatch(/MEDIAN|PERCENTILE_CONT|quantileExactInclusive/);
      } catch (error) {
        expect(KtxError.is(error) && error.code).toBe('sl_unsupported_in_dialect');
        expect(['sqlite', 'mysql', 'bigquery', 'sqlserver']).toContain(dialect);
      }
    });
  });
}

describe('dialect-specific constructs', () => {
  const compile = (dialect: Dialect, query: SemanticQuery) =>
    compileQuery(modelFromYaml(SHOP_SOURCES, dialect), query).sql;

  it('chasm plans stack the groups and group by the dimensions in every dialect (no FULL JOIN, no NULL-safe join)', () => {
    for (const dialect of DIALECT_NAMES) {
      const sql = compile(dialect, {
        measures: ['orders.revenue', 'tickets.ticket_count'],
        dimensions: ['customers.segment'],
      });
      expect(sql, dialect).not.toMatch(/FULL|DISTINCT FROM|<=>/);
      expect(sql, dialect).toMatch(/UNION ALL/);
      expect(sql, dialect).toMatch(/GROUP BY [`"[]?ktx__stacked[`"\]]?\.[`"[]?segment/);
    }
  });

  it('PostgreSQL: three groups start with a typed empty branch, and booleans are picked with BOOL_OR', () => {
    const three = {
      measures: ['orders.order_count', 'tickets.ticket_count', 'payments.payment_count'],
      dimensions: ['customers.segment'],
    };
    const pg = compile('postgres', three);
    expect(pg).toContain('CROSS JOIN tickets__agg');
    expect(pg).toContain('WHERE (1 = 0)');
    expect(compile('mysql', three)).not.toContain('1 = 0');
    const booleans = compile('postgres', {
      measures: ['bool_and(orders.amount > 10)', 'tickets.ticket_count'],
      dimensions: ['customers.segment'],
    });
    expect(booleans).toContain('BOOL_OR(ktx__stacked.bool_and_orders_amount_10)');
    expect(booleans).toContain('MAX(ktx__stacked.ticket_count)');
  });

  it('SQL Server: TOP instead of LIMIT, bit literals, NULLs-last emulation', () => {
    const sql = compile('sqlserver', {
      measures: ['orders.revenue'],
      dimensions: ['customers.segment'],
      filters: ['customers.is_test = false'],
      order_by: [{ field: 'revenue', direction: 'desc' }],
      limit: 5,
    });
    expect(sql).toMatch(/^SELECT TOP 5\n/);
    expect(sql).toContain('customers.is_test = 0');
    expect(sql).toContain('ORDER BY CASE WHEN sum(');
    expect(sql).not.toContain('LIMIT');
  });

  it('SQL Server refuses a sql: source that starts with WITH (not allowed in derived tables)', () => {
    const sources = {
      ...SHOP_SOURCES,
      payments: SHOP_SOURCES.payments!.replace(
        'SELECT id',
        'WITH p AS (SELECT * FROM payments) SELECT id',
      ).replace('FROM payments\n', 'FROM p\n'),
    };
    const model = modelFromYaml(sources, 'sqlserver');
    expect(() => compileQuery(model, { measures: ['payments.payment_count'] })).toThrow(
      /does not allow inside a derived table/,
    );
    expect(() =>
      compileQuery(modelFromYaml(sources, 'postgres'), { measures: ['payments.payment_count'] }),
    ).not.toThrow();
  });

  it('PostgreSQL and Snowflake quote what their case folding would change', () => {
    const chinookPg = compileQuery(modelFromYaml(CHINOOK_SOURCES, 'postgres'), {
      measures: ['invoices.revenue'],
      dimensions: ['customers.Country'],
    }).sql;
    expect(chinookPg).toContain('customers."Country" AS "Country"');
    const shopSf = compile('snowflake', { measures: ['orders.revenue'], dimensions: ['customers.segment'] });
    expect(shopSf).toContain('"customers".segment AS "segment"');
  });

  it('ClickHouse asks for SQL NULL semantics in outer joins', () => {
    const sql = compile('clickhouse', { measures: ['orders.revenue'], dimensions: ['customers.segment'] });
    expect(sql.trimEnd().endsWith('SETTINGS join_use_nulls = 1')).toBe(true);
  });

  it('--dialect printing keeps user fragments as written', () => {
    const sql = compileQuery(
      modelFromYaml(SHOP_SOURCES, 'postgres'),
      { measures: ['orders.order_count'], filters: ["orders.status <> 'x'"] },
      { dialect: 'bigquery' },
    ).sql;
    expect(sql).toContain("(orders.status <> 'x')");
  });
});
