import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { DEMO_QUESTION_SQL } from '../../src/demo/create.js';
import { DEMO_DECLARED_FOREIGN_KEYS, DEMO_UNDECLARED_FOREIGN_KEYS } from '../../src/demo/schema.js';
import { loadPage, visiblePageFiles } from '../../src/wiki/store.js';
import { loadCatalog } from '../../src/wiki/validate.js';
import { cleanEnv, makeTempDir, REPO_ROOT, runKtx } from '../support/cli.js';

/**
 * `ktx demo`: a working project on the Orbital warehouse, offline, idempotent: the generated
 * semantic layer with the curated one applied on top as a person's edit, the wiki, the index.
 * Each test uses what the demo built through the CLI a user would run next (sl, search, scan,
 * status, sql), so a step that only pretends to work fails here.
 */

const COMMITS = [
  'Add the demo wiki (25 pages)',
  'Curate the demo semantic layer',
  'ingest(warehouse): semantic sources 14 created',
  'Set up the ktx demo on the Orbital warehouse',
  'Initialize ktx project',
];

interface Relationship {
  from: { table: string; columns: string[] };
  to: { table: string; columns: string[] };
  source: 'declared' | 'inferred';
  status: 'accepted' | 'review';
}
const fkKey = (fk: { table: string; columns: string[]; refTable: string; refColumns: string[] }) =>
  `${fk.table}(${fk.columns}) -> ${fk.refTable}(${fk.refColumns})`;
const relKey = (r: Relationship) => `${r.from.table}(${r.from.columns}) -> ${r.to.table}(${r.to.columns})`;

const git = (cwd: string, ...args: string[]) =>
  execFileSync('git', ['-C', cwd, ...args], { encoding: 'utf8' }).trim();

let root: string;
let cleanup: () => void;
// The gate's verdict-cache key goes to a scratch cache dir, not the tester's home.
const env = (extra: NodeJS.ProcessEnv = {}) =>
  cleanEnv({ XDG_CACHE_HOME: join(root, 'xdg-cache'), ...extra });
beforeAll(() => {
  ({ dir: root, cleanup } = makeTempDir('ktx-e2e-demo-'));
});
afterAll(() => cleanup());

