import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { cleanEnv, makeTempDir, runKtx } from '../support/cli.js';
import { provisionDemo, type Warehouse } from '../support/warehouses.js';

/** `ktx scan` / `ktx ingest` as users and agents run them (built binary, real SQLite and DuckDB drivers). */

const scanEnv = () => cleanEnv();

const git = (cwd: string, ...args: string[]) =>
  execFileSync('git', ['-C', cwd, ...args], { encoding: 'utf8' }).trim();

let root: string;
let project: string;
let cleanup: () => void;
let warehouses: Warehouse[] = [];
beforeAll(async () => {
  ({ dir: root, cleanup } = makeTempDir('ktx-scan-cli-'));
  project = join(root, 'analytics');
  expect((await runKtx(['init', project], { env: scanEnv() })).code).toBe(0);
  warehouses = await Promise.all([provisionDemo('sqlite'), provisionDemo('duckdb')]);
  const config = {
    version: 1,
    project: { name: 'analytics' },
    connections: { wh: warehouses[0]!.config, lake: warehouses[1]!.config },
    scan: { sample_rows: 2000 },
  };
  writeFileSync(join(project, 'ktx.yaml'), stringify(config));
  git(project, 'add', '-A');
  git(project, '-c', 'user.name=t', '-c', 'user.email=t@t', 'commit', '-qm', 'connections');
});
afterAll(async () => {
  for (const warehouse of warehouses) await warehouse.cleanup();
  cleanup();
});

const contextCheck = async () => {
  const status = await runKtx(['status', '--json'], { cwd: project, env: scanEnv() });
  return status.json().data.checks.find((check: { id: string }) => check.id === 'context.built');
};

describe('ktx scan', () => {
  it('leaves status saying the warehouses are not scanned yet, before any scan', async () => {
    const context = await contextCheck();
    expect(context).toMatchObject({
      status: 'warn',
      message: 'not scanned yet: wh, lake',
      fix: 'Scan the warehouse and build its semantic layer: `ktx ingest wh`',
    });
  });

  it('prints exactly the documented --json shape, with progress only on stderr', async () => {
    const res = await runKtx(['scan', 'wh', '--json'], { cwd: project, env: scanEnv() });
    expect(res.code, res.stderr).toBe(0);
    const out = res.json();
    expect(out.ok).toBe(true);
    expect(Object.keys(out.data).sort()).toEqual(['connection', 'relationships', 'tables']);
    expect(out.data.connection).toBe('wh');
    const accounts = out.data.tables.find((t: { name: string }) => t.name === 'accounts');
    expect(accounts).toMatchObject({
      name: 'accounts',
      schema: null,
      rowCount: 2000,
      primaryKey: { columns: ['account_id'], source: 'declared', confidence: 1 },
    });
    expect(accounts.columns[0]).toMatchObject({ name: 'account_id', type: 'number', nullable: false });
    for (const relationship of out.data.relationships) {
      expect(Object.keys(relationship).sort()).toEqual([
        'cardinality',
        'confidence',
        'from',
        'source',
        'status',
        'to',
      ]);
    }
    expect(out.data.relationships).toContainEqual({
      from: { table: 'support_tickets', columns: ['assigned_to_id'] },
      to: { table: 'employees', columns: ['employee_id'] },
      cardinality: 'many_to_one',
      source: 'inferred',
      status: 'accepted',
      confidence: expect.any(Number),
    });
    // Progress went to stderr; stdout is one JSON document and nothing else.
    expect(res.stderr).toContain('Profiling tables');
    expect(res.stdout.trim().startsWith('{')).toBe(true);
    expect(res.stdout).not.toContain('Profiling');
    expect(git(project, 'log', '-1', '--format=%s')).toMatch(
      /^scan\(wh\): 14 tables, 19 relationships \(4 declared, 15 inferred\)/,
    );
  });

  it('summarises for people and commits nothing when the warehouse did not change', async () => {
    const before = git(project, 'rev-list', '--count', 'HEAD');
    const res = await runKtx(['scan', 'wh'], { cwd: project, env: scanEnv() });
    expect(res.code, res.stderr).toBe(0);
    expect(res.stdout).toContain('Scanned wh (sqlite): 14 tables');
    expect(res.stdout).toContain('relationships  19 accepted (4 declared, 15 inferred)');
    expect(res.stdout).toContain('0 files written');
    expect(git(project, 'rev-list', '--count', 'HEAD')).toBe(before);
  });

  it('scans DuckDB and can ignore declared constraints', async () => {
    const res = await runKtx(['scan', 'lake', '--ignore-declared-constraints', '--json'], {
      cwd: project,
      env: scanEnv(),
    });
    expect(res.code, res.stderr).toBe(0);
    const { relationships, tables } = res.json().data;
    expect(relationships.filter((r: { status: string }) => r.status === 'accepted')).toHaveLength(19);
    expect(relationships.every((r: { source: string }) => r.source === 'inferred')).toBe(true);
    expect(
      tables.every((t: { primaryKey: { source: string } | null }) => t.primaryKey?.source === 'inferred'),
    ).toBe(true);
  });

  it('names an unknown connection with a suggestion, without a stack trace', async () => {
    const res = await runKtx(['scan', 'whh'], { cwd: project, env: scanEnv() });
    expect(res.code).toBe(1);
    expect(res.stderr).toContain('Connection "whh" is not configured in ktx.yaml. Did you mean "wh"?');
    expect(res.stderr).not.toMatch(/\n\s+at /);
    const json = await runKtx(['scan', 'whh', '--json'], { cwd: project, env: scanEnv() });
    expect(json.json().error).toMatchObject({
      code: 'connection_not_found',
      details: { connection: 'whh', configured: ['lake', 'wh'] },
    });
  });

  it('rejects a missing connection argument as a usage error', async () => {
    const res = await runKtx(['scan'], { cwd: project, env: scanEnv() });
    expect(res.code).toBe(64);
  });
});

