import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { DEMO_QUESTION_SQL } from '../../src/demo/create.js';
import { loadPage, visiblePageFiles } from '../../src/wiki/store.js';
import { loadCatalog } from '../../src/wiki/validate.js';
import { cleanEnv, makeTempDir, REPO_ROOT, runKtx } from '../support/cli.js';

/**
 * `ktx demo`: a working project on the Orbital warehouse, offline, idempotent: the generated
 * semantic layer with the curated one applied on top as a person's edit, the wiki, the index.
 */

const COMMITS = [
  'Add the demo wiki (25 pages)',
  'Curate the demo semantic layer',
  'ingest(warehouse): semantic sources 14 created',
  'Set up the ktx demo on the Orbital warehouse',
  'Initialize ktx project',
];

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
    const yaml = readFileSync(join(project(), 'ktx.yaml'), 'utf8');
    expect(yaml).toContain('default_connection: warehouse');
    expect(yaml).toMatch(/connections:\n {2}warehouse:\n {4}driver: sqlite\n {4}path: data\/orbital.sqlite/);
    expect(readFileSync(join(project(), '.gitignore'), 'utf8')).toMatch(/^data\/$/m);
    expect(existsSync(join(project(), 'data', 'orbital.sqlite'))).toBe(true);
    expect(git(project(), 'status', '--porcelain')).toBe('');
    expect(git(project(), 'log', '--format=%s')).toBe(COMMITS.join('\n'));
    expect(res.stdout).toContain('ktx sl list');
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
    const search = await runKtx(['search', 'net revenue after refunds', '--json'], {
      cwd: project(),
      env: env(),
    });
    expect(search.code, search.stderr).toBe(0);
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

  it('says so when re-run, and regenerates the data a fresh clone lacks', async () => {
    const again = await runKtx(['demo', '--json'], { cwd: project(), env: env() });
    expect(again.json().data).toMatchObject({ projectDir: project(), created: false });
    const human = await runKtx(['demo'], { cwd: project(), env: env() });
    expect(human.stdout).toContain('is already a ktx demo project');
    rmSync(join(project(), 'data'), { recursive: true });
    const repaired = await runKtx(['demo', '--json'], {
      cwd: project(),
      env: env(),
      timeoutMs: 120_000,
    });
    expect(repaired.json().data.steps.find((s: { id: string }) => s.id === 'warehouse').status).toBe('done');
    expect(git(project(), 'rev-list', '--count', 'HEAD')).toBe(String(COMMITS.length + 1));
    const status = await runKtx(['status', '--probe', '--json'], { cwd: project(), env: env() });
    expect(status.json().data.checks.find((c: { id: string }) => c.id === 'connections').status).toBe('ok');
  });
});
