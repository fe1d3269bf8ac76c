import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { cleanEnv, makeTempDir, runKtx } from '../support/cli.js';
import { describeResponder, parseBatch } from '../support/fakes/describe-responder.js';
import { type FakeLlmServer, startFakeLlmServer } from '../support/fakes/llm-server.js';
import { provisionDemo, type Warehouse } from '../support/warehouses.js';

/**
 * `ktx ingest` with an LLM configured, through the built binary against the fake Anthropic
 * API: descriptions in batches of `ingest.batch_size`, nothing re-described when nothing
 * changed (also after the local cache is gone), a person's text never replaced, and a failed
 * batch only a warning that keeps the previous descriptions.
 */

const KEY = 'sk-ant-api03-ingest-e2e-secret-000000001';
const BATCH = 4;
const TABLES = ['accounts', 'account_features', 'employees', 'features', 'plans', 'subscriptions'];

let fake: FakeLlmServer;
let warehouse: Warehouse;
let root: string;
let cleanup: () => void;
let project: string;

const git = (...args: string[]) => execFileSync('git', ['-C', project, ...args], { encoding: 'utf8' }).trim();
const ktx = (args: string[], key = KEY) =>
  runKtx(args, {
    cwd: project,
    env: cleanEnv({ KTX_TEST_ANTHROPIC_KEY: key, ANTHROPIC_API_KEY: undefined, KTX_LLM_DEBUG: undefined }),
  });
const source = (name: string) =>
  parse(readFileSync(join(project, 'semantic-layer', 'warehouse', `${name}.yaml`), 'utf8'));
const columnOf = (doc: { columns: Array<{ name: string; description?: string }> }, name: string) =>
  doc.columns.find((column) => column.name === name)!;
/** Changes the warehouse's schema behind ktx's back (the test owns this copy of the demo). */
const alter = (sql: string) => {
  const db = new Database(warehouse.file!);
  db.exec(sql);
  db.close();
};

beforeAll(async () => {
  fake = await startFakeLlmServer({ anthropicKey: KEY, responder: describeResponder });
  warehouse = await provisionDemo('sqlite');
  ({ dir: root, cleanup } = makeTempDir('ktx-ingest-llm-'));
  project = join(root, 'analytics');
  expect((await runKtx(['init', project], { env: cleanEnv() })).code).toBe(0);
  const config = {
    version: 1,
    project: { name: 'analytics' },
    // The small tables of the demo: the big fact tables would only slow the scan down here.
    connections: { warehouse: { ...warehouse.config, include_tables: [...TABLES] } },
    scan: { sample_rows: 2000 },
    ingest: { batch_size: BATCH },
    llm: {
      provider: {
        backend: 'anthropic',
        anthropic: { api_key: 'env:KTX_TEST_ANTHROPIC_KEY', base_url: fake.anthropicBaseUrl },
      },
      models: { default: 'claude-sonnet-4-6', candidateExtraction: 'claude-haiku-4-5' },
      retry: { maxAttempts: 2, baseDelayMs: 10, maxDelayMs: 100 },
    },
  };
  writeFileSync(join(project, 'ktx.yaml'), stringify(config));
  git('add', '-A');
  git('-c', 'user.name=t', '-c', 'user.email=t@t', 'commit', '-qm', 'config');
});
afterAll(async () => {
  await fake.close();
  await warehouse?.cleanup();
  cleanup();
});