describe('ktx ingest', () => {
  it('scans, builds the semantic layer and commits with a summary of what changed', async () => {
    const res = await runKtx(['ingest', 'wh', '--json'], { cwd: project, env: scanEnv() });
    expect(res.code, res.stderr).toBe(0);
    const data = res.json().data;
    expect(data.semanticLayer.created).toHaveLength(14);
    expect(data.scan.relationships).toEqual({ accepted: 19, review: 0, declared: 4, inferred: 15 });
    expect(data.commit).toMatch(/^[0-9a-f]{40}$/);
    const message = git(project, 'log', '-1', '--format=%B');
    expect(message).toMatch(/^ingest\(wh\): semantic sources 14 created/);
    expect(message).toContain('Scan: 14 tables, 19 relationships (4 declared, 15 inferred), 0 to review.');
    expect(git(project, 'status', '--porcelain')).toBe('');
    const context = await contextCheck();
    expect(context.details.connections).toContainEqual(expect.objectContaining({ id: 'wh', sources: 14 }));
    // lake was scanned (above) but never ingested.
    expect(context.message).toBe('semantic layer not built for lake (scanned)');
    expect(context.fix).toBe('Build it: `ktx ingest lake`');
  });

  it('is a no-op the second time, and keeps a person’s edit on the next run', async () => {
    const again = await runKtx(['ingest', 'wh'], { cwd: project, env: scanEnv() });
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toContain('nothing to commit');
    const file = join(project, 'semantic-layer/wh/plans.yaml');
    const { readFileSync } = await import('node:fs');
    writeFileSync(
      file,
      readFileSync(file, 'utf8').replace(
        'name: plans\n',
        'name: plans\ndescription: Price list; one row per plan.\n',
      ),
    );
    const third = await runKtx(['ingest', 'wh', '--json'], { cwd: project, env: scanEnv() });
    expect(third.code, third.stderr).toBe(0);
    expect(third.json().data.semanticLayer.unchanged).toContain('semantic-layer/wh/plans.yaml');
    expect(readFileSync(file, 'utf8')).toContain('description: Price list; one row per plan.');
  });
});
