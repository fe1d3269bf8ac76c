import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SHOP_SOURCES } from '../semantic/fixtures/shop/sources.js';
import { cleanEnv, makeTempDir, runKtx } from '../support/cli.js';

/** `ktx sl query --execute` and `ktx sl validate --live` on a real SQLite warehouse, end to end. */

let root: string;
let cleanup: () => void;
let project: string;
let layer: string;

const ktx = (args: string[]) =>
  runKtx(args, { cwd: project, env: cleanEnv({ XDG_CACHE_HOME: join(root, 'xdg') }) });
const noStack = (text: string) => expect(text).not.toMatch(/\n\s+at /);

beforeAll(async () => {
  ({ dir: root, cleanup } = makeTempDir('ktx-sl-execute-'));
  project = join(root, 'shop');
  expect((await runKtx(['init', project], { env: cleanEnv() })).code).toBe(0);
  writeFileSync(
    join(project, 'ktx.yaml'),
    'version: 1\nproject:\n  name: shop\nconnections:\n  wh:\n    driver: sqlite\n    path: shop.sqlite\n',
  );
  const db = new Database(join(project, 'shop.sqlite'));
  db.exec(
    readFileSync(join(import.meta.dirname, '..', 'semantic', 'fixtures', 'shop', 'schema.sql'), 'utf8'),
  );
  db.close();
  layer = join(project, 'semantic-layer', 'wh');
  mkdirSync(layer, { recursive: true });
  for (const [name, text] of Object.entries(SHOP_SOURCES))
    writeFileSync(join(layer, `${name}.yaml`), text.trimStart());
});
afterAll(() => cleanup());

const CHASM = ['sl', 'query', '--measure', 'orders.revenue', '--measure', 'tickets.ticket_count'];