describe('ktx ingest with an LLM', () => {
  it('describes every table and column in batches of ingest.batch_size, and commits them', async () => {
    const res = await ktx(['ingest', 'warehouse', '--json']);
    expect(res.code, res.stderr).toBe(0);
    const { descriptions } = res.json().data;
    expect(descriptions).toMatchObject({
      status: 'llm',
      model: 'claude-haiku-4-5',
      tables: 6,
      described: 6,
      failed: 0,
      failures: [],
    });
    expect(descriptions.calls).toBe(fake.model.calls.length);
    const batches = fake.model.calls.map((call) => parseBatch(call.lastUserText).length);
    expect(Math.max(...batches)).toBeLessThanOrEqual(BATCH);
    expect(Math.max(...batches)).toBeGreaterThan(1);
    expect(new Set(fake.model.calls.map((call) => call.model))).toEqual(new Set(['claude-haiku-4-5']));
    const plans = source('plans');
    expect(plans.description).toMatch(/^One row per plan/);
    expect(columnOf(plans, 'tier').description).toBe(
      'The tier of the plan, as recorded by the source system.',
    );
    expect(git('log', '-1', '--format=%B')).toContain(
      'Descriptions: 6 tables described by claude-haiku-4-5.',
    );
    expect(git('status', '--porcelain')).toBe('');
    expect(res.stdout + res.stderr).not.toContain(KEY);
  });

  it('never re-describes an unchanged warehouse, even without the local cache (a fresh clone)', async () => {
    const calls = fake.model.calls.length;
    const again = await ktx(['ingest', 'warehouse', '--json']);
    expect(again.code, again.stderr).toBe(0);
    expect(again.json().data).toMatchObject({ descriptions: { described: 0, calls: 0 }, commit: null });
    rmSync(join(project, '.ktx', 'cache', 'llm'), { recursive: true, force: true });
    const clone = await ktx(['ingest', 'warehouse', '--json']);
    expect(clone.json().data).toMatchObject({ descriptions: { described: 0, reused: 6 }, commit: null });
    expect(fake.model.calls.length).toBe(calls);
  });

  it('describes only what changed and never replaces what a person wrote', async () => {
    const file = join(project, 'semantic-layer', 'warehouse', 'plans.yaml');
    const text = readFileSync(file, 'utf8');
    const tier = columnOf(source('plans'), 'tier').description!;
    writeFileSync(
      file,
      text
        .replace(/^description: .*$/m, 'description: The price list, one row per plan. # finance')
        .replace(tier, 'Pricing tier; enterprise is sold by sales only.'),
    );
    git('-c', 'user.name=t', '-c', 'user.email=t@t', 'commit', '-qam', 'curate plans');
    alter('ALTER TABLE plans ADD COLUMN trial_days INTEGER');
    const calls = fake.model.calls.length;
    const res = await ktx(['ingest', 'warehouse', '--json']);
    expect(res.code, res.stderr).toBe(0);
    const data = res.json().data;
    expect(data.descriptions).toMatchObject({ described: 1, calls: 1, reused: 5 });
    expect(data.semanticLayer.conflicts).toEqual([]);
    expect(parseBatch(fake.model.calls.at(-1)!.lastUserText).map((t) => t.key)).toEqual(['plans']);
    expect(fake.model.calls.length).toBe(calls + 1);
    const plans = readFileSync(file, 'utf8');
    expect(plans).toContain('description: The price list, one row per plan. # finance');
    expect(plans).toContain('Pricing tier; enterprise is sold by sales only.');
    expect(columnOf(parse(plans), 'trial_days').description).toMatch(/trial days/);
  });

  it('keeps the previous descriptions when a batch fails, warns, and still commits the scan', async () => {
    const before = source('features');
    alter('ALTER TABLE features ADD COLUMN launched_on TEXT');
    fake.model.script({ status: 500 }, { status: 500 });
    const res = await ktx(['ingest', 'warehouse', '--json']);
    expect(res.code, res.stderr).toBe(0);
    expect(res.json().warnings).toEqual([
      expect.objectContaining({
        code: 'descriptions_failed',
        message: expect.stringContaining('LLM descriptions for features were not written (llm_'),
      }),
    ]);
    expect(res.stderr).toContain('warning: LLM descriptions for features were not written');
    expect(res.json().data.descriptions).toMatchObject({ described: 0, failed: 1 });
    const features = source('features');
    expect(features.description).toBe(before.description);
    expect(columnOf(features, 'feature_name').description).toBe(columnOf(before, 'feature_name').description);
    expect(columnOf(features, 'launched_on').description).toBeUndefined();
    expect(git('log', '-1', '--format=%B')).toContain('1 failed (previous descriptions kept)');
    // The next run retries it.
    const retry = await ktx(['ingest', 'warehouse', '--json']);
    expect(retry.json().data.descriptions).toMatchObject({ described: 1, failed: 0 });
    expect(columnOf(source('features'), 'launched_on').description).toMatch(/launched on/);
  });

  it('builds the layer anyway when the LLM cannot start, keeping every description', async () => {
    alter('ALTER TABLE accounts ADD COLUMN health TEXT');
    const calls = fake.model.calls.length;
    // An empty variable counts as unset: the API key is missing.
    const res = await ktx(['ingest', 'warehouse', '--json'], '');
    expect(res.code, res.stderr).toBe(0);
    const body = res.json();
    expect(body.warnings).toEqual([
      expect.objectContaining({ code: 'descriptions_unavailable', fix: expect.any(String) }),
    ]);
    expect(body.data.descriptions).toMatchObject({
      status: 'off',
      reason: expect.stringContaining('could not start'),
    });
    expect(body.data.semanticLayer.updated).toEqual(['semantic-layer/warehouse/accounts.yaml']);
    expect(fake.model.calls.length).toBe(calls);
    const accounts = source('accounts');
    expect(accounts.description).toMatch(/^One row per account/);
    expect(columnOf(accounts, 'segment').description).toMatch(/segment/);
    expect(columnOf(accounts, 'health').description).toBeUndefined();
  });

  it('stays deterministic with ingest.descriptions: off', async () => {
    expect((await ktx(['config', 'set', 'ingest.descriptions', 'off'])).code).toBe(0);
    alter('ALTER TABLE employees ADD COLUMN badge TEXT');
    const calls = fake.model.calls.length;
    const res = await ktx(['ingest', 'warehouse', '--json']);
    expect(res.code, res.stderr).toBe(0);
    expect(res.json().data.descriptions).toEqual({
      status: 'off',
      reason: 'ingest.descriptions is off in ktx.yaml',
    });
    expect(fake.model.calls.length).toBe(calls);
    // Existing descriptions stay: the generated side keeps them without asking the LLM.
    const employees = source('employees');
    expect(employees.description).toMatch(/^One row per employee/);
    expect(columnOf(employees, 'badge').description).toBeUndefined();
  });
});
