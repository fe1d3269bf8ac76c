import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanEnv, makeTempDir, runKtx } from '../support/cli.js';

const git = (cwd: string, ...args: string[]) =>
  execFileSync('git', ['-C', cwd, ...args], { encoding: 'utf8' }).trim();

let root: string;
let cleanup: () => void;
beforeAll(() => {
  ({ dir: root, cleanup } = makeTempDir('ktx-e2e-'));
});
afterAll(() => cleanup());

describe('ktx init', () => {
  it('creates the layout and its own git repository with a first commit', async () => {
    const res = await runKtx(['init', 'analytics'], { cwd: root, env: cleanEnv() });
    expect(res.code).toBe(0);
    const dir = join(root, 'analytics');
    for (const path of ['ktx.yaml', 'semantic-layer', 'wiki/global', 'raw-sources', '.ktx', '.gitignore']) {
      expect(existsSync(join(dir, path)), path).toBe(true);
    }
    expect(readFileSync(join(dir, 'ktx.yaml'), 'utf8')).toMatch(/^version: 1$/m);
    expect(readFileSync(join(dir, '.gitignore'), 'utf8')).toContain('.ktx/');
    expect(git(dir, 'log', '--format=%s')).toBe('Initialize ktx project');
    expect(git(dir, 'config', '--local', 'ktx.managed')).toBe('true');
    expect(git(dir, 'status', '--porcelain')).toBe('');
  });

  it('is a no-op that says so on an existing project', async () => {
    const res = await runKtx(['init', 'analytics', '--json'], { cwd: root, env: cleanEnv() });
    expect(res.code).toBe(0);
    expect(res.json().data).toMatchObject({ created: false });
    expect(res.json().data.message).toContain('already a ktx project');
    expect(git(join(root, 'analytics'), 'rev-list', '--count', 'HEAD')).toBe('1');
  });

  it('refuses the root of a git repository it did not create', async () => {
    const foreign = join(root, 'someones-repo');
    mkdirSync(foreign);
    git(foreign, 'init', '-q');
    const res = await runKtx(['init', foreign], { cwd: root, env: cleanEnv() });
    expect(res.code).toBe(1);
    expect(res.stderr).toContain('git repository that ktx did not create');
    expect(res.stderr).toContain('dedicated subfolder');
    expect(existsSync(join(foreign, 'ktx.yaml'))).toBe(false);
  });

  it('gives a project nested in a foreign repository its own repo and never commits to the parent', async () => {
    const parent = join(root, 'monorepo');
    mkdirSync(parent);
    git(parent, 'init', '-q');
    writeFileSync(join(parent, 'README.md'), 'parent\n');
    git(parent, 'add', '.');
    execFileSync('git', [
      '-C',
      parent,
      '-c',
      'user.name=t',
      '-c',
      'user.email=t@t',
      'commit',
      '-qm',
      'parent commit',
    ]);
    const res = await runKtx(['init', 'data/ktx'], { cwd: parent, env: cleanEnv() });
    expect(res.code).toBe(0);
    const nested = join(parent, 'data', 'ktx');
    expect(existsSync(join(nested, '.git'))).toBe(true);
    expect(git(nested, 'rev-parse', '--show-toplevel')).toBe(nested);
    expect(git(parent, 'rev-list', '--count', 'HEAD')).toBe('1');
    const set = await runKtx(['config', 'set', 'project.name', 'nested'], { cwd: nested, env: cleanEnv() });
    expect(set.code).toBe(0);
    expect(git(parent, 'rev-list', '--count', 'HEAD')).toBe('1');
    expect(git(nested, 'log', '-1', '--format=%s')).toBe('config: set project.name');
  });
});

