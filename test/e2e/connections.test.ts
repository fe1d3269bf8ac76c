import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanEnv, makeTempDir, runKtx } from '../support/cli.js';
import { datasetPath } from '../support/datasets.js';
import { mysqlAdminUrl, pgAdminUrl } from '../support/servers.js';
import { provisionChinook, type Warehouse } from '../support/warehouses.js';

/** `ktx connection …` and `ktx sql` as a user runs them, against live servers. */

const git = (cwd: string, ...args: string[]) =>
  execFileSync('git', ['-C', cwd, ...args], { encoding: 'utf8' }).trim();

let root: string;
let cleanup: () => void;
let project: string;
let pg: Warehouse;
const pgUrl = () => new URL(pgAdminUrl());
const myUrl = () => new URL(mysqlAdminUrl());
const PG_SECRET = 'pg-secret-value-123456';
// The pg connection's password comes from this variable (the test server trusts loopback).
const ktx = (args: string[], options: { env?: NodeJS.ProcessEnv; input?: string } = {}) =>
  runKtx(args, {
    cwd: project,
    // The gate's verdict-cache key goes to a scratch cache dir, not the tester's home.
    env: cleanEnv({ KTX_E2E_PGPW: PG_SECRET, XDG_CACHE_HOME: join(root, 'xdg-cache'), ...options.env }),
    input: options.input,
  });

beforeAll(async () => {
  ({ dir: root, cleanup } = makeTempDir('ktx-e2e-conn-'));
  pg = await provisionChinook('postgres');
  expect((await runKtx(['init', 'p'], { cwd: root, env: cleanEnv() })).code).toBe(0);
  project = join(root, 'p');
  copyFileSync(datasetPath('chinook.sqlite'), join(project, 'chinook.db'));
});
afterAll(async () => {
  await pg?.cleanup();
  cleanup();
});

describe('ktx connection add', () => {
  it('adds a sqlite connection after testing it, and commits', async () => {
    const res = await ktx([
      'connection',
      'add',
      'local',
      '--driver',
      'sqlite',
      '--path',
      'chinook.db',
      '--json',
    ]);
    expect(res.code).toBe(0);
    expect(res.json().data).toMatchObject({
      connection: { id: 'local', driver: 'sqlite', target: 'chinook.db' },
      replaced: false,
    });
    expect(res.json().data.tested.serverVersion).toMatch(/^SQLite 3\./);
    expect(readFileSync(join(project, 'ktx.yaml'), 'utf8')).toMatch(
      /connections:\n {2}local:\n {4}driver: sqlite\n {4}path: chinook.db/,
    );
    expect(git(project, 'log', '-1', '--format=%s')).toBe('connection: add local');
    expect(git(project, 'status', '--porcelain', 'ktx.yaml')).toBe('');
  });

  it('refuses a duplicate id and a broken connection without writing anything', async () => {
    const before = readFileSync(join(project, 'ktx.yaml'), 'utf8');
    const dup = await ktx(['connection', 'add', 'local', '--driver', 'sqlite', '--path', 'chinook.db']);
    expect(dup.code).toBe(1);
    expect(dup.stderr).toContain('already exists');
    const missing = await ktx([
      'connection',
      'add',
      'gone',
      '--driver',
      'sqlite',
      '--path',
      'missing.db',
      '--json',
    ]);
    expect(missing.code).toBe(1);
    expect(missing.json().error.code).toBe('connection_database_missing');
    expect(missing.json().error.hint).toContain('--skip-test');
    const usage = await ktx(['connection', 'add', 'x', '--driver', 'postgress']);
    expect(usage.code).toBe(64);
    expect(usage.stderr).toContain('Did you mean "postgres"');
    expect(readFileSync(join(project, 'ktx.yaml'), 'utf8')).toBe(before);
  });

  it('stores a postgres password as an env: reference, never in clear', async () => {
    const secret = PG_SECRET;
    const res = await ktx([
      'connection',
      'add',
      'pg',
      '--driver',
      'postgres',
      '--host',
      pgUrl().hostname,
      '--port',
      pgUrl().port,
      '--database',
      pg.database!,
      '--user',
      'postgres',
      '--password-env',
      'KTX_E2E_PGPW',
      '--schema',
      'public',
    ]);
    expect(res.code).toBe(0);
    expect(res.stdout).toMatch(/Added connection pg \(postgres, .*\) · PostgreSQL/);
    const yaml = readFileSync(join(project, 'ktx.yaml'), 'utf8');
    expect(yaml).toContain('password: env:KTX_E2E_PGPW');
    expect(yaml).toContain('schemas:\n      - public');
    expect(yaml + res.stdout + res.stderr).not.toContain(secret);
  });

  it('reads --password-stdin into a 0600 secret file; a wrong password writes nothing and is never shown', async () => {
    const wrong = 'wrong-password-secret-99';
    const base = [
      '--driver',
      'mariadb',
      '--host',
      myUrl().hostname,
      '--port',
      myUrl().port,
      '--user',
      'ktx',
      '--password-stdin',
    ];
    const bad = await ktx(['connection', 'add', 'mybad', ...base, '--json'], { input: `${wrong}\n` });
    expect(bad.code).toBe(1);
    expect(bad.json().error.code).toBe('connection_auth');
    expect(bad.stdout + bad.stderr).not.toContain(wrong);
    expect(existsSync(join(project, '.ktx', 'secrets', 'mybad-password'))).toBe(false);
    const good = await ktx(['connection', 'add', 'my', ...base], { input: 'ktx\n' });
    expect(good.code).toBe(0);
    const secretFile = join(project, '.ktx', 'secrets', 'my-password');
    expect(statSync(secretFile).mode & 0o777).toBe(0o600);
    expect(readFileSync(join(project, 'ktx.yaml'), 'utf8')).toContain(
      'password: file:.ktx/secrets/my-password',
    );
  });

  it('moves a password embedded in --url into a secret file', async () => {
    const url = `postgres://postgres:url-secret-777777@${pgUrl().host}/${pg.database}`;
    const res = await ktx(['connection', 'add', 'pgurl', '--driver', 'postgres', '--url', url]);
    expect(res.code).toBe(0);
    expect(readFileSync(join(project, 'ktx.yaml'), 'utf8')).toContain('url: file:.ktx/secrets/pgurl-url');
    expect(res.stdout + res.stderr + readFileSync(join(project, 'ktx.yaml'), 'utf8')).not.toContain(
      'url-secret-777777',
    );
  });
});

