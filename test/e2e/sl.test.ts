import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SHOP_SOURCES } from '../semantic/fixtures/shop/sources.js';
import { cleanEnv, makeTempDir, runKtx } from '../support/cli.js';

let root: string;
let cleanup: () => void;
let project: string;

const ktx = (args: string[], cwd = project) => runKtx(args, { cwd, env: cleanEnv() });

beforeAll(async () => {
  ({ dir: root, cleanup } = makeTempDir('ktx-sl-'));
  project = join(root, 'shop');
  expect((await runKtx(['init', project], { env: cleanEnv() })).code).toBe(0);
  writeFileSync(
    join(project, 'ktx.yaml'),
    'version: 1\nproject:\n  name: shop\nconnections:\n  wh:\n    driver: sqlite\n    path: shop.sqlite\n',
  );
  const dir = join(project, 'semantic-layer', 'wh');
  mkdirSync(dir, { recursive: true });
  for (const [name, text] of Object.entries(SHOP_SOURCES))
    writeFileSync(join(dir, `${name}.yaml`), text.trimStart());
});
afterAll(() => cleanup());

describe('ktx sl list / read', () => {
  it('lists sources as a table and as JSON', async () => {
    const human = await ktx(['sl', 'list']);
    expect(human.code).toBe(0);
    expect(human.stdout).toMatch(/^source\s+from\s+columns\s+measures\s+joins/);
    expect(human.stdout).toContain('payments     (sql)');
    const json = (await ktx(['sl', 'list', '--json'])).json();
    expect(json.ok).toBe(true);
    expect(json.data.connectionId).toBe('wh');
    expect(json.data.sources.find((s: { name: string }) => s.name === 'orders')).toMatchObject({
      table: 'orders',
      measures: expect.arrayContaining(['revenue', 'aov']),
    });
  });

  it('reads one source with queryable field names; hidden columns are left out', async () => {
    const json = (await ktx(['sl', 'read', 'employees', '--json'])).json();
    expect(json.data.columns.map((c: { field: string }) => c.field)).not.toContain('employees.salary');
    expect(json.data.measures.map((m: { field: string }) => m.field)).toContain('employees.payroll');
    expect(json.data.joins[0]).toMatchObject({
      to: 'employees',
      alias: 'manager',
      relationship: 'many_to_one',
    });
    const missing = await ktx(['sl', 'read', 'order']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('Unknown source "order"');
    expect(missing.stderr).toContain('Did you mean "orders"');
  });
});

describe('ktx sl query', () => {
  it('prints SQL for the connection dialect', async () => {
    const res = await ktx(['sl', 'query', '--measure', 'orders.revenue', '--dimension', 'products.category']);
    expect(res.code).toBe(0);
    expect(res.stdout).toMatch(/^WITH orders__keys AS \(/);
    expect(res.stdout.trimEnd().endsWith(';')).toBe(true);
    expect(res.stderr).toBe('');
  });

  it('--explain prefixes the plan as SQL comments', async () => {
    const res = await ktx([
      'sl',
      'query',
      '--measure',
      'orders.revenue',
      '--measure',
      'tickets.ticket_count',
      '--dimension',
      'customers.segment',
      '--explain',
    ]);
    expect(res.stdout).toMatch(/^-- strategy: per-source-ctes/);
    expect(res.stdout).toContain('-- combine: stacked');
    expect(res.stdout).toContain('\nWITH orders__agg AS (');
  });

  it('--format json prints {sql, columns, plan}; --json wraps the same data', async () => {
    const raw = JSON.parse(
      (
        await ktx([
          'sl',
          'query',
          '--measure',
          'orders.order_count',
          '--dimension',
          'orders.created_at:month',
          '--format',
          'json',
        ])
      ).stdout,
    );
    expect(Object.keys(raw).sort()).toEqual(['columns', 'connectionId', 'dialect', 'plan', 'sql']);
    expect(raw.columns.map((c: { name: string }) => c.name)).toEqual(['created_at_month', 'order_count']);
    const wrapped = (
      await ktx([
        'sl',
        'query',
        '--measure',
        'orders.order_count',
        '--dimension',
        'orders.created_at:month',
        '--json',
      ])
    ).json();
    expect(wrapped.data).toEqual(raw);
  });

  it('reads a query file, and --dialect prints another engine', async () => {
    const file = join(root, 'q.json');
    writeFileSync(
      file,
      JSON.stringify({
        measures: ['orders.revenue'],
        dimensions: [{ field: 'orders.created_at', granularity: 'quarter' }],
        order_by: [{ field: 'revenue', direction: 'desc' }],
        limit: 2,
      }),
    );
    const res = await ktx(['sl', 'query', '--query-file', file, '--dialect', 'sqlserver']);
    expect(res.code).toBe(0);
    expect(res.stdout).toMatch(/^SELECT TOP 2/);
    expect(res.stdout).toContain('DATEPART(quarter, orders.created_at)');
  });

  it('bad input is a structured error with a non-zero exit and no stack trace', async () => {
    const typo = await ktx(['sl', 'query', '--measure', 'orders.revenu', '--json']);
    expect(typo.code).toBe(1);
    expect(typo.json().error).toMatchObject({
      code: 'sl_unknown_field',
      details: { suggestions: expect.arrayContaining(['orders.revenue']) },
    });
    const invalidFile = join(root, 'bad.json');
    writeFileSync(invalidFile, JSON.stringify({ measures: 'orders.revenue', limit: -1 }));
    const bad = await ktx(['sl', 'query', '--query-file', invalidFile, '--json']);
    expect(bad.code).toBe(1);
    expect(bad.json().error.code).toBe('sl_invalid_query');
    expect(bad.json().error.details.problems.map((p: { path: string }) => p.path)).toEqual([
      'measures',
      'limit',
    ]);
    const nothing = await ktx(['sl', 'query']);
    expect(nothing.code).toBe(64);
    expect(nothing.stderr).toContain('at least one --measure or --dimension');
    expect(`${typo.stderr}${bad.stderr}${nothing.stderr}`).not.toMatch(/\n\s+at /);
  });

  it('caches parsed sources by content hash and notices edits', async () => {
    const cacheDir = join(project, '.ktx', 'cache', 'semantic', 'wh');
    await ktx(['sl', 'query', '--measure', 'orders.order_count']);
    const before = readdirSync(cacheDir).sort();
    expect(before.map((name) => name.replace(/-[0-9a-f]{24}\.json$/, ''))).toEqual(['layer', 'model-sqlite']);
    writeFileSync(
      join(project, 'semantic-layer', 'wh', 'regions.yaml'),
      `${SHOP_SOURCES.regions!.trimStart()}  - {name: region_total, expr: "count(distinct id)"}\n`,
    );
    const res = await ktx(['sl', 'query', '--measure', 'regions.region_total']);
    expect(res.code).toBe(0);
    const after = readdirSync(cacheDir).sort();
    expect(after).toHaveLength(2);
    expect(after.some((name) => before.includes(name))).toBe(false);
  });
});

describe('ktx sl validate', () => {
  it('passes on a valid layer', async () => {
    const res = await ktx(['sl', 'validate']);
    expect(res.code).toBe(0);
    expect(res.stdout).toContain('10 sources valid in wh');
  });

  it('reports file:line problems, reference errors and cycles; filters by source', async () => {
    const dir = join(project, 'semantic-layer', 'wh');
    writeFileSync(
      join(dir, 'broken.yaml'),
      [
        'name: broken',
        'table: broken',
        'grain: [id]',
        'columns:',
        '  - {name: id, type: number}',
        '  - {name: amount, type: numbr}',
        '',
      ].join('\n'),
    );
    writeFileSync(
      join(dir, 'loops.yaml'),
      [
        'name: loops',
        'table: loops',
        'grain: [id]',
        'columns:',
        '  - {name: id, type: number}',
        'measures:',
        '  - {name: a, expr: "b + 1"}',
        '  - {name: b, expr: "a * 2"}',
        '  - {name: c, expr: "sum(idd)"}',
        'joins:',
        '  - {to: customer, "on": "id = customer.id", relationship: many_to_one}',
        '',
      ].join('\n'),
    );
    const res = await ktx(['sl', 'validate', '--json']);
    expect(res.code).toBe(1);
    const errors = res.json().data.errors as Array<{
      file: string;
      line: number;
      path: string;
      code: string;
      message: string;
    }>;
    const at = (file: string, path: string) => errors.find((e) => e.file.endsWith(file) && e.path === path);
    expect(at('broken.yaml', 'columns[1].type')).toMatchObject({ line: 6, code: 'sl_schema_invalid' });
    expect(at('loops.yaml', 'measures[0].expr')).toMatchObject({ line: 7, code: 'sl_measure_cycle' });
    expect(at('loops.yaml', 'measures[2].expr')).toMatchObject({ line: 9, code: 'sl_unknown_field' });
    expect(at('loops.yaml', 'joins[0].to')).toMatchObject({ line: 11, code: 'sl_unknown_source' });
    const human = await ktx(['sl', 'validate', 'loops']);
    expect(human.code).toBe(1);
    expect(human.stdout).toContain('semantic-layer/wh/loops.yaml:9:');
    expect(human.stdout).toContain('Did you mean "id"');
    expect(human.stdout).not.toContain('broken.yaml');
    // Other sources still compile.
    expect((await ktx(['sl', 'query', '--measure', 'orders.order_count'])).code).toBe(0);
  });

  it('checks declared columns against the scan snapshot when there is one', async () => {
    const raw = join(project, 'raw-sources', 'wh');
    mkdirSync(join(raw, 'tables'), { recursive: true });
    writeFileSync(
      join(raw, 'snapshot.json'),
      JSON.stringify({
        connection: 'wh',
        driver: 'sqlite',
        dialect: 'sqlite',
        serverVersion: '3',
        schemas: [],
        tables: [],
      }),
    );
    const column = (name: string, type: string, ordinal: number) => ({
      name,
      nativeType: type.toUpperCase(),
      type,
      nullable: true,
      ordinal,
    });
    writeFileSync(
      join(raw, 'tables', 'regions.json'),
      JSON.stringify({
        key: 'regions',
        schema: null,
        name: 'regions',
        kind: 'table',
        rowCountEstimate: 3,
        columns: [column('id', 'number', 1), column('region_name', 'string', 2)],
        primaryKey: ['id'],
        uniqueKeys: [],
        foreignKeys: [],
        profile: null,
      }),
    );
    const res = await ktx(['sl', 'validate', 'regions', '--json']);
    const data = res.json().data;
    expect(data.checkedAgainstScan).toBe(true);
    expect(data.errors).toEqual([
      expect.objectContaining({
        code: 'sl_column_not_in_table',
        path: 'columns[1].name',
        line: 6,
        message: 'Column "name" does not exist in regions.',
      }),
    ]);
    const orders = (await ktx(['sl', 'validate', 'orders', '--json'])).json().data;
    expect(orders.warnings).toEqual([expect.objectContaining({ code: 'sl_table_not_in_scan' })]);
  });
});

describe('connection choice', () => {
  it('asks for --connection-id when several connections exist', async () => {
    mkdirSync(join(project, 'semantic-layer', 'other'), { recursive: true });
    const res = await ktx(['sl', 'list']);
    expect(res.code).toBe(64);
    expect(res.stderr).toContain('--connection-id');
    expect((await ktx(['sl', 'list', '--connection-id', 'wh'])).code).toBe(0);
    const typo = await ktx(['sl', 'list', '--connection-id', 'wj']);
    expect(typo.stderr).toContain('Did you mean "wh"');
    expect(existsSync(join(project, '.ktx'))).toBe(true);
  });
});

describe('ktx status', () => {
  it('warns about semantic source files that fail to load', async () => {
    const res = await ktx(['status', '--json']);
    const check = res.json().data.checks.find((c: { id: string }) => c.id === 'context.built');
    expect(check).toMatchObject({ status: 'warn', fix: expect.stringContaining('ktx sl validate') });
    expect(check.message).toContain('failed to load');
  });
});
