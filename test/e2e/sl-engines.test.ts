import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectorFor } from '../../src/connectors/registry.js';
import type { QueryValue } from '../../src/connectors/types.js';
import { chinookSources } from '../semantic/fixtures/chinook/sources.js';
import { CHINOOK_CASES } from '../semantic/golden/cases-chinook.js';
import { canonicalRows, firstDifference, SAME_ENGINE } from '../semantic/golden/compare.js';
import type { GoldenCase } from '../semantic/golden/types.js';
import { quoteMixedCase, REF_HELPERS } from '../semantic/support/ref-helpers.js';
import { warehouseChecksum } from '../support/checksum.js';
import { cleanEnv, makeTempDir, type RunResult, runKtx } from '../support/cli.js';
import { ENGINES, type Engine, provisionChinook, type Warehouse } from '../support/warehouses.js';

/**
 * `ktx sl query --execute` and `ktx sl validate --live` as a user runs them, on Chinook loaded
 * into SQLite, DuckDB, PostgreSQL and MariaDB: results equal hand-written SQL, a broken column is
 * reported at its file:line, and the warehouse is unchanged afterwards (every query went through
 * the read-only path). Server URLs come from an environment variable and never reach the output.
 */

const URL_VAR = 'KTX_E2E_SL_URL';
const caseNamed = (prefix: string): GoldenCase => {
  const found = CHINOOK_CASES.find((c) => c.name.startsWith(prefix));
  if (!found) throw new Error(`no Chinook golden case "${prefix}"`);
  return found;
};
const FAN = caseNamed('chinook fan trap: invoice revenue by genre');
const CHASM = caseNamed('chinook chasm trap: invoice totals and line revenue agree per country');

let root: string;
let cleanup: () => void;
beforeAll(() => {
  ({ dir: root, cleanup } = makeTempDir('ktx-e2e-sl-engines-'));
});
afterAll(() => cleanup());