describe('ktx connection list / test / remove', () => {
  it('lists connections without credentials', async () => {
    const res = await ktx(['connection', 'list', '--json']);
    expect(res.json().data.connections.map((c: { id: string }) => c.id)).toEqual([
      'local',
      'my',
      'pg',
      'pgurl',
    ]);
    const human = await ktx(['connection', 'list']);
    expect(human.stdout).toMatch(/^ID\s+DRIVER\s+TARGET/);
    expect(human.stdout).not.toContain('url-secret');
  });

  it('tests all connections and reports a categorised failure with a fix', async () => {
    expect(
      (
        await ktx([
          'connection',
          'add',
          'down',
          '--driver',
          'postgres',
          '--host',
          '127.0.0.1',
          '--port',
          '1',
          '--skip-test',
        ])
      ).code,
    ).toBe(0);
    const res = await ktx(['connection', 'test', '--all', '--json']);
    expect(res.code).toBe(1);
    const results = res.json().data.results as Array<{
      id: string;
      ok: boolean;
      error?: { code: string; hint: string };
    }>;
    expect(results.filter((r) => r.ok).map((r) => r.id)).toEqual(['local', 'my', 'pg', 'pgurl']);
    expect(results.find((r) => r.id === 'down')).toMatchObject({
      ok: false,
      error: { code: 'connection_unreachable' },
    });
    const one = await ktx(['connection', 'test', 'down']);
    expect(one.code).toBe(1);
    expect(one.stderr).toContain('cannot reach the server');
    expect(one.stderr).toContain('hint:');
    const status = await ktx(['status', '--probe', '--json']);
    expect(status.json().data.checks.find((c: { id: string }) => c.id === 'connections')).toMatchObject({
      status: 'fail',
    });
  });

  it('removes a connection and the secret ktx stored for it', async () => {
    const res = await ktx(['connection', 'remove', 'my', '--json']);
    expect(res.json().data).toMatchObject({ removed: 'my', secretsRemoved: ['my-password'] });
    expect(existsSync(join(project, '.ktx', 'secrets', 'my-password'))).toBe(false);
    expect(git(project, 'log', '-1', '--format=%s')).toBe('connection: remove my');
    expect((await ktx(['connection', 'remove', 'my'])).code).toBe(1);
  });
});