describe('ktx demo', () => {
  const project = () => join(root, 'ktx-demo');

  it('creates a committed project whose warehouse connection works, and says what to try', async () => {
    // No network: the proxy variables point nowhere, and nothing needs them.
    const res = await runKtx(['demo'], {
      cwd: root,
      env: env({ HTTP_PROXY: 'http://127.0.0.1:9', HTTPS_PROXY: 'http://127.0.0.1:9' }),
      timeoutMs: 120_000,
    });
    expect(res.code).toBe(0);
    expect(res.stdout).toContain(`Demo project ready in ${project()}`);
    expect(res.stdout).toContain('Try next:');
    expect(res.stdout).toContain('ktx sql "select a.segment');
    // It ends by telling the user how to connect an agent.
    expect(res.stdout.trimEnd().split('\n').at(-1)).toContain('ktx setup --agents --target claude-code');
    const yaml = readFileSync(join(project(), 'ktx.yaml'), 'utf8');
    expect(yaml).toContain('default_connection: warehouse');
    expect(yaml).toMatch(/connections:\n {2}warehouse:\n {4}driver: sqlite\n {4}path: data\/orbital.sqlite/);
    expect(readFileSync(join(project(), '.gitignore'), 'utf8')).toMatch(/^data\/$/m);
    expect(existsSync(join(project(), 'data', 'orbital.sqlite'))).toBe(true);
    expect(git(project(), 'status', '--porcelain')).toBe('');
    expect(git(project(), 'log', '--format=%s')).toBe(COMMITS.join('\n'));
    // The context steps ran and said what they built.
    expect(res.stdout).toContain(
      `14 tables, ${DEMO_DECLARED_FOREIGN_KEYS.length + DEMO_UNDECLARED_FOREIGN_KEYS.length} joins (${DEMO_UNDECLARED_FOREIGN_KEYS.length} inferred from the data) → semantic-layer/warehouse/`,
    );
    expect(res.stdout).toContain('14 sources curated');
    expect(res.stdout).toContain('25 pages → wiki/global/');
    expect(res.stdout).toMatch(/Refresh the search index: \d+ documents from \d+ files/);
    expect(res.stdout).toContain('ktx sl list');
    expect(res.stdout).toContain('ktx search "net revenue after refunds"');
  });

  it('left a scan whose inferred joins are the warehouse’s undeclared keys; re-scanning changes nothing', async () => {
    const scan = await runKtx(['scan', 'warehouse', '--json'], { cwd: project(), env: env() });
    expect(scan.code, scan.stderr).toBe(0);
    const relationships: Relationship[] = scan.json().data.relationships;
    const accepted = relationships.filter((r) => r.status === 'accepted');
    expect(
      accepted
        .filter((r) => r.source === 'inferred')
        .map(relKey)
        .sort(),
    ).toEqual(DEMO_UNDECLARED_FOREIGN_KEYS.map(fkKey).sort());
    expect(
      accepted
        .filter((r) => r.source === 'declared')
        .map(relKey)
        .sort(),
    ).toEqual(DEMO_DECLARED_FOREIGN_KEYS.map(fkKey).sort());
    // The snapshot the demo committed is what a scan of the same warehouse writes, byte for byte.
    expect(git(project(), 'status', '--porcelain')).toBe('');
    // The generated base files carry the inferred joins, both directions.
    const generated = (table: string) =>
      parse(readFileSync(join(project(), 'raw-sources', 'warehouse', 'generated', `${table}.yaml`), 'utf8'));
    expect(generated('support_tickets').joins).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ to: 'employees', relationship: 'many_to_one' }),
        expect.objectContaining({ to: 'users', relationship: 'many_to_one' }),
      ]),
    );
    expect(generated('employees').joins).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ to: 'support_tickets', relationship: 'one_to_many' }),
      ]),
    );
    const status = await runKtx(['status', '--json'], { cwd: project(), env: env() });
    expect(status.json().data.checks.find((c: { id: string }) => c.id === 'context.built')).toMatchObject({
      status: 'ok',
      details: { connections: [{ id: 'warehouse', sources: 14, invalidFiles: 0, scanned: true }] },
    });
  });

  it('lists the curated sources with `ktx sl list`, and its measures answer the demo question', async () => {
    const list = await runKtx(['sl', 'list', '--json'], { cwd: project(), env: env() });
    expect(list.code, list.stderr).toBe(0);
    const sources: Array<{ name: string; measures: string[]; segments: string[]; joins: unknown[] }> =
      list.json().data.sources;
    expect(sources.map((s) => s.name).sort()).toEqual(
      readdirSync(join(REPO_ROOT, 'assets', 'demo', 'semantic-layer'))
        .map((file) => file.replace(/\.yaml$/, ''))
        .sort(),
    );
    const subscriptions = sources.find((s) => s.name === 'subscriptions')!;
    expect(subscriptions.measures).toEqual(expect.arrayContaining(['mrr', 'arr']));
    expect(sources.find((s) => s.name === 'accounts')!.joins).toContainEqual({
      to: 'employees',
      alias: 'account_manager',
      relationship: 'many_to_one',
    });
    // The same answer through the semantic layer as through hand-written SQL.
    const compiled = await runKtx(
      [
        'sl',
        'query',
        '--measure',
        'subscriptions.mrr',
        '--dimension',
        'accounts.segment',
        '--segment',
        'subscriptions.active',
        '--segment',
        'accounts.customers',
        '--format',
        'json',
      ],
      { cwd: project(), env: env() },
    );
    expect(compiled.code, compiled.stderr).toBe(0);
    const viaLayer = await runKtx(['sql', '--json', compiled.json().sql], { cwd: project(), env: env() });
    const byHand = await runKtx(['sql', '--json', DEMO_QUESTION_SQL], { cwd: project(), env: env() });
    expect(viaLayer.code, viaLayer.stderr).toBe(0);
    const mrr = (rows: unknown[][], col: number) =>
      Object.fromEntries(rows.map((row) => [row[0], Number(row[col])]));
    const expected = mrr(byHand.json().data.rows, 2);
    expect(Object.keys(expected).sort()).toEqual(['enterprise', 'mid_market', 'smb']);
    expect(mrr(viaLayer.json().data.rows, 1)).toEqual(expected);
  });

  it('ships a curated semantic layer and wiki that validate, with every sl_ref resolving', async () => {
    const sl = await runKtx(['sl', 'validate', '--json'], { cwd: project(), env: env() });
    expect(sl.code, sl.stderr).toBe(0);
    const wiki = await runKtx(['wiki', 'validate', '--json'], { cwd: project(), env: env() });
    expect(wiki.code, wiki.stderr).toBe(0);
    expect(wiki.json().data).toMatchObject({ errors: [], pages: 25 });
    const { catalog, invalidFiles } = loadCatalog(project());
    expect(invalidFiles).toEqual([]);
    const refs = visiblePageFiles(project(), 'local').flatMap((file) => loadPage(file).slRefs);
    expect(refs.length).toBeGreaterThan(40);
    for (const ref of refs) expect(catalog.resolve(ref).ok, ref).toBe(true);
    // The curated files are what the project holds; the generated ones stay the merge base.
    const assets = join(REPO_ROOT, 'assets', 'demo', 'semantic-layer');
    for (const file of readdirSync(assets)) {
      expect(readFileSync(join(project(), 'semantic-layer', 'warehouse', file), 'utf8'), file).toBe(
        readFileSync(join(assets, file), 'utf8'),
      );
    }
    expect(existsSync(join(project(), 'raw-sources', 'warehouse', 'generated', 'accounts.yaml'))).toBe(true);
  });

  it('searches the wiki, the layer and the scanned values from the index the demo refreshed', async () => {
    const search = await runKtx(['search', 'net revenue after refunds', '--json'], {
      cwd: project(),
      env: env(),
    });
    expect(search.code, search.stderr).toBe(0);
    const data = search.json().data;
    // Nothing to refresh: the demo's index step already indexed what it committed.
    expect(data.refreshed).toBeNull();
    expect(data.results[0]).toMatchObject({ kind: 'wiki', ref: 'net-revenue' });
    expect(data.results.slice(0, 5).map((r: { ref: string }) => r.ref)).toContain('warehouse/refunds');
    // A value only the scan's profile knows (a top value of subscriptions.cancel_reason).
    const value = await runKtx(['search', 'switched_competitor', '--json'], { cwd: project(), env: env() });
    expect(value.json().data.results[0]).toMatchObject({
      kind: 'value',
      ref: 'warehouse/subscriptions.cancel_reason',
    });
  });

  it('keeps the curated content when a re-scan brings warehouse changes (the ownership model)', async () => {
    const db = new Database(join(project(), 'data', 'orbital.sqlite'));
    db.exec('ALTER TABLE accounts ADD COLUMN health_score INTEGER');
    db.close();
    const res = await runKtx(['ingest', 'warehouse', '--json'], { cwd: project(), env: env() });
    expect(res.code, res.stderr).toBe(0);
    expect(res.json().data.semanticLayer).toMatchObject({
      updated: ['semantic-layer/warehouse/accounts.yaml'],
      conflicts: [],
    });
    const accounts = parse(
      readFileSync(join(project(), 'semantic-layer', 'warehouse', 'accounts.yaml'), 'utf8'),
    );
    expect(accounts.columns.map((c: { name: string }) => c.name)).toContain('health_score');
    expect(accounts.measures.map((m: { name: string }) => m.name)).toEqual([
      'account_count',
      'customer_count',
    ]);
    expect(accounts.description).toMatch(/^Customer companies/);
    expect(git(project(), 'log', '-1', '--format=%s')).toBe('ingest(warehouse): semantic sources 1 updated');
  });

  it('answers the suggested question', async () => {
    const res = await runKtx(['sql', '--json', DEMO_QUESTION_SQL], { cwd: project(), env: env() });
    expect(res.code).toBe(0);
    const data = res.json().data;
    expect(data.columns.map((c: { name: string }) => c.name)).toEqual([
      'segment',
      'subscriptions',
      'mrr_usd',
    ]);
    expect(data.rows.map((row: unknown[]) => row[0])).toEqual(['enterprise', 'mid_market', 'smb']);
  });

  it('says so when re-run, and in a fresh clone regenerates only the data and the index', async () => {
    const again = await runKtx(['demo', '--json'], { cwd: project(), env: env() });
    expect(again.json().data).toMatchObject({ projectDir: project(), created: false });
    const human = await runKtx(['demo'], { cwd: project(), env: env() });
    expect(human.stdout).toContain('is already a ktx demo project');
    // A fresh clone has the committed context but neither data/ nor .ktx/ (both git-ignored).
    const clone = join(root, 'clone');
    execFileSync('git', ['clone', '--quiet', project(), clone]);
    expect(existsSync(join(clone, 'data'))).toBe(false);
    expect(existsSync(join(clone, '.ktx'))).toBe(false);
    const head = git(clone, 'rev-parse', 'HEAD');
    const repaired = await runKtx(['demo', '--json'], { cwd: clone, env: env(), timeoutMs: 120_000 });
    expect(repaired.code, repaired.stderr).toBe(0);
    const steps = Object.fromEntries(
      repaired.json().data.steps.map((s: { id: string; status: string }) => [s.id, s.status]),
    );
    expect(steps).toMatchObject({
      warehouse: 'done',
      ingest: 'skipped',
      curate: 'skipped',
      wiki: 'skipped',
      index: 'done',
    });
    // Nothing committed: the clone already holds everything but the data and local state.
    expect(git(clone, 'rev-parse', 'HEAD')).toBe(head);
    expect(git(clone, 'status', '--porcelain')).toBe('');
    const status = await runKtx(['status', '--probe', '--json'], { cwd: clone, env: env() });
    expect(status.json().data.checks.find((c: { id: string }) => c.id === 'connections').status).toBe('ok');
    const search = await runKtx(['search', 'net revenue after refunds', '--json'], {
      cwd: clone,
      env: env(),
    });
    expect(search.json().data.refreshed).toBeNull();
    expect(search.json().data.results[0]).toMatchObject({ kind: 'wiki', ref: 'net-revenue' });
  });
});