describe.each(ENGINES)('ktx sl on %s (Chinook)', (engine: Engine) => {
  let wh: Warehouse;
  let project: string;
  let before: string;
  const outputs: string[] = [];
  const layer = () => join(project, 'semantic-layer', 'chinook');

  const ktx = async (args: string[]): Promise<RunResult> => {
    const res = await runKtx(args, {
      cwd: project,
      env: cleanEnv({ XDG_CACHE_HOME: join(root, 'xdg-cache'), [URL_VAR]: wh.adminUrl }),
      timeoutMs: 120_000,
    });
    outputs.push(res.stdout, res.stderr);
    return res;
  };

  beforeAll(async () => {
    wh = await provisionChinook(engine);
    project = join(root, engine);
    expect((await runKtx(['init', project], { env: cleanEnv() })).code).toBe(0);
    const target = wh.file ? `    path: ${wh.file}\n` : `    url: env:${URL_VAR}\n`;
    writeFileSync(
      join(project, 'ktx.yaml'),
      `version: 1\nproject:\n  name: chinook\nconnections:\n  chinook:\n    driver: ${wh.config.driver}\n${target}`,
    );
    mkdirSync(layer(), { recursive: true });
    for (const [name, text] of Object.entries(chinookSources(engine)))
      writeFileSync(join(layer(), `${name}.yaml`), text.trimStart());
    before = await warehouseChecksum(wh);
  }, 300_000);
  afterAll(async () => wh?.cleanup());

  /** The golden case's reference SQL, run in-process through the read-only connector. */
  async function reference(golden: GoldenCase): Promise<{ columns: string[]; rows: QueryValue[][] }> {
    const written = golden.reference(REF_HELPERS[engine]);
    const sql = engine === 'postgres' ? quoteMixedCase(written) : written;
    const connector = await connectorFor('reference', wh.config, wh.dir);
    try {
      const result = await connector.query(sql, { maxRows: 10_000 });
      return { columns: result.columns.map((c) => c.name), rows: result.rows };
    } finally {
      await connector.close();
    }
  }

  async function expectSameAsReference(golden: GoldenCase): Promise<void> {
    const queryFile = join(project, 'query.json');
    writeFileSync(queryFile, JSON.stringify(golden.query));
    const res = await ktx(['sl', 'query', '--query-file', queryFile, '--execute', '--format', 'json']);
    expect(res.code, res.stderr).toBe(0);
    const printed = JSON.parse(res.stdout) as {
      columns: Array<{ name: string }>;
      rows: Array<Record<string, QueryValue>>;
    };
    const expected = await reference(golden);
    const names = printed.columns.map((c) => c.name);
    expect(names).toEqual(expected.columns);
    const actual = { columns: names, rows: printed.rows.map((row) => names.map((name) => row[name]!)) };
    const difference = firstDifference(
      canonicalRows(actual, false),
      canonicalRows(expected, false),
      SAME_ENGINE,
    );
    expect(difference, `${difference}\n--- compiled SQL ---\n${JSON.parse(res.stdout).sql}`).toBeUndefined();
    expect(printed.rows.length).toBeGreaterThan(0);
  }

  it('--execute answers a fan trap exactly as the hand-written SQL does', async () => {
    await expectSameAsReference(FAN);
  });

  it('--execute answers a chasm trap (stacked per-source CTEs) exactly as the hand-written SQL does', async () => {
    await expectSameAsReference(CHASM);
  });

  it('prints a table with the row count, duration and connection', async () => {
    const res = await ktx([
      'sl',
      'query',
      '--measure',
      'invoices.revenue',
      '--dimension',
      'invoices.InvoiceDate:year',
      '--order-by',
      'InvoiceDate_year',
      '--execute',
    ]);
    expect(res.code, res.stderr).toBe(0);
    const lines = res.stdout.split('\n');
    expect(lines[0]).toMatch(/^InvoiceDate_year\s+revenue$/);
    expect(lines[2]).toMatch(/^2021-01-01\s+[\d.]+$/);
    expect(res.stdout).toMatch(/\n5 rows · [\d.]+ ms · chinook$/m);
  });

  it('validate --live passes on the layer, then reports a missing column at its file:line', async () => {
    const ok = await ktx(['sl', 'validate', '--live', '--json']);
    expect(ok.code, ok.stdout).toBe(0);
    expect(ok.json().data).toMatchObject({
      valid: true,
      live: { connectionId: 'chinook', driver: wh.config.driver, sources: 11 },
    });

    const tracks = chinookSources(engine).tracks!.trimStart();
    const broken = tracks.replace(
      '  - {name: Bytes, type: number}\n',
      '  - {name: Bytes, type: number}\n  - {name: Rating, type: number}\n',
    );
    expect(broken).not.toBe(tracks);
    writeFileSync(join(layer(), 'tracks.yaml'), broken);
    const line = broken.split('\n').findIndex((text) => text.includes('name: Rating')) + 1;
    try {
      const res = await ktx(['sl', 'validate', 'tracks', '--live', '--json']);
      expect(res.code).toBe(1);
      expect(res.json().data.errors).toEqual([
        expect.objectContaining({
          code: 'sl_live_rejected',
          file: expect.stringMatching(/semantic-layer\/chinook\/tracks\.yaml$/),
          line,
          path: 'columns[8].name',
          message: expect.stringMatching(/Rating/),
          sql: expect.stringMatching(/LIMIT 0$/),
        }),
      ]);
      const human = await ktx(['sl', 'validate', 'tracks', '--live']);
      expect(human.stdout).toContain(`semantic-layer/chinook/tracks.yaml:${line}:`);
    } finally {
      writeFileSync(join(layer(), 'tracks.yaml'), tracks);
    }
  });

  it('validate --live sends nothing the read-only gate refuses: a side-effecting sql: source is reported at its line', async () => {
    // Static validation refuses write keywords; a side-effecting function gets past it and must
    // be stopped by the connector's gate (the same one every probe and --execute query passes).
    const q = (name: string) => (engine === 'postgres' ? `"${name}"` : name);
    writeFileSync(
      join(layer(), 'bump.yaml'),
      `name: bump\nsql: SELECT ${q('GenreId')}, setval('genre_seq', 1) AS bumped FROM ${q('Genre')}\ngrain: [GenreId]\ncolumns:\n  - {name: GenreId, type: number}\n`,
    );
    try {
      const res = await ktx(['sl', 'validate', 'bump', '--live', '--json']);
      expect(res.code).toBe(1);
      expect(res.json().data.errors).toEqual([
        expect.objectContaining({
          code: 'sl_live_rejected',
          file: expect.stringMatching(/bump\.yaml$/),
          path: 'sql',
          line: 2,
          message: expect.stringMatching(/setval.*\(sql_not_read_only\)/),
        }),
      ]);
    } finally {
      rmSync(join(layer(), 'bump.yaml'));
    }
  });

  it('left the warehouse unchanged, and never printed the server URL', async () => {
    expect(await warehouseChecksum(wh)).toBe(before);
    if (wh.adminUrl) {
      const all = outputs.join('\n');
      expect(all).not.toContain(wh.adminUrl);
      const password = new URL(wh.adminUrl).password;
      if (password) expect(all).not.toContain(`:${password}@`);
    }
  });
});