describe('ktx sl query --execute', () => {
  it('shows the rows as a table by default', async () => {
    const res = await ktx([...CHASM, '--dimension', 'customers.segment', '--execute']);
    expect(res.code).toBe(0);
    const lines = res.stdout.split('\n');
    expect(lines[0]).toMatch(/^segment\s+revenue\s+ticket_count$/);
    expect(lines).toContainEqual(expect.stringMatching(/^enterprise\s+160\s+3$/));
    // Order 109's customer does not exist: its revenue lands on a NULL segment, with customer 5's ticket.
    expect(lines).toContainEqual(expect.stringMatching(/^NULL\s+60\s+1$/));
    expect(lines).toContainEqual(expect.stringMatching(/^mid_market\s+500\s+0$/));
    expect(res.stdout).toMatch(/5 rows · [\d.]+ ms · wh/);
  });

  it('--format json prints {sql, columns, rows, plan} with rows keyed by the output names; --json wraps the same data', async () => {
    const args = [...CHASM, '--dimension', 'orders.created_at:month', '--execute'];
    const raw = JSON.parse((await ktx([...args, '--format', 'json'])).stdout);
    expect(Object.keys(raw).sort()).toEqual(
      [
        'columns',
        'connectionId',
        'dialect',
        'durationMs',
        'maxRows',
        'plan',
        'rowCount',
        'rows',
        'sql',
        'truncated',
      ].sort(),
    );
    const names = raw.columns.map((c: { name: string }) => c.name);
    expect(names).toEqual(['created_at_month', 'revenue', 'ticket_count']);
    for (const row of raw.rows) expect(Object.keys(row)).toEqual(names);
    // Tickets reach order months through customers → orders (one_to_many): customer 1's three
    // tickets count once in January, however many January orders the customer placed.
    expect(raw.rows[0]).toEqual({ created_at_month: '2024-01-01', revenue: 160, ticket_count: 3 });
    expect(raw).toMatchObject({ rowCount: 5, truncated: false, maxRows: 1000, dialect: 'sqlite' });
    const wrapped = (await ktx([...args, '--json'])).json();
    expect(wrapped.ok).toBe(true);
    expect({ ...wrapped.data, durationMs: 0 }).toEqual({ ...raw, durationMs: 0 });
    const compiledOnly = JSON.parse(
      (await ktx([...CHASM, '--dimension', 'orders.created_at:month', '--format', 'json'])).stdout,
    );
    expect(compiledOnly.rows).toBeUndefined();
    expect(compiledOnly.columns).toEqual(raw.columns);
    expect(compiledOnly.sql).toBe(raw.sql);
  });

  it('--max-rows caps the result and warns; bad combinations are usage errors', async () => {
    const capped = (
      await ktx(['sl', 'query', '--dimension', 'orders.id', '--execute', '--max-rows', '3', '--json'])
    ).json();
    expect(capped.data).toMatchObject({ rowCount: 3, truncated: true, maxRows: 3 });
    expect(capped.warnings).toEqual([expect.objectContaining({ code: 'sl_truncated' })]);
    const withoutExecute = await ktx(['sl', 'query', '--measure', 'orders.revenue', '--max-rows', '3']);
    expect(withoutExecute.code).toBe(64);
    expect(withoutExecute.stderr).toContain('Add --execute');
    const tooMany = await ktx([
      'sl',
      'query',
      '--measure',
      'orders.revenue',
      '--execute',
      '--max-rows',
      '20000',
    ]);
    expect(tooMany.code).toBe(64);
    const otherDialect = await ktx([
      'sl',
      'query',
      '--measure',
      'orders.revenue',
      '--execute',
      '--dialect',
      'postgres',
    ]);
    expect(otherDialect.code).toBe(64);
    expect(otherDialect.stderr).toContain('Drop --dialect');
    noStack(`${withoutExecute.stderr}${tooMany.stderr}${otherDialect.stderr}`);
  });

  it('a warehouse error is an sql_error carrying the compiled SQL and pointing at validate --live', async () => {
    writeFileSync(
      join(layer, 'stores.yaml'),
      SHOP_SOURCES.stores!.trimStart().replace('{name: name,', '{name: title,'),
    );
    const res = await ktx([
      'sl',
      'query',
      '--measure',
      'orders.order_count',
      '--dimension',
      'stores.title',
      '--execute',
      '--json',
    ]);
    expect(res.code).toBe(1);
    const error = res.json().error;
    expect(error.code).toBe('sql_error');
    expect(error.message).toContain('no such column: stores.title');
    expect(error.details.sql).toContain('stores.title AS title');
    expect(error.hint).toContain('ktx sl validate --live --connection-id wh');
    const human = await ktx([
      'sl',
      'query',
      '--measure',
      'orders.order_count',
      '--dimension',
      'stores.title',
      '--execute',
    ]);
    expect(human.stderr).toContain('--- compiled SQL ---');
    noStack(human.stderr);
    writeFileSync(join(layer, 'stores.yaml'), SHOP_SOURCES.stores!.trimStart());
  });

  it('runs through the read-only gate: a side-effecting function in a sql: source is refused', async () => {
    writeFileSync(
      join(layer, 'payments.yaml'),
      SHOP_SOURCES.payments!.trimStart().replace('SELECT id,', "SELECT load_extension('x') AS ext, id,"),
    );
    const res = await ktx(['sl', 'query', '--measure', 'payments.payment_count', '--execute', '--json']);
    expect(res.code).toBe(1);
    expect(res.json().error).toMatchObject({
      code: 'sql_not_read_only',
      details: { sql: expect.any(String) },
    });
    expect(res.json().error.message).toContain('load_extension');
    writeFileSync(join(layer, 'payments.yaml'), SHOP_SOURCES.payments!.trimStart());
  });

  it('needs the connection in ktx.yaml to execute', async () => {
    mkdirSync(join(project, 'semantic-layer', 'lake'), { recursive: true });
    writeFileSync(join(project, 'semantic-layer', 'lake', 'regions.yaml'), SHOP_SOURCES.regions!.trimStart());
    const compiled = await ktx([
      'sl',
      'query',
      '--connection-id',
      'lake',
      '--measure',
      'regions.region_count',
    ]);
    expect(compiled.code).toBe(0);
    const res = await ktx([
      'sl',
      'query',
      '--connection-id',
      'lake',
      '--measure',
      'regions.region_count',
      '--execute',
    ]);
    expect(res.code).toBe(1);
    expect(res.stderr).toContain('Connection "lake" is not configured in ktx.yaml');
  });
});