describe('ktx sql', () => {
  it('prints csv by default when piped, json rows, tables, and the --json envelope', async () => {
    const csv = await ktx(['sql', '-c', 'local', 'select count(*) as n from Track']);
    expect([csv.code, csv.stdout]).toEqual([0, 'n\r\n3503\r\n']);
    const json = await ktx([
      'sql',
      '-c',
      'pg',
      '--format',
      'json',
      'select "GenreId", "Name" from "Genre" order by 1 limit 2',
    ]);
    expect(JSON.parse(json.stdout)).toEqual([
      { GenreId: 1, Name: 'Rock' },
      { GenreId: 2, Name: 'Jazz' },
    ]);
    const table = await ktx([
      'sql',
      '-c',
      'local',
      '--format',
      'table',
      'select GenreId, Name from Genre order by 1 limit 2',
    ]);
    expect(table.stdout.split('\n').slice(0, 4)).toEqual([
      'GenreId  Name',
      '───────  ────',
      '      1  Rock',
      '      2  Jazz',
    ]);
    const envelope = await ktx([
      'sql',
      '-c',
      'local',
      '--max-rows',
      '2',
      '--json',
      'select TrackId from Track order by 1',
    ]);
    expect(envelope.json()).toMatchObject({
      ok: true,
      command: 'sql',
      data: {
        connection: 'local',
        columns: [{ name: 'TrackId', type: 'number' }],
        rows: [[1], [2]],
        rowCount: 2,
        truncated: true,
        maxRows: 2,
      },
      warnings: [{ code: 'sql_truncated' }],
    });
  });

  it('delivers every row of a large result through a pipe', async () => {
    const res = await ktx([
      'sql',
      '-c',
      'local',
      '--max-rows',
      '10000',
      'select t.*, g.Name as genre from Track t cross join Genre g',
    ]);
    expect(res.code).toBe(0);
    expect(res.stdout.split('\r\n').length).toBe(10_002); // header, 10000 rows, final empty
    expect(res.stderr).toContain('10000 rows shown; the result has more');
  });

  it('remembers accepted queries in an authenticated, git-ignored cache', async () => {
    const sql = 'select count(*) as albums from Album';
    expect((await ktx(['sql', '-c', 'local', sql])).stdout).toBe('albums\r\n347\r\n');
    const cacheDir = join(project, '.ktx', 'cache', 'sql-gate');
    expect(existsSync(cacheDir)).toBe(true);
    expect(existsSync(join(root, 'xdg-cache', 'ktx', 'cache.key'))).toBe(true);
    expect((await ktx(['sql', '-c', 'local', sql])).stdout).toBe('albums\r\n347\r\n');
    expect(git(project, 'status', '--porcelain', '.ktx')).toBe('');
  });

  it('reads the query from stdin', async () => {
    const res = await ktx(['sql', '-c', 'local', '-'], { input: 'select 40 + 2 as answer' });
    expect(res.stdout).toBe('answer\r\n42\r\n');
  });

  it('refuses writes with a clear message and a non-zero exit, on every kind of connection', async () => {
    for (const id of ['local', 'pg']) {
      const res = await ktx(['sql', '-c', id, 'delete from "Track"']);
      expect(res.code).toBe(1);
      expect(res.stderr).toContain('ktx only runs read-only queries: DELETE is not allowed.');
      expect(res.stdout).toBe('');
    }
    const cte = await ktx([
      'sql',
      '-c',
      'pg',
      '--json',
      'with d as (delete from "Track" returning *) select count(*) from d',
    ]);
    expect(cte.json().error.code).toBe('sql_not_read_only');
    expect((await ktx(['sql', '-c', 'local', 'select count(*) as n from Track'])).stdout).toBe(
      'n\r\n3503\r\n',
    );
  });

  it('validates flags and names unknown connections', async () => {
    const big = await ktx(['sql', '-c', 'local', '--max-rows', '10001', 'select 1']);
    expect(big.code).toBe(64);
    expect(big.stderr).toContain('--max-rows must be an integer from 1 to 10000');
    const unknown = await ktx(['sql', '-c', 'locl', 'select 1']);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('Did you mean "local"');
    const format = await ktx(['sql', '-c', 'local', '--format', 'xml', 'select 1']);
    expect(format.code).toBe(64);
    const noDefault = await ktx(['sql', 'select 1']);
    expect(noDefault.code).toBe(64);
    expect(noDefault.stderr).toContain('Pass --connection <id>');
  });
});