describe('ktx status', () => {
  it('fails outside a project with a message that says how to create one', async () => {
    const lonely = join(root, 'lonely');
    mkdirSync(lonely);
    const res = await runKtx(['status'], { cwd: lonely, env: cleanEnv() });
    expect(res.code).toBe(1);
    expect(res.stderr).toContain('No ktx project found');
    expect(res.stderr).toContain('ktx init');
    const json = await runKtx(['status', '--json'], { cwd: lonely, env: cleanEnv() });
    expect(json.json()).toMatchObject({ ok: false, command: 'status', error: { code: 'no_project' } });
  });

  it('is partial (exit 2) on a fresh project, with stable check ids and one next step', async () => {
    const res = await runKtx(['status', '--json'], { cwd: join(root, 'analytics'), env: cleanEnv() });
    expect(res.code).toBe(2);
    const body = res.json();
    expect(body.ok).toBe(true);
    expect(body.data.verdict).toBe('partial');
    const ids = body.data.checks.map((check: { id: string }) => check.id);
    expect(ids).toEqual([
      'project.config',
      'project.git',
      'connections',
      'context.built',
      'llm',
      'embeddings',
      'agents',
    ]);
    const llm = body.data.checks.find((check: { id: string }) => check.id === 'llm');
    expect(llm).toMatchObject({ status: 'skip' });
    expect(llm.message).toContain('not configured (optional');
    expect(body.data.next).toContain('ktx connection add');
    const human = await runKtx(['status'], { cwd: join(root, 'analytics'), env: cleanEnv() });
    expect(human.code).toBe(2);
    expect(human.stdout).toMatch(/Partially ready\.\s+Next: /);
    expect(human.stdout).not.toMatch(/\u001b\[/); // NO_COLOR honoured
  });

  it('is ready (exit 0) with a connection and built context, even without an LLM', async () => {
    const dir = join(root, 'ready');
    await runKtx(['init', dir], { cwd: root, env: cleanEnv() });
    new Database(join(dir, 'shop.db')).exec('create table t(id integer primary key)');
    writeFileSync(
      join(dir, 'ktx.yaml'),
      `${readFileSync(join(dir, 'ktx.yaml'), 'utf8').replace('connections: {}', 'connections:\n  shop:\n    driver: sqlite\n    path: shop.db')}`,
    );
    mkdirSync(join(dir, 'semantic-layer', 'shop'), { recursive: true });
    writeFileSync(
      join(dir, 'semantic-layer', 'shop', 't.yaml'),
      'name: t\ntable: t\ngrain: [id]\ncolumns:\n  - {name: id, type: number}\n',
    );
    const res = await runKtx(['status', '--json'], { cwd: dir, env: cleanEnv() });
    expect(res.json().data.verdict).toBe('ready');
    expect(res.code).toBe(0);
  });

  it('is blocked (exit 1) when an LLM backend has no default model', async () => {
    const dir = join(root, 'blocked');
    await runKtx(['init', dir], { cwd: root, env: cleanEnv() });
    const set = await runKtx(['config', 'set', 'llm.provider.backend', 'anthropic'], {
      cwd: dir,
      env: cleanEnv(),
    });
    expect(set.code).toBe(0);
    const res = await runKtx(['status', '--json'], { cwd: dir, env: cleanEnv() });
    expect(res.code).toBe(1);
    expect(res.json().data.verdict).toBe('blocked');
    expect(res.json().data.checks.find((c: { id: string }) => c.id === 'llm').message).toContain(
      'llm.models.default',
    );
  });

  it('is blocked (exit 1) with the line of the problem when ktx.yaml is invalid', async () => {
    const dir = join(root, 'invalid');
    await runKtx(['init', dir], { cwd: root, env: cleanEnv() });
    writeFileSync(join(dir, 'ktx.yaml'), 'version: 1\nllm:\n  provider:\n    backend: antropic\n');
    const res = await runKtx(['status'], { cwd: dir, env: cleanEnv() });
    expect(res.code).toBe(1);
    expect(res.stdout).toContain('ktx.yaml:4:5  llm.provider.backend');
    expect(res.stdout).toContain('Did you mean "anthropic"');
    expect(res.stdout + res.stderr).not.toMatch(/\n\s+at /);
  });

  it('honours --project-dir over KTX_PROJECT_DIR over the working directory', async () => {
    const a = join(root, 'analytics');
    const b = join(root, 'ready');
    const viaEnv = await runKtx(['status', '--json'], { cwd: root, env: cleanEnv({ KTX_PROJECT_DIR: b }) });
    expect(viaEnv.json().data.projectDir).toBe(b);
    const viaFlag = await runKtx(['--project-dir', a, 'status', '--json'], {
      cwd: b,
      env: cleanEnv({ KTX_PROJECT_DIR: b }),
    });
    expect(viaFlag.json().data.projectDir).toBe(a);
    const viaCwd = await runKtx(['status', '--json'], { cwd: join(b, 'semantic-layer'), env: cleanEnv() });
    expect(viaCwd.json().data.projectDir).toBe(b);
  });
});

describe('ktx config', () => {
  it('validate reports errors with file:line:col and exits 1', async () => {
    const res = await runKtx(['config', 'validate', '--json'], {
      cwd: join(root, 'invalid'),
      env: cleanEnv(),
    });
    expect(res.code).toBe(1);
    expect(res.json().data.errors[0]).toMatchObject({ path: 'llm.provider.backend', line: 4, col: 5 });
  });

  it('warns about unknown keys on every command, without failing or deleting them', async () => {
    const dir = join(root, 'analytics');
    const file = join(dir, 'ktx.yaml');
    writeFileSync(file, `${readFileSync(file, 'utf8')}\nteam_notes: keep me # mine\n`);
    const res = await runKtx(['config', 'get', 'project.name'], { cwd: dir, env: cleanEnv() });
    expect(res.code).toBe(0);
    expect(res.stderr).toContain('team_notes: unknown field, ignored');
    await runKtx(['config', 'set', 'project.description', 'Team analytics'], { cwd: dir, env: cleanEnv() });
    expect(readFileSync(file, 'utf8')).toContain('team_notes: keep me # mine');
    const json = await runKtx(['config', 'get', 'project.description', '--json'], {
      cwd: dir,
      env: cleanEnv(),
    });
    expect(json.json().warnings[0]).toMatchObject({ code: 'config_unknown_field' });
  });

  it('get names the nearest key when the path does not exist', async () => {
    const res = await runKtx(['config', 'get', 'project.nmae'], {
      cwd: join(root, 'analytics'),
      env: cleanEnv(),
    });
    expect(res.code).toBe(1);
    expect(res.stderr).toContain('project.name');
  });

  it('set refuses invalid values, naming the path, and changes nothing', async () => {
    const dir = join(root, 'analytics');
    const before = readFileSync(join(dir, 'ktx.yaml'), 'utf8');
    const res = await runKtx(['config', 'set', 'mcp.port', 'abc'], { cwd: dir, env: cleanEnv() });
    expect(res.code).toBe(1);
    expect(res.stderr).toContain('mcp.port');
    expect(readFileSync(join(dir, 'ktx.yaml'), 'utf8')).toBe(before);
  });
});

describe('secrets never reach output', () => {
  it('masks literal credentials and resolved secret values everywhere', async () => {
    const dir = join(root, 'secrets');
    await runKtx(['init', dir], { cwd: root, env: cleanEnv() });
    const file = join(dir, 'ktx.yaml');
    writeFileSync(
      file,
      readFileSync(file, 'utf8').replace(
        'connections: {}',
        'connections:\n  wh:\n    driver: postgres\n    url: postgres://analyst:Liter4lPassw0rd@db.example:5432/shop\n    password: Liter4lPassw0rd\n',
      ),
    );
    const outputs = await Promise.all([
      runKtx(['config', 'get', 'connections.wh'], { cwd: dir, env: cleanEnv() }),
      runKtx(['config', 'get', 'connections.wh.password', '--json'], { cwd: dir, env: cleanEnv() }),
      runKtx(['status', '--json'], { cwd: dir, env: cleanEnv() }),
      runKtx(['status'], { cwd: dir, env: cleanEnv() }),
      runKtx(['config', 'validate', '--json'], { cwd: dir, env: cleanEnv() }),
    ]);
    for (const res of outputs) {
      expect(res.stdout + res.stderr).not.toContain('Liter4lPassw0rd');
    }
    expect(outputs[1]!.json().data.value).toBe('[redacted]');
  });
});

describe('caches under .ktx are not trusted input', () => {
  it('ignores a planted ktx.yaml validation cache', async () => {
    const dir = join(root, 'analytics');
    const first = await runKtx(['connection', 'list', '--json'], { cwd: dir, env: cleanEnv() });
    expect(first.code).toBe(0);
    const cacheDir = join(dir, '.ktx', 'cache', 'config');
    const files = readdirSync(cacheDir);
    expect(files.length).toBeGreaterThan(0);
    for (const file of files) {
      const entry = JSON.parse(readFileSync(join(cacheDir, file), 'utf8'));
      const payload = JSON.parse(entry.payload);
      payload.config.connections = { planted: { driver: 'sqlite', path: '/tmp/evil.db' } };
      entry.payload = JSON.stringify(payload);
      writeFileSync(join(cacheDir, file), JSON.stringify(entry));
    }
    const res = await runKtx(['connection', 'list', '--json'], { cwd: dir, env: cleanEnv() });
    expect(res.code).toBe(0);
    expect(JSON.stringify(res.json().data)).not.toContain('planted');
  });
});

describe('CLI conventions', () => {
  it('usage errors exit 64, with a JSON envelope under --json', async () => {
    const unknown = await runKtx(['frobnicate'], { cwd: root, env: cleanEnv() });
    expect(unknown.code).toBe(64);
    expect(unknown.stderr).toContain("unknown command 'frobnicate'");
    const badFlag = await runKtx(['status', '--nope', '--json'], { cwd: root, env: cleanEnv() });
    expect(badFlag.code).toBe(64);
    expect(badFlag.json()).toMatchObject({ ok: false, error: { code: 'usage' } });
  });

  it('prints the version and help', async () => {
    const version = await runKtx(['--version']);
    expect(version.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
    const help = await runKtx(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('--project-dir');
    expect(help.stdout).toContain('--no-input');
    const bare = await runKtx([]);
    expect(bare.code).toBe(0);
    expect(bare.stdout).toContain('Commands:');
  });

  it('every JSON document has the same envelope', async () => {
    const res = await runKtx(['config', 'get', 'version', '--json'], {
      cwd: join(root, 'analytics'),
      env: cleanEnv(),
    });
    expect(Object.keys(res.json()).sort()).toEqual(['command', 'data', 'meta', 'ok', 'warnings']);
    expect(res.json().meta).toMatchObject({ schemaVersion: 1 });
  });
});