describe('ktx sl validate --live', () => {
  it('runs every source with LIMIT 0 and passes on a layer that matches the warehouse', async () => {
    const res = await ktx(['sl', 'validate', '--live', '--connection-id', 'wh', '--json']);
    expect(res.code).toBe(0);
    const data = res.json().data;
    expect(data).toMatchObject({
      valid: true,
      errors: [],
      live: { connectionId: 'wh', driver: 'sqlite', sources: 10 },
    });
    expect(data.live.probes).toBeGreaterThanOrEqual(20);
    const human = await ktx(['sl', 'validate', '--live', '--connection-id', 'wh']);
    expect(human.stdout).toMatch(
      /10 sources valid in wh, checked live on wh \(sqlite: \d+ LIMIT 0 queries, \d+ ms\)/,
    );
  });

  it('reports each rejected table, column, measure, segment and join at its file:line with the warehouse error', async () => {
    const tickets = SHOP_SOURCES.tickets!.trimStart()
      .replace(
        '{name: satisfaction, type: number}',
        '{name: satisfaction, type: number}\n  - {name: channel, type: string}',
      )
      .replace('expr: "avg(satisfaction)"', 'expr: "avg(median_of(satisfaction))"');
    writeFileSync(join(layer, 'tickets.yaml'), tickets);
    const lineOf = (text: string, needle: string) =>
      text.split('\n').findIndex((line) => line.includes(needle)) + 1;
    writeFileSync(
      join(layer, 'regions.yaml'),
      SHOP_SOURCES.regions!.trimStart().replace('table: regions', 'table: region'),
    );
    writeFileSync(
      join(layer, 'orders.yaml'),
      SHOP_SOURCES.orders!.trimStart().replace(
        `{name: big, expr: "amount >= 100"}`,
        `{name: big, expr: "amount >= '1' + zz()"}`,
      ),
    );
    const res = await ktx(['sl', 'validate', '--live', '--connection-id', 'wh', '--json']);
    expect(res.code).toBe(1);
    const errors = res.json().data.errors as Array<Record<string, unknown>>;
    const at = (file: string, path: string) =>
      errors.find((e) => String(e.file).endsWith(file) && e.path === path);
    expect(at('tickets.yaml', 'columns[5].name')).toMatchObject({
      code: 'sl_live_rejected',
      line: lineOf(tickets, 'name: channel'),
      message: expect.stringContaining('no such column: tickets.channel'),
      sql: expect.stringContaining('LIMIT 0'),
    });
    expect(at('regions.yaml', 'table')).toMatchObject({
      line: 2,
      message: expect.stringContaining('no such table: region'),
    });
    expect(at('orders.yaml', 'segments[1].expr')).toMatchObject({
      message: expect.stringContaining('no such function: zz'),
    });
    // Tickets' measures read a broken column: they are not probed until the column is fixed.
    expect(errors.filter((e) => String(e.file).endsWith('tickets.yaml'))).toHaveLength(1);
    writeFileSync(
      join(layer, 'tickets.yaml'),
      SHOP_SOURCES.tickets!.trimStart().replace(
        'expr: "avg(satisfaction)"',
        'expr: "avg(median_of(satisfaction))"',
      ),
    );
    const measures = (
      await ktx(['sl', 'validate', 'tickets', '--live', '--connection-id', 'wh', '--json'])
    ).json().data;
    expect(measures.errors).toEqual([
      expect.objectContaining({
        path: 'measures[2].expr',
        message: expect.stringContaining('no such function: median_of'),
      }),
    ]);
    const human = await ktx(['sl', 'validate', '--live', '--connection-id', 'wh']);
    expect(human.stdout).toMatch(
      /semantic-layer\/wh\/regions\.yaml:2:1 {2}table: The warehouse rejected source "regions"/,
    );
    noStack(human.stdout + human.stderr);
    for (const name of ['tickets', 'regions', 'orders'])
      writeFileSync(join(layer, `${name}.yaml`), SHOP_SOURCES[name]!.trimStart());
  });
});
